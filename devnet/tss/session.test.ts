import { EventEmitter } from 'node:events';
import { createServer, get, type ServerResponse } from 'node:http';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { sr25519PairFromSeed } from '@polkadot/util-crypto';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ProtocolError, type ProtocolMachine } from '../../lib/protocol';
import {
  FRAME_VERSION,
  decodeFrame,
  encodeFrame,
  sealFrame,
  sr25519Signer,
  x25519PublicKey,
  type DirectFrame,
} from '../../lib/wire';
import { outgoingHook } from './misbehave';
import { ProtocolSession, SessionFailedError, type Member, type OutgoingHook } from './session';
import { SseHub } from './sse';

/** A machine that never finishes: it waits for group-2 forever. */
function stuckMachine(): ProtocolMachine<never> {
  return {
    start: () => [],
    handle: () => ({ messages: [] }),
    done: false,
    round: 1,
    totalRounds: 3,
    waitingFor: () => ['group-2'],
    close: () => undefined,
  };
}

/** A machine in round 1 that counts the messages it is handed. */
function countingMachine(handled: Uint8Array[]): ProtocolMachine<never> {
  return { ...stuckMachine(), handle: (m) => (handled.push(m.payload), { messages: [] }) };
}

async function memberKey() {
  await cryptoWaitReady();
  return sr25519PairFromSeed(new Uint8Array(32).fill(7));
}

async function session(
  timeoutMs: number,
  createMachine = stuckMachine,
  endpoints: Record<string, string> = {},
  hub = new SseHub(),
  outgoing?: OutgoingHook,
) {
  const keypair = await memberKey();
  const x25519 = new Uint8Array(32).fill(9);
  const member = (partyId: string): Member => ({
    partyId,
    account: keypair.publicKey,
    x25519: x25519PublicKey(x25519),
    endpoint: endpoints[partyId] ?? null,
  });
  return new ProtocolSession<never>({
    sessionId: new Uint8Array(32).fill(1),
    kind: 'signing',
    self: { partyId: 'group-0', signer: sr25519Signer(keypair), x25519SecretKey: x25519 },
    members: [member('group-0'), member('group-1'), member('group-2'), member('5User')],
    timeoutMs,
    hub,
    createMachine,
    outgoing,
  });
}

async function failureOf(s: ProtocolSession<never>) {
  const error = await s.outcome.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(SessionFailedError);
  return (error as SessionFailedError).failure;
}

describe('ProtocolSession timeouts', () => {
  it('names the step it still waits for before the run can start', async () => {
    const s = await session(50);
    s.waitFor("the user's transaction");
    const failure = await failureOf(s);
    expect(failure.code).toBe('TIMEOUT');
    expect(failure.reason).toContain("the user's transaction");
  });

  it('names the members that never subscribed', async () => {
    const s = await session(50);
    s.markReady();
    s.markSubscribed('group-1');
    const failure = await failureOf(s);
    expect(failure.missing).toEqual(['group-2', '5User']);
    expect(s.state).toBe('failed');
  });

  it('names the parties whose messages are missing once running', async () => {
    const s = await session(50);
    s.markReady();
    for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
    expect(s.state).toBe('running');
    const failure = await failureOf(s);
    expect(failure).toMatchObject({ missing: ['group-2'], round: 1 });
  });

  it('hands a frame to the machine once, however often it arrives, and a forged copy first does not mask it', async () => {
    const handled: Uint8Array[] = [];
    const s = await session(1_000, () => countingMachine(handled));
    s.markReady();
    for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
    const frame = sealFrame({
      sessionId: new Uint8Array(32).fill(1),
      sender: '5User',
      signer: sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(7))),
      round: 1,
      payload: Uint8Array.of(1, 2, 3),
      recipient: null,
    });
    // Same signature, other payload: refused, and the genuine frame is still taken afterwards.
    const forged = frame.slice();
    forged[forged.length - 65] = (forged[forged.length - 65] as number) ^ 1;
    expect(() => s.deliver(forged)).toThrow(/Signature does not verify/);
    s.deliver(frame);
    s.deliver(frame.slice());
    expect(handled).toEqual([Uint8Array.of(1, 2, 3)]);
    s.stop();
  });

  it('opens a point-to-point frame only from the X25519 key its sender registered, and hands it over once', async () => {
    const handled: Uint8Array[] = [];
    const s = await session(1_000, () => countingMachine(handled));
    // As a server holds the user before its transaction arrives: no key yet (all zero).
    s.updateMember('5User', { x25519: new Uint8Array(32) });
    s.markReady();
    for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
    const userX = new Uint8Array(32).fill(5);
    const seal = (x25519SecretKey: Uint8Array) =>
      sealFrame({
        sessionId: new Uint8Array(32).fill(1),
        sender: '5User',
        signer: sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(7))),
        round: 1,
        payload: Uint8Array.of(4, 5, 6),
        recipient: { party: 'group-0', x25519PublicKey: x25519PublicKey(new Uint8Array(32).fill(9)) },
        x25519SecretKey,
      });
    const frame = seal(userX);
    expect(() => s.deliver(frame)).toThrow(/X25519 key in the committee/);
    // Nor from the zero key it is held with meanwhile.
    const { recipientX25519, nonce, ciphertext } = decodeFrame(frame) as DirectFrame;
    const fromZero = encodeFrame({
      version: FRAME_VERSION,
      sessionId: new Uint8Array(32).fill(1),
      sender: '5User',
      round: 1,
      recipient: 'group-0',
      senderX25519: new Uint8Array(32),
      recipientX25519,
      nonce,
      ciphertext,
    });
    expect(() => s.deliver(fromZero)).toThrow(expect.objectContaining({ code: 'BAD_SENDER' }));
    // The user's signed /user/tx names its key (node.ts: updateMember).
    s.updateMember('5User', { x25519: x25519PublicKey(userX) });
    expect(() => s.deliver(seal(new Uint8Array(32).fill(6)))).toThrow(/X25519 key in the committee/);
    // Same nonce and tag, other ciphertext: refused, and the genuine frame is still taken afterwards.
    const forged = frame.slice();
    forged[forged.length - 17] = (forged[forged.length - 17] as number) ^ 1;
    expect(() => s.deliver(forged)).toThrow(/does not authenticate/);
    s.deliver(frame);
    s.deliver(frame.slice());
    expect(handled).toEqual([Uint8Array.of(4, 5, 6)]);
    s.stop();
  });

  it('refuses frames that do not verify with a typed wire error', async () => {
    const s = await session(1_000);
    expect(() => s.deliver(new Uint8Array([1, 2, 3]))).toThrow(/Malformed|truncated/);
    s.stop();
  });

  it('bounds what one member can queue: frames beyond its share are refused with a typed error', async () => {
    const s = await session(10_000);
    const signer = sr25519Signer(await memberKey());
    const frame = (n: number) =>
      sealFrame({
        sessionId: new Uint8Array(32).fill(1),
        sender: 'group-1',
        signer,
        round: 2,
        payload: new Uint8Array([n & 0xff, n >> 8]),
        recipient: null,
      });
    let refused: unknown;
    let accepted = 0;
    for (let n = 0; n < 200 && !refused; n++) {
      try {
        s.deliver(frame(n));
        accepted++;
      } catch (error) {
        refused = error;
      }
    }
    expect(refused).toMatchObject({ code: 'BUSY' });
    expect(accepted).toBeLessThanOrEqual(64);
    // Another member still gets its frames in.
    expect(() =>
      s.deliver(
        sealFrame({
          sessionId: new Uint8Array(32).fill(1),
          sender: 'group-2',
          signer,
          round: 2,
          payload: new Uint8Array([1]),
          recipient: null,
        }),
      ),
    ).not.toThrow();
    s.stop();
  });
});

describe('ProtocolSession status events', () => {
  it('publishes a status only when it changed: frames for a later round leave it as it was', async () => {
    const hub = new SseHub();
    const publish = vi.spyOn(hub, 'publish');
    const statuses = () =>
      publish.mock.calls
        .filter(([, , e]) => e.event === 'status')
        .map(([, , e]) => ('raw' in e ? e.raw : ''));
    const s = await session(10_000, stuckMachine, {}, hub);
    s.markReady();
    for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
    expect(s.state).toBe('running');
    const before = statuses();
    expect(JSON.parse(before.at(-1)!)).toMatchObject({ state: 'running', round: 1, waitingFor: ['group-2'] });
    const signer = sr25519Signer(await memberKey());
    for (const n of [1, 2, 3]) {
      s.deliver(
        sealFrame({
          sessionId: new Uint8Array(32).fill(1),
          sender: 'group-1',
          signer,
          round: 2,
          payload: Uint8Array.of(n),
          recipient: null,
        }),
      );
    }
    expect(statuses()).toEqual(before);
    // Every status published differs from the one before it.
    expect(before.every((raw, i) => i === 0 || raw !== before[i - 1])).toBe(true);
    s.stop();
  });
});

describe('ProtocolSession backlog', () => {
  it('lets go of its frames to a member once that member sends a frame of a later round', async () => {
    const hub = new SseHub();
    const release = vi.spyOn(hub, 'release');
    const firstRound = (): ProtocolMachine<never> => ({
      ...stuckMachine(),
      start: () => ['group-1', 'group-2', '5User'].map((to) => ({ to, round: 1, payload: Uint8Array.of(1) })),
    });
    const s = await session(10_000, firstRound, {}, hub);
    s.markReady();
    for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
    // The frame events a subscriber attaching now as `as` gets replayed.
    const frames = (as: string) => {
      const written: string[] = [];
      const res = Object.assign(new EventEmitter(), {
        writeHead: () => res,
        flushHeaders: () => undefined,
        write: (chunk: string) => written.push(chunk) > 0,
        end: () => res.emit('close'),
      });
      hub.attach(s.id, as, res as unknown as ServerResponse).end();
      return written.filter((e) => e.startsWith('event: frame\n')).length;
    };
    await expect.poll(() => ['group-1', 'group-2', '5User'].map(frames)).toEqual([1, 1, 1]);
    s.deliver(
      sealFrame({
        sessionId: new Uint8Array(32).fill(1),
        sender: 'group-1',
        signer: sr25519Signer(await memberKey()),
        round: 2,
        payload: Uint8Array.of(2),
        recipient: null,
      }),
    );
    expect(release).toHaveBeenCalledWith(s.id, 'group-1', 2);
    expect(['group-1', 'group-2', '5User'].map(frames)).toEqual([0, 1, 1]);
    s.stop();
  });
});

describe('ProtocolSession streams from the other validators', () => {
  it('opens them before its prerequisites are met, once per peer, and starts nothing meanwhile', async () => {
    const subscriptions: string[] = [];
    const server = createServer((req, res) => {
      subscriptions.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': open\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    let machines = 0;
    const s = await session(60_000, () => (machines++, stuckMachine()), {
      'group-1': `http://127.0.0.1:${port}/`,
    });
    try {
      s.waitFor("the user's transaction");
      s.followPeers();
      s.followPeers();
      await expect.poll(() => subscriptions).toEqual(['/signer/subscribe_to_me']);
      s.markReady();
      await new Promise((r) => setTimeout(r, 100));
      expect(subscriptions).toHaveLength(1);
      expect(machines).toBe(0);
      expect(s.state).toBe('pending');
    } finally {
      s.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('ProtocolSession hearing from a peer after its run', () => {
  async function peerServer(answer: (n: number, res: ServerResponse) => void) {
    let n = 0;
    const server = createServer((req, res) => answer(n++, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    return { endpoint: `http://127.0.0.1:${port}/`, subscriptions: () => n, close };
  }
  const stream = (res: ServerResponse, events: string) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.write(events);
  };

  it('waits for the event through a refusal and other events, from a fresh subscription', async () => {
    const peer = await peerServer((n, res) => {
      if (n === 0) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      stream(
        res,
        'event: status\ndata: {"partyId":"group-1","state":"done","round":3,"totalRounds":3,"waitingFor":[]}\n\n',
      );
      setTimeout(() => res.write('event: ot-ready\ndata: {"pair":["group-1","group-0"]}\n\n'), 300);
    });
    const s = await session(60_000, stuckMachine, { 'group-1': peer.endpoint });
    try {
      s.stop();
      const [member] = s.others().filter((m) => m.partyId === 'group-1');
      expect(await s.heardFrom(member!, 'ot-ready', 20_000)).toBe(true);
      expect(peer.subscriptions()).toBe(2);
    } finally {
      await peer.close();
    }
  });

  it('gives up after its bound when the event never comes, and never for the user (no stream)', async () => {
    const peer = await peerServer((_, res) => stream(res, ': open\n\n'));
    const s = await session(60_000, stuckMachine, { 'group-1': peer.endpoint });
    try {
      const heard = (party: string) =>
        s.heardFrom(
          s.others().find((m) => m.partyId === party)!,
          'ot-ready',
          500,
        );
      expect(await heard('group-1')).toBe(false);
      expect(await heard('5User')).toBe(false);
    } finally {
      s.stop();
      await peer.close();
    }
  });
});

describe('ProtocolSession sending', () => {
  /** Moves to round r + 1, sending one broadcast, once each of the three others' round-r messages is in. */
  function roundsMachine(): ProtocolMachine<never> {
    const heard = new Map<number, Set<string>>();
    let current = 1;
    return {
      ...stuckMachine(),
      get round() {
        return current;
      },
      totalRounds: 5,
      start: () => [{ to: null, round: 1, payload: Uint8Array.of(1) }],
      handle: (m) => {
        const round = m.payload[0]!;
        const from = heard.get(round) ?? new Set();
        heard.set(round, from.add(m.from));
        if (from.size < 3) return { messages: [] };
        current = round + 1;
        return { messages: [{ to: null, round: current, payload: Uint8Array.of(current) }] };
      },
    };
  }

  // Every other member's messages up to that round are queued when it starts, so each round follows the
  // one before at once. A server killed as it is about to send round `diesAt` (destroying every stream,
  // as a killed process would) must have delivered all it sent before: Node holds an HTTP response's
  // writes until the end of the tick.
  it.each([
    { diesAt: 2, hook: (crash: () => void) => outgoingHook('crash', 60_000, crash)! },
    {
      diesAt: 3,
      hook:
        (crash: () => void): OutgoingHook =>
        (messages, send) =>
          messages.some((m) => m.round >= 3) ? crash() : send(messages),
    },
  ])(
    'gets every round before round $diesAt out of the process before computing the next',
    async ({ diesAt, hook }) => {
      const hub = new SseHub();
      const streams: ServerResponse[] = [];
      const server = createServer((req, res) => {
        streams.push(res);
        hub.attach(sessionId, new URL(req.url!, 'http://x').searchParams.get('as')!, res);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const sessionId = bytesToHex(new Uint8Array(32).fill(1));
      let crashed = false;
      const crash = () => {
        crashed = true;
        for (const res of streams) res.socket?.destroy();
      };
      const s = await session(60_000, roundsMachine, {}, hub, hook(crash));
      const received = ['group-1', '5User'].map((as) => {
        let text = '';
        return new Promise<string>((resolve) => {
          get(`http://127.0.0.1:${port}/?as=${as}`, (res) => {
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('error', () => resolve(text));
            res.on('close', () => resolve(text));
          });
        });
      });
      try {
        await expect.poll(() => streams.length).toBe(2);
        const signer = sr25519Signer(await memberKey());
        for (let round = 1; round < diesAt; round++) {
          for (const sender of ['group-1', 'group-2', '5User']) {
            s.deliver(
              sealFrame({
                sessionId: hexToBytes(sessionId),
                sender,
                signer,
                round,
                payload: Uint8Array.of(round),
                recipient: null,
              }),
            );
          }
        }
        s.markReady();
        for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
        await expect.poll(() => crashed).toBe(true);
        for (const text of await Promise.all(received)) {
          const events = text.split('\n\n').filter((e) => e.startsWith('event:'));
          const data = (kind: string) =>
            events.filter((e) => e.startsWith(`event: ${kind}\n`)).map((e) => e.split('data: ')[1]!);
          expect(
            data('status')
              .map((raw) => JSON.parse(raw) as { round: number })
              .at(-1),
          ).toMatchObject({
            state: 'running',
            round: diesAt - 1,
          });
          expect(data('frame')).toHaveLength(diesAt - 1);
        }
      } finally {
        s.stop();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    },
  );
});

describe('ProtocolSession after its run', () => {
  // The session is kept for polling until it is pruned (100 blocks by default); the run's state — a
  // signing machine holds ~150 KB of OT extension rows per run — is not, nor its frames.
  it.each(['done', 'failed'] as const)(
    'lets go of its machine once %s, and still reports the round it ended in',
    async (end) => {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      let machine: WeakRef<ProtocolMachine<string>> | undefined;
      const s = await session(10_000, () => {
        const created: ProtocolMachine<string> = {
          ...stuckMachine(),
          round: 3,
          handle: (m) => {
            if (end === 'failed')
              throw new ProtocolError('bad share', { code: 'BAD_INPUT', details: { culprit: m.from } });
            return { messages: [], result: 'signature' };
          },
        };
        machine = new WeakRef(created);
        return created as ProtocolMachine<never>;
      });
      s.markReady();
      for (const p of ['group-1', 'group-2', '5User']) s.markSubscribed(p);
      s.deliver(
        sealFrame({
          sessionId: new Uint8Array(32).fill(1),
          sender: 'group-1',
          signer: sr25519Signer(await memberKey()),
          round: 3,
          payload: Uint8Array.of(3),
          recipient: null,
        }),
      );
      await s.outcome.catch(() => undefined);
      expect(s.status()).toMatchObject({ state: end, round: 3, totalRounds: 3 });
      // A WeakRef's target lives at least until the end of the job that made or read it.
      await new Promise((resolve) => setTimeout(resolve, 0));
      gc();
      expect(machine?.deref()).toBeUndefined();
    },
  );
});
