import { recordQueueHistory, trackTransactions } from '../wallet/history';
import { walletVault } from '../wallet/vault/instance';
import { showPendingCount } from './badge';
import { handlers } from './handlers';
import { listenForPorts } from './listen';
import { getServices, provideServices } from './services';
import { getConstraints } from '../chain';
import { receiptStatus } from '../ethereum/receipt';
import { setWirePrimitives } from '../wire';
import { chain, genesisHashIfConnected, history, signing } from './worker';
import { workerWirePrimitives } from './wire-primitives';

/** Wires the worker's services together; called synchronously when the worker starts. */
export function startBackground(): void {
  // First, so an auto-lock alarm that woke the worker finds its listener.
  walletVault.listen();
  setWirePrimitives(workerWirePrimitives);
  provideServices({
    signer: {
      signHash: (input, onProgress) =>
        signing.signHash(input, (view) =>
          onProgress({ requestId: view.requestId, step: view.status, detail: view, at: Date.now() }),
        ),
    },
    genesisHash: () => genesisHashIfConnected(),
    chainApi: () => chain.api(),
    constraints: async (address) => getConstraints(await chain.api(), address),
  });
  recordQueueHistory(getServices().queue, history);
  showPendingCount(getServices().queue);
  trackTransactions(history, async (chainId, hash) =>
    receiptStatus(await getServices().evm.client(chainId), hash),
  );
  // Reading the queue closes approvals a restart interrupted, so history records them right away.
  void getServices()
    .queue.list()
    .catch(() => undefined);
  listenForPorts(handlers);
}
