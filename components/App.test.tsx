// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createMessageClient, InvalidRequest, type RequestEnvelope } from '../lib/messaging';
import { createWalletStore } from '../lib/popup/store';
import { App } from './App';

/** A background that answers from a table, so the popup is tested against the real client and store. */
function fakeBackground(answer: (request: RequestEnvelope) => unknown) {
  const client = createMessageClient((request) =>
    queueMicrotask(() => {
      try {
        client.receive({ id: request.id, result: answer(request) });
      } catch (error) {
        client.receive({ id: request.id, error: (error as InvalidRequest).toJSON() });
      }
    }),
  );
  return client;
}

afterEach(cleanup);

describe('popup App', () => {
  it('says it is connecting, then shows the version and the endpoint', async () => {
    const store = createWalletStore(
      fakeBackground(() => ({ name: 'Entropy Wallet', version: '9.9.9', endpoint: 'ws://127.0.0.1:9944' })),
    );
    render(<App store={store} />);
    expect(screen.getByRole('status').textContent).toBe('Connecting to the wallet…');
    await act(() => store.getState().refresh());
    expect(screen.getByText('v9.9.9')).toBeTruthy();
    expect((screen.getByLabelText('Network endpoint') as HTMLInputElement).value).toBe('ws://127.0.0.1:9944');
  });

  it('shows the background’s refusal in words, with the code behind a disclosure', async () => {
    const store = createWalletStore(
      fakeBackground((request) => {
        if (request.method === 'pri(settings.update)') throw new InvalidRequest('Use a ws:// or wss:// URL');
        return { name: 'Entropy Wallet', version: '1.0.0', endpoint: 'ws://127.0.0.1:9944' };
      }),
    );
    await store.getState().refresh();
    render(<App store={store} />);
    fireEvent.change(screen.getByLabelText('Network endpoint'), { target: { value: 'http://x' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('Use a ws:// or wss:// URL');
    expect(screen.getByText('INVALID_REQUEST').closest('details')).toBeTruthy();
  });

  it('disables Save until the endpoint changes', async () => {
    const store = createWalletStore(
      fakeBackground(() => ({ name: 'Entropy Wallet', version: '1.0.0', endpoint: 'ws://a:1' })),
    );
    await store.getState().refresh();
    render(<App store={store} />);
    const save = screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Network endpoint'), { target: { value: 'ws://b:2' } });
    expect(save.disabled).toBe(false);
  });
});
