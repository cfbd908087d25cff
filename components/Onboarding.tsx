import { useState } from 'react';
import type { Outcome, RegistrationInput, RegistrationView, RestoreView } from '../lib/popup/types';
import type { RecoveryPreview } from '../lib/wallet/recovery/restore';
import type { AccountInfo } from '../lib/wallet/accounts/types';
import { AccountReady } from './onboarding/AccountReady';
import { CreatePassword } from './onboarding/CreatePassword';
import { ImportAccount } from './onboarding/ImportAccount';
import { MnemonicBackup } from './onboarding/MnemonicBackup';
import { MnemonicConfirm, pickConfirmPositions } from './onboarding/MnemonicConfirm';
import { Register } from './onboarding/Register';
import { Welcome } from './onboarding/Welcome';

type Step = 'welcome' | 'password' | 'backup' | 'confirm' | 'import' | 'register' | 'ready';

export interface OnboardingProps {
  /** The vault exists already (the user set a password before and left before creating an account). */
  hasVault: boolean;
  endpoint: string;
  accounts: AccountInfo[];
  registration?: RegistrationView;
  saveEndpoint(endpoint: string): Promise<boolean>;
  createVault(password: string): Promise<boolean>;
  generateMnemonic(): Promise<string | undefined>;
  createAccount(name: string, mnemonic: string): Promise<AccountInfo | undefined>;
  importBackup(file: string, password: string): Promise<boolean>;
  previewRecovery(mnemonic: string): Promise<Outcome<RecoveryPreview>>;
  restoreFromPhrase(name: string, mnemonic: string): Promise<AccountInfo | undefined>;
  restore?: RestoreView;
  /** Absent where registration is not offered; onboarding then ends without it. */
  register?(input: RegistrationInput): void;
  onFinish(): void;
}

/** First run, one step at a time: network, password, recovery phrase (or import), registration. */
export function Onboarding(props: OnboardingProps) {
  const [step, setStep] = useState<Step>('welcome');
  const [path, setPath] = useState<'create' | 'import'>('create');
  // The phrase lives only in this component's memory until the account exists; then it is dropped.
  const [mnemonic, setMnemonic] = useState<string>();
  const [positions, setPositions] = useState<number[]>([]);
  const [created, setCreated] = useState<AccountInfo>();

  async function startCreate(): Promise<boolean> {
    const phrase = await props.generateMnemonic();
    if (!phrase) return false;
    setMnemonic(phrase);
    setPositions(pickConfirmPositions(phrase.split(' ').length));
    setStep('backup');
    return true;
  }

  async function choose(next: 'create' | 'import') {
    setPath(next);
    if (!props.hasVault) setStep('password');
    else if (next === 'create') await startCreate();
    else setStep('import');
  }

  function accountDone(account: AccountInfo | undefined): boolean {
    if (!account) return false;
    setMnemonic(undefined);
    setCreated(account);
    setStep(props.register && !account.registration ? 'register' : 'ready');
    return true;
  }

  switch (step) {
    case 'welcome':
      return (
        <Welcome
          endpoint={props.endpoint}
          onSaveEndpoint={props.saveEndpoint}
          onCreate={() => void choose('create')}
          onImport={() => void choose('import')}
        />
      );
    case 'password':
      return (
        <CreatePassword
          onSubmit={async (password) => {
            if (!(await props.createVault(password))) return false;
            if (path === 'create') return startCreate();
            setStep('import');
            return true;
          }}
        />
      );
    case 'backup':
      return <MnemonicBackup mnemonic={mnemonic ?? ''} onContinue={() => setStep('confirm')} />;
    case 'confirm':
      return (
        <MnemonicConfirm
          mnemonic={mnemonic ?? ''}
          positions={positions}
          onBack={() => setStep('backup')}
          onConfirm={async (name) => accountDone(await props.createAccount(name, mnemonic ?? ''))}
        />
      );
    case 'import':
      return (
        <ImportAccount
          onBack={() => setStep('welcome')}
          onImportMnemonic={async (name, phrase) => accountDone(await props.createAccount(name, phrase))}
          onPreview={props.previewRecovery}
          onRestore={async (name, phrase) => accountDone(await props.restoreFromPhrase(name, phrase))}
          restore={props.restore}
          onImportBackup={async (file, password) => {
            if (!(await props.importBackup(file, password))) return false;
            setStep('ready');
            return true;
          }}
        />
      );
    case 'register':
      return created && props.register ? (
        <Register
          account={created}
          progress={props.registration}
          onRegister={props.register}
          onFinish={props.onFinish}
          onCancel={() => setStep('ready')}
        />
      ) : null;
    case 'ready':
      return <AccountReady accounts={props.accounts} onFinish={props.onFinish} />;
  }
}
