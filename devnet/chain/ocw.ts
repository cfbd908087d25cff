/**
 * The off-chain worker: when block N + 1 is sealed and block N stored signature requests, POST
 * `OCWMessage { messages: relayer.messages(N), blockNumber: N }` (SCALE) to `/signer/new_party` of
 * every TSS server registered in `stakingExtension.thresholdServers`. Delivery is best effort, as in
 * Entropy: a server that is down or slow is logged and skipped.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { hexToString, u8aConcat, u8aToHex } from '@polkadot/util';
import { decodeOcwMessage, type OcwMessage } from '../../lib/wire/ocw';
import type { Block } from './block';
import type { Chain } from './chain';
import type { ServerInfo } from './runtime/entropy-types';
import { u32Le } from './scale';

export interface OcwOptions {
  timeoutMs: number;
  log: (line: string) => void;
}

export interface OcwDelivery {
  endpoint: string;
  blockNumber: number;
  status: number | 'error';
}

export class OffchainWorker {
  private readonly inflight = new Set<Promise<void>>();
  private readonly unlisten: () => void;
  private readonly deliveryListeners = new Set<(d: OcwDelivery) => void>();
  /** Connections to the servers, kept between blocks. */
  private readonly agents = {
    http: new HttpAgent({ keepAlive: true }),
    https: new HttpsAgent({ keepAlive: true }),
  };

  constructor(
    private readonly chain: Chain,
    private readonly options: OcwOptions,
  ) {
    this.unlisten = chain.listen({ onBlock: (b) => this.onBlock(b) });
  }

  /** Hears the outcome of every POST (tests and the launcher's logs). */
  onDelivery(listener: (d: OcwDelivery) => void): () => void {
    this.deliveryListeners.add(listener);
    return () => this.deliveryListeners.delete(listener);
  }

  /** Whether block `n` stored signature requests (`relayer.messages(n)` is not empty). */
  hasRequests(n: number): boolean {
    const stored = this.chain.valueAt(this.chain.md.storageKey('Relayer', 'Messages', n));
    return stored !== null && !(stored.length === 1 && stored[0] === 0);
  }

  /** The body for the requests of block `n`, or null when it has none. */
  bodyFor(n: number): { body: Uint8Array; message: OcwMessage } | null {
    if (!this.hasRequests(n)) return null;
    const stored = this.chain.valueAt(this.chain.md.storageKey('Relayer', 'Messages', n)) as Uint8Array;
    const body = u8aConcat(stored, u32Le(n));
    // Decoding with the TSS servers' own codec proves the storage layout and the wire layout agree.
    return { body, message: decodeOcwMessage(body) };
  }

  endpoints(): string[] {
    const md = this.chain.md;
    const prefix = u8aToHex(md.storagePrefix('StakingExtension', 'ThresholdServers'));
    const out = new Set<string>();
    for (const key of this.chain.keysAt(prefix)) {
      const raw = this.chain.valueAt(key);
      if (!raw) continue;
      // Read at every block with requests; the value rarely changes, so it is decoded once (`view`).
      const info = md.view<ServerInfo>(md.ids.serverInfo, raw);
      out.add(hexToString(info.endpoint));
    }
    return [...out].sort();
  }

  private onBlock(block: Block): void {
    if (block.number < 2) return;
    const n = block.number - 1;
    let found: ReturnType<OffchainWorker['bodyFor']>;
    try {
      found = this.bodyFor(n);
    } catch (e) {
      this.options.log(`ocw: relayer.messages(${n}) does not decode: ${(e as Error).message}`);
      return;
    }
    if (!found) return;
    for (const endpoint of this.endpoints()) {
      const p = this.post(endpoint, n, found.body).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
  }

  private async post(endpoint: string, blockNumber: number, body: Uint8Array): Promise<void> {
    let status: number | 'error';
    try {
      status = await this.send(new URL(`${endpoint}/signer/new_party`), body);
      if (status >= 300) this.options.log(`ocw: ${endpoint} answered ${status} for block ${blockNumber}`);
    } catch (e) {
      status = 'error';
      this.options.log(`ocw: cannot reach ${endpoint} for block ${blockNumber}: ${(e as Error).message}`);
    }
    for (const l of this.deliveryListeners) l({ endpoint, blockNumber, status });
  }

  /**
   * POSTs `body` and reads the answer to its end, within `timeoutMs` in all. Over `node:http`: the
   * chain POSTs to every server at every block with requests, and `fetch` (undici) cost four to five
   * times the CPU per POST (docs/benchmarks.md).
   */
  private send(url: URL, body: Uint8Array): Promise<number> {
    const secure = url.protocol === 'https:';
    return new Promise((resolve, reject) => {
      const req = (secure ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          headers: { 'content-type': 'application/octet-stream', 'content-length': body.length },
        },
        (res) => {
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            resolve(res.statusCode ?? 0);
          });
          res.resume();
        },
      );
      const timer = setTimeout(
        () => req.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      function fail(error: Error): void {
        clearTimeout(timer);
        reject(error);
      }
      req.on('error', fail);
      req.end(body);
    });
  }

  async stop(): Promise<void> {
    this.unlisten();
    await Promise.allSettled([...this.inflight]);
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}
