import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The TSS server as one ES module with its packages left external. Started with `node --import tsx`, each
 * server spent about 2 s of CPU more transpiling our sources and hooking every package import; a devnet
 * starts six and the test suites start dozens of devnets.
 *
 * The file lives in the project's `node_modules/.cache` (so Node resolves the packages it imports) and is
 * named by its content's hash, so launchers running side by side share it, and one running older sources
 * keeps its own file.
 */
export interface ServerBundle {
  /** The bundle's path, written again if something removed it since (a long-lived devnet restarting a server). */
  ensure(): Promise<string>;
}

/** Bundles of other sources are removed once this old: no launcher still starts servers from them. */
const STALE_AFTER_MS = 24 * 3600_000;

export async function bundleServer(root: string, entry: string, name: string): Promise<ServerBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourceRoot: root,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const dir = join(root, 'node_modules', '.cache', 'entropy-devnet');
  const file = join(dir, `${name}-${hash}.mjs`);

  const write = async (): Promise<void> => {
    await mkdir(dir, { recursive: true });
    // Written whole, then renamed: a server starting meanwhile never reads half a file.
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(partial, code);
    await rename(partial, file);
  };
  const exists = () =>
    stat(file).then(
      () => true,
      () => false,
    );

  if (!(await exists())) await write();
  await removeStale(dir, file);
  return {
    async ensure() {
      if (!(await exists())) await write();
      return file;
    },
  };
}

async function removeStale(dir: string, keep: string): Promise<void> {
  const now = Date.now();
  for (const entry of await readdir(dir)) {
    const path = join(dir, entry);
    if (path === keep) continue;
    const info = await stat(path).catch(() => undefined);
    if (info && now - info.mtimeMs > STALE_AFTER_MS) await rm(path, { force: true });
  }
}
