// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Approvals } from './Approvals';
import {
  ALICE,
  AUTHORIZE,
  BOB,
  MESSAGE,
  ORIGIN,
  pending,
  SUBSTRATE_TRANSFER,
  TRANSFER,
  TYPED,
  TYPED_OTHER_CHAIN,
} from '../lib/popup/testing/fixtures';

afterEach(cleanup);

function show(requests = [TRANSFER], accounts = [ALICE, BOB]) {
  const onApprove = vi.fn();
  const onReject = vi.fn();
  render(<Approvals requests={requests} accounts={accounts} onApprove={onApprove} onReject={onReject} />);
  return { onApprove, onReject };
}

function field(name: string): string {
  const term = screen.getAllByText(name, { selector: 'dt' })[0]!;
  return term.nextElementSibling!.textContent ?? '';
}

describe('Approvals', () => {
  it('decodes an EVM transaction: recipient, value in ETH, chain, fees, data, and the hash signed', () => {
    show();
    expect(screen.getByRole('heading', { name: 'Sign a transaction' })).toBeTruthy();
    expect(screen.getByText(ORIGIN)).toBeTruthy();
    expect(screen.getByText(ALICE.address)).toBeTruthy();
    expect(field('To')).toBe('0x70997970C51812dc3A010C7d01b50e0d17dc79C8');
    expect(field('Value')).toBe('0.1 ETH');
    expect(field('Chain')).toBe('Sepolia (11155111)');
    expect(field('Max fee per gas')).toBe('2 gwei');
    expect(field('Max priority fee')).toBe('1 gwei');
    expect(field('Gas limit')).toBe('21000');
    expect(field('Data')).toContain('Function 0xa9059cbb');
    expect(screen.getByText(TRANSFER.sigHash!)).toBeTruthy();
  });

  it('shows EIP-712 domain and message fields, nested ones included', () => {
    show([TYPED]);
    expect(screen.getByText('Mail')).toBeTruthy();
    expect(field('Name')).toBe('Ether Mail');
    expect(field('contents')).toBe('Hello, Bob!');
    expect(field('from')).toBe('nameCow');
  });

  it('shows a message as text, with its bytes one click away', () => {
    show([MESSAGE]);
    expect(screen.getByLabelText('Message text').textContent).toBe('Hello, Entropy!');
    fireEvent.click(screen.getByRole('button', { name: 'Show as hex' }));
    expect(screen.getByLabelText('Message bytes (hex)').textContent).toBe('0x48656c6c6f2c20456e74726f707921');
  });

  it('shows non-text bytes as hex, and warns about blind hash signing', () => {
    cleanup();
    show([pending('raw', { kind: 'personal-message', message: '0x00ff01' })]);
    expect(screen.getByLabelText('Message bytes (hex)').textContent).toBe('0x00ff01');
    expect(screen.queryByRole('button', { name: 'Show as text' })).toBeNull();
    cleanup();
    show([pending('h', { kind: 'hash', hash: `0x${'11'.repeat(32)}` })]);
    expect(screen.getByText(/opaque hash/)).toBeTruthy();
  });

  it('approves with Ctrl+Enter and rejects with Escape', () => {
    const { onApprove, onReject } = show();
    fireEvent.keyDown(window, { key: 'Enter' });
    expect(onApprove).not.toHaveBeenCalled();
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(onApprove).toHaveBeenCalledWith(TRANSFER.id);
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(onReject).toHaveBeenCalledWith(TRANSFER.id);
  });

  it('accepts no second answer while one is in flight', () => {
    const { onApprove } = show([{ ...TRANSFER, status: 'approving' }]);
    expect((screen.getByRole('button', { name: 'Approving…' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Reject' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(onApprove).not.toHaveBeenCalled();
  });

  it('lets the user pick which accounts a site sees, and never none', () => {
    const { onApprove } = show([AUTHORIZE]);
    expect(screen.getByRole('heading', { name: 'Connection request' })).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: /Bob/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    expect(onApprove).toHaveBeenCalledWith(AUTHORIZE.id, [ALICE.address]);
    fireEvent.click(screen.getByRole('checkbox', { name: /Alice/ }));
    expect((screen.getByRole('button', { name: 'Connect' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('steps through several pending requests', () => {
    show([TRANSFER, MESSAGE]);
    const nav = screen.getByRole('navigation', { name: 'Pending requests' });
    expect(within(nav).getByText('1 of 2')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next request' }));
    expect(screen.getByRole('heading', { name: 'Sign a message' })).toBeTruthy();
  });

  it('shows a Substrate transaction decoded: call, amount in BITS, recipient, tip, nonce, validity, chain', () => {
    show([SUBSTRATE_TRANSFER]);
    expect(screen.getByRole('heading', { name: 'Sign a Substrate transaction' })).toBeTruthy();
    expect(screen.getByText('balances.transferKeepAlive')).toBeTruthy();
    expect(field('value')).toBe('12.5 BITS');
    expect(field('dest')).toBe(BOB.address);
    expect(field('Tip')).toBe('0.001 BITS');
    expect(field('Nonce')).toBe('7');
    expect(field('Valid')).toBe('blocks 96 to 160 (64 blocks)');
    expect(field('Chain')).toContain('Entropy devnet');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('warns when a Substrate payload is for another chain, and shows it undecoded', () => {
    const decoded = (SUBSTRATE_TRANSFER.display as { decoded: object }).decoded;
    show([
      {
        ...SUBSTRATE_TRANSFER,
        display: {
          ...SUBSTRATE_TRANSFER.display,
          decoded: {
            ...decoded,
            call: undefined,
            chain: undefined,
            decodeError:
              'The call is not decoded: the connected chain’s metadata does not describe another chain.',
            warnings: [
              'This transaction is for another chain (genesis 0x2222…222222) than the one the wallet is connected to.',
            ],
          },
        } as never,
      },
    ]);
    expect(screen.getByRole('alert').textContent).toContain('for another chain');
    expect(screen.getByText(/Only approve if you know exactly what this transaction does/)).toBeTruthy();
    expect(screen.queryByText('balances.transferKeepAlive')).toBeNull();
    expect(field('Chain')).toContain('another chain');
  });

  it('shows typed data with its domain first, and warns when the domain is for another chain', () => {
    show([TYPED_OTHER_CHAIN]);
    const terms = screen.getAllByRole('term').map((t) => t.textContent);
    expect(terms.slice(0, 3)).toEqual(['Name', 'Version', 'Chain']);
    expect(field('Chain')).toBe('Ethereum (1)');
    expect(screen.getByRole('alert').textContent).toContain(
      'This signature is for Ethereum (1), but the site is connected to Sepolia (11155111)',
    );
    cleanup();
    show([{ ...TYPED_OTHER_CHAIN, display: { ...TYPED_OTHER_CHAIN.display, currentChainId: 1 } as never }]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts a request from a phishing site behind a full-screen warning; rejecting is the default', () => {
    const flagged = pending(
      'phish-1',
      { kind: 'authorize' },
      {
        origin: 'https://metamasks.io',
        phishing: {
          host: 'metamasks.io',
          reason: 'lookalike',
          resembles: 'metamask.io',
          source: 'MetaMask eth-phishing-detect list',
        },
      },
    );
    const { onReject, onApprove } = show([flagged]);
    expect(screen.getByRole('heading', { name: 'This site may be trying to steal from you' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('metamasks.io looks like metamask.io');
    expect(screen.queryByRole('button', { name: 'Connect' })).toBeNull();
    // No shortcut approves from behind the warning.
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true });
    expect(onApprove).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reject and stay safe' }));
    fireEvent.click(screen.getByRole('button', { name: 'I understand the risk: show me the request' }));
    expect(screen.getByRole('button', { name: 'Connect' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    expect(onReject).toHaveBeenCalledWith('phish-1');
  });

  it('shows on the connect screen the address the site will receive: the 0x one for Ethereum sites', () => {
    show([pending('auth-eth', { kind: 'authorize', provider: 'ethereum' })]);
    const list = screen.getByRole('group');
    expect(within(list).getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    expect(within(list).queryByText(ALICE.address)).toBeNull();
    expect(within(list).getByText(/No Ethereum address yet/)).toBeTruthy();
    cleanup();
    show([AUTHORIZE]);
    expect(within(screen.getByRole('group')).getByText(BOB.address)).toBeTruthy();
  });
});
