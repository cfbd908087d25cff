import { describe, expect, it } from 'vitest';
import { parseOptions } from './options';

const required = ['--seed', 'validator-0-0', '--data-dir', '/tmp/x', '--password-file', '/tmp/pw'];

describe('parseOptions', () => {
  it('reads every flag and applies defaults', () => {
    expect(parseOptions(required)).toMatchObject({
      port: 3001,
      chain: 'ws://127.0.0.1:9944',
      seed: 'validator-0-0',
      pruneAfterBlocks: 100,
      sessionTimeoutMs: 20_000,
    });
    const options = parseOptions([
      ...required,
      '--port',
      '0',
      '--chain',
      'ws://127.0.0.1:1',
      '--misbehave',
      'late',
      '--prune-after-blocks',
      '5',
      '--session-timeout-ms',
      '1000',
    ]);
    expect(options).toMatchObject({
      port: 0,
      misbehave: 'late',
      pruneAfterBlocks: 5,
      sessionTimeoutMs: 1000,
    });
    expect(parseOptions(['--stash', 'v', '--data-dir', 'd', '--password-file', 'p']).seed).toBe('v');
  });

  it('refuses bad input with the reason and the usage', () => {
    expect(() => parseOptions([])).toThrow(/required/);
    expect(() => parseOptions([...required, '--misbehave', 'evil'])).toThrow(
      /drop, corrupt, wrong-share, late/,
    );
    expect(() => parseOptions([...required, '--port', '-1'])).toThrow(/--port/);
    expect(() => parseOptions([...required, '--chain', 'http://x'])).toThrow(/ws:\/\//);
    expect(() => parseOptions([...required, '--bogus'])).toThrow(/Usage/);
  });
});
