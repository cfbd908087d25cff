import type { SigningSessionView } from './view';

/** How many signing views the wallet keeps for the popup: the running ones and the last finished. */
export const MAX_KEPT_VIEWS = 20;

/**
 * The kept list after `view`: its request's newest view first, the others in their order, at most
 * `MAX_KEPT_VIEWS`. The worker keeps its list with it, and the popup applies the views it is sent with
 * it, so both hold the same list in the same order.
 */
export function keepView(
  kept: readonly SigningSessionView[],
  view: SigningSessionView,
): SigningSessionView[] {
  return [view, ...kept.filter((v) => v.requestId !== view.requestId)].slice(0, MAX_KEPT_VIEWS);
}
