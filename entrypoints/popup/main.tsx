import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browser } from 'wxt/browser';
import { App } from '../../components/App';
import { connectPortClient, POPUP_PORT } from '../../lib/messaging';
import { createWalletStore } from '../../lib/popup/store';
import '../../components/styles.css';

const client = connectPortClient(browser.runtime.connect({ name: POPUP_PORT }));
const store = createWalletStore(client);
void store.getState().refresh();
store.getState().connect();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
