import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { u8aToHex } from '@polkadot/util';
import { x25519 } from '@noble/curves/ed25519.js';
import { GenesisError, defaultGenesis, deriveValidatorKeys, loadGenesis, parseGenesis } from './index';

describe('devnet genesis', () => {
  it('derives the same validator keys from the same name, different ones from another', async () => {
    const [a, b, c] = await Promise.all([
      deriveValidatorKeys('validator-0-0'),
      deriveValidatorKeys('validator-0-0'),
      deriveValidatorKeys('validator-0-1'),
    ]);
    expect(a.stash.address).toBe(b.stash.address);
    expect(a.tss.address).toBe(b.tss.address);
    expect(a.x25519.publicKey).toEqual(b.x25519.publicKey);
    expect(new Set([a.stash.address, a.tss.address, c.stash.address, c.tss.address]).size).toBe(4);
    expect(x25519.getPublicKey(a.x25519.secretKey)).toEqual(a.x25519.publicKey);
    expect(a.tss.type).toBe('sr25519');
  });

  it('builds G groups of S validators with TSS endpoints from 3001 upward', async () => {
    const { config, validators } = await defaultGenesis({ groups: 2, groupSize: 3 });
    expect(config.signingGroups.map((g) => g.map((v) => v.endpoint))).toEqual([
      ['http://127.0.0.1:3001', 'http://127.0.0.1:3002', 'http://127.0.0.1:3003'],
      ['http://127.0.0.1:3004', 'http://127.0.0.1:3005', 'http://127.0.0.1:3006'],
    ]);
    expect(config.signingGroups[1]?.[2]?.tssAccount).toBe(validators[1]?.[2]?.tss.address);
    expect(config.signingGroups[1]?.[2]?.x25519PublicKey).toBe(
      u8aToHex(validators[1]?.[2]?.x25519.publicKey),
    );
    const endowed = new Set(config.endowed.map((e) => e.account));
    expect(endowed.has('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')).toBe(true); // //Alice
    for (const v of validators.flat()) expect(endowed.has(v.tss.address)).toBe(true);
    expect(parseGenesis(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });

  it('loads a genesis file and refuses bad ones with a GenesisError naming the field', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'genesis-'));
    try {
      const { config } = await defaultGenesis({ groups: 1, groupSize: 1 });
      const file = join(dir, 'genesis.json');
      await writeFile(file, JSON.stringify(config));
      expect(await loadGenesis(file)).toEqual(config);
      await writeFile(file, '{ not json');
      await expect(loadGenesis(file)).rejects.toThrow(GenesisError);
      await expect(loadGenesis(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const { config } = await defaultGenesis({ groups: 1, groupSize: 2 });
    const bad = (patch: (c: Record<string, unknown>) => void) => {
      const c = JSON.parse(JSON.stringify(config)) as Record<string, unknown>;
      patch(c);
      return () => parseGenesis(c);
    };
    expect(bad((c) => (c.signingGroups = []))).toThrow(/signingGroups/);
    expect(bad((c) => ((c.endowed as { balance: string }[])[0]!.balance = '-1'))).toThrow(
      /endowed\[0\]\.balance/,
    );
    expect(bad((c) => ((c.signingGroups as { stash: string }[][])[0]![0]!.stash = 'nope'))).toThrow(/stash/);
    expect(bad((c) => ((c.signingGroups as { endpoint: string }[][])[0]![1]!.endpoint = 'ftp://x'))).toThrow(
      /endpoint/,
    );
    expect(
      bad((c) => {
        const g = (c.signingGroups as { tssAccount: string }[][])[0]!;
        g[1]!.tssAccount = g[0]!.tssAccount;
      }),
    ).toThrow(/TSS account appears twice/);
    expect(
      bad((c) => ((c.signingGroups as { x25519PublicKey: string }[][])[0]![0]!.x25519PublicKey = '0x12')),
    ).toThrow(/x25519PublicKey/);
  });
});
