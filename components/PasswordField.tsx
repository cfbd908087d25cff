import { useId, type Ref } from 'react';

/** The wallet password asked again, with the wrong-password back-off counted down beneath it. */
export function PasswordField({
  label,
  value,
  onChange,
  waitSeconds,
  inputRef,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  waitSeconds: number;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="password"
        autoComplete="current-password"
        value={value}
        aria-describedby={`${id}-wait`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p className="hint" id={`${id}-wait`}>
        {waitSeconds > 0 ? `Too many wrong passwords: try again in ${waitSeconds} s.` : '\u00a0'}
      </p>
    </>
  );
}
