import type { Acl } from '../lib/chain/entropy';

type RecipientListKind = Acl['kind'];

/** The two-way choice the registration form and the constraints editor share. */
export function RecipientListKindField({
  name,
  kind,
  disabled,
  onChange,
}: {
  /** The radio group's name, unique on the screen. */
  name: string;
  kind: RecipientListKind;
  disabled?: boolean;
  onChange(kind: RecipientListKind): void;
}) {
  return (
    <fieldset className="segmented" disabled={disabled}>
      <legend>Recipients listed below are</legend>
      <label>
        <input type="radio" name={name} checked={kind === 'Deny'} onChange={() => onChange('Deny')} />
        Blocked
      </label>
      <label>
        <input type="radio" name={name} checked={kind === 'Allow'} onChange={() => onChange('Allow')} />
        The only ones allowed
      </label>
    </fieldset>
  );
}
