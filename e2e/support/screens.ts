import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** What differs between runs in the signing views: times, block numbers, ports, committee, signature. */
export const SESSION_MASKS = ['p.muted[aria-live]', '.elapsed', '.member-ids', 'code.data', '.retries'];

/** An extension page at the popup's real size and scheme, so its screenshots compare with the popup's. */
export async function asPopup(page: Page): Promise<void> {
  await page.setViewportSize({ width: 360, height: 600 });
  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' });
}

/** A screenshot kept with the test's artifacts (test-results/…) without comparing it: the view still moves. */
export async function artifact(page: Page, name: string, mask: string[] = []): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  const masked = mask.map((selector) => page.locator(selector));
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', mask: masked });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/** axe-core's WCAG 2 A/AA rules (labels, names, contrast, ARIA) on the screen as it is now. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations, passes } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  expect(passes.map((rule) => rule.id)).toContain('color-contrast');
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

/**
 * One screen checked with axe, compared with its committed baseline (`<spec>-snapshots/<name>`, `mask`ed
 * where runs differ — and where secrets such as a recovery phrase show), and kept with the test's artifacts.
 */
/** Different on every run: identicons of fresh accounts, and the network bar (its port; its state while connecting). */
const ALWAYS_MASKED = ['.identicon', '.network .endpoint'];

export async function snap(
  page: Page,
  name: `${string}.png`,
  mask: string[] = [],
  { network = false, scrollbar = true }: { network?: boolean; scrollbar?: boolean } = {},
): Promise<void> {
  await expectAccessible(page);
  // The network bar is compared only where it is the subject; elsewhere it may still be connecting.
  const masked = [...mask, ...ALWAYS_MASKED, ...(network ? [] : ['.network'])];
  // Without the scrollbar, the length of what is below the fold (which the screenshot does not show) cannot
  // change it.
  const clip = scrollbar
    ? undefined
    : await page.evaluate(() => {
        // The popup scrolls its body under a fixed header; a page without one scrolls the document.
        const scroller = document.querySelector('.popup-body') ?? document.documentElement;
        const left = scroller.getBoundingClientRect().left;
        return { x: 0, y: 0, width: left + scroller.clientWidth, height: window.innerHeight };
      });
  await expect(page).toHaveScreenshot(name, {
    animations: 'disabled',
    caret: 'hide',
    mask: masked.map((selector) => page.locator(selector)),
    ...(clip ? { clip } : {}),
  });
  await artifact(page, name.slice(0, -'.png'.length), masked);
}
