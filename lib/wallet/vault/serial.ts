/**
 * Runs async tasks one at a time, in call order: read-modify-write sequences on storage (attempt
 * counters, account lists) must not interleave when the popup sends two requests at once.
 */
export function createSerial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}
