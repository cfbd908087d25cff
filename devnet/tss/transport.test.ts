/**
 * The protocol transport end to end without a chain: two validators' `ProtocolSession`s behind real HTTP
 * servers (their SSE streams and `POST /signer/message`), following each other's streams, and the user's
 * party (`runUserParty`) subscribing to both and posting its frames as binary bodies. A signing run must
 * give every party the same valid signature, with the user's frames sent as docs/wire.md says, over
 * streams of binary records, or SSE from a server that has only that.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { cryptoWaitReady, sr25519PairFromSeed } from '@polkadot/util-crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDkg, createSigning, runLocally, type KeyShare, type Signature } from '../../lib/protocol';
import { EVENT_RECORDS_CONTENT_TYPE, runUserParty, sessionMeter } from '../../lib/tss';
import { randomX25519SecretKey, sr25519Signer, x25519PublicKey } from '../../lib/wire';
import { ProtocolSession, type Member } from './session';
import { SseHub, wantsRecords } from './sse';
import { SubscriptionGate } from './subscriptions';

const USER = '5User';
const VALIDATORS = ['group-0', 'group-1'];
const PARTIES = [...VALIDATORS, USER];

const identity = (i: number) => ({
  signer: sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(i + 1))),
  x25519SecretKey: randomX25519SecretKey(),
});

function body(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * The two routes a session needs, as devnet/tss/server.ts and node.ts serve them: a stream in binary
 * records to a subscriber that asks for them while `seen.records` is set, else SSE (a server without them).
 */
/** Each server's subscription checks, as node.ts makes them (MACs from the other server, the user's signature). */
const gates = new Map<string, SubscriptionGate>();

function serve(
  session: () => ProtocolSession<Signature>,
  hub: SseHub,
  seen: { types: string[]; streams: string[]; records: boolean },
): Server {
  return createServer((request, response) => {
    void body(request).then((bytes) => {
      const s = session();
      seen.types.push(`${request.url} ${request.headers['content-type']}`);
      if (request.url === '/signer/subscribe_to_me') {
        const gate = gates.get(s.self)!;
        const subscription = gate.check(JSON.parse(bytes.toString()));
        gate.admit(subscription, s);
        const binary = seen.records && wantsRecords(request.headers.accept);
        // The stream's content type as its head goes out (writeHead's headers are not kept on `response`).
        const writeHead = response.writeHead.bind(response);
        response.writeHead = ((status: number, headers: Record<string, string>) => {
          seen.streams.push(headers['content-type']!);
          return writeHead(status, headers);
        }) as typeof response.writeHead;
        hub.attach(s.id, subscription.partyId, response, binary);
        s.markSubscribed(subscription.partyId);
        return;
      }
      if (request.url === '/signer/message') {
        s.deliver(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"accepted":true}');
        return;
      }
      response.writeHead(404).end();
    });
  });
}

describe('protocol transport over HTTP and SSE', () => {
  const ids = PARTIES.map((_, i) => identity(i));
  const servers: Server[] = [];
  const endpoints: string[] = [];
  const seen = { types: [] as string[], streams: [] as string[], records: true };
  let shares: Map<string, KeyShare>;
  const sessions: ProtocolSession<Signature>[] = [];
  const hubs: SseHub[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    const dkgId = new Uint8Array(32).fill(3);
    shares = runLocally(
      new Map(PARTIES.map((p) => [p, createDkg({ sessionId: dkgId, self: p, parties: PARTIES })])),
    );
    for (let i = 0; i < VALIDATORS.length; i++) {
      const hub = new SseHub();
      hubs.push(hub);
      gates.set(
        VALIDATORS[i]!,
        new SubscriptionGate({ partyId: VALIDATORS[i]!, x25519SecretKey: ids[i]!.x25519SecretKey }),
      );
      const server = serve(() => sessions[i]!, hub, seen);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const address = server.address();
      servers.push(server);
      endpoints.push(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }
  });

  afterAll(async () => {
    for (const s of sessions) s.stop();
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  /** One signing run of the two validators and the user; the parties' common signature. */
  async function sign(run: number): Promise<void> {
    const sessionId = new Uint8Array(32).fill(4 + run);
    const messageHash = new Uint8Array(32).fill(5);
    const members: Member[] = PARTIES.map((partyId, i) => ({
      partyId,
      account: ids[i]!.signer.publicKey,
      x25519: x25519PublicKey(ids[i]!.x25519SecretKey),
      endpoint: endpoints[i] ?? null,
    }));
    VALIDATORS.forEach((partyId, i) => {
      sessions[i] = new ProtocolSession<Signature>({
        sessionId,
        kind: 'signing',
        self: { partyId, ...ids[i]! },
        members,
        timeoutMs: 120_000,
        hub: hubs[i]!,
        createMachine: () =>
          createSigning({ sessionId, share: shares.get(partyId)!, parties: PARTIES, messageHash }),
      });
    });
    const user = ids[2]!;
    const userRun = runUserParty({
      sessionId,
      partyId: USER,
      signer: user.signer,
      x25519SecretKey: user.x25519SecretKey,
      committee: VALIDATORS.map((partyId, i) => ({
        partyId,
        endpoint: endpoints[i]!,
        tssAccount: ids[i]!.signer.publicKey,
        x25519PublicKey: x25519PublicKey(ids[i]!.x25519SecretKey),
      })),
      machine: createSigning({ sessionId, share: shares.get(USER)!, parties: PARTIES, messageHash }),
      timeoutMs: 120_000,
    });
    for (const s of sessions) s.markReady();
    const [signature, ...others] = await Promise.all([userRun, ...sessions.map((s) => s.outcome)]);
    for (const other of others) expect(other).toEqual(signature);
    expect(
      secp256k1.verify(signature!.bytes.subarray(0, 64), messageHash, shares.get(USER)!.verifyingKey, {
        prehash: false,
      }),
    ).toBe(true);
  }

  it('signs: frames as binary bodies and binary stream records, never base64', async () => {
    seen.records = true;
    seen.streams.length = 0;
    const encoding = sessionMeter.encoding;
    await sign(0);
    expect(seen.types).toContain('/signer/message application/octet-stream');
    // Every stream (the validators following each other, the user following both) in binary records.
    expect(seen.streams).toEqual(Array(4).fill(EVENT_RECORDS_CONTENT_TYPE));
    expect(sessionMeter.encoding).toBe(encoding);
  });

  it('signs with a server that streams only SSE: frames as base64 lines, decoded by the receivers', async () => {
    seen.records = false;
    seen.streams.length = 0;
    const encoding = sessionMeter.encoding;
    await sign(1);
    expect(seen.streams).toEqual(Array(4).fill('text/event-stream'));
    expect(sessionMeter.encoding).toBeGreaterThan(encoding);
  });
});
