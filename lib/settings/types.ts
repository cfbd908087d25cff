/** The user's wallet settings, as stored and as the popup edits them. */
export interface Settings {
  endpoint: string;
  /** Whether pages may use eth_sign (signs an opaque hash; off by default). */
  ethSignEnabled: boolean;
}
