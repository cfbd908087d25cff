// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ALICE, BOB } from '../../lib/popup/testing/fixtures';
import { CreatePassword } from './CreatePassword';
import { ImportAccount } from './ImportAccount';
import { MnemonicConfirm } from './MnemonicConfirm';
import { Register } from './Register';

afterEach(cleanup);

const PHRASE = 'legal winner thank year wave sausage worth useful legal winner thank yellow';

describe('CreatePassword', () => {
  it('rates the password live and accepts only a strong one, typed twice', async () => {
    const onSubmit = vi.fn(() => Promise.resolve(true));
    render(<CreatePassword onSubmit={onSubmit} />);
    const password = screen.getByLabelText('Password');
    const submit = screen.getByRole('button', { name: 'Continue' }) as HTMLButtonElement;

    fireEvent.change(password, { target: { value: 'password1' } });
    expect(await screen.findByText('Strength: Very weak')).toBeTruthy();
    expect(screen.getByText('This is a commonly used password.')).toBeTruthy();
    expect(password.getAttribute('aria-describedby')).toBe(
      screen.getByText('Strength: Very weak').parentElement!.id,
    );
    fireEvent.change(screen.getByLabelText('Repeat the password'), { target: { value: 'password1' } });
    expect(submit.disabled).toBe(true);

    fireEvent.change(password, { target: { value: 'quiet-harbour-lantern-97' } });
    expect(screen.getByText(/Strength: (Strong|Very strong)/)).toBeTruthy();
    expect(screen.getByText('The passwords differ.')).toBeTruthy();
    expect(submit.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Repeat the password'), {
      target: { value: 'quiet-harbour-lantern-97' },
    });
    expect(submit.disabled).toBe(false);
    await act(async () => fireEvent.click(submit));
    expect(onSubmit).toHaveBeenCalledWith('quiet-harbour-lantern-97');
  });
});

describe('CreatePassword', () => {
  it('shows and hides both passwords on request', () => {
    render(<CreatePassword onSubmit={() => Promise.resolve(true)} />);
    const password = screen.getByLabelText('Password', { exact: true }) as HTMLInputElement;
    expect(password.type).toBe('password');
    fireEvent.click(screen.getByLabelText('Show the passwords'));
    expect(password.type).toBe('text');
    expect((screen.getByLabelText('Repeat the password') as HTMLInputElement).type).toBe('text');
    fireEvent.click(screen.getByLabelText('Show the passwords'));
    expect(password.type).toBe('password');
  });
});

describe('MnemonicConfirm', () => {
  it('refuses wrong words and creates the account with the right ones', async () => {
    const onConfirm = vi.fn(() => Promise.resolve(true));
    render(
      <MnemonicConfirm
        mnemonic={PHRASE}
        positions={[1, 5, 11]}
        onConfirm={onConfirm}
        onBack={() => undefined}
      />,
    );
    fireEvent.change(screen.getByLabelText('Word 2'), { target: { value: 'winner' } });
    fireEvent.change(screen.getByLabelText('Word 6'), { target: { value: 'worth' } });
    fireEvent.change(screen.getByLabelText('Word 12'), { target: { value: 'yellow' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create the account' })));
    expect(screen.getByRole('alert').textContent).toContain('do not match');
    expect(onConfirm).not.toHaveBeenCalled();
    // The wrong word is named under its own field; the right ones are not marked.
    expect(screen.getByLabelText('Word 6').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('This is not word 6 of your phrase.')).toBeTruthy();
    expect(screen.getByLabelText('Word 2').getAttribute('aria-invalid')).toBe('false');

    fireEvent.change(screen.getByLabelText('Word 6'), { target: { value: ' Sausage ' } });
    fireEvent.change(screen.getByLabelText('Account name'), { target: { value: 'Savings' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Create the account' })));
    expect(onConfirm).toHaveBeenCalledWith('Savings');
  });
});

describe('ImportAccount', () => {
  const ETH = '0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1';
  const registered = (fromPhrase: boolean) => ({
    address: BOB.address,
    registration: {
      blockNumber: 12,
      verifyingKey: `0x02${'11'.repeat(32)}` as const,
      ethAddress: ETH as `0x${string}`,
      groups: [0, 1, 2],
      fromPhrase,
    },
  });
  const noop = {
    onImportMnemonic: vi.fn(),
    onPreview: vi.fn(),
    onRestore: vi.fn(),
    onImportBackup: vi.fn(),
    onBack: () => undefined,
  };

  async function enterPhrase(value: string) {
    fireEvent.change(screen.getByLabelText('The words of your recovery phrase'), { target: { value } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Continue' })));
  }

  it('looks the phrase up first (whitespace normalised), shows what it restores, then restores the key', async () => {
    const onPreview = vi.fn(() => Promise.resolve({ ok: true as const, value: registered(true) }));
    const onRestore = vi.fn(() => Promise.resolve(true));
    render(<ImportAccount {...noop} onPreview={onPreview} onRestore={onRestore} />);
    await enterPhrase(`  ${PHRASE.replace(/ /g, '\n ')} `);
    expect(onPreview).toHaveBeenCalledWith(PHRASE);
    expect(screen.getByText(ETH)).toBeTruthy();
    expect(screen.getByText(/Registered in block 12, signing with 3 signing groups/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restore account and key' })));
    expect(onRestore).toHaveBeenCalledWith('Account 1', PHRASE);
  });

  it('shows each signing group’s progress while restoring, and a refusal with nothing saved', async () => {
    const onPreview = vi.fn(() => Promise.resolve({ ok: true as const, value: registered(true) }));
    const onRestore = vi.fn(() => new Promise<boolean>(() => undefined));
    const props = { ...noop, onPreview, onRestore };
    const { rerender } = render(<ImportAccount {...props} />);
    await enterPhrase(PHRASE);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Restore account and key' })));
    const preview = registered(true);
    rerender(
      <ImportAccount
        {...props}
        restore={{
          step: 'link',
          preview,
          groups: [
            { group: 0, state: 'done' },
            { group: 1, state: 'running', endpoint: 'http://127.0.0.1:3003' },
            { group: 2, state: 'waiting' },
          ],
        }}
      />,
    );
    const groups = screen.getByRole('list', { name: 'Signing groups' }).textContent;
    expect(groups).toContain('Signing group 0: linked');
    expect(groups).toContain('Signing group 1: setting up the link (http://127.0.0.1:3003)');
    expect(groups).toContain('Signing group 2: waiting');
    rerender(
      <ImportAccount
        {...props}
        restore={{
          step: 'failed',
          preview,
          error: {
            code: 'RESTORE_FAILED',
            message: 'Signing group 1 did not set up its link with the restored key',
          },
        }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Signing group 1 did not set up its link');
    expect(screen.getByText('Nothing was saved: the wallet is as it was before.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('offers the account alone when it is not registered, and the backup file when its key predates phrase recovery', async () => {
    const onImportMnemonic = vi.fn(() => Promise.resolve(true));
    const onPreview = vi
      .fn()
      .mockResolvedValueOnce({ ok: true, value: { address: BOB.address } })
      .mockResolvedValueOnce({ ok: true, value: registered(false) });
    render(<ImportAccount {...noop} onPreview={onPreview} onImportMnemonic={onImportMnemonic} />);
    await enterPhrase(PHRASE);
    expect(screen.getByText(/Not registered with Entropy on this network/)).toBeTruthy();
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Import the account' })));
    expect(onImportMnemonic).toHaveBeenCalledWith('Account 1', PHRASE);

    cleanup();
    render(<ImportAccount {...noop} onPreview={onPreview} onImportMnemonic={onImportMnemonic} />);
    await enterPhrase(PHRASE);
    expect(screen.getByText(/restores the account but not its key/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Restore account and key' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Use a backup file' }));
    expect(screen.getByLabelText('Backup file to restore')).toBeTruthy();
  });

  it('says why a phrase cannot be looked up, and offers the account alone when the network is away', async () => {
    const onPreview = vi
      .fn()
      .mockResolvedValueOnce({
        ok: false,
        error: { code: 'INVALID_MNEMONIC', message: 'This is not a valid recovery phrase' },
      })
      .mockResolvedValueOnce({
        ok: false,
        error: { code: 'CHAIN_UNAVAILABLE', message: 'The Entropy network did not answer' },
      });
    render(<ImportAccount {...noop} onPreview={onPreview} />);
    await enterPhrase('not a phrase');
    expect(screen.getByRole('alert').textContent).toContain('not a valid recovery phrase');
    expect(screen.queryByRole('button', { name: /Import the account only/ })).toBeNull();
    await enterPhrase(PHRASE);
    expect(screen.getByRole('alert').textContent).toContain('did not answer');
    expect(screen.getByRole('button', { name: /Import the account only/ })).toBeTruthy();
  });

  it('imports a backup file with its password', async () => {
    const onImportBackup = vi.fn(() => Promise.resolve(true));
    render(
      <ImportAccount
        onImportMnemonic={vi.fn()}
        onPreview={vi.fn()}
        onRestore={vi.fn()}
        onImportBackup={onImportBackup}
        onBack={() => undefined}
      />,
    );
    fireEvent.click(screen.getByRole('radio', { name: 'Backup file' }));
    const file = new File(['{"version":1}'], 'backup.json', { type: 'application/json' });
    await act(async () =>
      fireEvent.change(screen.getByLabelText('Backup file to restore'), { target: { files: [file] } }),
    );
    fireEvent.change(screen.getByLabelText('Backup password'), { target: { value: 'b4ckup' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Import' })));
    expect(onImportBackup).toHaveBeenCalledWith('{"version":1}', 'b4ckup');
  });
});

describe('Register', () => {
  const account = { ...BOB };

  it('defaults the constraint account to the account itself and refuses malformed addresses', () => {
    const onRegister = vi.fn();
    render(<Register account={account} onRegister={onRegister} onFinish={() => undefined} />);
    expect((screen.getByLabelText(/Constraint account/) as HTMLInputElement).value).toBe(BOB.address);
    fireEvent.change(screen.getByLabelText(/Ethereum addresses/), { target: { value: '0x1234' } });
    expect(screen.getByText('0x1234 is not an Ethereum address (0x and 40 hex digits).')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Register' }) as HTMLButtonElement).disabled).toBe(true);
    // A mistyped character in a checksummed address is caught, not silently re-checksummed.
    const typo = '0x70997970c51812dc3A010C7d01b50e0d17dc79C8';
    fireEvent.change(screen.getByLabelText(/Ethereum addresses/), { target: { value: typo } });
    expect(screen.getByText(new RegExp(`^${typo} has a wrong checksum`))).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Register' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends the constraint account and the initial EVM list', () => {
    const onRegister = vi.fn();
    render(<Register account={account} onRegister={onRegister} onFinish={() => undefined} />);
    fireEvent.click(screen.getByRole('radio', { name: 'The only ones allowed' }));
    fireEvent.change(screen.getByLabelText(/Ethereum addresses/), {
      target: { value: '0x70997970c51812dc3a010c7d01b50e0d17dc79c8\n' },
    });
    fireEvent.click(screen.getByLabelText('Allow contract creation (no recipient)'));
    fireEvent.click(screen.getByRole('button', { name: 'Register' }));
    expect(onRegister).toHaveBeenCalledWith({
      address: BOB.address,
      constraintAccount: BOB.address,
      constraints: {
        evmAcl: {
          kind: 'Allow',
          addresses: ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8'],
          allowNullRecipient: false,
        },
      },
    });
  });

  it('shows the key generation round while it runs, then the Ethereum address', () => {
    const onFinish = vi.fn();
    const { rerender } = render(
      <Register
        account={account}
        progress={{ step: 'dkg', blockNumber: 7, committee: [], round: 2, totalRounds: 3 }}
        onRegister={vi.fn()}
        onFinish={onFinish}
      />,
    );
    expect(screen.getByText(/block 7/)).toBeTruthy();
    expect(screen.getByText(/round 2 of 3/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Register' })).toBeNull();
    rerender(
      <Register
        account={account}
        progress={{ step: 'done', ethAddress: ALICE.registration!.ethAddress }}
        onRegister={vi.fn()}
        onFinish={onFinish}
      />,
    );
    expect(screen.getByText(ALICE.registration!.ethAddress)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Open the wallet' }));
    expect(onFinish).toHaveBeenCalled();
  });

  it('explains a failed registration and offers to try again', () => {
    render(
      <Register
        account={account}
        progress={{
          step: 'failed',
          error: { message: 'The chain could not be reached', code: 'DISCONNECTED' },
        }}
        onRegister={vi.fn()}
        onFinish={() => undefined}
      />,
    );
    expect(screen.getByRole('alert').textContent).toContain('The chain could not be reached');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
