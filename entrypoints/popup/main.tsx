import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { App } from '../../components/App';
import { POPUP_PORT } from '../../lib/messaging';
import { reconnectingClient } from '../../lib/popup/reconnect';
import { createWalletStore } from '../../lib/popup/store';
import '../../components/styles.css';

// The callbacks run only after a port closed, by which time the store below exists.
const client = reconnectingClient(() => browser.runtime.connect({ name: POPUP_PORT }), {
  onDisconnect: () => store.getState().setConnection('reconnecting'),
  onReconnect: () => {
    void store.getState().refresh();
    store.getState().connect();
  },
});
const store = createWalletStore(client);
void store.getState().refresh();
store.getState().connect();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
