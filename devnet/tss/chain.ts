import { WsProvider, type ApiPromise } from '@polkadot/api';
import type { IKeyringPair } from '@polkadot/types/types';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Codec } from '@polkadot/types/types';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { encodeAddress, xxhashAsU8a } from '@polkadot/util-crypto';
import {
  committeeFromCodec,
  connectChain,
  describeDispatchError,
  groupServers,
  type Constraints,
  type ServerInfo,
} from '../../lib/chain';
import type { PublicShares } from '../../lib/chain/entropy';
import { decodeOcwMessage, type CommitteeMember, type RelayerMessage } from '../../lib/wire/ocw';
import { AclReader } from './acl';
import { TssError } from './errors';
import { ExtrinsicEncoder, confirmDoneCall } from './extrinsic';

export type { ServerInfo };

/**
 * How our extrinsics are signed: the next nonce from the node (which counts our pending pool entries),
 * and immortal. A mortal era made `@polkadot/api` read four headers (the head, its parent, the finalized
 * head and its header) before every signature, per server and signature; the nonce alone keeps an
 * extrinsic from being replayed.
 */
const SIGN_OPTIONS = { nonce: -1, era: 0 } as const;

/** Blocks after which a nonce counted here is asked of the node again (see `nextNonce`). */
export const NONCE_RESYNC_BLOCKS = 16;

/** Sealed blocks whose `relayer.messages` are kept: `/user/tx` looks back 20 blocks. */
const MESSAGE_CACHE_BLOCKS = 64;

export interface Registering {
  committee: CommitteeMember[];
  blockNumber: number;
}

/**
 * Everything the TSS server asks of or tells the chain, over `@polkadot/api` (through lib/chain). Kept
 * behind this interface so the routes read as the flow they implement.
 */
export class TssChain {
  private head = 0;
  private unsubscribe?: () => void;
  /** `messages` of sealed blocks, newest last (see there). */
  private readonly sealedMessages = new Map<number, Promise<readonly RelayerMessage[]>>();
  /** `confirmDone`'s nonce, counted here since the node told it at block `askedAt` (see `nextNonce`). */
  private nonce?: { next: number; askedAt: number };

  /** `relayer.confirmDone`'s extrinsic, encoded and signed here (see `ExtrinsicEncoder`). */
  private readonly encoder: ExtrinsicEncoder;
  private readonly confirmDoneCall: (blockNumber: number, sigHash: Uint8Array) => Uint8Array;
  private readonly acls: AclReader;
  /** `relayer.messages`' key prefix (pallet and item hashes); the block number goes after it, Twox64Concat. */
  private readonly messagesPrefix: Uint8Array;

  private constructor(
    readonly api: ApiPromise,
    private readonly provider: WsProvider,
    private readonly signer: IKeyringPair,
  ) {
    this.encoder = ExtrinsicEncoder.forChain(api, signer);
    this.confirmDoneCall = confirmDoneCall(api);
    this.acls = new AclReader(api, provider);
    const messages = api.query.relayer.messages;
    const { type } = messages.creator.meta;
    if (!type.isMap || type.asMap.hashers.length !== 1 || !type.asMap.hashers[0]!.isTwox64Concat) {
      throw new TssError("The chain's relayer.messages is not the map this server reads", { code: 'CHAIN' });
    }
    this.messagesPrefix = hexToU8a(messages.keyPrefix());
  }

  /** @param signer - our TSS account; `extrinsicSigner` gives one that signs in WebAssembly. */
  static async connect(
    endpoint: string,
    signer: IKeyringPair,
    onBlock?: (n: number) => void,
  ): Promise<TssChain> {
    const timeoutMs = 30_000;
    const provider = new WsProvider(endpoint, 1_000, {}, timeoutMs);
    const api = await connectChain({ endpoint, timeoutMs, provider });
    let chain: TssChain;
    try {
      chain = new TssChain(api, provider, signer);
    } catch (error) {
      await api.disconnect();
      throw error;
    }
    chain.unsubscribe = await api.rpc.chain.subscribeNewHeads((header) => {
      chain.head = Math.max(chain.head, header.number.toNumber());
      onBlock?.(chain.head);
    });
    return chain;
  }

  get bestBlock(): number {
    return this.head;
  }

  async disconnect(): Promise<void> {
    this.unsubscribe?.();
    await this.api.disconnect();
  }

  /**
   * `relayer.messages(blockNumber)`, in the off-chain worker's shape: the storage's raw SCALE, decoded with
   * the off-chain worker's own strict codec (`lib/wire/ocw`; the POST body is this value and the block
   * number). It replaces `api.query` and @polkadot/types' decoding, which a profile under load put at a
   * tenth of a server's CPU (every OCW POST and every `/user/tx` reads a block's requests).
   */
  messages(blockNumber: number): Promise<readonly RelayerMessage[]> {
    const cached = this.sealedMessages.get(blockNumber);
    if (cached) return cached;
    const read = this.readMessages(blockNumber);
    // A block our head has reached is sealed: its requests never change (the chain writes a block's
    // only while building it, and has one author). Every OCW POST and every `/user/tx` that arrives
    // before its request was stored reads the recent blocks, so each is read once, however many ask.
    if (blockNumber <= this.head) {
      this.sealedMessages.set(blockNumber, read);
      read.catch(() => this.sealedMessages.delete(blockNumber));
      if (this.sealedMessages.size > MESSAGE_CACHE_BLOCKS) {
        this.sealedMessages.delete(this.sealedMessages.keys().next().value as number);
      }
    }
    return read;
  }

  /**
   * One block's requests, read raw on the provider with the key made here: `api.query`'s `key()` and
   * `api.rpc`'s formatting of the answer were 3 % of a server's busy samples under `bench:tss` (each
   * server reads every new head's requests).
   */
  private async readMessages(blockNumber: number): Promise<readonly RelayerMessage[]> {
    const blockNumberLe = new Uint8Array(4);
    new DataView(blockNumberLe.buffer).setUint32(0, blockNumber, true);
    const key = u8aToHex(u8aConcat(this.messagesPrefix, xxhashAsU8a(blockNumberLe, 64), blockNumberLe));
    const raw = await this.provider.send<string | null>('state_getStorage', [key]);
    // An absent value is the empty list.
    const body = u8aConcat(raw ? hexToU8a(raw) : new Uint8Array([0]), blockNumberLe);
    return Object.freeze(
      decodeOcwMessage(body).messages.map((m) => ({
        ...m,
        committee: [...m.committee].sort((a, b) => a.signingGroup - b.signingGroup),
      })),
    );
  }

  async registering(account: string): Promise<Registering | undefined> {
    const value = (await this.api.query.relayer.registering(account)) as unknown as {
      isSome: boolean;
      unwrap(): Codec & { committee: Codec };
    };
    if (!value.isSome) return undefined;
    const details = value.unwrap();
    const json = details.toJSON() as { blockNumber: number };
    return { committee: committeeFromCodec(details.committee), blockNumber: json.blockNumber };
  }

  async isRegistered(account: string): Promise<Uint8Array | undefined> {
    const value = (await this.api.query.relayer.registered(account)) as unknown as {
      isSome: boolean;
      unwrap(): Codec;
    };
    return value.isSome ? value.unwrap().toU8a() : undefined;
  }

  /** The account's ACLs (`AclReader`: raw, in one request). */
  constraints(account: string): Promise<Constraints> {
    return this.acls.read(account);
  }

  /** The servers of every validator in `group`, in selection order. */
  groupServers(group: number): Promise<ServerInfo[]> {
    return groupServers(this.api, group);
  }

  /** The signing group of the validator whose TSS account is `tssAccount`, if any. */
  async groupOfTssAccount(tssAccount: Uint8Array): Promise<number | undefined> {
    const count = Number((await this.api.query.stakingExtension.signingGroupCount()).toJSON());
    const hex = u8aToHex(tssAccount);
    for (let group = 0; group < count; group++) {
      const servers = await this.groupServers(group);
      if (servers.some((s) => u8aToHex(s.tssAccount) === hex)) return group;
    }
    return undefined;
  }

  /**
   * Submissions from our one TSS account go out one at a time: each asks the node for the next nonce
   * (which counts our pending pool entries), so two in parallel would get the same nonce.
   */
  private submitQueue: Promise<unknown> = Promise.resolve();

  private submit(tx: SubmittableExtrinsic<'promise'>): Promise<void> {
    const call = `${tx.method.section}.${tx.method.method}`;
    let release!: () => void;
    const inPool = new Promise<void>((resolve) => (release = resolve));
    const turn = this.submitQueue;
    this.submitQueue = inPool;
    return turn.then(
      () =>
        new Promise<void>((resolve, reject) => {
          // This one asks the node for its nonce: the next `confirmDone` asks again.
          this.nonce = undefined;
          const fail = (reason: string): void => {
            release();
            reject(new TssError(`${call} failed: ${reason}`, { code: 'CHAIN', details: { call } }));
          };
          const timer = setTimeout(() => fail('not included in time'), 60_000);
          tx.signAndSend(this.signer, SIGN_OPTIONS, (result) => {
            // In the pool now: the next submission may ask for its nonce.
            release();
            const { status } = result;
            if (status.isInvalid || status.isDropped || status.isUsurped) {
              clearTimeout(timer);
              fail(status.type);
            } else if (status.isInBlock || status.isFinalized) {
              // Finalized too: the API may replace a late InBlock result by it (lib/chain/submit.ts).
              clearTimeout(timer);
              if (result.dispatchError) fail(describeDispatchError(this.api, result.dispatchError).name);
              else resolve();
            }
          }).catch((error: Error) => {
            clearTimeout(timer);
            fail(error.message);
          });
        }),
    );
  }

  async confirmRegister(
    account: string,
    group: number,
    verifyingKey: Uint8Array,
    shares: PublicShares,
  ): Promise<void> {
    await this.submit(
      this.api.tx.relayer.confirmRegister(account, group, u8aToHex(verifyingKey), {
        user: u8aToHex(shares.user),
        groups: shares.groups.map(([g, pk]) => [g, u8aToHex(pk)]),
      }),
    );
  }

  async reportFailure(opts: {
    blockNumber: number;
    sigHash: Uint8Array;
    accused: Uint8Array;
    reason: string;
    evidence: Uint8Array[];
  }): Promise<void> {
    await this.submit(
      this.api.tx.relayer.reportFailure(
        opts.blockNumber,
        u8aToHex(opts.sigHash),
        encodeAddress(opts.accused),
        u8aToHex(new TextEncoder().encode(opts.reason.slice(0, 200))),
        opts.evidence.map((e) => u8aToHex(e)),
      ),
    );
  }

  /**
   * Records a signature as done. Sent to the pool but not followed to its block: nothing waits for it,
   * and following it (`signAndSend`'s status) made every server fetch the block, decode its extrinsics
   * and events and decorate the runtime at it — per signature, a third of a server's chain-client CPU.
   * The extrinsic is encoded and signed here and sent as it is (`ExtrinsicEncoder`). A refusal by the
   * pool still rejects.
   */
  async confirmDone(blockNumber: number, sigHash: Uint8Array): Promise<void> {
    const call = 'relayer.confirmDone';
    const method = this.confirmDoneCall(blockNumber, sigHash);
    const send = async (nonce: number): Promise<void> => {
      await this.provider.send('author_submitExtrinsic', [u8aToHex(this.encoder.sign(method, nonce))]);
      this.nonce = { next: nonce + 1, askedAt: this.nonce?.askedAt ?? this.head };
    };
    const turn = this.submitQueue;
    const inPool = turn.then(async () => {
      const { nonce, counted } = await this.nextNonce();
      try {
        await send(nonce);
      } catch (error) {
        this.nonce = undefined;
        // A nonce counted here may be stale (our account submitted elsewhere): once more with the node's.
        if (!counted) throw error;
        await send((await this.nextNonce()).nonce);
      }
    });
    // The next submission takes its nonce once this one is in the pool (or refused).
    this.submitQueue = inPool.catch(() => undefined);
    await inPool.catch((error: Error) => {
      throw new TssError(`${call} failed: ${error.message}`, { code: 'CHAIN', details: { call } });
    });
  }

  /**
   * The nonce of our next submission: counted here once the node told it, rather than asked for each
   * confirmation (an RPC per signature for the server and for the chain). The node is asked again after
   * any refusal and every `NONCE_RESYNC_BLOCKS` blocks, so that a transaction the pool dropped after
   * taking it (which would leave a gap no later nonce passes) holds ours up for at most that long.
   */
  private async nextNonce(): Promise<{ nonce: number; counted: boolean }> {
    if (this.nonce && this.head - this.nonce.askedAt < NONCE_RESYNC_BLOCKS) {
      return { nonce: this.nonce.next, counted: true };
    }
    const askedAt = this.head;
    const nonce = (await this.api.rpc.system.accountNextIndex(this.signer.address)).toNumber();
    this.nonce = { next: nonce, askedAt };
    return { nonce, counted: false };
  }
}
