/**
 * `npm run devnet:chain -- [--port N] [--block-time MS | --instant-seal] [--genesis FILE]
 *  [--finality-lag N] [--data-dir DIR] [limits]`: the devnet chain node alone (`--help` lists the limits).
 */
import { parseArgs } from 'node:util';
import { loadGenesis } from '../genesis';
import { POOL_DEFAULTS, RPC_DEFAULTS, startChain, type PoolOptions, type RpcLimits } from './index';

/** Limit flags, named after Substrate's where it has one. */
const POOL_FLAGS = {
  'pool-limit': 'maxCount',
  'pool-bytes': 'maxBytes',
  'pool-future-limit': 'maxFuture',
  'pool-future-bytes': 'maxFutureBytes',
  'pool-future-per-sender': 'maxFuturePerSender',
  'pool-future-ttl-ms': 'futureTtlMs',
  'pool-ban-time-ms': 'banTimeMs',
} as const satisfies Record<string, keyof PoolOptions>;
const RPC_FLAGS = {
  'rpc-max-request-size': 'maxRequestBytes',
  'rpc-max-response-size': 'maxResponseBytes',
  'rpc-max-batch-request-len': 'maxBatchLength',
  'rpc-max-subscriptions-per-connection': 'maxSubscriptionsPerConnection',
  'rpc-max-connections': 'maxConnections',
  'rpc-rate-limit': 'rateLimitPerMinute',
  'rpc-max-buffered-bytes': 'maxBufferedBytes',
} as const satisfies Record<string, keyof RpcLimits>;

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) {
    console.error(`--${name} must be a non-negative integer`);
    process.exit(2);
  }
  return Number(v);
}

function usage(): string {
  const line = (flag: string, value: number | null) => `  --${flag} N`.padEnd(46) + `(default ${value ?? 0})`;
  return [
    'usage: npm run devnet:chain -- [--port 9944] [--block-time 6000 | --instant-seal] [--genesis FILE] [--finality-lag N] [--data-dir DIR]',
    'limits (bytes, counts, ms; --rpc-rate-limit is calls per minute per connection, 0 = off):',
    ...Object.entries(POOL_FLAGS).map(([flag, key]) => line(flag, POOL_DEFAULTS[key])),
    ...Object.entries(RPC_FLAGS).map(([flag, key]) => line(flag, RPC_DEFAULTS[key])),
  ].join('\n');
}

async function main(): Promise<void> {
  const limitFlags = Object.fromEntries(
    [...Object.keys(POOL_FLAGS), ...Object.keys(RPC_FLAGS)].map((f) => [f, { type: 'string' as const }]),
  );
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'block-time': { type: 'string' },
      'instant-seal': { type: 'boolean' },
      genesis: { type: 'string' },
      'finality-lag': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...limitFlags,
    },
  });
  if (values.help) {
    console.info(usage());
    return;
  }
  const flag = (name: string) => int(name, (values as Record<string, string | undefined>)[name]);
  const pool: Partial<PoolOptions> = {};
  for (const [name, key] of Object.entries(POOL_FLAGS)) {
    const v = flag(name);
    if (v !== undefined) pool[key] = v;
  }
  const rpc: Partial<RpcLimits> = {};
  for (const [name, key] of Object.entries(RPC_FLAGS)) {
    const v = flag(name);
    if (v === undefined) continue;
    if (key === 'rateLimitPerMinute') rpc[key] = v === 0 ? null : v;
    else rpc[key] = v;
  }
  const node = await startChain({
    port: int('port', values.port) ?? 9944,
    blockTime: values['instant-seal'] ? 0 : (int('block-time', values['block-time']) ?? 6000),
    finalityLag: int('finality-lag', values['finality-lag']),
    genesis: values.genesis ? await loadGenesis(values.genesis) : undefined,
    dataDir: values['data-dir'],
    pool,
    rpc,
  });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.info('devnet chain: stopping');
    node.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`devnet chain: ${(e as Error).message}`);
  process.exit(1);
});
