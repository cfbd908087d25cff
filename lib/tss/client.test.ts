import { describe, expect, it } from 'vitest';
import { getSignature, postUserTx, postUserTxWhenFree } from './client';
import { TssClientError } from './errors';
import { registrationSessionId, signingSessionId } from './session-id';
import { decodeSessionEvent } from './events';
import type { Envelope } from '../wire';

const envelope: Envelope = {
  version: 1,
  senderAccount: new Uint8Array(32),
  senderX25519: new Uint8Array(32),
  recipientX25519: new Uint8Array(32),
  nonce: new Uint8Array(24),
  ciphertext: new Uint8Array(16),
  signature: new Uint8Array(64),
};

function answering(status: number, body: string, type = 'application/json'): typeof fetch {
  return async () =>
    new Response(status === 204 ? null : body, { status, headers: { 'content-type': type } });
}

/** A member's verdict accepting a transaction. */
const ACCEPTED = {
  validator: 'v',
  partyId: 'group-0',
  sigHash: `0x${'00'.repeat(32)}`,
  accepted: true,
  constraints: [],
};

const QUERY = { account: new Uint8Array(32).fill(1), sigHash: new Uint8Array(32) };

describe('lib/tss client', () => {
  it('reads a 202 signature, a 404 as not ready, and a 409 as the served failure', async () => {
    const bytes = new Uint8Array(65).fill(7);
    const b64 = btoa(String.fromCharCode(...bytes));
    expect(await getSignature('http://x', QUERY, { fetch: answering(202, b64, 'text/plain') })).toEqual({
      status: 'done',
      signature: bytes,
    });
    expect(await getSignature('http://x', QUERY, { fetch: answering(404, '{}') })).toBeNull();
    const failure = { reason: 'timed out', code: 'TIMEOUT', missing: ['group-1'] };
    const body = JSON.stringify({
      error: { name: 'TssError', code: 'SESSION_FAILED', message: 'x', details: { failure } },
    });
    expect(await getSignature('http://x', QUERY, { fetch: answering(409, body) })).toEqual({
      status: 'failed',
      failure,
    });
    await expect(
      getSignature('http://x', QUERY, { fetch: answering(202, 'AAAA', 'text/plain') }),
    ).rejects.toThrow(/65-byte/);
  });

  it('returns a refusing verdict and throws a typed error for other refusals', async () => {
    const verdict = {
      ...ACCEPTED,
      accepted: false,
      constraints: [{ constraint: 'evmAcl', ok: false, reason: 'no' }],
    };
    const refusal = JSON.stringify({
      error: { name: 'TssError', code: 'CONSTRAINT_VIOLATION', message: 'no', details: { verdict } },
    });
    expect(await postUserTx('http://x', envelope, { fetch: answering(403, refusal) })).toEqual(verdict);
    const bad = JSON.stringify({ error: { name: 'TssError', code: 'BAD_REQUEST', message: 'bad tx' } });
    const error = await postUserTx('http://x', envelope, { fetch: answering(400, bad) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TssClientError);
    expect((error as TssClientError).message).toContain('bad tx');
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(postUserTx('http://x', envelope, { fetch: unreachable })).rejects.toMatchObject({
      code: 'TSS_UNREACHABLE',
    });
  });

  it('waits while a server answers BUSY, and gives up after its wait or on another refusal', async () => {
    const verdict = ACCEPTED;
    const busy = JSON.stringify({ error: { name: 'TssError', code: 'BUSY', message: 'previous run' } });
    const answers = (...sequence: [number, string][]) => {
      const asked: number[] = [];
      const fetchFn: typeof fetch = async (...args) => {
        const [status, body] = sequence[Math.min(asked.length, sequence.length - 1)]!;
        asked.push(status);
        return answering(status, body)(...args);
      };
      return { fetchFn, asked };
    };
    const twiceBusy = answers([429, busy], [429, busy], [200, JSON.stringify(verdict)]);
    expect(
      await postUserTxWhenFree('http://x', envelope, { fetch: twiceBusy.fetchFn, waitMs: 10_000 }),
    ).toEqual(verdict);
    expect(twiceBusy.asked).toEqual([429, 429, 200]);

    const alwaysBusy = answers([429, busy]);
    await expect(
      postUserTxWhenFree('http://x', envelope, { fetch: alwaysBusy.fetchFn, waitMs: 0 }),
    ).rejects.toMatchObject({ code: 'TSS_REQUEST_FAILED', details: { status: 429 } });
    expect(alwaysBusy.asked).toHaveLength(1);

    const bad = JSON.stringify({ error: { name: 'TssError', code: 'BAD_REQUEST', message: 'bad tx' } });
    const refused = answers([400, bad]);
    await expect(
      postUserTxWhenFree('http://x', envelope, { fetch: refused.fetchFn, waitMs: 10_000 }),
    ).rejects.toThrow(/bad tx/);
    expect(refused.asked).toEqual([400]);
  });

  it('decodes known events strictly and skips unknown kinds', () => {
    expect(decodeSessionEvent({ event: 'unknown', data: '{}' }, 'e')).toBeNull();
    expect(decodeSessionEvent({ event: 'failure', data: '{"reason":"r","code":"c"}' }, 'e')).toEqual({
      type: 'failure',
      failure: { reason: 'r', code: 'c' },
    });
    const signature = new Uint8Array(65).fill(9);
    const b64 = btoa(String.fromCharCode(...signature));
    expect(decodeSessionEvent({ event: 'signature', data: JSON.stringify({ signature: b64 }) }, 'e')).toEqual(
      {
        type: 'signature',
        signature,
      },
    );
    const status = { partyId: 'group-0', state: 'running', round: 1, totalRounds: 3, waitingFor: ['5User'] };
    expect(decodeSessionEvent({ event: 'status', data: JSON.stringify(status) }, 'e')).toEqual({
      type: 'status',
      status,
    });
    expect(
      decodeSessionEvent({ event: 'ot-ready', data: JSON.stringify({ pair: ['group-0', '5User'] }) }, 'e'),
    ).toEqual({ type: 'ot-ready' });
    expect(
      decodeSessionEvent(
        { event: 'registered', data: JSON.stringify({ verifyingKey: `0x02${'ab'.repeat(32)}` }) },
        'e',
      ),
    ).toMatchObject({ type: 'registered' });
    expect(() => decodeSessionEvent({ event: 'signature', data: '{"signature":"AA=="}' }, 'e')).toThrow(
      TssClientError,
    );
    expect(decodeSessionEvent({ event: 'frame', data: 'AAEC' }, 'e')).toEqual({
      type: 'frame',
      frame: Uint8Array.of(0, 1, 2),
    });
    expect(() => decodeSessionEvent({ event: 'frame', data: '{"frame":"AAAA"}' }, 'e')).toThrow(
      TssClientError,
    );
    expect(() => decodeSessionEvent({ event: 'status', data: 'not json' }, 'e')).toThrow(TssClientError);
  });

  it('derives distinct, deterministic session ids', () => {
    const account = new Uint8Array(32).fill(1);
    const hash = new Uint8Array(32).fill(2);
    expect(signingSessionId(account, hash, 5)).toEqual(signingSessionId(account, hash, 5));
    expect(signingSessionId(account, hash, 5)).not.toEqual(signingSessionId(account, hash, 6));
    expect(registrationSessionId(account, 5)).not.toEqual(signingSessionId(account, hash, 5));
  });
});
