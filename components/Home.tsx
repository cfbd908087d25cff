import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { HomeTab } from '../lib/popup/types';

export type { HomeTab };
const TABS: { tab: HomeTab; label: string }[] = [
  { tab: 'accounts', label: 'Accounts' },
  { tab: 'history', label: 'History' },
  { tab: 'settings', label: 'Settings' },
];

/** The unlocked wallet: WAI-ARIA tabs (arrow keys move between them) over Accounts, History and Settings. */
export function Home({
  panels,
  tab,
  onTab: setTab,
}: {
  panels: Record<HomeTab, ReactNode>;
  tab: HomeTab;
  onTab(tab: HomeTab): void;
}) {
  const id = useId();
  const refs = useRef<Partial<Record<HomeTab, HTMLButtonElement | null>>>({});

  function onKeyDown(event: KeyboardEvent) {
    const index = TABS.findIndex((t) => t.tab === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = TABS[(index + step + TABS.length) % TABS.length]!.tab;
    setTab(next);
    refs.current[next]?.focus();
  }

  return (
    <div className="home">
      <div role="tablist" aria-label="Wallet" className="tabs" onKeyDown={onKeyDown}>
        {TABS.map(({ tab: t, label }) => (
          <button
            key={t}
            ref={(el) => {
              refs.current[t] = el;
            }}
            type="button"
            role="tab"
            id={`${id}-${t}-tab`}
            aria-selected={tab === t}
            aria-controls={`${id}-${t}-panel`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
          >
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-${tab}-panel`} aria-labelledby={`${id}-${tab}-tab`} className="panel">
        {panels[tab]}
      </div>
    </div>
  );
}
