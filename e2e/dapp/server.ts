import { createServer, type ViteDevServer } from 'vite';
import { resolve } from 'node:path';

export interface DappServer {
  url: string;
  close(): Promise<void>;
}

/** The demo/test dApp, served by Vite on loopback so it can import npm packages like a real dApp. */
export async function startDappServer(options: { port?: number; host?: string } = {}): Promise<DappServer> {
  const host = options.host ?? '127.0.0.1';
  const server: ViteDevServer = await createServer({
    configFile: false,
    root: resolve(import.meta.dirname, 'public'),
    logLevel: 'warn',
    server: { host, port: options.port ?? 5173, strictPort: true },
    clearScreen: false,
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, close: () => server.close() };
}
