import { readFileSync } from 'node:fs';
import { defineConfig } from 'wxt';
import pkg from './package.json' with { type: 'json' };

/**
 * tiny-secp256k1 (lib/protocol/ecWasm.ts) loads its WebAssembly in browsers with an ES-module import
 * of the .wasm, which needs top-level await: not allowed in the MV3 service worker, where the DKG runs.
 * This loader embeds the bytes and instantiates them synchronously (allowed in workers) with the
 * imports the package's own Node loader passes.
 */
const secp256k1WasmLoader = /[\\/]tiny-secp256k1[\\/]lib[\\/]wasm_loader(\.browser)?\.js$/;
const inlineSecp256k1Wasm = {
  name: 'inline-secp256k1-wasm',
  enforce: 'pre' as const,
  load(id: string) {
    const file = id.split('?')[0]!;
    if (!secp256k1WasmLoader.test(file)) return null;
    const wasm = readFileSync(file.replace(secp256k1WasmLoader, '/tiny-secp256k1/lib/secp256k1.wasm'));
    return [
      "import * as rand from './rand.browser.js';",
      "import * as validate_error from './validate_error.js';",
      `const bytes = Uint8Array.from(atob('${wasm.toString('base64')}'), (c) => c.charCodeAt(0));`,
      "const imports = { './rand.js': rand, './validate_error.js': validate_error };",
      'export default new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports;',
    ].join('\n');
  },
};

export default defineConfig({
  // A separate build directory lets two checkouts' test runs build side by side (e2e/support/chromium.ts).
  outDir: process.env.ENTROPY_BUILD_DIR || '.output',
  modules: ['@wxt-dev/module-react'],
  // Explicit imports everywhere: lib/ must stay free of browser globals so devnet reuses it.
  imports: false,
  vite: () => ({
    define: { __WALLET_VERSION__: JSON.stringify(pkg.version) },
    plugins: [inlineSecp256k1Wasm],
    // Readable output for store review, and class names intact: typed errors cross boundaries by name.
    // No module preloading: its helper touches `document`, which the service worker does not have (viem
    // loads secp256k1 with a dynamic import).
    build: { minify: false, modulePreload: false },
  }),
  manifest: {
    name: 'Entropy Wallet',
    description: 'Threshold signatures from the Entropy network',
    permissions: ['storage', 'alarms'],
    content_security_policy: {
      // @polkadot/util-crypto runs its sr25519 and hashing code as WebAssembly.
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
    web_accessible_resources: [{ resources: ['inpage.js'], matches: ['<all_urls>'] }],
  },
});
