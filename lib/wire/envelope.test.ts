import { Keyring } from '@polkadot/keyring';
import { sr25519PairFromSeed } from '@polkadot/util-crypto';
import { describe, expect, it } from 'vitest';
import { deserializeError, serializeError } from '../errors';
import { ByteWriter, utf8 } from './codec';
import { randomX25519SecretKey, sr25519Signer, x25519PublicKey } from './crypto';
import {
  MAX_ENVELOPE_PLAINTEXT_BYTES,
  envelopeFromJson,
  envelopeToJson,
  openEnvelope,
  sealEnvelope,
  type Envelope,
  type EnvelopeJson,
} from './envelope';
import { WireError } from './errors';
import { expectWireError, seededRandom, wireErrorOf } from './test-support';

const keyring = new Keyring({ type: 'sr25519' });
const alice = keyring.addFromUri('//Alice');
const mallory = keyring.addFromUri('//Mallory');
const aliceX = randomX25519SecretKey();
const serverX = randomX25519SecretKey();
const otherServerX = randomX25519SecretKey();
const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
const request = new TextEncoder().encode('{"arch":"evm","transactionRequest":"0x01"}');

function sealToServer(plaintext = request): Envelope {
  return sealEnvelope({
    plaintext,
    signer: alice,
    senderX25519SecretKey: aliceX,
    recipientX25519PublicKey: x25519PublicKey(serverX),
  });
}

/** The JSON body as it travels over HTTP. */
function overHttp(envelope: Envelope): EnvelopeJson {
  return JSON.parse(JSON.stringify(envelopeToJson(envelope))) as EnvelopeJson;
}

/** The signed bytes exactly as docs/wire.md lays them out, so a test can sign a crafted envelope. */
function signedBytes(e: Omit<Envelope, 'signature'>): Uint8Array {
  return new ByteWriter()
    .bytes8(utf8('domain', 'entropy-wallet/v1/envelope/signature'))
    .u8(e.version)
    .fixed(e.senderAccount)
    .fixed(e.senderX25519)
    .fixed(e.recipientX25519)
    .fixed(e.nonce)
    .bytes32(e.ciphertext)
    .finish();
}

function resign(
  e: Envelope,
  signer: { publicKey: Uint8Array; sign(data: Uint8Array): Uint8Array },
): Envelope {
  const unsigned = { ...e, senderAccount: signer.publicKey };
  return { ...unsigned, signature: signer.sign(signedBytes(unsigned)) };
}

/** Replaces the last hex digit of a field with another valid hex digit. */
function flipHex(value: string): string {
  const last = value.at(-1);
  return value.slice(0, -1) + (last === '0' ? '1' : '0');
}

describe('envelope', () => {
  it('round-trips through JSON and authenticates the sender', () => {
    const opened = openEnvelope(envelopeFromJson(overHttp(sealToServer())), { x25519SecretKey: serverX });
    expect(text(opened.plaintext)).toBe(text(request));
    expect(opened.sender.account).toEqual(alice.publicKey);
    expect(opened.sender.address).toBe(alice.address);
    expect(opened.sender.x25519).toEqual(x25519PublicKey(aliceX));
  });

  it('lets the server reply to the sender x25519 key it learned', () => {
    const server = sr25519Signer(sr25519PairFromSeed(new Uint8Array(32).fill(9)));
    const { sender } = openEnvelope(sealToServer(), { x25519SecretKey: serverX });
    const reply = sealEnvelope({
      plaintext: new TextEncoder().encode('accepted'),
      signer: server,
      senderX25519SecretKey: serverX,
      recipientX25519PublicKey: sender.x25519,
    });
    const opened = openEnvelope(envelopeFromJson(overHttp(reply)), { x25519SecretKey: aliceX });
    expect(text(opened.plaintext)).toBe('accepted');
    expect(opened.sender.account).toEqual(server.publicKey);
  });

  it('round-trips an empty plaintext, and uses a fresh nonce every time', () => {
    const a = sealToServer(new Uint8Array(0));
    const b = sealToServer(new Uint8Array(0));
    expect(a.nonce).not.toEqual(b.nonce);
    expect(openEnvelope(a, { x25519SecretKey: serverX }).plaintext).toEqual(new Uint8Array(0));
  });

  it('carries the largest plaintext through JSON and refuses a larger one', () => {
    const largest = new Uint8Array(MAX_ENVELOPE_PLAINTEXT_BYTES).fill(0x61);
    const opened = openEnvelope(envelopeFromJson(overHttp(sealToServer(largest))), {
      x25519SecretKey: serverX,
    });
    expect(opened.plaintext.length).toBe(largest.length);
    expect(opened.plaintext.every((byte) => byte === 0x61)).toBe(true);
    expectWireError(() => sealToServer(new Uint8Array(MAX_ENVELOPE_PLAINTEXT_BYTES + 1)), 'MALFORMED');
    const json = overHttp(sealToServer(new Uint8Array(0)));
    const oversized = { ...json, ciphertext: '0x' + '00'.repeat(MAX_ENVELOPE_PLAINTEXT_BYTES + 17) };
    expectWireError(() => envelopeFromJson(oversized), 'MALFORMED');
  });

  it('refuses an envelope encrypted to another key', () => {
    expectWireError(() => openEnvelope(sealToServer(), { x25519SecretKey: otherServerX }), 'WRONG_RECIPIENT');
  });

  const tampered: [keyof EnvelopeJson, string][] = [
    ['senderAccount', 'BAD_SIGNATURE'],
    ['senderX25519', 'BAD_SIGNATURE'],
    ['recipientX25519', 'WRONG_RECIPIENT'],
    ['nonce', 'BAD_SIGNATURE'],
    ['ciphertext', 'BAD_SIGNATURE'],
    ['signature', 'BAD_SIGNATURE'],
  ];
  it.each(tampered)('rejects a flipped %s with %s', (field, code) => {
    const json = overHttp(sealToServer());
    const altered = { ...json, [field]: flipHex(json[field] as string) };
    expectWireError(() => openEnvelope(envelopeFromJson(altered), { x25519SecretKey: serverX }), code);
  });

  it('rejects another version', () => {
    expectWireError(() => envelopeFromJson({ ...overHttp(sealToServer()), version: 2 }), 'MALFORMED');
  });

  it('verifies the signature before decrypting: a validly signed, corrupted ciphertext fails the AEAD', () => {
    const envelope = sealToServer();
    const corrupted = { ...envelope, ciphertext: envelope.ciphertext.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expectWireError(
      () => openEnvelope(resign(corrupted, alice), { x25519SecretKey: serverX }),
      'DECRYPT_FAILED',
    );
  });

  it('binds the sender account to the ciphertext: re-signing someone else’s envelope does not open', () => {
    // Mallory cannot read Alice's request, but must not be able to submit it as her own either.
    const stolen = resign(sealToServer(), mallory);
    expectWireError(() => openEnvelope(stolen, { x25519SecretKey: serverX }), 'DECRYPT_FAILED');
  });

  it.each([
    ['zero', new Uint8Array(32)],
    ['one', Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))],
  ])('rejects a low-order sender x25519 key (%s) even when validly signed', (_name, point) => {
    const crafted = resign({ ...sealToServer(), senderX25519: point }, mallory);
    expectWireError(() => openEnvelope(crafted, { x25519SecretKey: serverX }), 'BAD_KEY');
  });

  it('refuses to seal to a low-order recipient key or with a non-sr25519 signer', () => {
    const seal = (
      recipient: Uint8Array,
      signer = alice as unknown as Parameters<typeof sealEnvelope>[0]['signer'],
    ) =>
      sealEnvelope({
        plaintext: request,
        signer,
        senderX25519SecretKey: aliceX,
        recipientX25519PublicKey: recipient,
      });
    expectWireError(() => seal(new Uint8Array(32)), 'BAD_KEY');
    const ed = new Keyring({ type: 'ed25519' }).addFromUri('//Alice');
    expectWireError(() => seal(x25519PublicKey(serverX), ed), 'BAD_KEY');
  });

  it('decodes strictly', () => {
    const json = overHttp(sealToServer());
    const bad: unknown[] = [
      null,
      [],
      'envelope',
      { ...json, extra: 1 },
      JSON.parse(JSON.stringify(json).replace('{', '{"__proto__":{"version":1},')),
      (({ signature: _s, ...rest }) => rest)(json),
      { ...json, nonce: json.nonce.toUpperCase() },
      { ...json, nonce: json.nonce.slice(2) },
      { ...json, nonce: json.nonce.slice(0, -2) },
      { ...json, ciphertext: json.ciphertext.slice(0, -1) },
      { ...json, ciphertext: '0x' + '00'.repeat(15) },
      { ...json, signature: 64 },
      { ...json, version: '1' },
    ];
    for (const value of bad) expectWireError(() => envelopeFromJson(value), 'MALFORMED');
  });

  it('survives random field values and truncations with only WireError', () => {
    const json = overHttp(sealToServer());
    const random = seededRandom(4);
    const fields = Object.keys(json) as (keyof EnvelopeJson)[];
    const junk = (): unknown => {
      switch (random.int(6)) {
        case 0:
          return random.int(1000) - 500;
        case 1:
          return null;
        case 2:
          return [json.nonce];
        case 3:
          return (
            '0x' + Array.from(random.bytes(random.int(80)), (b) => b.toString(16).padStart(2, '0')).join('')
          );
        case 4:
          return String.fromCharCode(...random.bytes(random.int(40)));
        default:
          return { nested: json.nonce };
      }
    };
    for (let i = 0; i < 400; i++) {
      const field = fields[random.int(fields.length)] as keyof EnvelopeJson;
      const value = String(json[field]);
      const mutated = {
        ...json,
        [field]: random.int(2) === 0 ? junk() : value.slice(0, random.int(value.length)),
      };
      const error = wireErrorOf(() => openEnvelope(envelopeFromJson(mutated), { x25519SecretKey: serverX }));
      expect(error).toBeInstanceOf(WireError);
    }
  });

  it('survives serialisation as the same class and code', () => {
    const error = wireErrorOf(() => openEnvelope(sealToServer(), { x25519SecretKey: otherServerX }));
    const rebuilt = deserializeError(JSON.parse(JSON.stringify(serializeError(error))));
    expect(rebuilt).toBeInstanceOf(WireError);
    expect(rebuilt.code).toBe('WRONG_RECIPIENT');
  });
});
