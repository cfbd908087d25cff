import { useEffect, useState } from 'react';
import type { PasswordStrength } from '../lib/popup/password-strength';

type Estimator = (password: string) => PasswordStrength;

// zxcvbn's dictionaries are large: they load only on the screens that set a password, not on every popup.
let loading: Promise<Estimator> | undefined;
function loadEstimator(): Promise<Estimator> {
  loading ??= import('../lib/popup/password-strength').then((module) => module.passwordStrength);
  return loading;
}

/** The password's strength, or `undefined` while the estimator loads (or for an empty password). */
export function usePasswordStrength(password: string): PasswordStrength | undefined {
  const [estimate, setEstimate] = useState<Estimator>();
  useEffect(() => {
    let current = true;
    void loadEstimator().then((estimator) => {
      if (current) setEstimate(() => estimator);
    });
    return () => {
      current = false;
    };
  }, []);
  return password && estimate ? estimate(password) : undefined;
}
