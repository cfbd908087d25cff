import { browser } from 'wxt/browser';

const INTERVAL_MS = 20_000;
let holders = 0;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Keeps the MV3 service worker from being stopped for idleness while long work (a signing session) runs:
 * Chrome extends a worker's life whenever it calls an extension API. Returns the release.
 */
export function holdWorker(onTick?: () => void): () => void {
  holders++;
  timer ??= setInterval(() => {
    void browser.runtime.getPlatformInfo();
    onTick?.();
  }, INTERVAL_MS);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders--;
    if (holders === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
