/** The local devnet chain (Substrate's default port); a build can point elsewhere with WXT_ENTROPY_ENDPOINT. */
export const DEVNET_ENDPOINT = 'ws://127.0.0.1:9944';

export function defaultEndpoint(): string {
  const configured = import.meta.env?.WXT_ENTROPY_ENDPOINT;
  return configured && configured.length > 0 ? configured : DEVNET_ENDPOINT;
}
