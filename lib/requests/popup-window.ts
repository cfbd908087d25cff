import { browser } from 'wxt/browser';

const WIDTH = 400;
const HEIGHT = 640;
let approvalWindowId: number | undefined;

/**
 * Shows the approval UI: focuses the approval window if it is still open, else opens one; where windows
 * cannot be created (some mobile browsers), opens the action popup instead.
 */
export async function openApprovalWindow(): Promise<void> {
  if (approvalWindowId !== undefined) {
    // Chrome throws for a window the user closed (other implementations answer undefined).
    const focused = await browser.windows.update(approvalWindowId, { focused: true }).catch(() => undefined);
    if (focused) return;
    approvalWindowId = undefined;
  }
  try {
    const created = await browser.windows.create({
      url: browser.runtime.getURL('/popup.html'),
      type: 'popup',
      width: WIDTH,
      height: HEIGHT,
      focused: true,
    });
    approvalWindowId = created?.id;
  } catch {
    await browser.action.openPopup();
  }
}
