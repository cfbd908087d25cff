/**
 * One part of the mutation run (stryker.config.mjs) with its own reports and incremental file, so a part
 * finishes and keeps its results on a shared machine:
 *   PART=B FILES=pairState,commitment,schnorr,keyShare,envelope,machine npx stryker run stryker.part.mjs --incremental
 *   PART=A FILES=signing,consistency,otExtension,gf256,rvole,baseOt npx stryker run stryker.part.mjs --incremental
 */
import base from './stryker.config.mjs';

const part = process.env.PART;
const files = (process.env.FILES ?? '').split(',').filter(Boolean);
if (!part || files.length === 0)
  throw new Error('Set PART (a name) and FILES (lib/protocol file names, comma-separated)');

export default {
  ...base,
  mutate: base.mutate.filter((m) => files.some((f) => m.startsWith(`lib/protocol/${f}.ts`))),
  jsonReporter: { fileName: `reports/mutation/${part}.json` },
  htmlReporter: { fileName: `reports/mutation/${part}.html` },
  eventReporter: { baseDir: `reports/mutation/events-${part}` },
  incrementalFile: `reports/stryker-incremental-${part}.json`,
  tempDirName: `.stryker-tmp/${part}`,
};
