import { describe, expect, it } from 'vitest';
import { FakeRefusal, fakeBackground, TEST_MNEMONIC } from './testing/fake-background';
import {
  ALICE,
  BOB,
  FAILED_CONSTRAINT,
  MESSAGE,
  MID_PROTOCOL,
  SIGNED_AFTER_RETRY,
  TRANSFER,
} from './testing/fixtures';
import { MAX_KEPT_VIEWS } from '../wallet/signing/kept';
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
    expect(state.settings).toMatchObject({ endpoint: 'ws://127.0.0.1:9944', ethSignEnabled: false });
    expect(state.accounts).toEqual([ALICE]);
    expect(state.requests).toEqual([TRANSFER]);
    expect(state.onboarding).toBe(false);
  });

  it('enters onboarding for a new wallet or one without accounts, and leaves it only when told', () => {
    const store = createWalletStore(fakeBackground().client);
    store.getState().applySnapshot({
      vault: { initialised: false, unlocked: false, autoLockMinutes: 15, retryAfterMs: 0 },
    });
    expect(store.getState().onboarding).toBe(true);
    store.getState().applySnapshot({
      vault: { initialised: true, unlocked: true, autoLockMinutes: 15, retryAfterMs: 0 },
      accounts: [ALICE],
    });
    expect(store.getState().onboarding).toBe(true);
    store.getState().finishOnboarding();
    expect(store.getState().onboarding).toBe(false);
    store.getState().applySnapshot({ accounts: [] });
    expect(store.getState().onboarding).toBe(true);
  });

  it('mirrors every pushed snapshot: queue, sessions, history, permissions', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true });
    const store = createWalletStore(background.client);
    const stop = store.getState().connect();
    await settle();
    background.change((wallet) => {
      wallet.requests = [TRANSFER, MESSAGE];
      wallet.sessions = [FAILED_CONSTRAINT];
      wallet.permissions = [{ origin: 'https://a.example', allowed: true, chainId: 1, decidedAt: 0 }];
    });
    const state = store.getState();
    expect(state.requests.map((r) => r.id)).toEqual([TRANSFER.id, MESSAGE.id]);
    expect(state.sessions).toEqual([FAILED_CONSTRAINT]);
    expect(state.permissions.map((p) => p.origin)).toEqual(['https://a.example']);
    stop();
    background.change((wallet) => (wallet.requests = []));
    expect(store.getState().requests).toHaveLength(2);
  });

  it('applies the signing views it is sent to its list as the worker keeps it: newest first, one per request, at most the kept number', () => {
    const store = createWalletStore(fakeBackground().client);
    const [failed, signed, running] = [FAILED_CONSTRAINT, SIGNED_AFTER_RETRY, MID_PROTOCOL].map((v, i) => ({
      ...v,
      requestId: `req-${i}`,
    }));
    store.getState().applySnapshot({ sessions: [failed!, signed!] });
    const progressed = { ...signed!, attempt: 3 };
    store.getState().applySnapshot({ sessionViews: [running!, progressed] });
    const state = store.getState();
    expect(state.sessions).toEqual([progressed, running, failed]);
    expect(state).not.toHaveProperty('sessionViews');
    // A whole list sent with views: the views apply to it.
    store.getState().applySnapshot({ sessions: [failed!], sessionViews: [running!] });
    expect(store.getState().sessions).toEqual([running, failed]);
    const many = Array.from({ length: MAX_KEPT_VIEWS + 3 }, (_, i) => ({
      ...MID_PROTOCOL,
      requestId: `r${i}`,
    }));
    store.getState().applySnapshot({ sessionViews: many });
    expect(store.getState().sessions.map((v) => v.requestId)).toEqual(
      many
        .slice(3)
        .reverse()
        .map((v) => v.requestId),
    );
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
    store.getState().connect();
    await settle();
    background.change((wallet) => (wallet.unlocked = false));
    expect(store.getState().vault?.unlocked).toBe(false);
  });

  it('follows a registration from its progress to the registered account, or to its failure', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, accounts: [BOB] });
    let finish: (account: unknown) => void = () => undefined;
    background.override('pri(accounts.register)', () => new Promise((resolve) => (finish = resolve)));
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    const input = {
      address: BOB.address,
      constraintAccount: BOB.address,
      constraints: { evmAcl: { kind: 'Deny' as const, addresses: [], allowNullRecipient: true } },
    };
    const registered = store.getState().register(input);
    expect(store.getState().registration).toEqual({ step: 'submit' });
    await settle();
    background.emit('pri(accounts.register)', { step: 'committee', blockNumber: 3, committee: [], at: 5 });
    expect(store.getState().registration).toEqual({ step: 'committee', blockNumber: 3, committee: [] });
    const account = { ...BOB, registration: ALICE.registration };
    finish(account);
    expect(await registered).toEqual(account);
    // The committee stays: the success screen says how many signing groups share the key.
    expect(store.getState().registration).toEqual({
      step: 'done',
      ethAddress: ALICE.registration!.ethAddress,
      committee: [],
    });
    expect(store.getState().accounts).toEqual([account]);

    background.override('pri(accounts.register)', () => {
      throw new FakeRefusal('No committee answered', 'TIMEOUT');
    });
    expect(await store.getState().register(input)).toBeUndefined();
    expect(store.getState().registration).toEqual({
      step: 'failed',
      error: { message: 'No committee answered', code: 'TIMEOUT' },
    });
  });

  it('answers the account and password forms with outcomes, leaving the popup-wide error alone', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      password: 'pw',
      accounts: [ALICE, BOB],
    });
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    const { exportMnemonic, removeAccount, changePassword, readConstraints, updateConstraints } =
      store.getState();

    expect(await exportMnemonic(BOB.address, 'nope')).toEqual({
      ok: false,
      error: { message: 'That password is not right', code: 'WRONG_PASSWORD' },
    });
    expect(store.getState().error).toBeUndefined();
    expect(await exportMnemonic(BOB.address, 'pw')).toEqual({ ok: true, value: TEST_MNEMONIC });
    expect(JSON.stringify(store.getState())).not.toContain(TEST_MNEMONIC);

    const acl = { kind: 'Allow' as const, addresses: [], allowNullRecipient: false };
    expect(await readConstraints(ALICE.address)).toEqual({ ok: true, value: {} });
    expect(await updateConstraints(ALICE.address, { evmAcl: acl })).toEqual({
      ok: true,
      value: { evmAcl: acl },
    });
    expect(background.wallet.constraints[ALICE.address]).toEqual({ evmAcl: acl });

    expect((await changePassword('pw', 'new password')).ok).toBe(true);
    expect(background.wallet.password).toBe('new password');

    store.getState().showAccountScreen({ address: BOB.address, screen: 'remove' });
    expect((await removeAccount(BOB.address, 'pw')).ok).toBe(false);
    expect(store.getState().accountScreen).toEqual({ address: BOB.address, screen: 'remove' });
    expect(await removeAccount(BOB.address, 'new password')).toEqual({ ok: true, value: null });
    expect(store.getState().accounts).toEqual([ALICE]);
    expect(store.getState().accountScreen).toBeUndefined();
  });

  it('gives the focus back to the button that opened an account screen', () => {
    const store = createWalletStore(fakeBackground().client);
    const screen = { address: ALICE.address, screen: 'recovery-phrase' as const };
    store.getState().showAccountScreen(screen);
    expect(store.getState()).toMatchObject({ accountScreen: screen, returnFocus: undefined });
    store.getState().showAccountScreen(undefined);
    expect(store.getState()).toMatchObject({ accountScreen: undefined, returnFocus: screen });
  });

  it('reports user activity to the vault’s idle timer, at most every 30 s and only while unlocked', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true });
    background.override('pri(vault.touch)', () => ({}));
    const store = createWalletStore(background.client);
    await store.getState().refresh();
    store.getState().touch();
    store.getState().touch();
    const touches = () => background.calls.filter((c) => c.method === 'pri(vault.touch)').length;
    expect(touches()).toBe(1);
    store
      .getState()
      .applySnapshot({ vault: { initialised: true, unlocked: false, autoLockMinutes: 5, retryAfterMs: 0 } });
    store.getState().touch();
    expect(touches()).toBe(1);
  });
});
