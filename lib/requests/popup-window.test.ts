import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openApprovalWindow } from './popup-window';

describe('the approval window', () => {
  it('opens popup.html as a popup window once, focuses it while open, and reopens after it was closed', async () => {
    fakeBrowser.reset();
    const created: number[] = [];
    browser.windows.onCreated.addListener((w) => void created.push(w.id!));
    await openApprovalWindow();
    await openApprovalWindow();
    const all = await browser.windows.getAll();
    expect(all.filter((w) => w.type === 'popup')).toHaveLength(1);
    const popup = all.find((w) => w.type === 'popup')!;
    expect(popup).toMatchObject({ width: 400, height: 640, focused: true });

    await browser.windows.remove(popup.id!);
    await openApprovalWindow();
    expect((await browser.windows.getAll()).filter((w) => w.type === 'popup')).toHaveLength(1);
    expect(created).toHaveLength(2);
  });

  it('opens one window for requests arriving together, and a restarted worker reuses it', async () => {
    fakeBrowser.reset();
    await Promise.all([openApprovalWindow(), openApprovalWindow(), openApprovalWindow()]);
    expect((await browser.windows.getAll()).filter((w) => w.type === 'popup')).toHaveLength(1);
    // A new worker (fresh module state) finds the window in session storage instead of opening another.
    vi.resetModules();
    const restarted = await import('./popup-window');
    await restarted.openApprovalWindow();
    expect((await browser.windows.getAll()).filter((w) => w.type === 'popup')).toHaveLength(1);
  });
});
