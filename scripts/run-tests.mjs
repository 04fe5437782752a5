#!/usr/bin/env node
// Runs the tap suite with its normal output, then prints one plain
// closing line, "N passed, N failed[, N skipped]", that any CI can read.
// Arguments are passed to tap (e.g. a test file).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tapBin = require.resolve('tap/package.json', { paths: [process.cwd()] }).replace(/package\.json$/, 'dist/esm/run.mjs');
const child = spawn(process.execPath, [tapBin, ...process.argv.slice(2)], { stdio: ['inherit', 'pipe', 'inherit'] });

let tail = '';
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  tail = (tail + chunk.toString('utf8')).slice(-4096);
});
child.on('close', (code, signal) => {
  // tap prints e.g. "# { total: 12, pass: 10, fail: 1, todo: 2, skip: 1 }".
  const summary = /# \{ (total: \d+[^}]*)\}/.exec(tail);
  if (summary) {
    const count = Object.fromEntries([...summary[1].matchAll(/(\w+): (\d+)/g)].map(([, k, v]) => [k, Number(v)]));
    const { total = 0, pass = 0, skip = 0, todo = 0 } = count;
    const failed = count.fail ?? total - pass - skip - todo;
    const extra = [skip ? `${skip} skipped` : '', todo ? `${todo} todo` : ''].filter(Boolean).join(', ');
    console.log(`\n${pass} passed, ${failed} failed${extra ? `, ${extra}` : ''}`);
  } else {
    console.log('\n0 passed, 1 failed (no tap summary was printed)');
  }
  process.exitCode = signal ? 1 : (code ?? 1);
});
