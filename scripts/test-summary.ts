/**
 * Prints one closing line per suite — `unit: N passed, N failed` and `e2e: …` — from the JSON reports
 * Vitest and Playwright wrote, so a CI log says plainly how many tests ran. Exits non-zero if a report is
 * missing or counted a failure.
 */
import { existsSync, readFileSync } from 'node:fs';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function vitestCounts(file: string): Counts {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightCounts(file: string): Counts {
  const { stats } = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
}

let ok = true;
for (const [label, file, read] of [
  ['unit', 'reports/unit.json', vitestCounts],
  ['e2e', 'reports/e2e.json', playwrightCounts],
] as const) {
  if (!existsSync(file)) {
    console.info(`${label}: no report at ${file}`);
    ok = false;
    continue;
  }
  const counts = read(file);
  if (counts.failed > 0 || counts.passed === 0) ok = false;
  console.info(`${label}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
process.exit(ok ? 0 : 1);
