// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  FAILED_CONSTRAINT,
  MID_PROTOCOL,
  MID_PROTOCOL_NOW,
  SIGNED_AFTER_RETRY,
} from '../lib/popup/testing/fixtures';
import { SigningProgress } from './SigningProgress';

afterEach(cleanup);

function member(group: number) {
  return within(screen.getByRole('listitem', { name: `Signing group ${group}` }));
}

function stepRow(name: string) {
  return screen.getByText(name).closest('li')!;
}

describe('SigningProgress', () => {
  it('mid-protocol: block, each member with group, validator, endpoint and round k of N, time per step', () => {
    render(<SigningProgress session={MID_PROTOCOL} now={MID_PROTOCOL_NOW} />);
    expect(screen.getByRole('heading', { name: 'Signing together with the committee' })).toBeTruthy();
    expect(screen.getByText(/Attempt 1 of 3 · block 42 · 4\.5 s/)).toBeTruthy();
    expect(member(0).getByText('Round 2 of 3')).toBeTruthy();
    expect(member(2).getByText('Subscribed')).toBeTruthy();
    expect(member(1).getByText('http://127.0.0.1:3002')).toBeTruthy();
    expect(member(1).getByText(/^Validator 5HGjWA…/)).toBeTruthy();
    expect(member(0).getByText(/recipient is not on the deny list/)).toBeTruthy();
    expect(stepRow('Request on chain').textContent).toContain('1.2 s');
    expect(stepRow('Threshold signing').getAttribute('aria-current')).toBe('step');
    expect(stepRow('Threshold signing').textContent).toContain('1.5 s');
    expect(stepRow('Signature verified').textContent).toContain('—');
    expect(screen.queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it('keeps one row per step and member while it updates, so nothing jumps', () => {
    const { rerender } = render(<SigningProgress session={MID_PROTOCOL} now={MID_PROTOCOL_NOW} />);
    const rows = screen.getAllByRole('listitem').length;
    rerender(
      <SigningProgress
        session={{ ...MID_PROTOCOL, members: MID_PROTOCOL.members.map((m) => ({ ...m, round: 3 })) }}
        now={MID_PROTOCOL_NOW + 500}
      />,
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(rows);
    expect(member(0).getByText('Round 3 of 3')).toBeTruthy();
  });

  it('failed constraint: every member’s verdict with its reason, and the refusal in words', () => {
    render(<SigningProgress session={FAILED_CONSTRAINT} now={0} onClose={() => undefined} />);
    expect(screen.getByRole('heading', { name: 'Not signed' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toContain('your constraints do not allow it');
    expect(within(screen.getByRole('alert')).getByText('CONSTRAINTS_FAILED').closest('details')).toBeTruthy();
    for (const group of [0, 1, 2]) {
      expect(member(group).getByText('Constraints failed')).toBeTruthy();
      const verdicts = member(group).getByRole('list', { name: `Group ${group} constraint results` });
      expect(verdicts.textContent).toContain('evmAcl: failed — recipient 0x7099…79C8 is on the deny list');
    }
    expect(screen.getByRole('button', { name: 'Close' })).toBeTruthy();
  });

  it('done after a retry: the blamed party and why, and the signature to copy', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const onClose = vi.fn();
    render(<SigningProgress session={SIGNED_AFTER_RETRY} now={0} onClose={onClose} />);
    expect(screen.getByRole('heading', { name: 'Signed' })).toBeTruthy();
    expect(screen.getByText(/Attempt 1 \(block 42\) failed; a new committee was chosen/)).toBeTruthy();
    const blamed = screen.getByText(/sent an invalid commitment in round 1/);
    expect(blamed.textContent).toMatch(
      /^ Blamed group 1’s validator 5HGjWA…\w+ \(http:\/\/127\.0\.0\.1:3002\): sent an invalid commitment/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy signature' }));
    expect(writeText).toHaveBeenCalledWith(SIGNED_AFTER_RETRY.signature);
    expect(await screen.findByRole('button', { name: 'signature copied' })).toBeTruthy();
    // Every step the session went through has its time; none is left waiting.
    const steps = [...document.querySelectorAll('.timeline .step')];
    expect(steps).toHaveLength(6);
    expect(steps.every((row) => row.classList.contains('done') && !row.textContent!.includes('—'))).toBe(
      true,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('before the committee exists says so instead of an empty list', () => {
    render(
      <SigningProgress
        session={{ ...MID_PROTOCOL, status: 'submitting', blockNumber: undefined, members: [], steps: [] }}
        now={MID_PROTOCOL.startedAt}
      />,
    );
    expect(screen.getByText(/block pending/)).toBeTruthy();
    expect(screen.getByText('The chain has not chosen the committee yet.')).toBeTruthy();
  });

  it('for a message: a recipient rule that had nothing to check is not applicable', () => {
    render(
      <SigningProgress
        session={{
          ...MID_PROTOCOL,
          arch: 'message',
          members: MID_PROTOCOL.members.map((m) => ({
            ...m,
            state: 'constraints-passed',
            constraintResults: [
              { constraint: 'evmAcl', passed: true, reason: 'a signed message is not a transaction' },
            ],
          })),
        }}
        now={MID_PROTOCOL_NOW}
      />,
    );
    expect(stepRow('Delivered and checked').textContent).toContain('0.3 s');
    const verdicts = screen.getByRole('list', { name: 'Group 0 constraint results' });
    expect(verdicts.textContent).toContain('evmAcl: not applicable — a signed message is not a transaction');
    expect(verdicts.textContent).not.toContain('passed');
    expect(member(0).getByText('Constraints checked').className).toContain('neutral');
  });

  it('for a transaction: a passed rule says passed', () => {
    render(
      <SigningProgress
        session={{
          ...MID_PROTOCOL,
          arch: 'evm',
          members: MID_PROTOCOL.members.map((m) => ({
            ...m,
            state: 'constraints-passed',
            constraintResults: [
              { constraint: 'evmAcl', passed: true, reason: 'recipient 0xdead is on the allow list' },
            ],
          })),
        }}
        now={MID_PROTOCOL_NOW}
      />,
    );
    expect(screen.getByRole('list', { name: 'Group 0 constraint results' }).textContent).toContain(
      'evmAcl: passed',
    );
  });
});
