import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

const WIDTH = 400;
const HEIGHT = 640;
/** Kept in session storage: a restarted worker must find the window its previous life opened. */
const windowItem = storage.defineItem<number | null>('session:approvalWindowId', { fallback: null });
let opening: Promise<void> = Promise.resolve();

async function showOrOpen(): Promise<void> {
  const known = await windowItem.getValue();
  if (known !== null) {
    // Chrome throws for a window the user closed (other implementations answer undefined).
    const focused = await browser.windows.update(known, { focused: true }).catch(() => undefined);
    if (focused) return;
    await windowItem.setValue(null);
  }
  try {
    const created = await browser.windows.create({
      url: browser.runtime.getURL('/popup.html'),
      type: 'popup',
      width: WIDTH,
      height: HEIGHT,
      focused: true,
    });
    if (created?.id !== undefined) await windowItem.setValue(created.id);
  } catch {
    await browser.action.openPopup();
  }
}

/**
 * Shows the approval UI: focuses the approval window if it is still open, else opens one; where windows
 * cannot be created (some mobile browsers), opens the action popup instead. Calls run one after another,
 * so requests arriving together (or after a worker restart) never open a second window.
 */
export function openApprovalWindow(): Promise<void> {
  const next = opening.then(showOrOpen);
  opening = next.catch(() => undefined);
  return next;
}
