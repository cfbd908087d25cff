/** MetaMask's phishing detector (CommonJS, no types of its own): the parts the wallet uses. */
declare module 'eth-phishing-detect/src/detector' {
  interface PhishingConfig {
    version?: number;
    tolerance?: number;
    fuzzylist?: string[];
    whitelist?: string[];
    blacklist?: string[];
  }
  export default class PhishingDetector {
    constructor(config: PhishingConfig);
    check(domain: string): { result: boolean; type: string; match?: string };
  }
}
