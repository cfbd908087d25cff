import { cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ProtocolError,
  type IncomingMessage,
  type OutgoingMessage,
  type ProtocolMachine,
  type ProtocolStep,
} from '../protocol';
import {
  frameToText,
  randomX25519SecretKey,
  sealFrame,
  sr25519Signer,
  x25519PublicKey,
  type Sr25519Signer,
} from '../wire';
import { postMessage } from './client';
import { TssClientError } from './errors';
import { subscribe } from './subscribe';
import { runUserParty } from './user-party';
import type { CommitteePeer, UserPartyTransport } from './user-party';
import type { SessionEvent } from './types';

/**
 * runUserParty against a scripted member (a fake `fetch`): the member's stream opens at once and sends
 * one signed frame after our first; our posts to it are recorded and can be held unanswered.
 */
const SESSION = new Uint8Array(32).fill(7);
const USER = 'user';

interface Member {
  peer: CommitteePeer;
  signer: Sr25519Signer;
}

let member: Member;
let userSigner: Sr25519Signer;

beforeAll(async () => {
  await cryptoWaitReady();
  const signer = sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(1)));
  userSigner = sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(2)));
  member = {
    signer,
    peer: {
      partyId: 'group-0',
      endpoint: 'http://member.invalid/',
      tssAccount: signer.publicKey,
      x25519PublicKey: x25519PublicKey(randomX25519SecretKey()),
    },
  };
});

/** A one-round machine: start() sends one broadcast, the member's message ends it with `result`. */
function oneRound(result: string) {
  const calls: string[] = [];
  const machine: ProtocolMachine<string> = {
    start(): OutgoingMessage[] {
      calls.push('start');
      return [{ to: null, round: 1, payload: new Uint8Array([1]) }];
    },
    handle(message: IncomingMessage): ProtocolStep<string> {
      calls.push(`handle ${message.from}`);
      return { messages: [], result };
    },
    done: false,
    round: 1,
    totalRounds: 1,
    waitingFor: () => [member.peer.partyId],
    close: () => void calls.push('close'),
  };
  return { machine, calls };
}

/** The member's side: a stream that opens with a status event, then its frame once we posted ours. */
function scriptedMember(opts: { holdPosts: boolean }) {
  const posts: string[] = [];
  let sendFrame: (() => void) | undefined;
  const fetchFake: typeof fetch = async (input, init) => {
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/signer/subscribe_to_me')) {
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const status = { partyId: 'group-0', state: 'pending', round: 0, totalRounds: 1, waitingFor: [] };
          controller.enqueue(encoder.encode(`event: status\ndata: ${JSON.stringify(status)}\n\n`));
          sendFrame = () => {
            const frame = sealFrame({
              sessionId: SESSION,
              sender: member.peer.partyId,
              signer: member.signer,
              round: 1,
              payload: new Uint8Array([2]),
              recipient: null,
            });
            controller.enqueue(encoder.encode(`event: frame\ndata: ${frameToText(frame)}\n\n`));
          };
        },
      });
      init?.signal?.addEventListener('abort', () => body.cancel().catch(() => undefined));
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    }
    posts.push(path);
    sendFrame?.();
    // A held answer stands for a member still busy with our frame.
    if (opts.holdPosts) return new Promise<Response>(() => undefined);
    return new Response(null, { status: 204 });
  };
  return { fetch: fetchFake, posts };
}

function run(
  machine: ProtocolMachine<string>,
  fetchFake: typeof fetch,
  mayStart?: Promise<unknown>,
  persistStart?: () => Promise<void>,
  onStart?: () => void,
) {
  return runUserParty({
    sessionId: SESSION,
    partyId: USER,
    signer: userSigner,
    x25519SecretKey: randomX25519SecretKey(),
    committee: [member.peer],
    machine,
    fetch: fetchFake,
    timeoutMs: 10_000,
    ...(mayStart ? { mayStart } : {}),
    ...(persistStart ? { persistStart } : {}),
    ...(onStart ? { onStart } : {}),
  });
}

describe('runUserParty', () => {
  it('computes and persists its first round while its gate is closed, and sends nothing until it opens', async () => {
    const { machine, calls } = oneRound('signed');
    const member = scriptedMember({ holdPosts: false });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const result = run(
      machine,
      member.fetch,
      gate,
      async () => void calls.push('persist'),
      () => calls.push(`onStart, ${member.posts.length} sent`),
    );
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual(['start', 'persist']);
    expect(member.posts).toEqual([]);
    open();
    await expect(result).resolves.toBe('signed');
    expect(calls.slice(0, 4)).toEqual(['start', 'persist', 'onStart, 0 sent', 'handle group-0']);
    expect(member.posts).toEqual(['/signer/message']);
  });

  it('sends nothing before its first round is persisted, though the gate is open', async () => {
    const { machine, calls } = oneRound('signed');
    const member = scriptedMember({ holdPosts: false });
    let persisted!: () => void;
    const persisting = new Promise<void>((resolve) => (persisted = resolve));
    const result = run(machine, member.fetch, Promise.resolve(), () => persisting);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toEqual(['start']);
    expect(member.posts).toEqual([]);
    persisted();
    await expect(result).resolves.toBe('signed');
    expect(member.posts).toEqual(['/signer/message']);
  });

  it('ends with the gate’s error, having sent nothing, when the gate fails', async () => {
    const { machine, calls } = oneRound('signed');
    const member = scriptedMember({ holdPosts: false });
    const refused = new Error('refused by the constraints');
    const gate = new Promise((_, reject) => setTimeout(() => reject(refused), 50));
    await expect(run(machine, member.fetch, gate)).rejects.toBe(refused);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls).toEqual(['start', 'close']);
    expect(member.posts).toEqual([]);
  });

  it('resolves once the result is in, while the member has not answered our last frame yet', async () => {
    const { machine } = oneRound('signed');
    const member = scriptedMember({ holdPosts: true });
    await expect(run(machine, member.fetch)).resolves.toBe('signed');
    expect(member.posts).toEqual(['/signer/message']);
  });

  it('carries all of its traffic over the transport it is given, not fetch', async () => {
    const { machine } = oneRound('signed');
    const scripted = scriptedMember({ holdPosts: false });
    const calls: string[] = [];
    const result = runUserParty({
      sessionId: SESSION,
      partyId: USER,
      signer: userSigner,
      x25519SecretKey: randomX25519SecretKey(),
      committee: [member.peer],
      machine,
      timeoutMs: 2_000,
      // No fetch here: the default would go to member.invalid and never reach the member.
      transport: {
        subscribe: (endpoint, request, signal) => {
          calls.push(`subscribe ${endpoint} ${request.partyId}`);
          return subscribe(endpoint, request, { signal, fetch: scripted.fetch });
        },
        postMessage: (endpoint, frame, signal) => {
          calls.push(`post ${endpoint}`);
          return postMessage(endpoint, frame, { signal, fetch: scripted.fetch });
        },
      },
    });
    await expect(result).resolves.toBe('signed');
    expect(calls).toEqual([`subscribe ${member.peer.endpoint} ${USER}`, `post ${member.peer.endpoint}`]);
    expect(scripted.posts).toEqual(['/signer/message']);
  });
});

/**
 * A two-member committee over a scripted transport: each member's stream yields what its script
 * pushes. The machine waits for one frame from each member, and its check of `group-0`'s fails.
 */
describe('runUserParty, when a member reports a failed check between two others', () => {
  const peerFor = (partyId: string, signer: Sr25519Signer): CommitteePeer => ({
    partyId,
    endpoint: `http://${partyId}.invalid/`,
    tssAccount: signer.publicKey,
    x25519PublicKey: x25519PublicKey(randomX25519SecretKey()),
  });

  function committee() {
    const signers = {
      'group-0': sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(3))),
      'group-1': sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(4))),
    };
    const peers = Object.entries(signers).map(([id, signer]) => peerFor(id, signer));
    const streams = new Map<string, { push: (event: SessionEvent) => void }>();
    const transport: UserPartyTransport = {
      async *subscribe(endpoint, _request, signal) {
        const queue: SessionEvent[] = [];
        let wake: (() => void) | undefined;
        streams.set(endpoint, {
          push: (event) => {
            queue.push(event);
            wake?.();
          },
        });
        yield {
          type: 'status',
          status: { partyId: endpoint, state: 'pending', round: 0, totalRounds: 1, waitingFor: [] },
        };
        while (!signal.aborted) {
          const event = queue.shift();
          if (event) yield event;
          else await new Promise<void>((resolve) => (wake = resolve));
        }
      },
      postMessage: async () => undefined,
    };
    const frameFrom = (partyId: keyof typeof signers): SessionEvent => ({
      type: 'frame',
      frame: sealFrame({
        sessionId: SESSION,
        sender: partyId,
        signer: signers[partyId],
        round: 1,
        payload: new Uint8Array([2]),
        recipient: null,
      }),
    });
    const push = (partyId: string, event: SessionEvent) =>
      streams.get(`http://${partyId}.invalid/`)!.push(event);
    return { peers, transport, frameFrom, push };
  }

  /** Round 1 needs both members' frames; then our check of group-0 fails. */
  function checkingMachine() {
    const got = new Set<string>();
    const machine: ProtocolMachine<string> = {
      start: () => [{ to: null, round: 1, payload: new Uint8Array([1]) }],
      handle(message) {
        got.add(message.from);
        if (got.size < 2) return { messages: [] };
        throw new ProtocolError('Pairwise check failed with group-0', {
          code: 'PAIRWISE_CHECK',
          details: { pair: [USER, 'group-0'] },
        });
      },
      done: false,
      round: 1,
      totalRounds: 1,
      waitingFor: () => ['group-0', 'group-1'].filter((p) => !got.has(p)),
      close: () => undefined,
    };
    return machine;
  }

  const othersReport: SessionEvent = {
    type: 'failure',
    failure: { reason: 'Pairwise check failed', code: 'PAIRWISE_CHECK', pair: ['group-1', 'group-0'] },
  };

  const start = (c: ReturnType<typeof committee>, timeoutMs = 10_000) =>
    runUserParty({
      sessionId: SESSION,
      partyId: USER,
      signer: userSigner,
      x25519SecretKey: randomX25519SecretKey(),
      committee: c.peers,
      machine: checkingMachine(),
      transport: c.transport,
      timeoutMs,
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
  const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

  it('ends with our own check, which names the member, when its frame comes after the report', async () => {
    const c = committee();
    const ended = start(c);
    await tick();
    c.push('group-1', c.frameFrom('group-1'));
    c.push('group-1', othersReport);
    await tick(50);
    c.push('group-0', c.frameFrom('group-0'));
    const error = await ended;
    expect(error).toBeInstanceOf(ProtocolError);
    expect((error as ProtocolError).details.pair).toEqual([USER, 'group-0']);
  });

  it('ends with the report when the other member never sends what our check needs', async () => {
    const c = committee();
    const ended = start(c, 300);
    await tick();
    c.push('group-1', c.frameFrom('group-1'));
    c.push('group-1', othersReport);
    const error = await ended;
    expect(error).toBeInstanceOf(TssClientError);
    expect((error as TssClientError).code).toBe('TSS_SESSION_FAILED');
    expect((error as TssClientError).details?.failure).toMatchObject({ pair: ['group-1', 'group-0'] });
  });

  it('ends with the report at once when the reporter is all we still wait for', async () => {
    const c = committee();
    const ended = start(c);
    await tick();
    c.push('group-0', c.frameFrom('group-0'));
    await tick();
    c.push('group-1', othersReport);
    const error = await ended;
    expect((error as TssClientError).code).toBe('TSS_SESSION_FAILED');
  });
});
