/** New requests per origin per window (a page asking in a loop is refused, not queued). */
export const DEFAULT_RATE_LIMIT = { max: 10, windowMs: 60_000 };
/**
 * Every new request brings the approval window up: a page reloading itself (each reload withdraws the
 * request and asks again) under ever new origins must not do that endlessly.
 */
export const DEFAULT_GLOBAL_RATE_LIMIT = { max: 30, windowMs: 60_000 };
export const DEFAULT_MAX_PENDING = 50;
