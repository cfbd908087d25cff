// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TEST_MNEMONIC } from '../lib/popup/testing/fake-background';
import { ALICE } from '../lib/popup/testing/fixtures';
import type { Outcome } from '../lib/popup/types';
import { RecoveryPhrase } from './RecoveryPhrase';

afterEach(cleanup);

function renderPhrase(onExport: (password: string) => Promise<Outcome<string>>) {
  const onClose = vi.fn();
  render(<RecoveryPhrase account={ALICE} onExport={vi.fn(onExport)} onClose={onClose} />);
  return onClose;
}

const show = () => screen.getByRole('button', { name: /Show the recovery phrase|Checking the password…/ });

describe('RecoveryPhrase', () => {
  it('asks for the wallet password first, with the field focused, and can be left', () => {
    const onClose = renderPhrase(() => Promise.resolve({ ok: true, value: TEST_MNEMONIC }));
    expect(screen.getByRole('heading', { name: 'Recovery phrase of Alice' })).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Wallet password'));
    expect((show() as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('list')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('says it is checking, then shows the words hidden until asked, copyable, with a warning', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    let answer: (outcome: Outcome<string>) => void = () => undefined;
    const onClose = renderPhrase(() => new Promise((resolve) => (answer = resolve)));
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    fireEvent.click(show());
    expect(show().textContent).toBe('Checking the password…');
    expect((show() as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer({ ok: true, value: TEST_MNEMONIC }));

    const hidden = screen.getByRole('list', { name: 'Recovery phrase, hidden' });
    const masked = within(hidden).getAllByRole('listitem');
    expect(masked).toHaveLength(12);
    expect(masked.every((li) => li.textContent === '•••••')).toBe(true);
    expect(document.body.textContent).not.toContain('legal');
    expect(screen.getByText(/Anyone with these 12 words controls Alice/)).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Recovery phrase of Alice' }));

    fireEvent.click(screen.getByRole('button', { name: 'Show the words' }));
    const words = within(screen.getByRole('list', { name: 'Recovery phrase' })).getAllByRole('listitem');
    expect(words.map((li) => li.textContent).join(' ')).toBe(TEST_MNEMONIC);
    fireEvent.click(screen.getByRole('button', { name: 'Hide the words' }));
    expect(screen.getByRole('list', { name: 'Recovery phrase, hidden' })).toBeTruthy();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy recovery phrase' })));
    expect(writeText).toHaveBeenCalledWith(TEST_MNEMONIC);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
  });

  it('explains a wrong password, clears and refocuses the field, and counts down the back-off', async () => {
    renderPhrase(() =>
      Promise.resolve({
        ok: false,
        error: { message: 'Wrong password', code: 'WRONG_PASSWORD', details: { retryAfterMs: 2000 } },
      }),
    );
    const field = screen.getByLabelText('Wallet password') as HTMLInputElement;
    fireEvent.change(field, { target: { value: 'not it' } });
    await act(async () => fireEvent.click(show()));
    expect(screen.getByRole('alert').textContent).toContain('Wrong password');
    expect(screen.getByText(/Too many wrong passwords: try again in [12] s\./)).toBeTruthy();
    expect(field.value).toBe('');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: 'the right one' } });
    expect((show() as HTMLButtonElement).disabled).toBe(true);
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('shows the background’s refusal in words, the details behind a disclosure', async () => {
    renderPhrase(() =>
      Promise.resolve({
        ok: false,
        error: { message: 'The wallet is locked', code: 'VAULT_LOCKED' },
      }),
    );
    fireEvent.change(screen.getByLabelText('Wallet password'), { target: { value: 'pw' } });
    await act(async () => fireEvent.click(show()));
    expect(screen.getByRole('alert').textContent).toContain('The wallet is locked');
    expect(screen.getByText('VAULT_LOCKED').closest('details')).toBeTruthy();
    expect(screen.queryByText(/try again in/)).toBeNull();
  });
});
