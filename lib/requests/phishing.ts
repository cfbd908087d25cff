import PhishingDetector from 'eth-phishing-detect/src/detector';
import config from 'eth-phishing-detect/src/config.json';

/** Why a site is flagged: on the block list, or a look-alike of a site phishers copy. */
export interface PhishingVerdict {
  host: string;
  reason: 'listed' | 'lookalike';
  /** For a look-alike: the real site it resembles. */
  resembles?: string;
  /** Where the list comes from (shipped with the extension; never fetched at run time). */
  source: string;
}

const SOURCE = 'MetaMask eth-phishing-detect list';
let detector: PhishingDetector | undefined;

/** The origin's host checked against the bundled list; undefined when it is not flagged. */
export function checkPhishing(origin: string): PhishingVerdict | undefined {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (host === '') return undefined;
  detector ??= new PhishingDetector(config);
  const verdict = detector.check(host);
  if (!verdict.result) return undefined;
  return verdict.type === 'fuzzy'
    ? { host, reason: 'lookalike', ...(verdict.match ? { resembles: verdict.match } : {}), source: SOURCE }
    : { host, reason: 'listed', source: SOURCE };
}
