// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createWalletStore } from '../lib/popup/store';
import { FakeRefusal, fakeBackground } from '../lib/popup/testing/fake-background';
import { ALICE, AUTHORIZE, BOB } from '../lib/popup/testing/fixtures';
import { App } from './App';

afterEach(cleanup);

async function renderApp(background: ReturnType<typeof fakeBackground>) {
  const store = createWalletStore(background.client);
  render(<App store={store} />);
  await act(() => store.getState().refresh());
  store.getState().connect();
  return store;
}

const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

const unlocked = (extra: Parameters<typeof fakeBackground>[0] = {}) =>
  fakeBackground({
    initialised: true,
    unlocked: true,
    password: 'pw',
    accounts: [ALICE, BOB],
    balances: {
      [ALICE.address]: { free: '10000000000000', transferable: '10000000000000' },
      [BOB.address]: { free: '0', transferable: '0' },
    },
    ...extra,
  });

function card(name: string): HTMLElement {
  return screen.getByText(name, { selector: '.account-name' }).closest('li')!;
}

describe('home: what do I own', () => {
  it('shows each account with its name, identicons, labelled addresses and live balance', async () => {
    const background = unlocked();
    await renderApp(background);
    const alice = within(card('Alice'));
    expect(alice.getByLabelText('Balance').textContent).toBe('1,000 BITS');
    expect(alice.getByText('Entropy account')).toBeTruthy();
    expect(alice.getByText('Ethereum address')).toBeTruthy();
    expect(alice.getByText(ALICE.address)).toBeTruthy();
    expect(alice.getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    expect(card('Alice').querySelectorAll('.identicon')).toHaveLength(3);
    expect(within(card('Bob')).getByLabelText('Balance').textContent).toBe('0 BITS');
    expect(within(card('Bob')).getByText(/not registered with Entropy/)).toBeTruthy();
    // Remove is not an everyday button: it sits behind the account's menu.
    expect(screen.queryByRole('button', { name: 'Remove Alice' })).toBeNull();

    // Live: a new balance pushed by the background shows at once.
    await act(async () =>
      background.change((w) => {
        w.balances[ALICE.address] = { free: '15000000000', transferable: '15000000000' };
      }),
    );
    expect(alice.getByLabelText('Balance').textContent).toBe('1.5 BITS');
  });

  it('says the network is connecting, connected or unreachable, with the endpoint, and why', async () => {
    const background = unlocked({
      network: { endpoint: 'ws://127.0.0.1:9944', state: 'connecting' },
      balances: {},
    });
    await renderApp(background);
    expect(screen.getByRole('region', { name: 'Network status' }).textContent).toContain('Connecting…');
    expect(within(card('Alice')).getByLabelText('Balance').textContent).toBe('Reading the balance…');
    await act(async () =>
      background.change((w) => {
        w.network = {
          endpoint: 'ws://127.0.0.1:9944',
          state: 'unreachable',
          error: 'The Entropy network at ws://127.0.0.1:9944 did not answer',
        };
      }),
    );
    const indicator = screen.getByRole('region', { name: 'Network status' });
    expect(indicator.textContent).toContain('Unreachable');
    expect(indicator.textContent).toContain('ws://127.0.0.1:9944');
    expect(
      screen.getByText(/did not answer\. Start the node or change the endpoint in Settings\./),
    ).toBeTruthy();
    expect(within(card('Alice')).getByLabelText('Balance').textContent).toBe(
      'Balance unavailable: network unreachable',
    );
  });

  it('renames an account in place, and refuses an empty name', async () => {
    const background = unlocked();
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Rename Alice' }));
    const field = screen.getByLabelText('Account name');
    fireEvent.change(field, { target: { value: '   ' } });
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(field, { target: { value: 'Savings' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(accounts.rename)')?.params).toEqual({
      address: ALICE.address,
      name: 'Savings',
    });
    expect(screen.getByText('Savings', { selector: '.account-name' })).toBeTruthy();
  });

  it('Receive shows the address with a QR code, for either address of a registered account', async () => {
    await renderApp(unlocked());
    fireEvent.click(screen.getByRole('button', { name: 'Receive to Alice' }));
    expect(screen.getByRole('heading', { name: 'Receive to Alice' })).toBeTruthy();
    expect(screen.getByTitle('QR code of the entropy account')).toBeTruthy();
    expect(screen.getByText(ALICE.address)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Ethereum address' }));
    expect(screen.getByTitle('QR code of the ethereum address')).toBeTruthy();
    expect(screen.getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Receive to Alice' }));
  });

  it('Send checks the recipient and the amount, sends, and says a refusal in words', async () => {
    const background = unlocked();
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Send from Alice' }));
    expect(screen.getByText('Available: 1,000 BITS')).toBeTruthy();
    const to = screen.getByLabelText('To (Entropy account)');
    const amount = screen.getByLabelText('Amount (BITS)');
    fireEvent.change(to, { target: { value: '0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf' } });
    expect(screen.getByText('This is not an Entropy (SS58) address.')).toBeTruthy();
    fireEvent.change(to, { target: { value: BOB.address } });
    fireEvent.change(amount, { target: { value: '5000' } });
    expect(screen.getByText('More than this account can send (1,000 BITS).')).toBeTruthy();
    fireEvent.change(amount, { target: { value: '12.5' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(balances.transfer)')?.params).toEqual({
      from: ALICE.address,
      to: BOB.address,
      amount: '125000000000',
    });
    expect(screen.getByText('Sent 12.5 BITS in block 42.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));

    // The chain refuses (no BITS for the fee): the refusal in words, the node's text behind the disclosure.
    background.override('pri(balances.transfer)', () => {
      throw new FakeRefusal(
        'This account has no BITS to pay the fee — fund it from the faucet first.',
        'TRANSACTION_INVALID',
        {
          reason: '1010: Invalid Transaction: Inability to pay some fees (e.g. account balance too low)',
        },
      );
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send from Alice' }));
    fireEvent.change(screen.getByLabelText('To (Entropy account)'), { target: { value: BOB.address } });
    fireEvent.change(screen.getByLabelText('Amount (BITS)'), { target: { value: '0.5' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Send' })));
    await settle();
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain(
      'This account has no BITS to pay the fee — fund it from the faucet first.',
    );
    expect(alert.textContent).toContain('Inability to pay some fees');
  });
});

const ETH_ALICE = ALICE.registration!.ethAddress;
const EUSD = { address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', symbol: 'eUSD', decimals: 6 } as const;
const DEVNET_EVM = {
  chainId: 31337,
  name: 'Local devnet (anvil)',
  symbol: 'ETH',
  state: 'connected',
  blockNumber: '3',
  holdings: {
    [ETH_ALICE]: {
      native: '2500000000000000000',
      tokens: [{ token: EUSD, balance: '1000000000' }],
    },
  },
} as const;

describe('home: ETH and tokens on the selected EVM chain', () => {
  it('shows ETH and each configured token under the Ethereum address, live', async () => {
    const background = unlocked({ evm: structuredClone(DEVNET_EVM) as never });
    await renderApp(background);
    const balances = within(card('Alice')).getByRole('list', { name: 'Balances on Local devnet (anvil)' });
    expect(
      within(balances)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['2.5 ETH', '1,000 eUSD']);
    // Bob has no Ethereum address: nothing to show there.
    expect(within(card('Bob')).queryByRole('list', { name: /Balances on/ })).toBeNull();
    expect((screen.getByLabelText('Ethereum network') as HTMLSelectElement).value).toBe('31337');

    // A new block moved the balances: shown as pushed.
    await act(async () =>
      background.change((w) => {
        w.evm!.holdings[ETH_ALICE]!.native = '1000000000000000';
        w.evm!.holdings[ETH_ALICE]!.tokens = [{ token: EUSD }];
      }),
    );
    expect(
      within(balances)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['0.001 ETH', 'eUSD: unavailable (the token does not answer)']);
  });

  it('says it is reading, or that the chain is unreachable with the reason', async () => {
    const background = unlocked({
      evm: { ...structuredClone(DEVNET_EVM), state: 'connecting', holdings: {} },
    });
    await renderApp(background);
    expect(within(card('Alice')).getByLabelText('Balances on Local devnet (anvil)').textContent).toBe(
      'Reading the balance on Local devnet (anvil)…',
    );
    await act(async () =>
      background.change((w) => {
        w.evm = {
          ...w.evm!,
          state: 'unreachable',
          error: 'Local devnet (anvil) (chain 31337) did not answer: HTTP request failed.',
        };
      }),
    );
    expect(within(card('Alice')).getByLabelText('Balances on Local devnet (anvil)').textContent).toBe(
      'Balance unavailable: Local devnet (anvil) is unreachable',
    );
    expect(screen.getByRole('note').textContent).toBe(
      'Local devnet (anvil) (chain 31337) did not answer: HTTP request failed. Start its node or change its RPC in Settings.',
    );
  });

  it("switching the Ethereum network saves it and shows nothing of the old chain as the new one's", async () => {
    const background = unlocked({ evm: structuredClone(DEVNET_EVM) as never });
    await renderApp(background);
    await act(async () =>
      fireEvent.change(screen.getByLabelText('Ethereum network'), { target: { value: '11155111' } }),
    );
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(settings.update)')?.params).toEqual({
      defaultEvmChainId: 11155111,
    });
    // The background has not read Sepolia yet: the devnet's balances are not passed off as Sepolia's.
    expect(within(card('Alice')).getByLabelText('Balances on Sepolia').textContent).toBe(
      'Reading the balance on Sepolia…',
    );
  });

  it("Send ETH or a token: an Ethereum recipient, the asset's balance, then the approval takes over", async () => {
    const background = unlocked({ evm: structuredClone(DEVNET_EVM) as never });
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Send from Alice' }));
    const asset = screen.getByLabelText('Asset') as HTMLSelectElement;
    expect([...asset.options].map((o) => o.textContent)).toEqual([
      'BITS on Entropy devnet',
      'ETH on Local devnet (anvil)',
      'eUSD on Local devnet (anvil)',
    ]);
    fireEvent.change(asset, { target: { value: 'evm' } });
    expect(screen.getByText('Available: 2.5 ETH')).toBeTruthy();
    const to = screen.getByLabelText('To (Ethereum address)');
    fireEvent.change(to, { target: { value: BOB.address } });
    expect(screen.getByText('This is not an Ethereum address (0x and 40 hex digits).')).toBeTruthy();
    fireEvent.change(to, { target: { value: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' } });
    fireEvent.change(screen.getByLabelText('Amount (ETH)'), { target: { value: '3' } });
    expect(screen.getByText('More than this account can send (2.5 ETH).')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Amount (ETH)'), { target: { value: '0.25' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Review' })));
    await settle();
    expect(background.calls.find((c) => c.method === 'pri(eth.send)')?.params).toEqual({
      from: ALICE.address,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      amount: '250000000000000000',
    });
    // Queued: the Send screen gives way (to the approval, once the background pushes it).
    expect(screen.queryByRole('heading', { name: 'Send from Alice' })).toBeNull();

    // A token: its own decimals and balance, the token's address sent along.
    fireEvent.click(screen.getByRole('button', { name: 'Send from Alice' }));
    fireEvent.change(screen.getByLabelText('Asset'), { target: { value: EUSD.address } });
    expect(screen.getByText('Available: 1,000 eUSD')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('To (Ethereum address)'), {
      target: { value: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
    });
    fireEvent.change(screen.getByLabelText('Amount (eUSD)'), { target: { value: '12.5' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Review' })));
    await settle();
    expect(background.calls.filter((c) => c.method === 'pri(eth.send)').at(-1)?.params).toEqual({
      from: ALICE.address,
      to: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8',
      amount: '12500000',
      token: EUSD.address,
    });
  });

  it('a refusal before approval (no ETH for the fee) stays on the Send form, in words', async () => {
    const evm = structuredClone(DEVNET_EVM) as never as { holdings: Record<string, { native: string }> };
    evm.holdings[ETH_ALICE]!.native = '0';
    const background = unlocked({ evm: evm as never });
    await renderApp(background);
    fireEvent.click(screen.getByRole('button', { name: 'Send from Alice' }));
    fireEvent.change(screen.getByLabelText('Asset'), { target: { value: 'evm' } });
    fireEvent.change(screen.getByLabelText('To (Ethereum address)'), {
      target: { value: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
    });
    // More than the balance is caught in the form; the background's refusal is shown for what it catches.
    fireEvent.change(screen.getByLabelText('Amount (ETH)'), { target: { value: '0.1' } });
    expect(screen.getByText('More than this account can send (0 ETH).')).toBeTruthy();
    background.override('pri(eth.send)', () => {
      throw new FakeRefusal(
        'The account cannot pay the value plus the maximum fee of this transaction',
        'INSUFFICIENT_FUNDS',
      );
    });
    evm.holdings[ETH_ALICE]!.native = '1000000000000000000';
    await act(async () => background.change((w) => (w.evm = evm as never)));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Review' })));
    await settle();
    expect(screen.getByRole('heading', { name: 'Send from Alice' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain(
      'The account cannot pay the value plus the maximum fee of this transaction',
    );
  });
});

describe('never dead, never stale', () => {
  it('the unlock screen says which site is waiting', async () => {
    await renderApp(unlocked({ unlocked: false, requests: [AUTHORIZE] }));
    expect(
      screen.getByText('http://127.0.0.1:5173 is waiting for your answer. Unlock to see its request.'),
    ).toBeTruthy();
  });

  it('a new screen starts at its top', async () => {
    await renderApp(unlocked());
    const main = screen.getByRole('main');
    main.scrollTop = 200;
    fireEvent.click(screen.getByRole('tab', { name: 'History' }));
    expect(main.scrollTop).toBe(0);
  });

  it('a banner does not follow the user to the next screen', async () => {
    const background = unlocked();
    const store = await renderApp(background);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    act(() => store.setState({ error: { message: 'Could not save', code: 'X' } }));
    expect(screen.getByRole('alert').textContent).toContain('Could not save');
    fireEvent.click(screen.getByRole('tab', { name: 'Accounts' }));
    await settle();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().error).toBeUndefined();
  });

  it('says it is reconnecting while the service worker restarts, then shows the state it re-read', async () => {
    const background = unlocked();
    const store = await renderApp(background);
    act(() => store.getState().setConnection('reconnecting'));
    expect(screen.getByRole('region', { name: 'Network status' }).textContent).toContain(
      'Reconnecting to the wallet…',
    );
    await act(async () => background.change((w) => (w.accounts = [ALICE])));
    expect(screen.getByRole('region', { name: 'Network status' }).textContent).toContain('Connected');
    expect(screen.queryByText('Bob', { selector: '.account-name' })).toBeNull();
  });
});
