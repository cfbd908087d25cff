import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_SCORE } from './password-policy';
import { passwordStrength } from './password-strength';

describe('passwordStrength', () => {
  it('rates common passwords and patterns as weak, with a reason', () => {
    for (const weak of ['password1', 'qwertyuiop', 'abcabcabc', 'P@ssw0rd']) {
      const strength = passwordStrength(weak);
      expect(strength.score).toBeLessThan(MIN_PASSWORD_SCORE);
      expect(strength.warning ?? strength.suggestions[0]).toBeTruthy();
    }
  });

  it('rates several uncommon words as strong', () => {
    const strength = passwordStrength('quiet-harbour-lantern-97');
    expect(strength.score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
    expect(['Strong', 'Very strong']).toContain(strength.label);
  });

  it('counts what the user typed elsewhere (their account name) against the password', () => {
    expect(passwordStrength('savingsaccount2024', ['savingsaccount2024']).score).toBe(0);
  });
});
