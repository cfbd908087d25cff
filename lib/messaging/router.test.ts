import { describe, expect, it } from 'vitest';
import { WalletError, deserializeError } from '../errors';
import { createRouter, type RequestContext } from './router';
import { InvalidRequest, UnknownRequest, Unauthorized } from './errors';

const page: RequestContext = { sender: 'page', origin: 'http://127.0.0.1:5173', emit: () => {} };
const popup: RequestContext = { sender: 'popup', origin: 'chrome-extension://abc', emit: () => {} };

const router = createRouter({
  'pub(wallet.status)': (_params, context) => ({
    name: 'W',
    version: '1',
    endpoint: 'ws://x',
    origin: context.origin,
  }),
  'pri(settings.get)': () => ({
    endpoint: 'ws://x',
    ethSignEnabled: false,
    evmNetworks: [],
    defaultEvmChainId: 1,
  }),
  'pri(settings.update)': () => {
    throw new InvalidRequest('bad endpoint', { details: { endpoint: 'http://nope' } });
  },
});

describe('router', () => {
  it('answers a page request with the origin from the context, not from the message', async () => {
    const response = await router.handle(
      {
        id: '1',
        method: 'pub(wallet.status)',
        params: { origin: 'https://evil.example' },
        origin: 'https://evil.example',
      },
      page,
    );
    expect(response).toEqual({
      id: '1',
      result: { name: 'W', version: '1', endpoint: 'ws://x', origin: 'http://127.0.0.1:5173' },
    });
  });

  it('refuses popup-only requests from pages', async () => {
    const response = await router.handle({ id: '2', method: 'pri(settings.get)' }, page);
    expect(response && 'error' in response && deserializeError(response.error)).toBeInstanceOf(Unauthorized);
  });

  it('lets the popup make popup-only requests', async () => {
    expect(await router.handle({ id: '3', method: 'pri(settings.get)' }, popup)).toEqual({
      id: '3',
      result: { endpoint: 'ws://x', ethSignEnabled: false, evmNetworks: [], defaultEvmChainId: 1 },
    });
  });

  it('names an unknown request in a typed error', async () => {
    const response = await router.handle({ id: '4', method: 'pub(steal.keys)' }, page);
    const error = response && 'error' in response ? deserializeError(response.error) : undefined;
    expect(error).toBeInstanceOf(UnknownRequest);
    expect(error?.message).toContain('pub(steal.keys)');
    expect(error?.details).toEqual({ method: 'pub(steal.keys)' });
  });

  it('refuses method names without a pub/pri prefix even if a handler exists', async () => {
    const bare = createRouter({ 'pub(wallet.status)': () => ({}) as never });
    const response = await bare.handle({ id: '5', method: 'wallet.status' }, page);
    expect(response && 'error' in response && response.error.code).toBe('UNKNOWN_REQUEST');
  });

  it('carries a handler error across as the same typed class with its details', async () => {
    const response = await router.handle({ id: '6', method: 'pri(settings.update)', params: {} }, popup);
    const error = response && 'error' in response ? deserializeError(response.error) : undefined;
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error).toBeInstanceOf(WalletError);
    expect(error?.details).toEqual({ endpoint: 'http://nope' });
  });

  it('answers a malformed envelope that has an id, and drops one without', async () => {
    const withId = await router.handle({ id: '7', method: 42 }, page);
    expect(withId && 'error' in withId && withId.error.code).toBe('INVALID_REQUEST');
    expect(await router.handle('garbage', page)).toBeUndefined();
    expect(await router.handle(null, page)).toBeUndefined();
  });

  it('turns a non-wallet exception into an INTERNAL error without leaking a stack', async () => {
    const failing = createRouter({
      'pub(wallet.status)': () => {
        throw new TypeError('boom');
      },
    });
    const response = await failing.handle({ id: '8', method: 'pub(wallet.status)' }, page);
    expect(response).toEqual({ id: '8', error: { name: 'WalletError', code: 'INTERNAL', message: 'boom' } });
  });
});
