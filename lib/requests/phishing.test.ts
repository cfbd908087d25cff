import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import config from 'eth-phishing-detect/src/config.json';
import { checkPhishing } from './phishing';
import { createRequestQueue } from './queue';

describe('the bundled phishing list', () => {
  it('flags a listed host and its subdomains, with where the list comes from', () => {
    const listed = (config as { blacklist: string[] }).blacklist[0]!;
    expect(checkPhishing(`https://${listed}`)).toEqual({
      host: listed,
      reason: 'listed',
      source: 'MetaMask eth-phishing-detect list',
    });
    expect(checkPhishing(`https://app.${listed}:8443`)?.reason).toBe('listed');
  });

  it('flags a look-alike of a site phishers copy, naming the real one', () => {
    expect(checkPhishing('https://metamasks.io')).toMatchObject({
      reason: 'lookalike',
      resembles: 'metamask.io',
    });
  });

  it('lets ordinary and local sites through', () => {
    for (const origin of [
      'https://metamask.io',
      'http://127.0.0.1:5173',
      'https://polkadot.js.org',
      'http://localhost',
    ]) {
      expect(checkPhishing(origin)).toBeUndefined();
    }
  });
});

describe('every request is screened', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a connection or signing request from a listed site carries the verdict to the popup; others do not', async () => {
    const listed = (config as { blacklist: string[] }).blacklist[0]!;
    const queue = createRequestQueue({
      executor: { approve: async () => null },
      openPopup: async () => undefined,
      screenOrigin: checkPhishing,
    });
    void queue
      .enqueue({ origin: `https://${listed}`, payload: { kind: 'authorize' } })
      .catch(() => undefined);
    void queue
      .enqueue({ origin: 'https://fine.example', payload: { kind: 'personal-message', message: '0x01' } })
      .catch(() => undefined);
    await expect.poll(async () => (await queue.list()).length).toBe(2);
    const [flagged, fine] = await queue.list();
    expect(flagged!.phishing).toMatchObject({ host: listed, reason: 'listed' });
    expect(fine!.phishing).toBeUndefined();
  });
});
