import { describe, expect, it, vi } from 'vitest';
import { FinalError, retry } from './retry';

function clock() {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), elapsed: () => t };
}

describe('retry', () => {
  it('tries again after each failure, with the given waits, until it succeeds', async () => {
    const c = clock();
    const task = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockRejectedValueOnce(new Error('ECONNREFUSED'))
      .mockResolvedValue('stored');
    const onRetry = vi.fn();
    await expect(retry(task, { delaysMs: [100, 400], budgetMs: 10_000, ...c, onRetry })).resolves.toBe(
      'stored',
    );
    expect(task).toHaveBeenCalledTimes(3);
    expect(c.elapsed()).toBe(500);
    expect(onRetry.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2]);
  });

  it('gives up with the last error once the next wait would pass the budget', async () => {
    const c = clock();
    let n = 0;
    const task = () => Promise.reject(new Error(`down ${++n}`));
    await expect(retry(task, { delaysMs: [1_000], budgetMs: 3_500, ...c })).rejects.toThrow('down 4');
    expect(c.elapsed()).toBe(3_000);
  });

  it('does not retry a refusal', async () => {
    const c = clock();
    const task = vi.fn(() => Promise.reject(new FinalError('refused the share')));
    await expect(retry(task, { delaysMs: [10], budgetMs: 1_000, ...c })).rejects.toBeInstanceOf(FinalError);
    expect(task).toHaveBeenCalledOnce();
  });
});
