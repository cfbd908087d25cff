/**
 * Page-facing requests through the built extension in Chromium: a plain loopback page posts hostile
 * requests to the content script exactly as a malicious site could (window messages, any shape), and
 * every answer is classified. Requests that wait for the user (an approval window) are rejected from the
 * wallet's own queue and must then be answered; anything still unanswered is a hang.
 */
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { launchWithExtension, type LoadedExtension } from '../support/extension';
import { walletRequest } from '../support/wallet';
import type { Progress } from './progress';
import { peakRssKib, type Tally } from './tally';

/** One request as the page sends it: `raw` is posted as is (it may lack an id, a method, anything). */
export interface PageInput {
  /** JSON text of the whole window message minus `source` and `id` (parsed in the page). */
  json: string;
}

interface PageOutcome {
  index: number;
  /** `answered` with an error code (or none), `pending` without an answer yet, `unsent` if the browser refused it. */
  kind: 'answered' | 'pending' | 'unsent';
  code?: string;
  message?: string;
  ms?: number;
}

export interface BrowserAbuse {
  ext: LoadedExtension;
  trusted: Page;
  untrusted: Page;
  /** Peak RSS of Chromium's processes (largest single process, KiB). */
  peakKib(): number;
  close(): Promise<void>;
}

function blankPageServer(): Promise<{ server: Server; port: number }> {
  return new Promise((done) => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>abuse</title><p>a page posting hostile requests</p>');
    });
    server.listen(0, '127.0.0.1', () => done({ server, port: (server.address() as { port: number }).port }));
  });
}

function chromiumPids(root: number): number[] {
  const all: { pid: number; ppid: number }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      all.push({ pid: Number(entry), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const found = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (found.has(p.ppid) && !found.has(p.pid)) {
        found.add(p.pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/**
 * Chromium with the built extension, a vault with one account, the page on 127.0.0.1 authorised, and
 * the same page on `localhost` (another origin) not.
 */
export async function openBrowser(): Promise<BrowserAbuse> {
  const { server, port } = await blankPageServer();
  const ext = await launchWithExtension();
  const setup = await ext.context.newPage();
  await setup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await walletRequest(setup, 'pri(vault.create)', { password: 'correct horse battery' });
  const generated = (await walletRequest(setup, 'pri(accounts.generateMnemonic)')).result as {
    mnemonic: string;
  };
  await walletRequest(setup, 'pri(accounts.create)', { name: 'Abuse', mnemonic: generated.mnemonic });
  const trusted = await ext.context.newPage();
  await trusted.goto(`http://127.0.0.1:${port}/`);
  // Authorise the trusted origin the way a user would: the page asks, the wallet's queue approves.
  const asked = trusted.evaluate(
    () =>
      new Promise((resolve) => {
        window.addEventListener('message', (event) => {
          const data = event.data as { source?: string; id?: string; result?: unknown; error?: unknown };
          if (data?.source === 'entropy-wallet:content' && data.id === 'authorize') resolve(data);
        });
        window.postMessage(
          { source: 'entropy-wallet:page', id: 'authorize', method: 'pub(authorize.request)' },
          '*',
        );
      }),
  );
  let approved = false;
  for (let i = 0; i < 100 && !approved; i++) {
    const queue = (await walletRequest(setup, 'pri(requests.list)')).result as { id: string }[];
    if (queue[0])
      approved = !(await walletRequest(setup, 'pri(requests.approve)', { id: queue[0].id })).error;
    else await new Promise((r) => setTimeout(r, 100));
  }
  if (!approved) throw new Error('The wallet never queued the authorisation request');
  await asked;
  const untrusted = await ext.context.newPage();
  await untrusted.goto(`http://localhost:${port}/`);
  const browserPid = (
    ext.context.browser() as unknown as { process?(): { pid?: number } } | null
  )?.process?.()?.pid;
  let peak = 0;
  const sample = () => {
    const root = browserPid ?? findChromiumRoot();
    for (const pid of root ? chromiumPids(root) : []) peak = Math.max(peak, peakRssKib(pid) ?? 0);
  };
  const sampler = setInterval(sample, 2_000);
  return {
    ext,
    trusted,
    untrusted,
    peakKib: () => (sample(), peak),
    async close() {
      clearInterval(sampler);
      await setup.close().catch(() => undefined);
      await ext.close();
      await new Promise((r) => server.close(r));
    },
  };

  function findChromiumRoot(): number | undefined {
    // A persistent context hides its process: the Chromium child of this Node process.
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === process.pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('chromium'))
          return Number(entry);
      } catch {
        // Gone meanwhile.
      }
    }
    return undefined;
  }
}

/**
 * Sends `inputs` from `page`, 32 at a time, each waiting up to `pendingMs` for its answer; then rejects
 * whatever waits in the wallet's approval queue and gives the unanswered ones `hangMs` more. Notes the outcomes.
 */
export async function pageRun(
  browser: BrowserAbuse,
  page: Page,
  inputs: PageInput[],
  tally: Tally,
  boundary: string,
  /** How long a request may go unanswered before it counts as waiting (for the user, or a hang). */
  waits: { pendingMs: number; hangMs: number },
  progress: Progress,
): Promise<void> {
  const { pendingMs, hangMs } = waits;
  const chunk = 200;
  const pendingIds: number[] = [];
  // What the page got back, by error code: shows how far the inputs reached (bridge, worker, handlers).
  const codes = new Map<string, number>();
  for (let start = 0; start < inputs.length; start += chunk) {
    const slice = inputs.slice(start, start + chunk).map((input) => input.json);
    const end = progress.begin(
      `${page.url()} inputs ${start}..${start + slice.length - 1}: ${slice[0]!.slice(0, 100)}`,
    );
    const outcomes = await page.evaluate(
      async ([jsons, offset, waitMs]) => {
        const PAGE = 'entropy-wallet:page';
        const CONTENT = 'entropy-wallet:content';
        const w = window as unknown as {
          __abuse?: { answers: Map<string, { code?: string; message?: string }> };
        };
        if (!w.__abuse) {
          const answers = new Map<string, { code?: string; message?: string }>();
          w.__abuse = { answers };
          window.addEventListener('message', (event) => {
            if (event.source !== window) return;
            const data = event.data as {
              source?: string;
              id?: string;
              result?: unknown;
              error?: { code?: string; message?: string };
            };
            if (!data || data.source !== CONTENT || typeof data.id !== 'string') return;
            if (!('result' in data) && !('error' in data)) return;
            answers.set(data.id, { code: data.error?.code, message: data.error?.message?.slice(0, 200) });
          });
        }
        const { answers } = w.__abuse;
        const outcomes: {
          index: number;
          kind: 'answered' | 'pending' | 'unsent';
          code?: string;
          message?: string;
          ms?: number;
        }[] = [];
        const width = 32;
        let next = 0;
        const one = async (i: number) => {
          const id = `abuse-${offset + i}`;
          try {
            window.postMessage({ ...(JSON.parse(jsons[i]!) as object), source: PAGE, id }, '*');
          } catch (error) {
            outcomes.push({ index: offset + i, kind: 'unsent', message: String(error).slice(0, 200) });
            return;
          }
          const sent = Date.now();
          const deadline = sent + waitMs;
          while (!answers.has(id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
          const answer = answers.get(id);
          outcomes.push(
            answer
              ? { index: offset + i, kind: 'answered', ...answer, ms: Date.now() - sent }
              : { index: offset + i, kind: 'pending' },
          );
        };
        await Promise.all(
          Array.from({ length: width }, async () => {
            while (next < jsons.length) await one(next++);
          }),
        );
        return outcomes;
      },
      [slice, start, pendingMs] as const,
    );
    end();
    for (const outcome of outcomes) note(outcome);
  }
  // Requests waiting for the user: reject them from the wallet's queue; the page must then get its answer.
  const pending = pendingIds;
  if (pending.length > 0) {
    const popup = await browser.ext.context.newPage();
    await popup.goto(`chrome-extension://${browser.ext.extensionId}/popup.html`);
    const queue = (await walletRequest(popup, 'pri(requests.list)')).result as { id: string }[];
    for (const request of queue) await walletRequest(popup, 'pri(requests.reject)', { id: request.id });
    await popup.close();
    const late = await page.evaluate(
      async ([ids, hangMs]) => {
        const answers = (window as unknown as { __abuse: { answers: Map<string, { code?: string }> } })
          .__abuse.answers;
        const deadline = Date.now() + hangMs;
        while (ids.some((id) => !answers.has(id)) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 50));
        return ids.map((id) => ({ id, code: answers.get(id)?.code, answered: answers.has(id) }));
      },
      [pending.map((i) => `abuse-${i}`), hangMs] as const,
    );
    for (const { id, code, answered } of late) {
      const key = `after rejection: ${code ?? (answered ? 'result' : 'none')}`;
      codes.set(key, (codes.get(key) ?? 0) + 1);
      const input = inputs[Number(id.slice(6))]?.json ?? '';
      // A subscription stays open by design (it answers with events until the page goes away).
      if (!answered && input.includes('"pub(page.events)"')) continue;
      if (!answered) tally.note(boundary, 'hangs', `${id}: ${input.slice(0, 150)}`);
      else if (code === 'INTERNAL') tally.note(boundary, 'internal', `${id} after rejection`);
    }
  }

  console.info(`abuse: ${boundary}: ${page.url()} got ${JSON.stringify(Object.fromEntries(codes))}`);

  function note(outcome: PageOutcome): void {
    tally.row(boundary).inputs++;
    const key = outcome.kind === 'answered' ? (outcome.code ?? 'result') : outcome.kind;
    codes.set(key, (codes.get(key) ?? 0) + 1);
    if (outcome.ms !== undefined) tally.took(boundary, outcome.ms, inputs[outcome.index]?.json ?? '');
    if (outcome.kind === 'pending') pendingIds.push(outcome.index);
    else if (outcome.code === 'INTERNAL')
      tally.note(boundary, 'internal', `${outcome.message} ← ${inputs[outcome.index]?.json.slice(0, 120)}`);
    else if (outcome.code === 'DISCONNECTED')
      tally.note(boundary, 'crashes', `the worker went away: ${outcome.message}`);
  }
}
