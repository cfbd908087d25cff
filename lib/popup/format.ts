import type { ProtocolBackends } from '../protocol';

/** `5GrwvaEF…oHGKutQY`: enough of an address to recognise it, with the whole one in a title. */
export function shortAddress(address: string, keep = 8): string {
  return address.length <= keep * 2 + 1 ? address : `${address.slice(0, keep)}…${address.slice(-keep)}`;
}

/** `0.4 s`, `12 s`, `2 min 5 s`: elapsed time for a person, not a profiler. */
export function formatDuration(ms: number): string {
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function formatTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Says what signs here; a JavaScript fallback (WebAssembly blocked or missing) makes signing slower. */
export function engineLabel(engine: ProtocolBackends): string {
  const slow = [
    ...(engine.sha256 === 'wasm' ? [] : ['SHA-256']),
    ...(engine.arithmetic === 'wasm' ? [] : ['arithmetic']),
  ];
  return slow.length === 0
    ? 'Signing engine: WebAssembly'
    : `Signing engine: JavaScript for ${slow.join(' and ')} (WebAssembly unavailable here: signing is slower)`;
}
