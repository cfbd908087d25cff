import { describe, expect, it } from 'vitest';
import { fakeBackground } from './testing/fake-background';
import { ALICE, FAILED_CONSTRAINT, MESSAGE, MID_PROTOCOL, TRANSFER } from './testing/fixtures';
import { createWalletStore } from './store';

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('popup store', () => {
  it('mirrors the background: vault, settings, accounts, queue and permissions', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [TRANSFER],
    });
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    const state = store.getState();
    expect(state.loading).toBe(false);
    expect(state.vault).toMatchObject({ initialised: true, unlocked: true, autoLockMinutes: 15 });
    expect(state.settings).toEqual({ endpoint: 'ws://127.0.0.1:9944', ethSignEnabled: false });
    expect(state.accounts).toEqual([ALICE]);
    expect(state.requests).toEqual([TRANSFER]);
    expect(state.onboarding).toBe(false);
  });

  it('enters onboarding for a new wallet or one without accounts, and leaves it only when told', () => {
    const store = createWalletStore(fakeBackground().client);
    store.getState().applySnapshot({ vault: { initialised: false, unlocked: false, autoLockMinutes: 15 } });
    expect(store.getState().onboarding).toBe(true);
    store.getState().applySnapshot({
      vault: { initialised: true, unlocked: true, autoLockMinutes: 15 },
      accounts: [ALICE],
    });
    expect(store.getState().onboarding).toBe(true);
    store.getState().finishOnboarding();
    expect(store.getState().onboarding).toBe(false);
    store.getState().applySnapshot({ accounts: [] });
    expect(store.getState().onboarding).toBe(true);
  });

  it('follows queue events: the list, answers, and signing session views', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true });
    const store = createWalletStore(background.client);
    const stop = store.getState().connect(60_000);
    await settle();
    background.push({ type: 'requests', requests: [TRANSFER, MESSAGE] });
    expect(store.getState().requests.map((r) => r.id)).toEqual([TRANSFER.id, MESSAGE.id]);
    background.push({ type: 'progress', progress: MID_PROTOCOL as never });
    background.push({ type: 'progress', progress: FAILED_CONSTRAINT as never });
    expect(store.getState().sessions).toEqual([FAILED_CONSTRAINT]);
    // Old-style step events carry no session view; they are not mistaken for one.
    background.push({ type: 'progress', progress: { requestId: 'x', step: 'submit', at: 1 } });
    expect(store.getState().sessions).toHaveLength(1);
    background.push({ type: 'answered', outcome: { id: MESSAGE.id, status: 'approved', result: null } });
    expect(store.getState().requests.map((r) => r.id)).toEqual([TRANSFER.id]);
    expect(store.getState().outcomes[MESSAGE.id]?.status).toBe('approved');
    stop();
  });

  it('watches a signing request from approval on, and not a local signature that needed no committee', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, requests: [TRANSFER, MESSAGE] });
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    const approval = store.getState().approve(MESSAGE.id);
    expect(store.getState().watching).toBe(MESSAGE.id);
    await approval;
    expect(store.getState().watching).toBeUndefined();
    expect(store.getState().requests.map((r) => r.id)).toEqual([TRANSFER.id]);
  });

  it('keeps a failed signature on screen, and turns refusals into words with the code', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, requests: [TRANSFER] });
    background.override('pri(requests.approve)', () => ({
      id: TRANSFER.id,
      status: 'failed',
      error: { name: 'WalletError', code: 'CHAIN_UNAVAILABLE', message: 'The chain could not be reached' },
    }));
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    await store.getState().approve(TRANSFER.id);
    expect(store.getState().watching).toBe(TRANSFER.id);
    expect(await store.getState().unlock('nope')).toBe(false);
    expect(store.getState().error).toEqual({ message: 'That password is not right', code: 'WRONG_PASSWORD' });
  });

  it('reports the vault locking itself while the popup is open', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true });
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    const stop = store.getState().connect(5);
    background.wallet.unlocked = false;
    await new Promise((resolve) => setTimeout(resolve, 30));
    stop();
    expect(store.getState().vault?.unlocked).toBe(false);
  });
});
