import { getConstraints, updateConstraints } from '../../chain';
import { WalletError } from '../../errors';
import { InvalidRequest, type Handler } from '../../messaging';
import { parseSubstrateAddress } from '../../requests/substrate';
import { walletAccounts } from '../../wallet/accounts/instance';
import { parseConstraints } from '../../wallet/constraints';
import { watchSnapshot, walletSnapshot } from '../snapshot';
import { chain, history, registration, sessionViews } from '../worker';

function addressParam(params: unknown): string {
  const address =
    typeof params === 'object' && params !== null ? (params as { address?: unknown }).address : undefined;
  return parseSubstrateAddress(address);
}

/** Pushes a WalletSnapshot now and on every change while the popup is open. */
export const stateSubscribe: Handler<'pri(state.subscribe)'> = (_params, context) =>
  new Promise<null>((resolve) => {
    const stop = watchSnapshot((snapshot) => context.emit(snapshot));
    context.onClose?.(() => {
      stop();
      resolve(null);
    });
  });

export const stateGet: Handler<'pri(state.get)'> = () => walletSnapshot();

export const sessionsList: Handler<'pri(sessions.list)'> = () => sessionViews.list();

export const historyList: Handler<'pri(history.list)'> = () => history.list();

/** Registers an account with Entropy; progress is pushed on the request while it runs. */
export const accountsRegister: Handler<'pri(accounts.register)'> = (params, context) => {
  const address = addressParam(params);
  const raw = params as { constraintAccount?: unknown; constraints?: unknown };
  const constraintAccount =
    raw.constraintAccount === undefined ? undefined : parseSubstrateAddress(raw.constraintAccount);
  return registration.register(
    { address, constraintAccount, constraints: parseConstraints(raw.constraints) },
    (progress) => context.emit(progress),
  );
};

export const constraintsGet: Handler<'pri(constraints.get)'> = async (params) =>
  getConstraints(await chain.api(), addressParam(params));

/** Updates an account's constraints, signed by its constraint account — which must be in this wallet. */
export const constraintsUpdate: Handler<'pri(constraints.update)'> = async (params) => {
  const address = addressParam(params);
  const constraints = parseConstraints((params as { constraints?: unknown }).constraints);
  const account = (await walletAccounts.list()).find((a) => a.address === address);
  if (!account?.registration) {
    throw new InvalidRequest('This account is not registered with Entropy yet', { details: { address } });
  }
  const { constraintAccount } = account.registration;
  if (!(await walletAccounts.list()).some((a) => a.address === constraintAccount)) {
    throw new WalletError(`Only the constraint account ${constraintAccount} can change these constraints`, {
      code: 'NOT_CONSTRAINT_ACCOUNT',
      details: { constraintAccount },
    });
  }
  const api = await chain.api();
  await updateConstraints(api, await walletAccounts.pair(constraintAccount), address, constraints);
  return getConstraints(api, address);
};
