import { useEffect, useState } from 'react';

/** The current time, re-read every `intervalMs` while `running`, for elapsed-time displays. */
export function useNow(running: boolean, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [running, intervalMs]);
  return now;
}

/** Milliseconds left until `until` (epoch ms), re-read while any are left. */
export function useCountdown(until: number, intervalMs = 250): number {
  const [now, setNow] = useState(() => Date.now());
  const [counted, setCounted] = useState(until);
  if (counted !== until) {
    // A new deadline: count from the present, not from the last tick.
    setCounted(until);
    setNow(Date.now());
  }
  const waiting = until > now;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [waiting, intervalMs]);
  return Math.max(0, until - now);
}
