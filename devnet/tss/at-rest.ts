import { randomBytes } from '@noble/ciphers/utils.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { scrypt } from 'node:crypto';
import { TssError } from './errors';
import { nativePrimitives } from './native-primitives';

/**
 * Encryption at rest: XChaCha20-Poly1305 under a key derived from the server's password with scrypt, on
 * OpenSSL (`nativePrimitives`, the same bytes as noble's): a server writes an account's share, with its
 * OT correlations, at every signing run's start and end.
 *
 * Every sealed record is self-describing — version ‖ log2(N) ‖ r ‖ p ‖ salt(16) ‖ nonce(24) ‖ ciphertext —
 * so KDF parameters can change without breaking old records. The record's database key is the AEAD's
 * associated data, so a ciphertext moved to another key does not open.
 */
const VERSION = 1;
const HEADER = 1 + 1 + 1 + 1 + 16 + 24;

export interface KdfParams {
  logN: number;
  r: number;
  p: number;
}
/** ~64 MiB and a few hundred ms once per process: slow for guessing, fine for a server start. */
export const DEFAULT_KDF: KdfParams = { logN: 16, r: 8, p: 1 };

/** Node's scrypt (OpenSSL, off the event loop): half the CPU of a JavaScript one at every server start. */
function scryptKey(password: Uint8Array, salt: Uint8Array, { logN, r, p }: KdfParams): Promise<Uint8Array> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) =>
    scrypt(password, salt, 32, { N, r, p, maxmem: 128 * N * r + (1 << 20) }, (error, key) =>
      error
        ? reject(
            new TssError(`Cannot derive the storage key: ${error.message}`, {
              code: 'STORAGE',
              cause: error,
            }),
          )
        : resolve(new Uint8Array(key)),
    ),
  );
}

export class Sealer {
  private readonly keys = new Map<string, Promise<Uint8Array>>();

  private constructor(
    private readonly password: Uint8Array,
    private readonly salt: Uint8Array,
    private readonly params: KdfParams,
  ) {}

  /** `salt` is the database's own (kept beside the records), so one derivation serves every record. */
  static async create(password: string, salt: Uint8Array, params: KdfParams = DEFAULT_KDF): Promise<Sealer> {
    if (password.length === 0) throw new TssError('The password is empty', { code: 'CONFIG' });
    if (salt.length !== 16) throw new TssError('The KDF salt must be 16 bytes', { code: 'STORAGE' });
    const sealer = new Sealer(utf8ToBytes(password), salt, params);
    await sealer.key(salt, params);
    return sealer;
  }

  static newSalt(): Uint8Array {
    return randomBytes(16);
  }

  private key(salt: Uint8Array, params: KdfParams): Promise<Uint8Array> {
    const id = `${params.logN}:${params.r}:${params.p}:${bytesToHex(salt)}`;
    let key = this.keys.get(id);
    if (!key) {
      key = scryptKey(this.password, salt, params);
      this.keys.set(id, key);
    }
    return key;
  }

  async seal(recordKey: string, plaintext: Uint8Array): Promise<Uint8Array> {
    const nonce = randomBytes(24);
    const key = await this.key(this.salt, this.params);
    const ct = nativePrimitives.seal(key, nonce, utf8ToBytes(recordKey), plaintext);
    const out = new Uint8Array(HEADER + ct.length);
    out.set([VERSION, this.params.logN, this.params.r, this.params.p]);
    out.set(this.salt, 4);
    out.set(nonce, 20);
    out.set(ct, HEADER);
    return out;
  }

  async open(recordKey: string, sealed: Uint8Array): Promise<Uint8Array> {
    if (sealed.length < HEADER + 16 || sealed[0] !== VERSION) {
      throw new TssError(`Stored record ${recordKey} is not a sealed record of version ${VERSION}`, {
        code: 'STORAGE',
      });
    }
    const params: KdfParams = { logN: sealed[1]!, r: sealed[2]!, p: sealed[3]! };
    if (
      params.logN < 10 ||
      params.logN > 22 ||
      params.r < 1 ||
      params.r > 32 ||
      params.p < 1 ||
      params.p > 16
    ) {
      throw new TssError(`Stored record ${recordKey} has unusable KDF parameters`, { code: 'STORAGE' });
    }
    const key = await this.key(sealed.subarray(4, 20), params);
    try {
      return nativePrimitives.open(
        key,
        sealed.subarray(20, 44),
        utf8ToBytes(recordKey),
        sealed.subarray(HEADER),
      );
    } catch (cause) {
      throw new TssError(`Cannot decrypt stored record ${recordKey}: wrong password or corrupted data`, {
        code: 'STORAGE',
        cause,
      });
    }
  }
}
