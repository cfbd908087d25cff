import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

export interface PasswordStrength {
  /** 0 (guessable in moments) … 4 (very hard to guess), zxcvbn's scale. */
  score: 0 | 1 | 2 | 3 | 4;
  label: 'Very weak' | 'Weak' | 'Fair' | 'Strong' | 'Very strong';
  warning?: string;
  suggestions: string[];
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;

let estimator: ZxcvbnFactory | undefined;

/** Strength as an attacker with the leaked vault file would see it (zxcvbn: dictionaries, patterns, l33t). */
export function passwordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...commonDictionary, ...englishDictionary },
    graphs: adjacencyGraphs,
    translations,
  });
  const result = estimator.check(password, userInputs);
  const score = result.score as PasswordStrength['score'];
  return {
    score,
    label: LABELS[score],
    ...(result.feedback.warning ? { warning: result.feedback.warning } : {}),
    suggestions: result.feedback.suggestions,
  };
}
