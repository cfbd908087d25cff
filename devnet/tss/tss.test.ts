import { request as httpRequest } from 'node:http';
import type { ApiPromise } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEther, recoverAddress, serializeTransaction, toHex, type Hex } from 'viem';
import { connectChain, prepTransaction } from '../../lib/chain';
import { ethereumAddress, type KeyShare } from '../../lib/protocol';
import { getHealth, getSignature, pollSignature } from '../../lib/tss';
import {
  createSubscribeRequest,
  envelopeToJson,
  randomX25519SecretKey,
  sealEnvelope,
  subscribeRequestToJson,
} from '../../lib/wire';
import { encodeOcwMessage } from '../../lib/wire/ocw';
import { deriveValidatorKeys, validatorName } from '../genesis';
import { MAX_WAITING_USER_TX_PER_SENDER } from './node';
import { startDevnet, type RunningDevnet } from '../launch';
import { runRegistration } from '../../lib/wallet/registration/session';
import { registerAccount, signTransaction } from './e2e-client';

const RECIPIENT = '0x000000000000000000000000000000000000dEaD';
const OTHER = '0x1111111111111111111111111111111111111111';

function evmTx(to: Hex, nonce: number): Hex {
  return serializeTransaction({
    chainId: 1,
    to,
    value: parseEther('0.01'),
    nonce,
    gas: 21_000n,
    maxFeePerGas: 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000n,
  });
}

describe('TSS servers on a local devnet', () => {
  let devnet: RunningDevnet;
  let api: ApiPromise;
  const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
  const logs: string[] = [];

  beforeAll(async () => {
    await cryptoWaitReady();
    devnet = await startDevnet({
      blockTime: 400,
      chainPort: 0,
      tssBasePort: 0,
      sessionTimeoutMs: 15_000,
      log: (line: string) => {
        logs.push(line);
        // TSS_TEST_LOG=1 shows the chain's and the servers' logs.
        if (process.env.TSS_TEST_LOG) console.info(line);
      },
    });
    api = await connectChain({ endpoint: devnet.chainUrl });
  });
  afterAll(async () => {
    await api?.disconnect();
    await devnet?.stop();
  });

  describe('with a registered account', () => {
    const alice = keyring.addFromUri('//Alice');
    let share: KeyShare;

    beforeAll(async () => {
      share = await registerAccount(api, alice, {
        evmAcl: { addresses: [RECIPIENT.toLowerCase() as Hex], kind: 'Allow', allowNullRecipient: false },
      });
    });

    it('signs end to end: the signature verifies and recovers the account address', async () => {
      const tx = evmTx(RECIPIENT, 0);
      const outcome = await signTransaction(api, alice, share, tx);
      expect(outcome.verdicts.every((v) => v.accepted && v.constraints[0]?.ok)).toBe(true);
      const { signature } = outcome;
      expect(
        secp256k1.verify(
          signature.bytes.subarray(0, 64),
          hexToBytes(outcome.sigHash.slice(2)),
          share.verifyingKey,
          { prehash: false },
        ),
      ).toBe(true);
      const recovered = await recoverAddress({
        hash: outcome.sigHash,
        signature: { r: toHex(signature.r), s: toHex(signature.s), yParity: signature.recovery },
      });
      expect(recovered).toBe(ethereumAddress(share.verifyingKey));
      for (const member of outcome.committee) {
        const query = { account: alice.publicKey, sigHash: hexToBytes(outcome.sigHash.slice(2)) };
        const polled = await pollSignature(member.endpoint, query, { timeoutMs: 10_000 });
        expect(polled).toEqual({ status: 'done', signature: signature.bytes });
      }
    });

    it('every member refuses a transaction that violates the constraints, with the reason', async () => {
      const tx = evmTx(OTHER, 1);
      const error = (await signTransaction(api, alice, share, tx).catch((e: unknown) => e)) as {
        verdicts?: { accepted: boolean; constraints: { ok: boolean; reason: string }[] }[];
      };
      expect(error.verdicts).toHaveLength(3);
      for (const verdict of error.verdicts ?? []) {
        expect(verdict.accepted).toBe(false);
        expect(verdict.constraints[0]?.reason).toContain('not on the allow list');
      }
    });

    it('answers bad requests to every route with a 4xx and a reason, and keeps serving', async () => {
      const url = devnet.validators[0]!.url;
      const post = async (path: string, body: unknown, type = 'application/json') => {
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body:
            typeof body === 'string'
              ? body
              : body instanceof Uint8Array
                ? Buffer.from(body)
                : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, reason: text };
      };
      const server = devnet.genesis.signingGroups[0]![0]!;
      const goodShape = envelopeToJson(
        sealEnvelope({
          plaintext: new TextEncoder().encode('{"arch":"evm","transactionRequest":"0x1234"}'),
          signer: alice,
          senderX25519SecretKey: randomX25519SecretKey(),
          recipientX25519PublicKey: hexToBytes(server.x25519PublicKey.slice(2)),
        }),
      );
      const sealFrom = (signer: typeof alice, plaintext: unknown, x25519Secret = randomX25519SecretKey()) =>
        envelopeToJson(
          sealEnvelope({
            plaintext: new TextEncoder().encode(JSON.stringify(plaintext)),
            signer,
            senderX25519SecretKey: x25519Secret,
            recipientX25519PublicKey: hexToBytes(server.x25519PublicKey.slice(2)),
          }),
        );
      const groupPeer = await deriveValidatorKeys(validatorName(0, 1));
      const eve = keyring.addFromUri('//Eve');
      const context = `0x${'ab'.repeat(32)}`;
      const cases: [string, unknown, RegExp, string?][] = [
        // A group member's share for an account that is not an address: a typed 400, not a 500.
        [
          '/validator/replicate_share',
          sealFrom(groupPeer.tss, { account: 'not-an-address', share: '0x00' }, groupPeer.x25519.secretKey),
          /account must be an SS58 address/,
        ],
        // Base58 decoding is worse than quadratic: an overlong "address" is refused before it is decoded.
        [
          '/validator/replicate_share',
          sealFrom(groupPeer.tss, { account: 'x'.repeat(5_000), share: '0x00' }, groupPeer.x25519.secretKey),
          /account must be an SS58 address \(at most 66 characters\)/,
        ],
        [
          '/signer/ot_setup',
          sealFrom(eve, { account: 'x'.repeat(5_000), context }),
          /account must be an SS58 address \(at most 66 characters\)/,
        ],
        // A stranger learns nothing about which accounts the server holds shares for.
        [
          '/signer/ot_setup',
          sealFrom(eve, { account: alice.address, context }),
          /Only the account or a server/,
        ],
        [
          '/signer/ot_setup',
          sealFrom(eve, { account: keyring.addFromUri('//Nobody').address, context }),
          /Only the account or a server/,
        ],
        ['/user/new', {}, /must have required property/],
        ['/user/new', '{not json', /JSON/],
        ['/user/new', { ...goodShape, signature: '0x00' }, /signature/],
        ['/user/new', { ...goodShape, recipientX25519: `0x${'11'.repeat(32)}` }, /another X25519 key/],
        ['/user/new', goodShape, /Unexpected field/],
        ['/user/tx', goodShape, /not an EVM transaction/],
        ['/user/tx', { ...goodShape, extra: 1 }, /additional properties/],
        ['/signer/new_party', new Uint8Array([1, 2, 3]), /Malformed|truncated/, 'application/octet-stream'],
        ['/signer/new_party', { messages: [] }, /SCALE OCWMessage/],
        [
          '/signer/new_party',
          encodeOcwMessage({
            messages: [
              { account: alice.publicKey, sigRequest: { sigHash: new Uint8Array(32) }, committee: [] },
            ],
            blockNumber: 5,
          }),
          /do not match/,
          'application/octet-stream',
        ],
        ['/signer/subscribe_to_me', { partyId: 'x' }, /must have required property/],
        [
          '/signer/subscribe_to_me',
          subscribeRequestToJson(
            createSubscribeRequest({
              partyId: 'group-1',
              target: 'group-9',
              sessionId: new Uint8Array(32),
              signer: alice,
            }),
          ),
          /Signature does not verify/,
        ],
        ['/signer/message', { frame: 'AAAA' }, /application\/octet-stream/],
        ['/signer/message', Uint8Array.of(2, 0, 0), /Malformed/, 'application/octet-stream'],
        ['/signer/signature', { message: 'xyz', account: `0x${'00'.repeat(32)}` }, /must match pattern/],
        ['/signer/signature', { message: `0x${'00'.repeat(32)}` }, /must have required property 'account'/],
        [
          '/signer/signature',
          { message: `0x${'00'.repeat(32)}`, account: `0x${'00'.repeat(32)}` },
          /No signature/,
        ],
        ['/no/such/route', {}, /No route/],
      ];
      for (const [path, body, reason, type] of cases) {
        const answer = await post(path, body as string, type);
        expect(answer.status, `${path} ${answer.reason}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${path} ${answer.reason}`).toBeLessThan(500);
        expect(answer.reason, path).toMatch(reason);
        // No internals: no stack frames, file paths or module names in what a client is told.
        expect(answer.reason, path).not.toMatch(/\bat \S+ \(|\/(?:work|home|tmp)\/|node_modules|\.ts:\d/);
      }
      // An oversized frame is refused from its announced length, before its bytes are read: only the
      // first KiB is sent (with fetch sending all 2 MB, the server's early answer and close raced the
      // upload and the client saw EPIPE instead of the answer).
      const oversized = await new Promise<{ status: number; reason: string }>((resolve, reject) => {
        const req = httpRequest(`${url}/signer/message`, {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream', 'content-length': 2_000_000 },
        });
        req.once('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () => {
            resolve({ status: res.statusCode ?? 0, reason: Buffer.concat(chunks).toString() });
            req.destroy();
          });
        });
        req.once('error', reject);
        req.write(new Uint8Array(1024));
      });
      expect(oversized.status).toBe(413);
      expect(oversized.reason).toMatch(/too large/i);
      expect((await getHealth(url)).ok).toBe(true);

      // Transactions for requests nobody made wait (the request may still be on its way), but a sender
      // gets only so many waits at once: the next one is refused as busy at once, not held.
      const waiter = keyring.addFromUri('//Waiter');
      const waiting = Array.from({ length: MAX_WAITING_USER_TX_PER_SENDER }, (_, i) =>
        post('/user/tx', sealFrom(waiter, { arch: 'evm', transactionRequest: evmTx(RECIPIENT, 1_000 + i) })),
      );
      await new Promise((r) => setTimeout(r, 500));
      const excess = await post(
        '/user/tx',
        sealFrom(waiter, { arch: 'evm', transactionRequest: evmTx(RECIPIENT, 999) }),
      );
      expect(excess).toMatchObject({ status: 429 });
      expect(excess.reason).toMatch(/already wait for their requests/);
      for (const answer of await Promise.all(waiting)) {
        expect(answer.status).toBe(404);
        expect(answer.reason).toMatch(/No signature request of this account/);
      }
    });

    it('servers restarted mid-way keep their shares and sign again', async () => {
      // Restart both servers of group 0, so whichever the chain picks has been restarted.
      const group0 = devnet.validators.flatMap((v, i) => (v.group === 0 ? [i] : []));
      for (const index of group0) await devnet.stopValidator(index);
      const nothing = { account: alice.publicKey, sigHash: new Uint8Array(32) };
      const stopped = await getSignature(devnet.validators[group0[0]!]!.url, nothing).catch((e: Error) => e);
      expect(stopped).toMatchObject({ code: 'TSS_UNREACHABLE' });
      for (const index of group0) await devnet.startValidator(index);
      const outcome = await signTransaction(api, alice, share, evmTx(RECIPIENT, 2));
      expect(
        outcome.committee.some((m) => group0.some((i) => devnet.validators[i]!.url === m.endpoint)),
      ).toBe(true);
      expect(
        secp256k1.verify(
          outcome.signature.bytes.subarray(0, 64),
          hexToBytes(outcome.sigHash.slice(2)),
          share.verifyingKey,
          { prehash: false },
        ),
      ).toBe(true);
    });
    it("another account asking for the same hash neither erases nor replaces the account's result", async () => {
      const dave = keyring.addFromUri('//Dave');
      await registerAccount(api, dave);
      const outcome = await signTransaction(api, alice, share, evmTx(RECIPIENT, 3));
      const sigHash = hexToBytes(outcome.sigHash.slice(2));
      // Dave asks for Alice's public hash until his committee shares a server with hers.
      let shared: string | undefined;
      for (let attempt = 0; attempt < 6 && !shared; attempt++) {
        const request = await prepTransaction(api, dave, sigHash);
        shared = request.message.committee
          .map((m) => m.endpoint)
          .find((endpoint) => outcome.committee.some((c) => c.endpoint === endpoint));
      }
      expect(shared).toBeDefined();
      // Dave never sends his transaction: his session times out and fails on that server.
      await expect
        .poll(async () => (await getSignature(shared!, { account: dave.publicKey, sigHash }))?.status, {
          timeout: 60_000,
          interval: 500,
        })
        .toBe('failed');
      expect(await getSignature(shared!, { account: alice.publicKey, sigHash })).toEqual({
        status: 'done',
        signature: outcome.signature.bytes,
      });
    }, 240_000);
  });

  it('a group member down while an account registers gets its share once it is back, and signs with it', async () => {
    const ferdie = keyring.addFromUri('//Ferdie');
    const group0 = devnet.validators.flatMap((v, i) => (v.group === 0 ? [i] : []));
    let away: { index: number; stopped: Promise<void> } | undefined;
    const registering = runRegistration({
      api,
      pair: ferdie,
      x25519SecretKey: randomX25519SecretKey(),
      onProgress: (progress) => {
        if (progress.step !== 'committee' || away) return;
        // Stop the group-0 member the chain did not pick: the DKG runs without it, the share goes to it after.
        const picked = progress.committee!.find((m) => m.group === 0)!.endpoint;
        const index = group0.find((i) => devnet.validators[i]!.url !== picked)!;
        away = { index, stopped: devnet.stopValidator(index) };
      },
    });
    await expect.poll(() => away !== undefined, { timeout: 60_000 }).toBe(true);
    await away!.stopped;
    const absent = devnet.validators[away!.index]!;
    // The picked member finished the DKG and could not hand over the share: it keeps trying.
    await expect
      .poll(() => logs.some((l) => l.includes(`replicating ${ferdie.address} to ${absent.url}`)), {
        timeout: 60_000,
      })
      .toBe(true);
    await devnet.startValidator(away!.index);
    const share = await registering;
    expect(Buffer.from((await api.query.relayer.registered(ferdie.address)).unwrap())).toEqual(
      Buffer.from(share.verifyingKey),
    );

    // The member that was away holds the share: a committee with it signs. Group 0's member alternates
    // with the block, and back-to-back requests can keep landing on blocks of one parity: shift by a block.
    let signedWithIt = false;
    for (let nonce = 0; nonce < 12 && !signedWithIt; nonce++) {
      const outcome = await signTransaction(api, ferdie, share, evmTx(OTHER, nonce));
      signedWithIt = outcome.committee.some((m) => m.endpoint === absent.url);
      if (!signedWithIt) await new Promise((r) => setTimeout(r, 400 * (1 + (nonce % 2))));
    }
    expect(signedWithIt).toBe(true);
  });

  it('refuses more OT setups of one account at once than its pairs need, with a typed 429', async () => {
    // Alice may ask for her own pair's setup; asking again and again with new contexts is flooding.
    const alice = keyring.addFromUri('//Alice');
    const server = devnet.genesis.signingGroups[0]![0]!;
    const statuses: number[] = [];
    for (let n = 0; n < 12; n++) {
      const envelope = sealEnvelope({
        plaintext: new TextEncoder().encode(
          JSON.stringify({ account: alice.address, context: `0x${n.toString(16).padStart(64, '0')}` }),
        ),
        signer: alice,
        senderX25519SecretKey: randomX25519SecretKey(),
        recipientX25519PublicKey: hexToBytes(server.x25519PublicKey.slice(2)),
      });
      const response = await fetch(`${devnet.validators[0]!.url}/signer/ot_setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(envelopeToJson(envelope)),
      });
      statuses.push(response.status);
      await response.body?.cancel();
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(8);
    expect(statuses.slice(8)).toEqual([429, 429, 429, 429]);
  });
});
