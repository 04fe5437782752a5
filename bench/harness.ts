/**
 * A small benchmark harness: runs a function repeatedly for a fixed time
 * and reports its rate, and prints aligned tables. Every benchmark in
 * bench/ prints our figures beside a peer's measured in the same run, so
 * the ratio, not the absolute number, is what to read.
 */

/** Seconds each measurement runs; BENCH_SECONDS overrides (e.g. 0.1 for a smoke run). */
export const SECONDS = Number(process.env['BENCH_SECONDS'] ?? '0.5');

/** Calls `fn` until `SECONDS` have passed (after a short warm-up); returns calls per second. */
export function rate(fn: () => unknown, seconds = SECONDS): number {
  const warmUntil = performance.now() + Math.min(100, seconds * 200);
  while (performance.now() < warmUntil) fn();
  let calls = 0;
  const start = performance.now();
  const stop = start + seconds * 1000;
  let now = start;
  // Check the clock every few calls only: cheap calls would otherwise time the clock.
  let batch = 1;
  while (now < stop) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    now = performance.now();
    if (now - start < 10) batch *= 2;
  }
  return (calls * 1000) / (now - start);
}

/** The same for an async function, with `concurrency` calls in flight. */
export async function rateAsync(fn: () => Promise<unknown>, seconds = SECONDS, concurrency = 1): Promise<number> {
  const run = async (until: number) => {
    let calls = 0;
    const lanes = Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await fn();
        calls++;
      }
    });
    await Promise.all(lanes);
    return calls;
  };
  await run(performance.now() + Math.min(100, seconds * 200));
  const start = performance.now();
  const calls = await run(start + seconds * 1000);
  return (calls * 1000) / (performance.now() - start);
}

/** Formats a number with three significant figures and thousands separators. */
export function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** Prints rows as an aligned table (first column left, the rest right). */
export function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}
