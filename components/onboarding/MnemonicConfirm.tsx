import { useId, useState, type FormEvent } from 'react';

/** Three word positions, chosen at random, that the user must type back to prove the backup exists. */
export function pickConfirmPositions(wordCount: number, count = 3): number[] {
  const picked = new Set<number>();
  const random = new Uint32Array(1);
  while (picked.size < Math.min(count, wordCount)) {
    crypto.getRandomValues(random);
    picked.add(random[0]! % wordCount);
  }
  return [...picked].sort((a, b) => a - b);
}

export function MnemonicConfirm({
  mnemonic,
  positions,
  onConfirm,
  onBack,
}: {
  mnemonic: string;
  /** Zero-based word indices to ask for. */
  positions: number[];
  onConfirm(name: string): Promise<boolean>;
  onBack(): void;
}) {
  const baseId = useId();
  const words = mnemonic.split(' ');
  const [answers, setAnswers] = useState<string[]>(() => positions.map(() => ''));
  const [name, setName] = useState('Account 1');
  // Checked per word once the form is submitted, and again as each wrong word is corrected.
  const [checked, setChecked] = useState(false);
  const wrongAt = positions.filter(
    (position, i) => answers[i]?.trim() !== '' && answers[i]?.trim().toLowerCase() !== words[position],
  );
  const wrong = checked && wrongAt.length > 0;
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const correct = positions.every((position, i) => answers[i]?.trim().toLowerCase() === words[position]);
    setChecked(true);
    if (!correct) return;
    setBusy(true);
    if (!(await onConfirm(name.trim() || 'Account 1'))) setBusy(false);
  }

  return (
    <form className="screen" onSubmit={submit} aria-labelledby="confirm-title">
      <h2 id="confirm-title">Confirm your recovery phrase</h2>
      <p>Type the words at these positions.</p>
      {positions.map((position, i) => {
        const bad = checked && wrongAt.includes(position);
        return (
          <div className="field" key={position}>
            <label htmlFor={`${baseId}-${position}`}>Word {position + 1}</label>
            <input
              id={`${baseId}-${position}`}
              autoComplete="off"
              spellCheck={false}
              value={answers[i]}
              aria-invalid={bad}
              aria-describedby={`${baseId}-${position}-hint`}
              onChange={(event) =>
                setAnswers((current) => current.map((a, j) => (j === i ? event.target.value : a)))
              }
            />
            <p className="hint inline-error" id={`${baseId}-${position}-hint`}>
              {bad ? `This is not word ${position + 1} of your phrase.` : '\u00a0'}
            </p>
          </div>
        );
      })}
      <label htmlFor={`${baseId}-name`}>Account name</label>
      <input
        id={`${baseId}-name`}
        value={name}
        maxLength={64}
        onChange={(event) => setName(event.target.value)}
      />
      <p className="hint" role={wrong ? 'alert' : undefined}>
        {wrong ? 'Those words do not match your recovery phrase. Check your paper copy.' : '\u00a0'}
      </p>
      <div className="actions">
        <button type="submit" disabled={busy || answers.some((a) => a.trim() === '')}>
          {busy ? 'Creating the account…' : 'Create the account'}
        </button>
        <button type="button" className="secondary" onClick={onBack}>
          Show the words again
        </button>
      </div>
    </form>
  );
}
