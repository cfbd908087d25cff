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
  TRANSFER,
  TYPED,
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
    expect(field('name')).toBe('Ether Mail');
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
});
