import type { PasswordStrength } from '../lib/popup/password-strength';

/** A live strength bar with zxcvbn's warning and suggestions, announced politely to screen readers. */
export function PasswordStrengthMeter({ strength, id }: { strength?: PasswordStrength; id: string }) {
  return (
    <div className="strength" id={id} aria-live="polite">
      <meter min={0} max={4} low={2} high={3} optimum={4} value={strength?.score ?? 0} aria-hidden="true" />
      <p className="strength-label">
        {strength ? `Strength: ${strength.label}` : 'Use at least a few uncommon words.'}
      </p>
      {strength?.warning && <p className="hint">{strength.warning}</p>}
      {strength && strength.suggestions.length > 0 && (
        <p className="hint">{strength.suggestions.join(' ')}</p>
      )}
    </div>
  );
}
