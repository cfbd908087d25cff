// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Outcome } from '../lib/popup/types';
import { ChangePassword } from './ChangePassword';

afterEach(cleanup);

const STRONG = 'quiet-harbour-lantern-97';
const WRONG: Outcome<null> = {
  ok: false,
  error: { message: 'Wrong password', code: 'WRONG_PASSWORD', details: { failures: 1, retryAfterMs: 4000 } },
};

function fill(current: string, next: string, repeat = next) {
  fireEvent.change(screen.getByLabelText('Current password'), { target: { value: current } });
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } });
  fireEvent.change(screen.getByLabelText('Repeat the new password'), { target: { value: repeat } });
}

const submit = () => screen.getByRole('button', { name: /Change the password|Changing the password…/ });

describe('ChangePassword', () => {
  it('rates the new password and accepts only a strong one, typed twice, different from the current one', async () => {
    const onChange = vi.fn(() => Promise.resolve<Outcome<null>>({ ok: true, value: null }));
    render(<ChangePassword onChange={onChange} />);
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
    fill('old password', 'password1');
    expect(await screen.findByText('Strength: Very weak')).toBeTruthy();
    expect(screen.getByLabelText('New password').getAttribute('aria-describedby')).toBe(
      screen.getByText('Strength: Very weak').parentElement!.id,
    );
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
    fill('old password', STRONG, `${STRONG}x`);
    expect(screen.getByText('The new passwords differ.')).toBeTruthy();
    expect(screen.getByLabelText('Repeat the new password').getAttribute('aria-invalid')).toBe('true');
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
    fill(STRONG, STRONG);
    expect(screen.getByText('The new password is the same as the current one.')).toBeTruthy();
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
    fireEvent.submit(submit());
    expect(onChange).not.toHaveBeenCalled();
  });

  it('shows that it is working, then says the password changed and clears the fields', async () => {
    let answer: (outcome: Outcome<null>) => void = () => undefined;
    const onChange = vi.fn(() => new Promise<Outcome<null>>((resolve) => (answer = resolve)));
    render(<ChangePassword onChange={onChange} />);
    fill('old password', STRONG);
    await screen.findByText(/Strength: (Strong|Very strong)/);
    fireEvent.click(submit());
    expect(onChange).toHaveBeenCalledWith('old password', STRONG);
    expect(submit().textContent).toBe('Changing the password…');
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer({ ok: true, value: null }));
    expect(screen.getByRole('status').textContent).toBe('Password changed');
    for (const label of ['Current password', 'New password', 'Repeat the new password']) {
      expect((screen.getByLabelText(label) as HTMLInputElement).value).toBe('');
    }
    fireEvent.change(screen.getByLabelText('Current password'), { target: { value: 'x' } });
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('explains a wrong current password and counts down the vault’s back-off', async () => {
    const onChange = vi.fn(() => Promise.resolve(WRONG));
    render(<ChangePassword onChange={onChange} />);
    fill('not it', STRONG);
    await screen.findByText(/Strength: (Strong|Very strong)/);
    await act(async () => fireEvent.click(submit()));
    expect(screen.getByRole('alert').textContent).toContain('Wrong password');
    expect(screen.getByText('WRONG_PASSWORD').closest('details')).toBeTruthy();
    expect(screen.getByText(/Too many wrong passwords: try again in [34] s\./)).toBeTruthy();
    expect((screen.getByLabelText('Current password') as HTMLInputElement).value).toBe('');
    // The new password stays typed; only the current one is asked again, once the wait is over.
    expect((screen.getByLabelText('New password') as HTMLInputElement).value).toBe(STRONG);
    fireEvent.change(screen.getByLabelText('Current password'), { target: { value: 'old password' } });
    expect((submit() as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows a refusal of the new password by the background in words', async () => {
    const onChange = vi.fn(() =>
      Promise.resolve<Outcome<null>>({
        ok: false,
        error: { message: 'The wallet is locked', code: 'VAULT_LOCKED' },
      }),
    );
    render(<ChangePassword onChange={onChange} />);
    fill('old password', STRONG);
    await screen.findByText(/Strength: (Strong|Very strong)/);
    await act(async () => fireEvent.click(submit()));
    expect(screen.getByRole('alert').textContent).toContain('The wallet is locked');
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.queryByText(/try again in/)).toBeNull();
  });
});
