/**
 * The devnet's ERC-20, compiled from contracts/DevToken.sol (OpenZeppelin's ERC20) with solc-js and deployed
 * by the faucet account. The compiler output is cached by the hash of everything that goes into it, so only
 * the first start after a change pays the ~2 s compilation.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWalletClient, http, publicActions, type Abi, type Address, type Hex } from 'viem';
import { foundry } from 'viem/chains';
import { DEVNET_TOKEN_ADDRESS, DEVNET_TOKEN_SUPPLY, faucetAccount } from './accounts';

const require = createRequire(import.meta.url);
const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(HERE, 'contracts', 'DevToken.sol');
const CACHE_DIR = resolve(HERE, '..', '..', 'node_modules', '.cache', 'entropy-devnet');

export interface CompiledContract {
  abi: Abi;
  bytecode: Hex;
}

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

/** Resolves `@openzeppelin/contracts/...` imports from node_modules, and nothing else. */
function readImport(path: string): { contents: string } | { error: string } {
  if (!path.startsWith('@openzeppelin/contracts/') || path.includes('..')) {
    return { error: `import ${path} is not allowed` };
  }
  try {
    return { contents: readFileSync(require.resolve(path), 'utf8') };
  } catch {
    return { error: `import ${path} not found` };
  }
}

export async function compileDevToken(): Promise<CompiledContract> {
  const solc = require('solc') as {
    compile(input: string, callbacks: { import(path: string): unknown }): string;
    version(): string;
  };
  const source = await readFile(SOURCE, 'utf8');
  const input = {
    language: 'Solidity',
    sources: { 'DevToken.sol': { content: source } },
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: 'cancun',
      outputSelection: { 'DevToken.sol': { DevToken: ['abi', 'evm.bytecode.object'] } },
    },
  };
  const openzeppelin = (require('@openzeppelin/contracts/package.json') as { version: string }).version;
  const key = createHash('sha256')
    .update(JSON.stringify({ input, solc: solc.version(), openzeppelin }))
    .digest('hex')
    .slice(0, 16);
  const cached = join(CACHE_DIR, `DevToken-${key}.json`);
  try {
    return JSON.parse(await readFile(cached, 'utf8')) as CompiledContract;
  } catch {
    // not compiled yet
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: readImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  const contract = output.contracts?.['DevToken.sol']?.DevToken;
  if (errors.length > 0 || !contract) {
    throw new Error(`DevToken.sol did not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  }
  const compiled: CompiledContract = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so a concurrent start never reads half a file.
  const partial = `${cached}.${process.pid}`;
  await writeFile(partial, JSON.stringify(compiled));
  await rename(partial, cached);
  return compiled;
}

/** Deploys the token from the faucet account (its first transaction: the address is DEVNET_TOKEN_ADDRESS). */
export async function deployDevToken(rpcUrl: string): Promise<Address> {
  const { abi, bytecode } = await compileDevToken();
  const client = createWalletClient({
    account: faucetAccount,
    chain: foundry,
    transport: http(rpcUrl, { retryCount: 0, timeout: 30_000 }),
  }).extend(publicActions);
  const hash = await client.deployContract({ abi, bytecode, args: [DEVNET_TOKEN_SUPPLY] });
  const receipt = await client.waitForTransactionReceipt({ hash, timeout: 60_000 });
  if (receipt.status !== 'success' || !receipt.contractAddress) {
    throw new Error(`Deploying the devnet token failed (transaction ${hash})`);
  }
  if (receipt.contractAddress.toLowerCase() !== DEVNET_TOKEN_ADDRESS.toLowerCase()) {
    throw new Error(
      `The devnet token landed at ${receipt.contractAddress}, not ${DEVNET_TOKEN_ADDRESS}: was the chain fresh?`,
    );
  }
  return receipt.contractAddress;
}
