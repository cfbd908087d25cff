// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWalletStore } from '../lib/popup/store';
import { App } from './App';
import { FakeRefusal, fakeBackground, TEST_MNEMONIC } from '../lib/popup/testing/fake-background';
import { ALICE, AUTHORIZE, BOB, MID_PROTOCOL, TRANSFER } from '../lib/popup/testing/fixtures';

afterEach(cleanup);

async function renderApp(background: ReturnType<typeof fakeBackground>) {
  const store = createWalletStore(background.client);
  render(<App store={store} />);
  await act(() => store.getState().refresh());
  return store;
}

/** Lets the fake background's queued answers arrive and React render them. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

/** An item of an account's "More" menu, opening the menu when it is closed. */
function menuItem(account: string, name: string): HTMLElement {
  const item = screen.queryByRole('button', { name });
  if (item) return item;
  fireEvent.click(screen.getByRole('button', { name: `More for ${account}` }));
  return screen.getByRole('button', { name });
}

describe('popup App', () => {
  it('says it is connecting until the background answers', async () => {
    const background = fakeBackground();
    const store = createWalletStore(background.client);
    render(<App store={store} />);
    expect(screen.getByRole('status').textContent).toBe('Connecting to the wallet…');
    await act(() => store.getState().refresh());
    expect(screen.getByText('v1.2.3')).toBeTruthy();
  });

  it('starts onboarding on a new wallet, with the devnet endpoint and a refusal in words', async () => {
    await renderApp(fakeBackground());
    expect(screen.getByRole('heading', { name: 'Welcome' })).toBeTruthy();
    // The network is named, and its endpoint editable only when asked for.
    expect(screen.queryByLabelText('Network endpoint')).toBeNull();
    expect(screen.getByText('Local devnet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change the network' }));
    const endpoint = screen.getByLabelText('Network endpoint') as HTMLInputElement;
    expect(endpoint.value).toBe('ws://127.0.0.1:9944');
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(endpoint, { target: { value: 'http://x' } });
    await act(async () => fireEvent.click(save));
    expect(screen.getByRole('alert').textContent).toContain('Use a ws:// or wss:// URL');
    expect(screen.getByText('INVALID_REQUEST').closest('details')).toBeTruthy();
    fireEvent.change(endpoint, { target: { value: 'ws://127.0.0.1:9955' } });
    await act(async () => fireEvent.click(save));
    expect(screen.getByRole('status').textContent).toBe('Saved');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('creates a wallet: password, recovery phrase shown once, words confirmed, registration offered', async () => {
    const background = fakeBackground();
    const store = await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Create a new account' }));
    await settle();
    const password = 'quiet-harbour-lantern-97';
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: password } });
    expect(await screen.findByText(/Strength: (Strong|Very strong)/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Continue' })));
    await settle();
    expect(background.wallet.password).toBe(password);

    const words = within(screen.getByRole('list', { name: 'Recovery phrase' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(words.join(' ')).toBe(TEST_MNEMONIC);
    const proceed = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;
    expect(proceed.disabled).toBe(true);
    fireEvent.click(screen.getByLabelText('I have written these words down'));
    fireEvent.click(proceed);

    const fields = screen.getAllByLabelText(/^Word \d+$/) as HTMLInputElement[];
    expect(fields).toHaveLength(3);
    for (const field of fields) {
      const position = Number(field.labels![0]!.textContent!.replace('Word ', '')) - 1;
      fireEvent.change(field, { target: { value: TEST_MNEMONIC.split(' ')[position] } });
    }
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create the account' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(accounts.create)')?.params).toEqual({
      name: 'Account 1',
      mnemonic: TEST_MNEMONIC,
    });
    // Registration is offered next; it can wait.
    expect(screen.getByRole('heading', { name: 'Register with Entropy' })).toBeTruthy();
    expect((screen.getByLabelText(/Constraint account/) as HTMLInputElement).value).toBe('5Fake0');
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.getByRole('heading', { name: 'Your wallet is ready' })).toBeTruthy();
    // The vault is unlocked and has an account now; onboarding stays until the user leaves it.
    fireEvent.click(screen.getByRole('button', { name: 'Open the wallet' }));
    expect(store.getState().onboarding).toBe(false);
    expect(screen.getByRole('tab', { name: 'Accounts', selected: true })).toBeTruthy();
  });

  it('keeps onboarding on its step when the worker publishes the new vault still locked before answering', async () => {
    const background = fakeBackground();
    let answer: () => void = () => undefined;
    // The worker writes the vault's header before it unlocks it: a snapshot in between says initialised, locked.
    background.override('pri(vault.create)', (params) => {
      background.change((wallet) => (wallet.initialised = true));
      return new Promise((resolve) => {
        answer = () => {
          background.wallet.unlocked = true;
          background.wallet.password = (params as { password: string }).password;
          resolve({ initialised: true, unlocked: true, autoLockMinutes: 15, retryAfterMs: 0 });
        };
      });
    });
    const store = await renderApp(background);
    store.getState().connect();
    fireEvent.click(screen.getByRole('button', { name: 'Create a new account' }));
    await settle();
    const password = 'quiet-harbour-lantern-97';
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: password } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Continue' })));
    await settle();
    expect(store.getState().vault).toMatchObject({ initialised: true, unlocked: false });
    expect(screen.queryByRole('heading', { name: 'Unlock the wallet' })).toBeNull();
    await act(async () => answer());
    await settle();
    expect(screen.getByRole('list', { name: 'Recovery phrase' })).toBeTruthy();
  });

  it('asks for the password when locked and says so when it is wrong', async () => {
    const background = fakeBackground({ initialised: true, password: 'right one', accounts: [ALICE] });
    await renderApp(background);
    const field = screen.getByLabelText('Password');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'wrong' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Unlock' })));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('That password is not right');
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right one' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Unlock' })));
    await settle();
    expect(screen.getByText('Alice')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    await settle();
    expect(screen.getByRole('heading', { name: 'Unlock the wallet' })).toBeTruthy();
  });

  it('counts down the back-off after a wrong password before the next attempt', async () => {
    const background = fakeBackground({ initialised: true, password: 'right one', backoffMs: 4000 });
    await renderApp(background);
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Unlock' })));
    await settle();
    expect(screen.getByText(/Too many wrong passwords: try again in [34] s\./)).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'right one' } });
    expect((screen.getByRole('button', { name: 'Unlock' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows pending requests before anything else and follows the pushed snapshots', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [AUTHORIZE],
    });
    const store = await renderApp(background);
    store.getState().connect();
    expect(screen.getByRole('heading', { name: 'Connection request' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Connect' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(requests.approve)')?.params).toEqual({
      id: AUTHORIZE.id,
      accounts: [ALICE.address],
    });
    expect(screen.getByRole('tablist')).toBeTruthy();

    act(() => background.change((wallet) => (wallet.requests = [TRANSFER])));
    expect(screen.getByRole('heading', { name: 'Sign a transaction' })).toBeTruthy();
  });

  it('follows an approved signature’s committee progress until the user closes it', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [TRANSFER],
    });
    let answer: (outcome: unknown) => void = () => undefined;
    background.override('pri(requests.approve)', () => new Promise((resolve) => (answer = resolve)));
    const store = await renderApp(background);
    store.getState().connect();
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await settle();
    expect(screen.getByRole('status').textContent).toBe('Starting to sign…');
    act(() => background.change((wallet) => (wallet.sessions = [MID_PROTOCOL])));
    expect(screen.getByRole('heading', { name: 'Signing together with the committee' })).toBeTruthy();
    expect(screen.getAllByText('Round 2 of 3')).toHaveLength(2);
    const done = {
      ...MID_PROTOCOL,
      status: 'done' as const,
      signature: '0x01' as const,
      endedAt: MID_PROTOCOL.startedAt + 9000,
    };
    act(() =>
      background.change((wallet) => {
        wallet.sessions = [done];
        wallet.requests = [];
      }),
    );
    await act(async () => answer({ id: TRANSFER.id, status: 'approved', result: { signature: '0x01' } }));
    await settle();
    expect(screen.getByRole('heading', { name: 'Signed' })).toBeTruthy();
    expect(screen.getByText('0x01')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('tablist')).toBeTruthy();
  });

  it('registers an account from the Accounts tab, with live progress and the resulting address', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, accounts: [BOB] });
    let finish: (account: unknown) => void = () => undefined;
    background.override('pri(accounts.register)', () => new Promise((resolve) => (finish = resolve)));
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Register Bob with Entropy' }));
    expect(screen.getByRole('heading', { name: 'Register with Entropy' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(accounts.register)')?.params).toEqual({
      address: BOB.address,
      constraintAccount: BOB.address,
      constraints: { evmAcl: { kind: 'Deny', addresses: [], allowNullRecipient: true } },
    });
    act(() =>
      background.emit('pri(accounts.register)', {
        step: 'dkg',
        blockNumber: 9,
        round: 1,
        totalRounds: 3,
        at: 1,
      }),
    );
    expect(screen.getByText(/round 1 of 3/)).toBeTruthy();
    const registered = { ...BOB, registration: { ...ALICE.registration!, constraintAccount: BOB.address } };
    await act(async () => finish(registered));
    await settle();
    expect(screen.getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the wallet' }));
    expect(screen.getByRole('tablist')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Register Bob with Entropy' })).toBeNull();
  });

  it('explains a registration the chain refused, and lets the user try again', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, accounts: [BOB] });
    background.override('pri(accounts.register)', () => {
      throw new FakeRefusal('The account cannot pay the registration fee', 'INSUFFICIENT_FUNDS');
    });
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Register Bob with Entropy' }));
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The account cannot pay the registration fee');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Not now' }));
    expect(screen.getByRole('tablist')).toBeTruthy();
  });

  it('edits a registered account’s constraints from the Accounts tab, then gives the focus back', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE, BOB],
      constraints: { [ALICE.address]: { evmAcl: { kind: 'Deny', addresses: [], allowNullRecipient: true } } },
    });
    await renderApp(background);
    // Only a registered account has constraints on chain.
    fireEvent.click(screen.getByRole('button', { name: 'More for Bob' }));
    expect(screen.getByRole('button', { name: 'Recovery phrase of Bob' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Edit constraints of Bob' })).toBeNull();
    fireEvent.click(menuItem('Alice', 'Edit constraints of Alice'));
    await settle();
    expect(screen.getByRole('heading', { name: 'Constraints of Alice' })).toBeTruthy();
    expect(screen.getByText('These recipients are blocked (0 addresses).', { exact: false })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'The only ones allowed' }));
    fireEvent.change(screen.getByLabelText('Ethereum addresses (one per line)'), {
      target: { value: '0x000000000000000000000000000000000000dEaD' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save on chain' }));
    await settle();
    expect(background.wallet.constraints[ALICE.address]).toEqual({
      evmAcl: {
        kind: 'Allow',
        addresses: ['0x000000000000000000000000000000000000dEaD'],
        allowNullRecipient: true,
      },
    });
    expect(screen.getByText('Saved: the chain now holds the rules above.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(screen.getByRole('tab', { name: 'Accounts', selected: true })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Edit constraints of Alice' }));
  });

  it('shows a recovery phrase only after the right password, and never keeps it in the store', async () => {
    const background = fakeBackground({ initialised: true, unlocked: true, password: 'pw', accounts: [BOB] });
    const store = await renderApp(background);
    fireEvent.click(menuItem('Bob', 'Recovery phrase of Bob'));
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'wrong' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show the recovery phrase' })));
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('That password is not right');
    // The refusal belongs to the form: the popup-wide notice stays clear.
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(store.getState().error).toBeUndefined();
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Show the recovery phrase' })));
    await settle();
    fireEvent.click(screen.getByRole('button', { name: 'Show the words' }));
    const words = within(screen.getByRole('list', { name: 'Recovery phrase' })).getAllByRole('listitem');
    expect(words.map((li) => li.textContent).join(' ')).toBe(TEST_MNEMONIC);
    expect(JSON.stringify(store.getState())).not.toContain('legal winner');
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.getByRole('tablist')).toBeTruthy();
    expect(document.body.textContent).not.toContain('legal winner');
  });

  it('removes an account after its confirmation and the password; the last one leads back to onboarding', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      password: 'pw',
      accounts: [ALICE, BOB],
    });
    const store = await renderApp(background);
    fireEvent.click(menuItem('Bob', 'Remove Bob'));
    expect(screen.getByRole('heading', { name: 'Remove Bob?' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    // Back on the card, its menu still open, the focus on the button that opened the screen.
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Bob' }));
    fireEvent.click(menuItem('Bob', 'Remove Bob'));
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Bob' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(accounts.remove)')?.params).toEqual({
      address: BOB.address,
      password: 'pw',
    });
    expect(screen.getByRole('tablist')).toBeTruthy();
    expect(screen.queryByText('Bob')).toBeNull();
    expect(screen.getByText('Alice')).toBeTruthy();

    fireEvent.click(menuItem('Alice', 'Remove Alice'));
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Remove Alice' })));
    await settle();
    expect(store.getState().onboarding).toBe(true);
    expect(screen.getByRole('heading', { name: 'Welcome' })).toBeTruthy();
  });

  it('changes the wallet password from Settings', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      password: 'old password',
      accounts: [ALICE],
    });
    await renderApp(background);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    fireEvent.change(screen.getByLabelText('Current password'), { target: { value: 'old password' } });
    fireEvent.change(screen.getByLabelText('New password'), {
      target: { value: 'quiet-harbour-lantern-97' },
    });
    fireEvent.change(screen.getByLabelText('Repeat the new password'), {
      target: { value: 'quiet-harbour-lantern-97' },
    });
    await screen.findByText(/Strength: (Strong|Very strong)/);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Change the password' })));
    await settle();
    expect(background.wallet.password).toBe('quiet-harbour-lantern-97');
    expect(screen.getByText('Password changed')).toBeTruthy();
  });

  it('follows a signature already running when the popup opens', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [{ ...TRANSFER, status: 'approving' }],
      sessions: [MID_PROTOCOL],
    });
    await renderApp(background);
    expect(screen.getByRole('heading', { name: 'Signing together with the committee' })).toBeTruthy();
    expect(screen.getByText(/block 42/)).toBeTruthy();
  });
});
