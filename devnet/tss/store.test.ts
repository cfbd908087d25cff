import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ClassicLevel } from 'classic-level';
import { TssStore } from './store';
import { TssError } from './errors';

const FAST = { logN: 10, r: 8, p: 1 };
const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tss-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('TssStore', () => {
  it('keeps shares across a reopen, sealed so the plaintext is not on disk', async () => {
    const dir = await tempDir();
    const share = new TextEncoder().encode('secret share bytes');
    const store = await TssStore.open(dir, 'pw', FAST);
    await store.putShare('5Alice', share);
    await store.close();

    const raw = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    const sealed = await raw.get('share:5Alice');
    await raw.close();
    expect(Buffer.from(sealed!).includes(Buffer.from(share))).toBe(false);

    const reopened = await TssStore.open(dir, 'pw', FAST);
    expect(await reopened.getShare('5Alice')).toEqual(share);
    expect(await reopened.getShare('5Bob')).toBeUndefined();
    await reopened.close();
  });

  it('refuses a wrong password with a typed error', async () => {
    const dir = await tempDir();
    await (await TssStore.open(dir, 'right', FAST)).close();
    await expect(TssStore.open(dir, 'wrong', FAST)).rejects.toMatchObject({ code: 'STORAGE' });
    await expect(TssStore.open(dir, 'wrong', FAST)).rejects.toBeInstanceOf(TssError);
  });

  it('prunes requests and results older than the kept window', async () => {
    const store = await TssStore.open(await tempDir(), 'pw', FAST);
    const request = { sigHash: '0xaa', account: '5A', committee: [] };
    await store.putRequest({ ...request, blockNumber: 10 });
    await store.putRequest({ ...request, blockNumber: 30 });
    await store.putResult(
      { ...request, blockNumber: 10 },
      { status: 'done', blockNumber: 10, signature: 'AA==' },
    );
    await store.putRequest({ ...request, sigHash: '0xbb', blockNumber: 30 });
    await store.putResult(
      { ...request, sigHash: '0xbb', blockNumber: 30 },
      { status: 'done', blockNumber: 30, signature: 'AA==' },
    );
    expect((await store.getRequest('0xaa'))?.blockNumber).toBe(30);
    await store.putRequest({ ...request, account: '5B', blockNumber: 40 });
    expect((await store.getRequest('0xaa', '5A'))?.blockNumber).toBe(30);
    expect((await store.getRequest('0xaa', '5B'))?.blockNumber).toBe(40);
    expect(await store.getRequest('0xaa', '5C')).toBeUndefined();
    expect(await store.prune(35, 20)).toBe(2);
    expect(await store.getResult('5A', '0xaa', 10)).toBeUndefined();
    expect(await store.getResult('5A', '0xbb')).toMatchObject({ status: 'done' });
    expect((await store.getRequest('0xaa', '5A'))?.blockNumber).toBe(30);
    await store.close();
  });

  it("keeps each account's result of a hash apart, and serves the newest request's", async () => {
    const store = await TssStore.open(await tempDir(), 'pw', FAST);
    const alice = { sigHash: '0xaa', account: '0x01', blockNumber: 10 };
    const mallory = { ...alice, account: '0x02', blockNumber: 11 };
    await store.putRequest({ ...alice, committee: [] });
    await store.putResult(alice, { status: 'done', blockNumber: 10, signature: 'AA==' });
    await store.putRequest({ ...mallory, committee: [] });
    await store.putResult(mallory, {
      status: 'failed',
      blockNumber: 11,
      failure: { reason: 'x', code: 'TIMEOUT' },
    });
    expect(await store.getResult('0x01', '0xaa')).toMatchObject({ status: 'done' });
    expect(await store.getResult('0x02', '0xaa')).toMatchObject({ status: 'failed' });
    // Alice's retry in a later block: its result is not there yet, the earlier one stays reachable by block.
    await store.putRequest({ ...alice, blockNumber: 12, committee: [] });
    expect(await store.getResult('0x01', '0xaa')).toBeUndefined();
    expect(await store.getResult('0x01', '0xaa', 10)).toMatchObject({ status: 'done' });
    await store.close();
  });

  it("keeps two accounts' requests for one hash in one block apart", async () => {
    const store = await TssStore.open(await tempDir(), 'pw', FAST);
    await store.putRequest({ sigHash: '0xaa', account: '5A', blockNumber: 10, committee: [] });
    await store.putRequest({ sigHash: '0xaa', account: '5B', blockNumber: 10, committee: [] });
    expect((await store.getRequest('0xaa', '5A'))?.account).toBe('5A');
    expect((await store.getRequest('0xaa', '5B'))?.account).toBe('5B');
    await store.close();
  });

  it('finds and prunes after a reopen what an earlier run stored, in the earlier key layout too', async () => {
    const dir = await tempDir();
    const store = await TssStore.open(dir, 'pw', FAST);
    const request = { sigHash: '0xaa', account: '5A', committee: [] };
    await store.putRequest({ ...request, blockNumber: 10 });
    await store.putRequest({ ...request, blockNumber: 50 });
    await store.putResult(
      { ...request, blockNumber: 10 },
      { status: 'done', blockNumber: 10, signature: 'AA==' },
    );
    await store.close();
    // A request as the store kept it before the account was in its key.
    const raw = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    const earlier = { sigHash: '0xbb', account: '5B', blockNumber: 12, committee: [] };
    await raw.put('request:0xbb:12', new TextEncoder().encode(JSON.stringify(earlier)));
    await raw.close();

    const reopened = await TssStore.open(dir, 'pw', FAST);
    expect((await reopened.getRequest('0xaa', '5A'))?.blockNumber).toBe(50);
    expect(await reopened.getRequest('0xbb', '5B')).toEqual(earlier);
    expect(await reopened.prune(60, 20)).toBe(3);
    expect(await reopened.getRequest('0xbb')).toBeUndefined();
    expect((await reopened.getRequest('0xaa'))?.blockNumber).toBe(50);
    await reopened.close();

    const after = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
    const keys = await after.keys({ gte: 're', lt: 'rf' }).all();
    await after.close();
    expect(keys).toEqual(['request:0xaa:50:5A']);
  });
});
