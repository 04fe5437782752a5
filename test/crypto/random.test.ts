/**
 * The random source on every provider: lengths (including more than one
 * 65536-byte getRandomValues chunk), independence of calls, a loose
 * distribution check, and argument checks.
 */
import t from 'tap';
import { providers, algorithm } from './providers.js';
import type { RandomSource } from '../../src/crypto/provider.js';

const allZero = (bytes: Uint8Array) => bytes.every((b) => b === 0);

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    const random = algorithm<RandomSource>(p, 'random')!;
    t.equal(random.name, 'random');
    if (p.label !== 'default') t.equal(random.implementation, p.label, 'implementation');

    for (const length of [0, 1, 15, 16, 17, 256, 16385, 65536, 65537]) {
      const bytes = random.bytes(length);
      t.ok(bytes instanceof Uint8Array, `${length}: a Uint8Array`);
      t.equal(bytes.length, length, `${length}: the requested length`);
    }

    t.equal(random.bytes(0).length, 0, 'zero bytes');
    const a = random.bytes(32);
    const b = random.bytes(32);
    t.not(Buffer.from(a).toString('hex'), Buffer.from(b).toString('hex'), 'two calls differ');
    t.notOk(allZero(a), 'not all zeros');

    // Past the 65536-byte limit of one getRandomValues call, every chunk
    // must be filled: a 64-byte window of zeros has probability 2^-512.
    const big = random.bytes(3 * 65536 + 100);
    for (const offset of [0, 65536 - 64, 65536, 2 * 65536, 3 * 65536, big.length - 64]) {
      t.notOk(allZero(big.subarray(offset, offset + 64)), `bytes ${offset}..${offset + 64} are filled`);
    }

    // A loose chi-square test over byte values: 256 bins, 255 degrees of
    // freedom; a correct generator exceeds 400 with probability ~1e-8.
    const sample = random.bytes(256 * 400);
    const counts = new Array<number>(256).fill(0);
    for (const byte of sample) counts[byte]!++;
    const expected = sample.length / 256;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    t.ok(chi2 < 400, `byte values look uniform (chi-square ${chi2.toFixed(1)} < 400)`);

    t.throws(() => random.bytes(-1), { name: 'RangeError', message: /length/ }, 'negative length');
    t.throws(() => random.bytes(1.5), { name: 'RangeError', message: /length/ }, 'fractional length');
    t.throws(() => random.bytes(Number.NaN), { name: 'RangeError', message: /length/ }, 'NaN');
    t.throws(() => random.bytes('16' as unknown as number), { name: 'TypeError', message: /length/ }, 'length as a string');
  });
}
