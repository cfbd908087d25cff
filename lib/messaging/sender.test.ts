import { describe, expect, it } from 'vitest';
import { classifyPort, CONTENT_PORT, POPUP_PORT } from './sender';

const self = { extensionId: 'ext', extensionOrigin: 'chrome-extension://ext' };

describe('classifyPort', () => {
  it('takes a content script port’s origin from the browser’s sender info', () => {
    expect(
      classifyPort(
        CONTENT_PORT,
        { id: 'ext', origin: 'http://127.0.0.1:5173', url: 'http://127.0.0.1:5173/x', tab: { id: 9 } },
        self,
      ),
    ).toEqual({ sender: 'page', origin: 'http://127.0.0.1:5173', tabId: 9 });
  });

  it('falls back to the sender URL’s origin', () => {
    expect(
      classifyPort(CONTENT_PORT, { id: 'ext', url: 'https://dapp.example/a?b', tab: { id: 1 } }, self)
        ?.origin,
    ).toBe('https://dapp.example');
  });

  it('accepts the popup port only from the extension’s own pages', () => {
    expect(classifyPort(POPUP_PORT, { id: 'ext', url: 'chrome-extension://ext/popup.html' }, self)).toEqual({
      sender: 'popup',
      origin: 'chrome-extension://ext',
    });
    expect(
      classifyPort(POPUP_PORT, { id: 'ext', url: 'chrome-extension://ext/popup.html', tab: { id: 3 } }, self)
        ?.sender,
    ).toBe('popup');
    expect(
      classifyPort(POPUP_PORT, { id: 'ext', url: 'https://dapp.example/', tab: { id: 1 } }, self),
    ).toBeUndefined();
    expect(
      classifyPort(POPUP_PORT, { id: 'ext', url: 'chrome-extension://extra/popup.html' }, self),
    ).toBeUndefined();
  });

  it('rejects other extensions, unknown port names and opaque origins', () => {
    expect(
      classifyPort(CONTENT_PORT, { id: 'other', url: 'https://a.example/', tab: { id: 1 } }, self),
    ).toBeUndefined();
    expect(
      classifyPort('something', { id: 'ext', url: 'https://a.example/', tab: { id: 1 } }, self),
    ).toBeUndefined();
    expect(classifyPort(CONTENT_PORT, { id: 'ext', origin: 'null', tab: { id: 1 } }, self)).toBeUndefined();
    expect(classifyPort(CONTENT_PORT, undefined, self)).toBeUndefined();
  });
});
