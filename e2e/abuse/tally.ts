import { readFileSync } from 'node:fs';

/** One boundary's row of the abuse table. */
export interface Row {
  boundary: string;
  inputs: number;
  crashes: number;
  hangs: number;
  /** HTTP 5xx, JSON-RPC -32603, or a page answer with an `INTERNAL` error. */
  internal: number;
  dataLost: number;
  /** The slowest answer seen (ms) and what it answered. */
  slowest: { ms: number; what: string };
  /** Examples of what went wrong, for the report (a few per row). */
  examples: string[];
}

export class Tally {
  readonly rows = new Map<string, Row>();

  row(boundary: string): Row {
    let row = this.rows.get(boundary);
    if (!row) {
      row = {
        boundary,
        inputs: 0,
        crashes: 0,
        hangs: 0,
        internal: 0,
        dataLost: 0,
        slowest: { ms: 0, what: '' },
        examples: [],
      };
      this.rows.set(boundary, row);
    }
    return row;
  }

  note(boundary: string, kind: 'crashes' | 'hangs' | 'internal' | 'dataLost', example: string): void {
    const row = this.row(boundary);
    row[kind]++;
    if (row.examples.length < 5) row.examples.push(`${kind}: ${example.slice(0, 200)}`);
  }

  /** Notes how long an answer took, keeping the slowest per boundary. */
  took(boundary: string, ms: number, what: string): void {
    const row = this.row(boundary);
    if (ms > row.slowest.ms) row.slowest = { ms, what: what.slice(0, 160) };
  }

  get totalInputs(): number {
    return [...this.rows.values()].reduce((n, r) => n + r.inputs, 0);
  }

  table(peaks: Map<string, number>): string {
    const lines = [
      '| boundary | inputs tried | crashes | hangs | 5xx / internal errors | data lost | slowest answer (s) |',
      '|---|---:|---:|---:|---:|---:|---:|',
    ];
    for (const r of this.rows.values()) {
      lines.push(
        `| ${r.boundary} | ${r.inputs} | ${r.crashes} | ${r.hangs} | ${r.internal} | ${r.dataLost} | ${(r.slowest.ms / 1000).toFixed(1)} |`,
      );
    }
    const all = [...this.rows.values()];
    const sum = (k: 'crashes' | 'hangs' | 'internal' | 'dataLost') => all.reduce((n, r) => n + r[k], 0);
    lines.push(
      `| **total** | **${this.totalInputs}** | **${sum('crashes')}** | **${sum('hangs')}** | **${sum('internal')}** | **${sum('dataLost')}** | |`,
    );
    lines.push('', '| process | peak RSS (MiB) |', '|---|---:|');
    for (const [name, kib] of peaks) lines.push(`| ${name} | ${(kib / 1024).toFixed(0)} |`);
    return lines.join('\n');
  }
}

/** Peak resident set of a live process (`VmHWM`, KiB), or undefined once it is gone. */
export function peakRssKib(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Current resident set (`VmRSS`, KiB). */
export function rssKib(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
