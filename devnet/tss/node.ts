import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { ServerResponse } from 'node:http';
import { decodeAddress } from '@polkadot/util-crypto';
import {
  assertCanSign,
  createDkg,
  createOtSetup,
  createSigning,
  decodeKeyShare,
  ProtocolError,
  type KeyShare,
  type Signature,
} from '../../lib/protocol';
import {
  groupPartyId,
  otSetupSessionId,
  publicSharesOf,
  registrationSessionId,
  signingSessionId,
} from '../../lib/tss';
import type { SessionFailure, UserTxResponse } from '../../lib/tss';
import {
  envelopeFromJson,
  decodeFrame,
  envelopeToJson,
  openEnvelope,
  sealEnvelope,
  ss58Address,
  type OpenedEnvelope,
  type Sr25519Signer,
} from '../../lib/wire';
import { decodeOcwMessage, sameRelayerMessage, type RelayerMessage } from '../../lib/wire/ocw';
import type { ValidatorKeys } from '../genesis';
import { accusedBy } from './accuse';
import type { Constraints } from '../../lib/chain/entropy';
import type { TssChain } from './chain';
import { evaluateConstraints, parseSignable } from './constraints';
import { TssError } from './errors';
import { outgoingHook, signingShare } from './misbehave';
import { FinalError, retry } from './retry';
import type { TssOptions } from './options';
import { keepReplicatedPair, refuseStalePair } from './replicas';
import { ProtocolSession, type Member } from './session';
import { devUriSigner } from './signer';
import { LiveShares } from './shares';
import { SseHub } from './sse';
import { SubscriptionGate } from './subscriptions';
import type { StoredRequest, StoredResult, TssStore } from './store';
import { Wakeup } from './wakeup';

export interface TssNodeDeps {
  options: Pick<TssOptions, 'misbehave' | 'pruneAfterBlocks' | 'sessionTimeoutMs'>;
  keys: ValidatorKeys;
  /** This validator's signing group. */
  group: number;
  store: TssStore;
  chain: TssChain;
  log: (line: string) => void;
}

const DKG_TIMEOUT_FACTOR = 3;

/** OT setups of one account at once: one per pair with this server is all an honest run needs. */
const MAX_OT_SETUPS_PER_ACCOUNT = 8;
/**
 * `/user/tx` calls that wait for their request to reach this server (each polls the store and the chain
 * for up to 15 s): per sender, and in all. Any key can send one, so both bounds are needed.
 */
export const MAX_WAITING_USER_TX_PER_SENDER = 4;
const MAX_WAITING_USER_TX = 64;

/** How far back `/user/tx` looks for its request on chain when the off-chain worker's POST is missing. */
const RECENT_BLOCKS = 20;

const hex = (bytes: Uint8Array): `0x${string}` => `0x${bytesToHex(bytes)}`;
const unhex = (text: string): Uint8Array => hexToBytes(text.startsWith('0x') ? text.slice(2) : text);
const equal = (a: Uint8Array, b: Uint8Array): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses an envelope's plaintext as a JSON object with exactly `fields`. */
function plaintextJson(opened: OpenedEnvelope, fields: string[]): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(opened.plaintext));
  } catch {
    throw new TssError('The envelope does not contain JSON', { details: { field: 'plaintext' } });
  }
  if (!isRecord(value)) throw new TssError('The envelope must contain a JSON object');
  const extra = Object.keys(value).filter((k) => !fields.includes(k));
  if (extra.length)
    throw new TssError(`Unexpected field ${extra[0]} in the envelope`, { details: { field: extra[0] } });
  return value;
}

/**
 * The longest account text: 0x and 64 hex digits (an SS58 address of 32 bytes is at most 50). Base58
 * decoding costs more than quadratic time, so a longer one is refused before it is decoded: an envelope
 * anyone can seal could otherwise carry a megabyte "address" and stop the server for hours.
 */
const MAX_ACCOUNT_CHARS = 66;

/** Refuses an account that is not an SS58 address (the chain's lookups would throw on it). */
function requireAddress(account: string): void {
  if (account.length > MAX_ACCOUNT_CHARS) {
    throw new TssError(`account must be an SS58 address (at most ${MAX_ACCOUNT_CHARS} characters)`, {
      details: { field: 'account' },
    });
  }
  let publicKey: Uint8Array | undefined;
  try {
    publicKey = decodeAddress(account);
  } catch {
    publicKey = undefined;
  }
  if (publicKey?.length !== 32) {
    throw new TssError('account must be an SS58 address', { details: { field: 'account' } });
  }
}

/**
 * One validator's TSS logic, behind the HTTP routes: registration (DKG + share replication + on-chain
 * confirmation), signing requests from the chain, the user's transaction with constraint checks,
 * protocol sessions, failure reports and results for polling clients.
 */
export class TssNode {
  readonly hub = new SseHub();
  readonly partyId: string;
  private readonly sessions = new Map<string, { session: AnySession; blockNumber: number }>();
  private readonly subscriptions: SubscriptionGate;
  private readonly creating = new Map<string, Promise<ProtocolSession<Signature>>>();
  /** `/user/tx` calls waiting for their request, per sender (bounded: see MAX_WAITING_USER_TX). */
  private readonly waitingUserTx = new Map<string, number>();
  /** OT setups being created (id → account), before they count in `otSetups`. */
  private readonly settingUp = new Map<string, string>();
  /** Per account: the OT setups under way, each settled once its result is kept (or it failed). */
  private readonly otSetups = new Map<string, Set<Promise<void>>>();
  /** One live share per account: every run of the account uses (and persists) the same object. */
  private readonly shares: LiveShares;
  /** Per account: the signing session the user started here (`/user/tx`) and that has not ended. */
  private readonly signing = new Map<string, string>();

  private readonly frameSigner: Sr25519Signer;
  /** Wakes `/user/tx` and stream requests that wait for a session, a stored request or a new head. */
  private readonly wakeup = new Wakeup();
  /** The rules of the accounts whose requests in our newest head name us, read at that head. */
  private rulesAtHead: { head: number; rules: Map<string, Promise<Constraints>> } = {
    head: -1,
    rules: new Map(),
  };

  constructor(private readonly deps: TssNodeDeps) {
    this.partyId = groupPartyId(deps.group);
    this.frameSigner = devUriSigner(deps.keys.tssUri, deps.keys.tss.publicKey);
    this.shares = new LiveShares(deps.store);
    this.subscriptions = new SubscriptionGate({
      partyId: this.partyId,
      x25519SecretKey: deps.keys.x25519.secretKey,
    });
  }

  private get identity() {
    return {
      partyId: this.partyId,
      signer: this.frameSigner,
      x25519SecretKey: this.deps.keys.x25519.secretKey,
    };
  }

  private open(body: unknown): OpenedEnvelope {
    return openEnvelope(envelopeFromJson(body), { x25519SecretKey: this.deps.keys.x25519.secretKey });
  }

  // ---- registration -------------------------------------------------------------------------------

  /** `/user/new`: the registering account asks us to run its DKG. */
  async userNew(body: unknown): Promise<void> {
    const opened = this.open(body);
    const { blockNumber } = plaintextJson(opened, ['blockNumber']);
    if (typeof blockNumber !== 'number' || !Number.isInteger(blockNumber) || blockNumber < 0) {
      throw new TssError('blockNumber must be a block number', { details: { field: 'blockNumber' } });
    }
    const address = opened.sender.address;
    const registering = await this.deps.chain.registering(address);
    if (!registering) throw new TssError(`${address} is not registering on chain`, { code: 'NOT_FOUND' });
    if (registering.blockNumber !== blockNumber) {
      throw new TssError(`${address} registered in block ${registering.blockNumber}, not ${blockNumber}`, {
        code: 'CONFLICT',
      });
    }
    const me = registering.committee.find((m) => equal(m.tssAccount, this.deps.keys.tss.publicKey));
    if (!me) throw new TssError('This server is not in the registration committee', { code: 'NOT_MEMBER' });
    const sessionId = registrationSessionId(opened.sender.account, blockNumber);
    if (this.sessions.has(bytesToHex(sessionId))) return;

    const members: Member[] = [
      ...registering.committee.map((m) => ({
        partyId: groupPartyId(m.signingGroup),
        account: m.tssAccount,
        x25519: m.x25519PublicKey,
        endpoint: m.endpoint,
      })),
      { partyId: address, account: opened.sender.account, x25519: opened.sender.x25519, endpoint: null },
    ];
    const session = new ProtocolSession<KeyShare>({
      sessionId,
      kind: 'dkg',
      self: this.identity,
      members,
      // A DKG round (base OTs with proofs for every pair) costs far more than a signing round.
      timeoutMs: this.deps.options.sessionTimeoutMs * DKG_TIMEOUT_FACTOR,
      hub: this.hub,
      createMachine: () =>
        createDkg({ sessionId, self: this.partyId, parties: members.map((m) => m.partyId) }),
      log: this.deps.log,
    });
    this.track(session, blockNumber);
    session.outcome.then(
      (share) => void this.finishRegistration(session, address, share),
      () => undefined,
    );
    session.markReady();
  }

  /** Keeps the share, gives it to the rest of our signing group, then confirms on chain. */
  private async finishRegistration(session: ProtocolSession<KeyShare>, address: string, share: KeyShare) {
    try {
      const encoded = await this.shares.replace(address, share);
      await this.replicateToGroup(address, encoded);
      await this.deps.chain.confirmRegister(
        address,
        this.deps.group,
        share.verifyingKey,
        publicSharesOf(share, address),
      );
      session.announce('registered', { verifyingKey: hex(share.verifyingKey) });
      this.deps.log(`registered ${address}`);
    } catch (error) {
      const reason = `registration could not be completed: ${(error as Error).message}`;
      this.deps.log(reason);
      session.announce('failure', { reason, code: 'REGISTRATION' } satisfies SessionFailure);
    }
  }

  /**
   * Hands `account`'s share to the other servers of our signing group: whole after a registration, or
   * only the pair with `renewed` after a new OT setup (another member may have renewed another pair).
   */
  private async replicateToGroup(account: string, encoded: Uint8Array, renewed?: string): Promise<void> {
    const peers = (await this.deps.chain.groupServers(this.deps.group)).filter(
      (s) => !equal(s.tssAccount, this.deps.keys.tss.publicKey),
    );
    // A group member that is restarting gets the share when it is back: within two session timeouts
    // after a registration (not confirmed on chain before the whole group holds the share; a restart
    // on a loaded machine takes a while), one after an OT renewal (kept whether or not it reached all).
    const budgetMs = this.deps.options.sessionTimeoutMs * (renewed === undefined ? 2 : 1);
    await Promise.all(
      peers.map((peer) =>
        retry(() => this.replicateTo(peer.endpoint, peer.x25519PublicKey, account, encoded, renewed), {
          delaysMs: [250, 500, 1_000, 2_000],
          budgetMs,
          onRetry: (error) =>
            this.deps.log(`replicating ${account} to ${peer.endpoint}: ${(error as Error).message}`),
        }),
      ),
    );
  }

  private async replicateTo(
    endpoint: string,
    x25519: Uint8Array,
    account: string,
    share: Uint8Array,
    renewed: string | undefined,
  ) {
    const envelope = sealEnvelope({
      plaintext: new TextEncoder().encode(
        JSON.stringify(renewed ? { account, share: hex(share), renewed } : { account, share: hex(share) }),
      ),
      signer: this.deps.keys.tss,
      senderX25519SecretKey: this.deps.keys.x25519.secretKey,
      recipientX25519PublicKey: x25519,
    });
    const response = await fetch(new URL('/validator/replicate_share', endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(envelopeToJson(envelope)),
    });
    if (response.ok) return;
    const reason = `${endpoint} answered ${response.status}: ${await response.text()}`;
    // A 4xx is a refusal that would not change; a 5xx may be a server still starting.
    throw response.status < 500 ? new FinalError(reason) : new Error(reason);
  }

  /** `/validator/replicate_share`: a member of our own signing group hands us an account's share. */
  async replicateShare(body: unknown): Promise<void> {
    const opened = this.open(body);
    const { account, share, renewed } = plaintextJson(opened, ['account', 'share', 'renewed']);
    if (typeof account !== 'string' || typeof share !== 'string' || !/^0x[0-9a-f]+$/.test(share)) {
      throw new TssError('account and share (hex) are required');
    }
    requireAddress(account);
    if (renewed !== undefined && typeof renewed !== 'string') {
      throw new TssError('renewed must be a party id', { details: { field: 'renewed' } });
    }
    const group = await this.deps.chain.groupOfTssAccount(opened.sender.account);
    if (group !== this.deps.group) {
      throw new TssError('Only a member of this signing group may replicate a share here', {
        code: 'UNAUTHORIZED',
      });
    }
    if (!(await this.deps.chain.registering(account)) && !(await this.deps.chain.isRegistered(account))) {
      throw new TssError(`${account} is neither registering nor registered`, { code: 'NOT_FOUND' });
    }
    let decoded: KeyShare;
    try {
      decoded = decodeKeyShare(unhex(share));
    } catch (cause) {
      throw new TssError('The share does not decode', { cause });
    }
    if (decoded.partyId !== this.partyId) {
      throw new TssError(`The share is for ${decoded.partyId}, not ${this.partyId}`, { code: 'CONFLICT' });
    }
    const current = await this.shares.get(account);
    if (renewed === undefined) {
      // A whole share is a registration's: a new key replaces ours, the same key only with no older pair.
      if (current && equal(current.verifyingKey, decoded.verifyingKey)) {
        for (const [peer, pair] of decoded.ot) refuseStalePair(current.ot.get(peer), pair, peer);
      }
      await this.shares.replace(account, decoded);
      return;
    }
    const pair = decoded.ot.get(renewed);
    if (!pair) throw new TssError(`The share has no pair with ${renewed}`, { details: { field: 'renewed' } });
    await this.shares.update(account, (live) => {
      if (!equal(live.verifyingKey, decoded.verifyingKey))
        throw new TssError('The renewed pair belongs to another key', { code: 'CONFLICT' });
      keepReplicatedPair(live, renewed, pair);
    });
  }

  // ---- signing ------------------------------------------------------------------------------------

  /** `/signer/new_party`: the off-chain worker's messages; returns how many sessions concern us. */
  async newParty(body: Uint8Array): Promise<number> {
    const ocw = decodeOcwMessage(body);
    const onChain = await this.deps.chain.messages(ocw.blockNumber);
    const matches =
      onChain.length === ocw.messages.length &&
      ocw.messages.every((m, i) => sameRelayerMessage(m, onChain[i]!));
    if (!matches) {
      throw new TssError(`The messages do not match relayer.messages(${ocw.blockNumber}) on chain`, {
        code: 'CONFLICT',
      });
    }
    return this.adoptOurs(ocw.messages, ocw.blockNumber);
  }

  /** Opens the sessions of the requests that name us; returns how many. */
  private async adoptOurs(messages: readonly RelayerMessage[], blockNumber: number): Promise<number> {
    let mine = 0;
    for (const message of messages) {
      if (!this.isMember(message)) continue;
      await this.adoptRequest(toStoredRequest(message, blockNumber));
      mine++;
    }
    return mine;
  }

  private isMember(message: RelayerMessage): boolean {
    return message.committee.some((m) => equal(m.tssAccount, this.deps.keys.tss.publicKey));
  }

  /** Stores a request the chain confirmed and opens its session (once: the worker and `/user/tx` race). */
  private async adoptRequest(request: StoredRequest): Promise<ProtocolSession<Signature>> {
    const id = bytesToHex(
      signingSessionId(unhex(request.account), unhex(request.sigHash), request.blockNumber),
    );
    if (!this.sessions.has(id) && !this.creating.has(id)) {
      await this.deps.store.putRequest(request);
      this.wakeup.notify();
    }
    return this.signingSession(request);
  }

  /** The signing session of a stored request, created on first use (also after a restart). */
  private signingSession(request: StoredRequest): Promise<ProtocolSession<Signature>> {
    const sessionId = signingSessionId(unhex(request.account), unhex(request.sigHash), request.blockNumber);
    const id = bytesToHex(sessionId);
    const existing = this.sessions.get(id);
    if (existing) return Promise.resolve(existing.session as ProtocolSession<Signature>);
    // `/signer/new_party` and `/user/tx` may both get here at once: build the session only once.
    let creating = this.creating.get(id);
    if (!creating) {
      creating = this.createSigningSession(request, sessionId).finally(() => this.creating.delete(id));
      this.creating.set(id, creating);
    }
    return creating;
  }

  private async createSigningSession(
    request: StoredRequest,
    sessionId: Uint8Array,
  ): Promise<ProtocolSession<Signature>> {
    const account = ss58Address(unhex(request.account));

    const members: Member[] = [
      ...request.committee.map((m) => ({
        partyId: groupPartyId(m.signingGroup),
        account: unhex(m.tssAccount),
        x25519: unhex(m.x25519),
        endpoint: m.endpoint,
      })),
      { partyId: account, account: unhex(request.account), x25519: new Uint8Array(32), endpoint: null },
    ];
    // An OT setup of this account under way would renew a pair this run needs: sign with its result.
    await Promise.all(this.otSetups.get(account) ?? []);
    const release = this.shares.pin(account);
    const share = await this.shares.get(account).catch((error: unknown) => {
      release();
      throw error;
    });
    const { misbehave, sessionTimeoutMs } = this.deps.options;
    const session = new ProtocolSession<Signature>({
      sessionId,
      kind: 'signing',
      self: this.identity,
      members,
      timeoutMs: sessionTimeoutMs,
      hub: this.hub,
      createMachine: () => {
        if (!share) throw new Error(`no key share for ${account}`);
        const signing = signingShare(misbehave, share);
        return createSigning({
          sessionId,
          share: signing,
          parties: signing.parties,
          messageHash: unhex(request.sigHash),
        });
      },
      // start() recorded the session id in the live share: persist that before anything is sent, as
      // the run's record (docs/protocol.md), not the whole share.
      persistStart: () => this.shares.recordRun(account, sessionId),
      outgoing: outgoingHook(misbehave, sessionTimeoutMs),
      log: this.deps.log,
    });
    session.waitFor("the user's transaction");
    this.track(session, request.blockNumber);
    session.followPeers();
    const ended = () => {
      release();
      if (this.signing.get(account) === session.id) this.signing.delete(account);
    };
    session.outcome.then(
      (signature) => {
        ended();
        void this.signed(session, request, signature);
      },
      (error: { failure?: SessionFailure }) => {
        ended();
        void this.signingFailed(request, error.failure, account);
      },
    );
    return session;
  }

  private async signed(session: ProtocolSession<Signature>, request: StoredRequest, signature: Signature) {
    const encoded = Buffer.from(signature.bytes).toString('base64');
    await this.deps.store.putResult(request, {
      status: 'done',
      blockNumber: request.blockNumber,
      signature: encoded,
    });
    session.announce('signature', { signature: encoded });
    await this.deps.chain
      .confirmDone(request.blockNumber, unhex(request.sigHash))
      .catch((error: Error) => this.deps.log(`confirmDone: ${error.message}`));
  }

  /** Keeps the failure for pollers and reports the culprits on chain (never ourselves). */
  private async signingFailed(request: StoredRequest, failure: SessionFailure | undefined, account: string) {
    if (!failure) return;
    await this.deps.store.putResult(request, {
      status: 'failed',
      blockNumber: request.blockNumber,
      failure,
    });
    // A failed pairwise check burnt that pair's OT correlation, whoever caught it: never reuse it. Our
    // own machine already marked the live pair when it caught it; persist that either way.
    const other = failure.pair?.find((p) => p !== this.partyId);
    const burnt =
      failure.code === 'PAIRWISE_CHECK' && other !== undefined && failure.pair!.includes(this.partyId);
    await this.shares
      .update(account, (live) => {
        const pair = burnt ? live.ot.get(other) : undefined;
        if (pair) pair.discarded = true;
      })
      .then((encoded) => {
        // Our group mates hold the same correlation: they stop using it too (`keepReplicatedPair`).
        // Not awaited: a mate that is down must not hold up the repair and the report below.
        if (burnt) {
          void this.replicateToGroup(account, encoded, other).catch((error: Error) =>
            this.deps.log(
              `the discarded pair with ${other} for ${account} did not reach the whole group: ${error.message}`,
            ),
          );
        }
      })
      .catch((error: Error) => this.deps.log(`keeping ${account}'s share after a failure: ${error.message}`));
    this.repairPair(request, account, failure);
    // A node that misbehaves on purpose does not get to accuse the honest ones.
    if (this.deps.options.misbehave) return;
    const user = ss58Address(unhex(request.account));
    for (const party of accusedBy(failure, this.partyId, user)) {
      const member = request.committee.find((m) => groupPartyId(m.signingGroup) === party);
      const account = member ? unhex(member.stash) : party === user ? unhex(request.account) : undefined;
      if (!account) continue;
      await this.deps.chain
        .reportFailure({
          blockNumber: request.blockNumber,
          sigHash: unhex(request.sigHash),
          accused: account,
          reason: `${failure.code}: ${failure.reason}`,
          evidence: (failure.evidence ?? []).map(unhex),
        })
        .then(() => this.deps.log(`reported ${party} for ${failure.code}`))
        .catch((error: Error) => this.deps.log(`reportFailure(${party}): ${error.message}`));
    }
  }

  /** `/user/tx`: the full transaction; checks it against the request and the constraints, then joins. */
  async userTx(body: unknown): Promise<UserTxResponse> {
    const opened = this.open(body);
    const tx = parseSignable(
      plaintextJson(opened, ['arch', 'transactionRequest', 'message', 'typedData', 'hash']),
    );
    const address = opened.sender.address;
    const leave = this.admitWaiter(address);
    // The account's rules are read while its request is looked for: two chain reads at once, not in turn
    // (each took 15-65 ms at block time, on the path from inclusion to the protocol's start).
    const rules = this.rulesOf(address);
    rules.catch(() => undefined);
    const request = await this.findRequest(tx.sigHash, hex(opened.sender.account)).finally(leave);
    if (!request) {
      throw new TssError(`No signature request of this account for ${tx.sigHash} concerns this server`, {
        code: 'NOT_FOUND',
      });
    }
    const session = await this.signingSession(request);
    if (session.state !== 'pending') {
      throw new TssError(`The session for ${tx.sigHash} is already ${session.state}`, { code: 'CONFLICT' });
    }
    this.takeTurn(address, session, request.blockNumber);
    const constraints = evaluateConstraints(await rules, tx);
    const verdict: UserTxResponse = {
      validator: this.deps.keys.tss.address,
      partyId: this.partyId,
      sigHash: tx.sigHash,
      accepted: constraints.every((c) => c.ok),
      constraints,
    };
    if (!verdict.accepted) {
      const reason = constraints
        .filter((c) => !c.ok)
        .map((c) => c.reason)
        .join('; ');
      session.fail({ reason: `constraint violation: ${reason}`, code: 'CONSTRAINT_VIOLATION' });
      throw new TssError(`The transaction violates the account's constraints: ${reason}`, {
        code: 'CONSTRAINT_VIOLATION',
        details: { verdict },
      });
    }
    session.updateMember(address, { x25519: opened.sender.x25519 });
    // The verdict goes out first: a start here computes our first round, which the user's party need
    // not wait for before it computes its own.
    setImmediate(() => session.markReady());
    return verdict;
  }

  /**
   * One signing run per account at a time (its OT pairs allow one run in flight, docs/protocol.md): the
   * latest one the user asked for. The user runs one at a time (the wallet's turns), so a run here of an
   * earlier request is one it gave up — its attempt failed elsewhere, or it has the signature and this
   * run stalled: that run ends, accusing nobody (the user could have let it time out instead). A request
   * earlier than the run under way was given up the same way. Never a session id that already ran with
   * the share — also after a restart, from the persisted record. Takes the account's turn.
   */
  private takeTurn(account: string, session: ProtocolSession<Signature>, blockNumber: number): void {
    const running = this.signing.get(account);
    const earlier = running !== undefined && running !== session.id ? this.sessions.get(running) : undefined;
    if (earlier && earlier.blockNumber >= blockNumber) {
      const later = earlier.blockNumber > blockNumber;
      throw new TssError(
        later
          ? `A later signing request of this account (block ${earlier.blockNumber}) runs here: this one was given up`
          : 'Another signing request of this account is under way on this server; send this one when it ends',
        {
          code: later ? 'CONFLICT' : 'BUSY',
          details: { session: running, ...(later ? { superseded: true } : {}) },
        },
      );
    }
    earlier?.session.fail({
      reason: `the user asked for a later signature (block ${blockNumber}) before this run ended`,
      code: 'SUPERSEDED',
    });
    const share = this.shares.peek(account);
    if (share) {
      try {
        assertCanSign(share, session.sessionId);
      } catch (error) {
        if (!(error instanceof ProtocolError)) throw error;
        session.fail({ reason: error.message, code: error.code });
        throw new TssError(error.message, {
          code: error.code === 'PAIR_BUSY' ? 'BUSY' : 'CONFLICT',
          details: { protocol: error.code },
        });
      }
    }
    this.signing.set(account, session.id);
  }

  /**
   * Counts a `/user/tx` that will wait for its request, within the bounds on how many may wait at once
   * (BUSY beyond them); the returned function counts it out.
   */
  private admitWaiter(sender: string): () => void {
    const mine = this.waitingUserTx.get(sender) ?? 0;
    const all = [...this.waitingUserTx.values()].reduce((a, b) => a + b, 0);
    if (mine >= MAX_WAITING_USER_TX_PER_SENDER || all >= MAX_WAITING_USER_TX) {
      throw new TssError(
        mine >= MAX_WAITING_USER_TX_PER_SENDER
          ? `${MAX_WAITING_USER_TX_PER_SENDER} transactions of this account already wait for their requests here`
          : 'Too many transactions wait for their requests here; send this one again shortly',
        { code: 'BUSY' },
      );
    }
    this.waitingUserTx.set(sender, mine + 1);
    return () => {
      const left = (this.waitingUserTx.get(sender) ?? 1) - 1;
      if (left === 0) this.waitingUserTx.delete(sender);
      else this.waitingUserTx.set(sender, left);
    };
  }

  /**
   * The request for `sigHash`: from the store (the off-chain worker told us), or else from the chain's
   * recent `relayer.messages` — a busy server may miss the worker's POST, or get it after the user.
   */
  private async findRequest(sigHash: string, account: string): Promise<StoredRequest | undefined> {
    const deadline = Date.now() + Math.min(this.deps.options.sessionTimeoutMs, 15_000);
    // The chain holds the request from the block the user saw it in, while the off-chain worker tells us
    // only at the next block: read the recent blocks at once, then each new block as our head reaches it
    // (it may trail the user's), and look again whenever a request is stored.
    let scanned = 0;
    for (;;) {
      // A request whose session is under way or over is an earlier attempt: wait for the retry's request.
      const stored = await this.deps.store.getRequest(sigHash, account);
      if (stored && !this.taken(stored)) return stored;
      const head = this.deps.chain.bestBlock;
      if (head > scanned) {
        const fromChain = await this.requestFromChain(sigHash, account, scanned + 1);
        scanned = head;
        if (fromChain && !this.taken(fromChain)) {
          await this.adoptRequest(fromChain);
          return fromChain;
        }
      }
      if (Date.now() > deadline) return stored;
      await this.wakeup.wait(deadline - Date.now());
    }
  }

  /**
   * Whether the user already delivered for this request's session (it runs or ended): a `/user/tx` for
   * the same hash is then the wallet's next attempt, whose request is in a later block.
   */
  private taken(request: StoredRequest): boolean {
    const id = bytesToHex(
      signingSessionId(unhex(request.account), unhex(request.sigHash), request.blockNumber),
    );
    const state = this.sessions.get(id)?.session.state;
    return state !== undefined && state !== 'pending';
  }

  /** The request in the recent blocks from `fromBlock` on, newest first. */
  private async requestFromChain(
    sigHash: string,
    account: string,
    fromBlock: number,
  ): Promise<StoredRequest | undefined> {
    const head = this.deps.chain.bestBlock;
    for (let n = head; n >= Math.max(1, head - RECENT_BLOCKS, fromBlock); n--) {
      const message = (await this.deps.chain.messages(n)).find(
        (m) => hex(m.sigRequest.sigHash) === sigHash && hex(m.account) === account,
      );
      if (message) return this.isMember(message) ? toStoredRequest(message, n) : undefined;
    }
    return undefined;
  }

  // ---- transport ----------------------------------------------------------------------------------

  private async findSession(sessionIdHex: string, waitMs: number): Promise<AnySession | undefined> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const entry = this.sessions.get(sessionIdHex);
      if (entry || Date.now() > deadline) return entry?.session;
      await this.wakeup.wait(deadline - Date.now());
    }
  }

  /**
   * `/signer/subscribe_to_me`: checks the request (signed, or by a MAC under the member's X25519 key),
   * that the subscriber is a member of the session with that account, and that its timestamp is newer
   * than its last one (`SubscriptionGate`); then returns a function that attaches the SSE stream.
   */
  async subscribe(body: unknown): Promise<(res: ServerResponse, binary: boolean) => void> {
    const request = this.subscriptions.check(body);
    const session = await this.findSession(bytesToHex(request.sessionId), 5_000);
    if (!session) throw new TssError('No such session on this server', { code: 'NOT_FOUND' });
    this.subscriptions.admit(request, session);
    return (res, binary) => {
      this.hub.attach(session.id, request.partyId, res, binary);
      session.markSubscribed(request.partyId);
    };
  }

  /** `/signer/message`: a signed frame (from the user, its bytes as the body) for one of our sessions. */
  async message(body: Uint8Array): Promise<void> {
    const { sessionId } = decodeFrame(body);
    const session = await this.findSession(bytesToHex(sessionId), 2_000);
    if (!session) throw new TssError('No such session on this server', { code: 'NOT_FOUND' });
    session.deliver(body);
  }

  /**
   * `/signer/signature`: the stored result of an account's request for a hash (its newest, or the one
   * of `blockNumber`). Results are per account: another account asking for the same public hash has
   * its own.
   */
  async signature(body: unknown): Promise<StoredResult | undefined> {
    const { message, account, blockNumber } = isRecord(body) ? body : {};
    if (typeof message !== 'string' || !/^0x[0-9a-f]{64}$/.test(message)) {
      throw new TssError('message must be a 0x-prefixed 32-byte lower-case hex hash', {
        details: { field: 'message' },
      });
    }
    if (typeof account !== 'string' || !/^0x[0-9a-f]{64}$/.test(account)) {
      throw new TssError('account must be the 0x-prefixed 32-byte lower-case hex public key', {
        details: { field: 'account' },
      });
    }
    if (
      blockNumber !== undefined &&
      (typeof blockNumber !== 'number' || !Number.isSafeInteger(blockNumber))
    ) {
      throw new TssError('blockNumber must be a block number', { details: { field: 'blockNumber' } });
    }
    return this.deps.store.getResult(account, message, blockNumber);
  }

  // ---- OT re-setup ---------------------------------------------------------------------------------

  /**
   * `/signer/ot_setup`: the other party of a pair whose OT setup a failed check discarded — the account
   * itself or a server of another signing group — asks for a fresh one (docs/tss.md).
   */
  async otSetup(body: unknown): Promise<void> {
    const opened = this.open(body);
    const { account, context } = plaintextJson(opened, ['account', 'context']);
    if (typeof account !== 'string' || typeof context !== 'string' || !/^0x[0-9a-f]{64}$/.test(context)) {
      throw new TssError('account and context (32 bytes, 0x-hex) are required', {
        details: { field: 'context' },
      });
    }
    requireAddress(account);
    // Who may ask comes first: a stranger must not learn which accounts this server holds shares for.
    const peer = await this.otSetupPeer(opened, account);
    await this.shares.require(account);
    await this.startOtSetup(account, unhex(context), peer);
  }

  private async otSetupPeer(opened: OpenedEnvelope, account: string): Promise<Member> {
    const sender = opened.sender;
    if (sender.address === account) {
      return { partyId: account, account: sender.account, x25519: sender.x25519, endpoint: null };
    }
    const group = await this.deps.chain.groupOfTssAccount(sender.account);
    const server =
      group === undefined || group === this.deps.group
        ? undefined
        : (await this.deps.chain.groupServers(group)).find((s) => equal(s.tssAccount, sender.account));
    if (group === undefined || !server) {
      throw new TssError('Only the account or a server of another signing group may ask for an OT setup', {
        code: 'UNAUTHORIZED',
      });
    }
    return {
      partyId: groupPartyId(group),
      account: server.tssAccount,
      x25519: server.x25519PublicKey,
      endpoint: server.endpoint,
    };
  }

  /**
   * After a failed pairwise check with another validator (or a share that still has that pair
   * discarded, or one of us holding an old copy of it), asks that validator for a fresh OT setup. The id comes from the failed session, so when
   * both ask they meet in one run. A pair with the user is the user's to ask: it has no endpoint.
   */
  private repairPair(request: StoredRequest, account: string, failure: SessionFailure): void {
    if (!['PAIRWISE_CHECK', 'OT_DISCARDED', 'OT_STALE'].includes(failure.code)) return;
    if (!failure.pair?.includes(this.partyId)) return;
    const other = failure.pair.find((p) => p !== this.partyId);
    const member = request.committee.find((m) => groupPartyId(m.signingGroup) === other);
    if (!member) return;
    const context = signingSessionId(unhex(request.account), unhex(request.sigHash), request.blockNumber);
    const peer: Member = {
      partyId: groupPartyId(member.signingGroup),
      account: unhex(member.tssAccount),
      x25519: unhex(member.x25519),
      endpoint: member.endpoint,
    };
    const envelope = sealEnvelope({
      plaintext: new TextEncoder().encode(JSON.stringify({ account, context: hex(context) })),
      signer: this.deps.keys.tss,
      senderX25519SecretKey: this.deps.keys.x25519.secretKey,
      recipientX25519PublicKey: peer.x25519,
    });
    void this.startOtSetup(account, context, peer)
      .then(() =>
        fetch(new URL('/signer/ot_setup', member.endpoint), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(envelopeToJson(envelope)),
        }),
      )
      .then(async (response) => {
        if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
      })
      .catch((error: Error) =>
        this.deps.log(`OT setup with ${peer.partyId} for ${account}: ${error.message}`),
      );
  }

  /** Runs a fresh OT setup with `peer` on `account`'s share (once per id), then keeps it (see keepOtSetup). */
  private async startOtSetup(account: string, context: Uint8Array, peer: Member): Promise<void> {
    const sessionId = otSetupSessionId(account, context, [this.partyId, peer.partyId]);
    const id = bytesToHex(sessionId);
    if (this.sessions.has(id) || this.settingUp.has(id)) return;
    const underWay =
      (this.otSetups.get(account)?.size ?? 0) +
      [...this.settingUp.values()].filter((a) => a === account).length;
    if (underWay >= MAX_OT_SETUPS_PER_ACCOUNT) {
      throw new TssError(`${MAX_OT_SETUPS_PER_ACCOUNT} OT setups of ${account} are under way already`, {
        code: 'BUSY',
      });
    }
    this.settingUp.set(id, account);
    try {
      const share = await this.shares.require(account);
      const self: Member = {
        partyId: this.partyId,
        account: this.deps.keys.tss.publicKey,
        x25519: this.deps.keys.x25519.publicKey,
        endpoint: null,
      };
      const session = new ProtocolSession<KeyShare>({
        sessionId,
        kind: 'ot-setup',
        self: this.identity,
        members: [self, peer],
        // Base OTs with proofs, as in a DKG round.
        timeoutMs: this.deps.options.sessionTimeoutMs * DKG_TIMEOUT_FACTOR,
        hub: this.hub,
        createMachine: () => createOtSetup({ sessionId, share, counterparty: peer.partyId }),
        log: this.deps.log,
      });
      this.track(session, this.deps.chain.bestBlock);
      const pending = this.otSetups.get(account) ?? new Set<Promise<void>>();
      this.otSetups.set(account, pending);
      const kept = session.outcome
        .then(
          async (result) => {
            await this.keepOtSetup(session, account, peer.partyId, result);
            // A validator peer hands the pair to its own group: runs waiting on this setup start once
            // the peer says its group holds it too, or its group mates would meet ours with an old copy.
            const ready = await session.heardFrom(peer, 'ot-ready', this.deps.options.sessionTimeoutMs);
            if (!ready && peer.endpoint)
              this.deps.log(`${peer.partyId} did not confirm the new OT setup for ${account}`);
          },
          () => undefined,
        )
        .finally(() => {
          pending.delete(kept);
          if (pending.size === 0) this.otSetups.delete(account);
        });
      pending.add(kept);
      session.markReady();
    } finally {
      this.settingUp.delete(id);
    }
  }

  /**
   * Writes the new pair into the share as stored now (another pair may have been set up meanwhile),
   * gives it to the rest of the group, and tells the peer's stream.
   */
  private async keepOtSetup(
    session: ProtocolSession<KeyShare>,
    account: string,
    peer: string,
    result: KeyShare,
  ): Promise<void> {
    try {
      // Runs still holding the old pair stop at their next round (OT_STALE): the new one is live.
      const encoded = await this.shares.update(account, (share) => share.ot.set(peer, result.ot.get(peer)!));
      // The pair is live between us and the peer now. A member the group could not reach keeps its old
      // copy: it is refused as stale (OT_STALE) when picked, and the pair is set up again then.
      await this.replicateToGroup(account, encoded, peer).catch((error: Error) =>
        this.deps.log(
          `the new OT setup with ${peer} for ${account} did not reach the whole group: ${error.message}`,
        ),
      );
      session.announce('ot-ready', { pair: [this.partyId, peer] });
      this.deps.log(`new OT setup with ${peer} for ${account}`);
    } catch (error) {
      const reason = `the new OT setup could not be kept: ${(error as Error).message}`;
      this.deps.log(reason);
      session.announce('failure', { reason, code: 'OT_SETUP' } satisfies SessionFailure);
    }
  }

  // ---- housekeeping -------------------------------------------------------------------------------

  private track(session: AnySession, blockNumber: number): void {
    this.sessions.set(session.id, { session, blockNumber });
    this.wakeup.notify();
  }

  /**
   * The chain has a new head: requests waited for may be in it, and the sessions of its requests that
   * name us open now. The members then subscribe to each other while the user's transaction is on its
   * way, rather than after it (the off-chain worker tells us only at the next block).
   */
  headChanged(head: number): void {
    this.wakeup.notify();
    const rules = new Map<string, Promise<Constraints>>();
    this.rulesAtHead = { head, rules };
    this.deps.chain
      .messages(head)
      .then((messages) => {
        // Their users' rules are read now too, off the path from the transaction to the verdict.
        for (const message of messages) {
          const account = ss58Address(message.account);
          if (!this.isMember(message) || rules.has(account)) continue;
          const read = this.deps.chain.constraints(account);
          read.catch(() => rules.delete(account));
          rules.set(account, read);
        }
        return this.adoptOurs(messages, head);
      })
      .catch((error: Error) => this.deps.log(`the requests of block ${head}: ${error.message}`));
  }

  /**
   * The account's rules: read when the head holding its request arrived, while that is still our head
   * (nothing can have changed them since), else read now.
   */
  private rulesOf(account: string): Promise<Constraints> {
    const { head, rules } = this.rulesAtHead;
    return (head === this.deps.chain.bestBlock && rules.get(account)) || this.deps.chain.constraints(account);
  }

  /**
   * Forgets ended sessions and stored requests/results older than `pruneAfterBlocks`. A session still
   * under way stays until its timeout ends it (every session has one): dropped earlier, it would never
   * report whom it waited for, nor give the account its turn and its share's pin back.
   */
  async prune(head: number): Promise<void> {
    const limit = head - this.deps.options.pruneAfterBlocks;
    for (const [id, entry] of this.sessions) {
      if (entry.blockNumber >= limit) continue;
      if (entry.session.state !== 'done' && entry.session.state !== 'failed') continue;
      entry.session.stop();
      this.hub.close(id);
      this.sessions.delete(id);
    }
    this.subscriptions.prune((id) => this.sessions.has(id));
    await this.deps.store.prune(head, this.deps.options.pruneAfterBlocks);
  }

  close(): void {
    for (const { session } of this.sessions.values()) session.stop();
    this.hub.closeAll();
  }
}

type AnySession = ProtocolSession<KeyShare> | ProtocolSession<Signature>;

function toStoredRequest(message: RelayerMessage, blockNumber: number): StoredRequest {
  return {
    blockNumber,
    sigHash: hex(message.sigRequest.sigHash),
    account: hex(message.account),
    committee: message.committee.map((m) => ({
      signingGroup: m.signingGroup,
      stash: hex(m.stash),
      tssAccount: hex(m.tssAccount),
      x25519: hex(m.x25519PublicKey),
      endpoint: m.endpoint,
    })),
  };
}
