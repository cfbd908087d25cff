import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { slicesOf, watchSnapshot, type Slice, type SnapshotSources } from './snapshot';
import type { SigningSessionView } from '../wallet/signing/view';
import type { SnapshotUpdate } from './types';

/** Readers that count their reads and answer their part's name; listeners the test calls by hand. */
function sources() {
  const reads: Slice[] = [];
  const listeners = {
    views: (_view: SigningSessionView) => undefined as void,
    live: () => undefined as void,
  };
  const readers = new Proxy({} as SnapshotSources['readers'], {
    get: (_target, slice: Slice) => () => {
      reads.push(slice);
      return `${slice} read`;
    },
  });
  const given: SnapshotSources = {
    readers,
    subscribeViews: (listener) => ((listeners.views = listener), () => undefined),
    watchLive: (listener) => ((listeners.live = listener), () => undefined),
  };
  return { given, reads, listeners };
}

const ALL = [
  'vault',
  'accounts',
  'requests',
  'sessions',
  'history',
  'settings',
  'permissions',
  'network',
  'balances',
  'evm',
];

function view(requestId: string, attempt: number): SigningSessionView {
  return {
    requestId,
    account: '5Grw',
    sigHash: '0x01',
    attempt,
    maxAttempts: 3,
    status: 'running',
    members: [],
    steps: [],
    retries: [],
    startedAt: 1,
  };
}

async function settle() {
  await new Promise((r) => setTimeout(r, 30));
}

describe('the popup’s snapshot', () => {
  beforeEach(() => fakeBrowser.reset());

  it('pushes everything first, then only the parts a change feeds', async () => {
    const { given, reads, listeners } = sources();
    const pushed: SnapshotUpdate[] = [];
    const stop = watchSnapshot((s) => pushed.push(s), 5, given);
    await vi.waitFor(() => expect(pushed).toHaveLength(1));
    expect(Object.keys(pushed[0]!).sort()).toEqual([...ALL].sort());

    reads.length = 0;
    listeners.views(view('a', 1));
    listeners.views(view('b', 1));
    listeners.views(view('a', 2));
    const before = pushed.length;
    await vi.waitFor(() => expect(pushed.length).toBeGreaterThan(before));
    await settle();
    // A burst of progress: one push of each changed view once, its newest, in the order of their last
    // change; nothing read, not the kept list.
    expect(pushed.slice(before)).toEqual([{ sessionViews: [view('b', 1), view('a', 2)] }]);
    expect(reads).toEqual([]);

    reads.length = 0;
    await fakeBrowser.storage.local.set({ history: [] });
    await settle();
    expect(reads).toEqual(['history']);

    reads.length = 0;
    listeners.live();
    await fakeBrowser.storage.local.set({ settings: {} });
    await settle();
    expect(reads.sort()).toEqual(['balances', 'evm', 'network', 'settings']);
    stop();
  });

  it('sends no view on its own that the whole list it reads already holds', async () => {
    const { given, listeners } = sources();
    const pushed: SnapshotUpdate[] = [];
    const stop = watchSnapshot((s) => pushed.push(s), 5, given);
    listeners.views(view('a', 1));
    await vi.waitFor(() => expect(pushed).toHaveLength(1));
    await settle();
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ sessions: 'sessions read' });
    expect(pushed[0]).not.toHaveProperty('sessionViews');
    stop();
  });

  it('reads nothing for a vault secret (a signing’s run record), and everything for a key it does not know', async () => {
    const { given, reads } = sources();
    const pushed: SnapshotUpdate[] = [];
    const stop = watchSnapshot((s) => pushed.push(s), 5, given);
    await settle();
    const before = pushed.length;
    reads.length = 0;
    await fakeBrowser.storage.local.set({ 'vault.secret.account/5Grw/keyShare/runs': 'sealed' });
    await settle();
    expect(reads).toEqual([]);
    expect(pushed).toHaveLength(before);

    await fakeBrowser.storage.local.set({ 'something.new': 1 });
    await settle();
    expect(reads.sort()).toEqual([...ALL].sort());
    stop();
  });

  it('maps each stored item to the parts it feeds', () => {
    // The views are pushed from memory as they change, not read back after their writes.
    expect(slicesOf('session', 'signing.views')).toEqual([]);
    expect(slicesOf('session', 'signing.view.r1')).toEqual([]);
    expect(slicesOf('session', 'vault.session')).toEqual(['vault']);
    expect(slicesOf('local', 'settings')).toEqual(['settings', 'network']);
    expect(slicesOf('local', 'vault.secret.x')).toEqual([]);
    expect(slicesOf('sync', 'history').sort()).toEqual([...ALL].sort());
  });
});
