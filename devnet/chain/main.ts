/**
 * `npm run devnet:chain -- [--port N] [--block-time MS | --instant-seal] [--genesis FILE]
 *  [--finality-lag N] [--data-dir DIR]`: the devnet chain node alone.
 */
import { parseArgs } from 'node:util';
import { loadGenesis } from '../genesis';
import { startChain } from './index';

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[0-9]+$/.test(v)) {
    console.error(`--${name} must be a non-negative integer`);
    process.exit(2);
  }
  return Number(v);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'block-time': { type: 'string' },
      'instant-seal': { type: 'boolean' },
      genesis: { type: 'string' },
      'finality-lag': { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.info(
      'usage: npm run devnet:chain -- [--port 9944] [--block-time 6000 | --instant-seal] [--genesis FILE] [--finality-lag N] [--data-dir DIR]',
    );
    return;
  }
  const node = await startChain({
    port: int('port', values.port) ?? 9944,
    blockTime: values['instant-seal'] ? 0 : (int('block-time', values['block-time']) ?? 6000),
    finalityLag: int('finality-lag', values['finality-lag']),
    genesis: values.genesis ? await loadGenesis(values.genesis) : undefined,
    dataDir: values['data-dir'],
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
