/**
 * `npm run devnet` as a user runs it: launched, used, killed with SIGKILL (the launcher, which runs the
 * chain, and every TSS server), launched again with the same --data-dir.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { deriveValidatorKeys } from './genesis';
import { account, submit, tx } from './chain/testing';

const ROOT = resolve(import.meta.dirname, '..');
const running = new Set<ChildProcess>();
const dirs: string[] = [];

afterAll(async () => {
  for (const child of running) killGroup(child);
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // already gone
  }
}

interface Launched {
  child: ChildProcess;
  chainUrl: string;
  tssUrl: string;
  exited: Promise<void>;
}

/** Starts the launcher in its own process group; resolves when it prints that the devnet is up. */
function launch(dataDir: string): Promise<Launched> {
  const args = ['--import', 'tsx', 'devnet/launch.ts', '--data-dir', dataDir, '--groups', '1'];
  args.push('--group-size', '1', '--block-time', '0', '--chain-port', '0', '--base-port', '0', '--no-evm');
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  void exited.then(() => running.delete(child));
  let out = '';
  return new Promise((resolveUp, reject) => {
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const chain = /^ {2}chain +(ws:\S+)/m.exec(out);
      const tss = /^ {2}group 0\.0 +(http:\S+)/m.exec(out);
      if (out.includes('Entropy devnet is up') && chain?.[1] && tss?.[1]) {
        resolveUp({ child, chainUrl: chain[1], tssUrl: tss[1], exited });
      }
    });
    void exited.then(() => reject(new Error(`the launcher exited:\n${out}`)));
  });
}

async function connect(url: string): Promise<ApiPromise> {
  return ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true, throwOnConnect: true });
}

describe('devnet restart', () => {
  it('keeps blocks, balances, nonces and registrations across a kill -9 of the launcher', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'entropy-restart-'));
    dirs.push(dataDir);
    const ring = new Keyring({ type: 'sr25519' });
    const [alice, dave] = [ring.addFromUri('//Alice'), ring.addFromUri('//Dave')];
    const member = await deriveValidatorKeys('validator-0-0');
    // A key and the public shares it is the sum of (the user's and the one group's).
    const point = () =>
      secp256k1.Point.BASE.multiply(secp256k1.Point.Fn.fromBytes(secp256k1.utils.randomSecretKey()));
    const [user, group0] = [point(), point()];
    const hex = (p: typeof user): `0x${string}` => `0x${p.toHex(true)}`;
    const verifyingKey = hex(user.add(group0));
    const shares = { user: hex(user), groups: [[0, hex(group0)] as [number, `0x${string}`]] };

    const first = await launch(dataDir);
    // "Up" is printed only once every server answers /health.
    expect((await fetch(`${first.tssUrl}/health`)).ok).toBe(true);
    const api1 = await connect(first.chainUrl);
    await submit(tx(api1, 'balances', 'transferKeepAlive')(dave.address, 4242n * 10n ** 10n), alice);
    const noConstraints = { evmAcl: null, btcAcl: null };
    await submit(api1.tx.relayer.register(dave.address, noConstraints), dave);
    const confirmed = await submit(
      api1.tx.relayer.confirmRegister(dave.address, 0, verifyingKey, shares),
      member.tss,
    );
    const before = {
      genesis: api1.genesisHash.toHex(),
      block1: (await api1.rpc.chain.getBlockHash(1)).toHex(),
      finalized: confirmed.status.asFinalized.toHex(),
      dave: await account(api1, dave.address),
      alice: await account(api1, alice.address),
      registered: (await api1.query.relayer.registered(dave.address)).toHex(),
    };
    const finalizedNumber = (await api1.rpc.chain.getHeader(before.finalized)).number.toNumber();
    expect(before.registered).toBe(verifyingKey);
    await api1.disconnect();

    // SIGKILL the launcher (and with it the chain) alone: its servers notice and stop, freeing their ports.
    first.child.kill('SIGKILL');
    await first.exited;
    await expect
      .poll(
        () =>
          fetch(`${first.tssUrl}/health`).then(
            () => 'up',
            () => 'gone',
          ),
        { timeout: 120_000 },
      )
      .toBe('gone');
    killGroup(first.child);

    const second = await launch(dataDir);
    const api2 = await connect(second.chainUrl);
    try {
      expect(second.tssUrl).toBe(first.tssUrl);
      expect(api2.genesisHash.toHex()).toBe(before.genesis);
      expect((await api2.rpc.chain.getBlockHash(1)).toHex()).toBe(before.block1);
      expect((await api2.rpc.chain.getBlockHash(finalizedNumber)).toHex()).toBe(before.finalized);
      expect(await account(api2, dave.address)).toEqual(before.dave);
      expect(await account(api2, alice.address)).toEqual(before.alice);
      expect((await api2.query.relayer.registered(dave.address)).toHex()).toBe(verifyingKey);
      // The chain goes on from there.
      const next = await submit(tx(api2, 'system', 'remark')('0x01'), alice);
      const n = (await api2.rpc.chain.getHeader(next.status.asFinalized)).number.toNumber();
      expect(n).toBeGreaterThan(finalizedNumber);
      expect((await account(api2, alice.address)).nonce).toBe(before.alice.nonce + 1);
    } finally {
      await api2.disconnect();
      killGroup(second.child);
      await second.exited;
    }
  }, 900_000);
});
