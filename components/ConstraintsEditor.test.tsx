// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Constraints } from '../lib/chain/entropy';
import { ALICE } from '../lib/popup/testing/fixtures';
import type { Outcome } from '../lib/popup/types';
import { ConstraintsEditor } from './ConstraintsEditor';

afterEach(cleanup);

const DEAD = '0x000000000000000000000000000000000000dEaD';
const HARDHAT_1 = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const BTC = {
  kind: 'Deny' as const,
  addresses: [`0x${'11'.repeat(32)}` as const],
  allowNullRecipient: false,
};
const ON_CHAIN: Constraints = {
  evmAcl: { kind: 'Allow', addresses: [DEAD.toLowerCase() as `0x${string}`], allowNullRecipient: false },
  btcAcl: BTC,
};
const registered = { ...ALICE, registration: ALICE.registration! };

/** Lets the queued answers arrive and React render them. */
const settle = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

function renderEditor(
  onRead: () => Promise<Outcome<Constraints>>,
  onSave: (address: string, c: Constraints) => Promise<Outcome<Constraints>> = (_a, c) =>
    Promise.resolve({ ok: true, value: c }),
  editable = true,
) {
  const props = { onRead: vi.fn(onRead), onSave: vi.fn(onSave), onClose: vi.fn() };
  render(<ConstraintsEditor account={registered} editable={editable} {...props} />);
  return props;
}

const list = () => screen.getByLabelText('Ethereum addresses (one per line)') as HTMLTextAreaElement;
const save = () => screen.getByRole('button', { name: /Save on chain|Saving…/ }) as HTMLButtonElement;

describe('ConstraintsEditor', () => {
  it('reads the rules from the chain, then shows them and fills the form with them', async () => {
    let answer: (outcome: Outcome<Constraints>) => void = () => undefined;
    const props = renderEditor(() => new Promise((resolve) => (answer = resolve)));
    expect(props.onRead).toHaveBeenCalledWith(ALICE.address);
    expect(screen.getByRole('status').textContent).toBe('Reading the constraints from the chain…');
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Constraints of Alice' }));
    await act(async () => answer({ ok: true, value: ON_CHAIN }));
    const now = screen.getByRole('region', { name: 'On chain now' });
    expect(now.textContent).toContain('Only these recipients are allowed (1 address).');
    expect(now.textContent).toContain('Contract creation is not allowed.');
    expect(within(now).getByRole('list', { name: 'Allowed recipients' }).textContent).toBe(
      DEAD.toLowerCase(),
    );
    expect((screen.getByRole('radio', { name: 'The only ones allowed' }) as HTMLInputElement).checked).toBe(
      true,
    );
    expect(list().value).toBe(DEAD.toLowerCase());
    expect(save().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Back' }));
    expect(props.onClose).toHaveBeenCalled();
  });

  it('says when the chain has no rules for the account', async () => {
    renderEditor(() => Promise.resolve({ ok: true, value: {} }));
    await settle();
    expect(screen.getByText('No EVM rules: every recipient is allowed.')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Blocked' }) as HTMLInputElement).checked).toBe(true);
  });

  it('explains a failed read and tries again', async () => {
    let reads = 0;
    const props = renderEditor(() =>
      Promise.resolve(
        ++reads === 1
          ? { ok: false, error: { message: 'The chain could not be reached', code: 'CHAIN_UNAVAILABLE' } }
          : { ok: true, value: ON_CHAIN },
      ),
    );
    await settle();
    expect(screen.getByRole('alert').textContent).toContain('The chain could not be reached');
    expect(screen.queryByRole('form')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await settle();
    expect(props.onRead).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(list().value).toBe(DEAD.toLowerCase());
  });

  it('names each address it cannot use, inline, and will not save them', async () => {
    renderEditor(() => Promise.resolve({ ok: true, value: ON_CHAIN }));
    await settle();
    const typo = HARDHAT_1.replace('C51812', 'c51812');
    fireEvent.change(list(), { target: { value: `${DEAD}\n0x1234\n${typo}` } });
    const hint = document.getElementById(list().getAttribute('aria-describedby')!)!;
    expect(hint.textContent).toContain('0x1234 is not an Ethereum address (0x and 40 hex digits).');
    expect(hint.textContent).toContain(`${typo} has a wrong checksum`);
    expect(list().getAttribute('aria-invalid')).toBe('true');
    expect(save().disabled).toBe(true);
    fireEvent.change(list(), {
      target: {
        value: Array.from({ length: 26 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`).join('\n'),
      },
    });
    expect(hint.textContent).toBe('At most 25 addresses.');
    expect(save().disabled).toBe(true);
    fireEvent.change(list(), { target: { value: '' } });
    expect(hint.textContent).toBe('With no address listed, every transaction with a recipient is refused.');
    expect(list().getAttribute('aria-invalid')).toBe('false');
  });

  it('saves a new list with progress while the chain includes it, then shows what the chain holds', async () => {
    let answer: (outcome: Outcome<Constraints>) => void = () => undefined;
    const props = renderEditor(
      () => Promise.resolve({ ok: true, value: ON_CHAIN }),
      () => new Promise((resolve) => (answer = resolve)),
    );
    await settle();
    fireEvent.change(list(), { target: { value: `${DEAD}\n${HARDHAT_1.toLowerCase()}` } });
    fireEvent.click(screen.getByLabelText('Allow contract creation (no recipient)'));
    expect(save().disabled).toBe(false);
    fireEvent.click(save());
    const sent = {
      evmAcl: { kind: 'Allow', addresses: [DEAD, HARDHAT_1], allowNullRecipient: true },
      btcAcl: BTC,
    };
    expect(props.onSave).toHaveBeenCalledWith(ALICE.address, sent);
    expect(save().textContent).toBe('Saving…');
    expect(save().disabled).toBe(true);
    expect(list().disabled).toBe(true);
    expect(screen.getByRole('status').textContent).toContain('Waiting for the chain to include the change');
    const held = {
      ...sent,
      evmAcl: { ...sent.evmAcl, addresses: [DEAD, HARDHAT_1].map((a) => a.toLowerCase()) },
    };
    await act(async () => answer({ ok: true, value: held as Constraints }));
    expect(screen.getByRole('status').textContent).toBe('Saved: the chain now holds the rules above.');
    const now = screen.getByRole('region', { name: 'On chain now' });
    expect(now.textContent).toContain('Only these recipients are allowed (2 addresses).');
    expect(now.textContent).toContain('Contract creation is allowed.');
    expect(save().disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'Blocked' }));
    expect(screen.getByRole('status').textContent).not.toContain('Saved');
  });

  it('explains a refused update and keeps the edit for another try', async () => {
    renderEditor(
      () => Promise.resolve({ ok: true, value: ON_CHAIN }),
      () =>
        Promise.resolve({
          ok: false,
          error: {
            message: 'The account cannot pay the fee',
            code: 'EXTRINSIC_FAILED',
            details: { block: 7 },
          },
        }),
    );
    await settle();
    fireEvent.click(screen.getByRole('radio', { name: 'Blocked' }));
    await act(async () => fireEvent.click(save()));
    expect(screen.getByRole('alert').textContent).toContain('The account cannot pay the fee');
    expect(screen.getByText('EXTRINSIC_FAILED').closest('details')).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Blocked' }) as HTMLInputElement).checked).toBe(true);
    expect(save().disabled).toBe(false);
    expect(screen.getByRole('region', { name: 'On chain now' }).textContent).toContain(
      'Only these recipients',
    );
  });

  it('only shows the rules when the constraint account is not in this wallet', async () => {
    renderEditor(() => Promise.resolve({ ok: true, value: ON_CHAIN }), undefined, false);
    await settle();
    expect(screen.getByText(/Only the constraint account .* can change these rules/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Save on chain' })).toBeNull();
  });
});
