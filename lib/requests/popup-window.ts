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
    try {
      await browser.windows.update(approvalWindowId, { focused: true });
      return;
    } catch {
      approvalWindowId = undefined;
    }
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
