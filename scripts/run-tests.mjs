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
  const summary = /# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?(?:, skip: (\d+))?/.exec(tail);
  if (summary) {
    const [, total, pass = '0', fail = '0', skip] = summary;
    const failed = Number(fail) || Number(total) - Number(pass) - Number(skip ?? 0);
    console.log(`\n${pass} passed, ${failed} failed${skip ? `, ${skip} skipped` : ''}`);
  } else {
    console.log('\n0 passed, 1 failed (no tap summary was printed)');
  }
  process.exitCode = signal ? 1 : (code ?? 1);
});
