// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWalletStore } from '../lib/popup/store';
import { App } from './App';
import { fakeBackground, TEST_MNEMONIC } from '../lib/popup/testing/fake-background';
import { ALICE, AUTHORIZE, MID_PROTOCOL, TRANSFER } from '../lib/popup/testing/fixtures';

afterEach(cleanup);

async function renderApp(background: ReturnType<typeof fakeBackground>) {
  const store = createWalletStore(background.client);
  render(<App store={store} />);
  await act(() => store.getState().refresh());
  return store;
}

/** Lets the fake background's queued answers arrive and React render them. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

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

  it('creates a wallet: password, recovery phrase shown once, words confirmed, account ready', async () => {
    const background = fakeBackground();
    const store = await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Create a new account' }));
    await settle();
    const password = 'quiet-harbour-lantern-97';
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: password } });
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
    expect(screen.getByRole('heading', { name: 'Your wallet is ready' })).toBeTruthy();
    // The vault is unlocked and has an account now; onboarding stays until the user leaves it.
    fireEvent.click(screen.getByRole('button', { name: 'Open the wallet' }));
    expect(store.getState().onboarding).toBe(false);
    expect(screen.getByRole('tab', { name: 'Accounts', selected: true })).toBeTruthy();
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

  it('shows pending requests before anything else and follows the queue live', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [AUTHORIZE],
    });
    const store = await renderApp(background);
    store.getState().connect(60_000);
    expect(screen.getByRole('heading', { name: 'Connection request' })).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Connect' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(requests.approve)')?.params).toEqual({
      id: AUTHORIZE.id,
      accounts: [ALICE.address],
    });
    expect(screen.getByRole('tablist')).toBeTruthy();

    act(() => background.push({ type: 'requests', requests: [TRANSFER] }));
    expect(screen.getByRole('heading', { name: 'Sign a transaction' })).toBeTruthy();
  });

  it('follows an approved signature’s committee progress until the user closes it', async () => {
    const background = fakeBackground({
      initialised: true,
      unlocked: true,
      accounts: [ALICE],
      requests: [TRANSFER],
    });
    background.override('pri(requests.approve)', () => new Promise(() => undefined));
    const store = await renderApp(background);
    store.getState().connect(60_000);
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await settle();
    expect(screen.getByRole('status').textContent).toBe('Starting to sign…');
    act(() => background.push({ type: 'progress', progress: MID_PROTOCOL as never }));
    expect(screen.getByRole('heading', { name: 'Signing together with the committee' })).toBeTruthy();
    act(() =>
      background.push({
        type: 'progress',
        progress: {
          ...MID_PROTOCOL,
          status: 'done',
          signature: '0x01',
          endedAt: MID_PROTOCOL.startedAt + 9000,
        } as never,
      }),
    );
    act(() =>
      background.push({ type: 'answered', outcome: { id: TRANSFER.id, status: 'approved', result: null } }),
    );
    expect(screen.getByText('0x01')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('tablist')).toBeTruthy();
  });
});
