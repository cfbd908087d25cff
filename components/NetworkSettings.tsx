import { useId, useState, type FormEvent } from 'react';

export function NetworkSettings({
  endpoint,
  onSave,
}: {
  endpoint: string;
  onSave(endpoint: string): Promise<boolean>;
}) {
  const inputId = useId();
  const [draft, setDraft] = useState(endpoint);
  const [saved, setSaved] = useState(false);
  const [trying, setTrying] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The background connects to it first (genesis, Entropy pallets); that can take a few seconds.
    setTrying(true);
    setSaved(await onSave(draft.trim()));
    setTrying(false);
  }

  return (
    <form className="card" onSubmit={submit}>
      <label htmlFor={inputId}>Network endpoint</label>
      <input
        id={inputId}
        value={draft}
        spellCheck={false}
        onChange={(event) => {
          setDraft(event.target.value);
          setSaved(false);
        }}
      />
      <div className="row">
        <button type="submit" disabled={draft.trim() === endpoint || trying}>
          Save
        </button>
        <span role="status">{trying ? 'Trying the endpoint…' : saved ? 'Saved' : ''}</span>
      </div>
    </form>
  );
}
