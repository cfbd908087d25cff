import { parseArgs } from 'node:util';
import { TssError } from './errors';

export const MISBEHAVIOURS = ['drop', 'corrupt', 'wrong-share', 'late', 'crash'] as const;
export type Misbehaviour = (typeof MISBEHAVIOURS)[number];

/** What a server started with `--listen-from-parent` sends its launcher over IPC, and the reply's tag. */
export const LISTENER_REQUEST = 'entropy-tss:listener?';
export const LISTENER_MESSAGE = 'entropy-tss:listener';

export interface TssOptions {
  host: string;
  port: number;
  /** Listen on the socket the launcher holds for us (sent over IPC), not on a port of our own. */
  listenFromParent: boolean;
  chain: string;
  dataDir: string;
  passwordFile: string;
  /** The validator's name; its stash, TSS and X25519 keys derive from it (devnet/genesis). */
  seed: string;
  misbehave?: Misbehaviour;
  pruneAfterBlocks: number;
  sessionTimeoutMs: number;
}

const USAGE = `Usage: tsx devnet/tss/main.ts --seed NAME --data-dir DIR --password-file FILE [options]
  --port N                  HTTP port (default 3001; 0 picks a free one)
  --host H                  listen address (default 127.0.0.1)
  --listen-from-parent      take the listening socket from the launching process (IPC), which holds the port
  --chain URL               chain node WebSocket (default ws://127.0.0.1:9944)
  --seed, --stash NAME      validator name its deterministic keys derive from
  --misbehave MODE          fault injection: ${MISBEHAVIOURS.join(' | ')}
  --prune-after-blocks N    forget pending requests and signatures after N blocks (default 100)
  --session-timeout-ms N    protocol session timeout (default 20000)`;

function integer(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new TssError(`--${name} must be an integer >= ${min}`, { code: 'CONFIG' });
  return n;
}

/** Parses the server's command line; throws a `CONFIG` error with the usage on bad input. */
export function parseOptions(argv: string[]): TssOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'listen-from-parent': { type: 'boolean' },
        chain: { type: 'string' },
        'data-dir': { type: 'string' },
        'password-file': { type: 'string' },
        seed: { type: 'string' },
        stash: { type: 'string' },
        misbehave: { type: 'string' },
        'prune-after-blocks': { type: 'string' },
        'session-timeout-ms': { type: 'string' },
      },
    }));
  } catch (cause) {
    throw new TssError(`${(cause as Error).message}\n${USAGE}`, { code: 'CONFIG' });
  }
  const seed = values.seed ?? values.stash;
  const dataDir = values['data-dir'];
  const passwordFile = values['password-file'];
  if (!seed || !dataDir || !passwordFile) {
    throw new TssError(`--seed, --data-dir and --password-file are required\n${USAGE}`, { code: 'CONFIG' });
  }
  const misbehave = values.misbehave;
  if (misbehave !== undefined && !(MISBEHAVIOURS as readonly string[]).includes(misbehave)) {
    throw new TssError(`--misbehave must be one of ${MISBEHAVIOURS.join(', ')}`, { code: 'CONFIG' });
  }
  const chain = values.chain ?? 'ws://127.0.0.1:9944';
  if (!/^wss?:\/\//.test(chain))
    throw new TssError('--chain must be a ws:// or wss:// URL', { code: 'CONFIG' });
  return {
    host: values.host ?? '127.0.0.1',
    port: integer('port', values.port, 3001, 0),
    listenFromParent: values['listen-from-parent'] ?? false,
    chain,
    dataDir,
    passwordFile,
    seed,
    misbehave: misbehave as Misbehaviour | undefined,
    pruneAfterBlocks: integer('prune-after-blocks', values['prune-after-blocks'], 100, 1),
    sessionTimeoutMs: integer('session-timeout-ms', values['session-timeout-ms'], 20_000, 100),
  };
}
