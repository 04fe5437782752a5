import t from 'tap';
import { checkPrimeSync, randomBytes as nodeRandomBytes } from 'node:crypto';
import {
  gcd,
  generatePrime,
  generatePrimeAsync,
  isProbablePrime,
  lcm,
  millerRabin,
  modInverse,
  modPow,
  modPowSecret,
  randomBits,
  randomBytes,
  randomInRange,
  bigIntToFixedBytes,
} from '../../src/crypto/pure/bigint-math.js';
import { bigIntToBytes, toHex } from '../../src/crypto/bytes.js';
import { FFDHE2048 } from '../../src/crypto/ffdhe.js';

/** Reference: binary square-and-multiply, no windows. */
function naivePow(base: bigint, exp: bigint, mod: bigint): bigint {
  if (mod === 1n) return 0n;
  let b = ((base % mod) + mod) % mod;
  let r = 1n;
  while (exp > 0n) {
    if (exp & 1n) r = (r * b) % mod;
    b = (b * b) % mod;
    exp >>= 1n;
  }
  return r;
}

function toBuffer(n: bigint): Buffer {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex');
}

function randomBig(bytes: number): bigint {
  return bytes === 0 ? 0n : BigInt('0x' + nodeRandomBytes(bytes).toString('hex'));
}

t.test('modPow and modPowSecret agree with square-and-multiply', async (t) => {
  // Exponent sizes around every window-size boundary (24, 96, 320, 2048 bits).
  for (const expBytes of [0, 1, 2, 3, 4, 12, 13, 40, 41, 64, 128, 256, 257]) {
    const mod = randomBig(64) | 1n;
    const base = randomBig(70); // larger than the modulus: must be reduced
    const exp = randomBig(expBytes);
    const want = naivePow(base, exp, mod);
    t.equal(modPow(base, exp, mod), want, `modPow, ${expBytes}-byte exponent`);
    t.equal(modPowSecret(base, exp, mod), want, `modPowSecret, ${expBytes}-byte exponent`);
    t.equal(modPowSecret(base, exp, mod, 2100), want, `modPowSecret padded to 2100 bits, ${expBytes}-byte exponent`);
  }
  const mod = randomBig(32) | 1n;
  t.equal(modPow(5n, 0n, mod), 1n, 'x^0 = 1');
  t.equal(modPow(0n, 5n, mod), 0n, '0^x = 0');
  t.equal(modPow(7n, 1n, mod), 7n, 'x^1 = x');
  t.equal(modPow(123n, 456n, 1n), 0n, 'anything mod 1 is 0');
  t.equal(modPowSecret(123n, 456n, 1n), 0n, 'anything mod 1 is 0 (secret)');
  t.equal(modPow(-2n, 3n, 11n), naivePow(-2n, 3n, 11n), 'negative base is reduced first');
  t.equal(modPow(-2n, 3n, 11n), 3n, '(-2)^3 mod 11 = 3');
  t.equal(modPow(2n, 10n, 1000n), 24n, '2^10 mod 1000');
  t.throws(() => modPow(2n, -1n, 7n), RangeError, 'negative exponent');
  t.throws(() => modPow(2n, 3n, 0n), RangeError, 'zero modulus');
  t.throws(() => modPowSecret(2n, 3n, -7n), RangeError, 'negative modulus');
  t.throws(() => modPow(2 as unknown as bigint, 3n, 7n), TypeError, 'number base');
  // Fermat: a^(p-1) = 1 mod p for the ffdhe2048 prime.
  t.equal(modPow(3n, FFDHE2048.p - 1n, FFDHE2048.p), 1n, 'Fermat on the ffdhe2048 prime');
  t.equal(modPowSecret(3n, FFDHE2048.p - 1n, FFDHE2048.p), 1n, 'Fermat on the ffdhe2048 prime (secret)');
});

t.test('gcd, lcm, modInverse', async (t) => {
  t.equal(gcd(12n, 18n), 6n);
  t.equal(gcd(0n, 5n), 5n);
  t.equal(gcd(-12n, 18n), 6n);
  t.equal(lcm(4n, 6n), 12n);
  t.equal(modInverse(3n, 11n), 4n, '3 * 4 = 12 = 1 mod 11');
  t.equal(modInverse(-3n, 11n), 7n, 'negative input reduced first');
  for (let i = 0; i < 20; i++) {
    const m = randomBig(128) | 1n;
    const a = randomBig(130);
    if (gcd(a, m) !== 1n) continue;
    const inv = modInverse(a, m);
    t.ok(inv >= 0n && inv < m, 'inverse is reduced');
    t.equal((a * inv) % m, 1n % m, 'a * a^-1 = 1');
  }
  t.throws(() => modInverse(6n, 9n), RangeError, 'no inverse when gcd > 1');
  t.throws(() => modInverse(0n, 7n), RangeError, 'zero has no inverse');
  t.throws(() => modInverse(3n, 0n), RangeError, 'zero modulus');
});

t.test('random numbers stay in range and vary', async (t) => {
  t.equal(randomBits(0), 0n);
  t.equal(randomBytes(0).length, 0);
  t.equal(randomBytes(70000).length, 70000, 'more than one getRandomValues call');
  t.not(Buffer.from(randomBytes(32)).toString('hex'), Buffer.from(randomBytes(32)).toString('hex'));
  let high = 0;
  let low = 0;
  for (let i = 0; i < 200; i++) {
    const r = randomBits(13);
    t.ok(r >= 0n && r < 1n << 13n, 'within 13 bits') || t.comment(r);
    if (r >= 1n << 12n) high++;
    else low++;
  }
  t.ok(high > 0 && low > 0, 'the top bit of randomBits is sometimes set, sometimes clear');
  const seen = new Set<bigint>();
  for (let i = 0; i < 200; i++) {
    const r = randomInRange(5n, 8n);
    t.ok(r >= 5n && r < 8n, 'within [5, 8)');
    seen.add(r);
  }
  t.same([...seen].sort(), [5n, 6n, 7n], 'every value of a small range is reached');
  const big = 1n << 1000n;
  for (let i = 0; i < 20; i++) {
    const r = randomInRange(big, big + 3n * big);
    t.ok(r >= big && r < 4n * big, 'large range');
  }
  t.throws(() => randomInRange(5n, 5n), RangeError, 'empty range');
  t.throws(() => randomBits(-1), RangeError);
  t.throws(() => randomBits(1.5), RangeError);
});

t.test('isProbablePrime on known primes and composites', async (t) => {
  const primes = [2n, 3n, 5n, 65537n, 2147483647n, (1n << 127n) - 1n, (1n << 521n) - 1n, 18446744073709551557n];
  for (const p of primes) t.ok(isProbablePrime(p), `${p.toString().slice(0, 20)} is prime`);
  const composites = [
    0n,
    1n,
    4n,
    561n, // Carmichael
    41041n, // Carmichael
    3215031751n, // strong pseudoprime to bases 2, 3, 5 and 7
    3825123056546413051n, // strong pseudoprime to the first nine prime bases
    (1n << 128n) + 1n, // 59649589127497217 * 5704689200685129054721
    ((1n << 127n) - 1n) * ((1n << 89n) - 1n), // product of two Mersenne primes
    ((1n << 521n) - 1n) * 3n,
    18446744073709551557n * 18446744073709551533n,
  ];
  for (const c of composites) t.notOk(isProbablePrime(c), `${c.toString().slice(0, 20)} is composite`);
  t.notOk(millerRabin(3825123056546413051n, 20), 'Miller-Rabin alone with random bases catches the 9-base pseudoprime');
  t.ok(isProbablePrime(FFDHE2048.p, 2), 'ffdhe2048 p is prime');
  t.ok(isProbablePrime((FFDHE2048.p - 1n) / 2n, 2), 'ffdhe2048 (p-1)/2 is prime (safe prime)');
  // Agreement with OpenSSL on random odd 256-bit numbers, half of them forced to be prime.
  let agreed = 0;
  for (let i = 0; i < 40; i++) {
    const n = i % 2 === 0 ? generatePrime(256) : randomBig(32) | 1n;
    if (isProbablePrime(n) === checkPrimeSync(toBuffer(n))) agreed++;
  }
  t.equal(agreed, 40, 'isProbablePrime agrees with node:crypto.checkPrimeSync');
  t.throws(() => isProbablePrime(7 as unknown as bigint), TypeError);
});

t.test('generatePrime: size, top bits, exponent condition', async (t) => {
  for (const bits of [16, 17, 64, 255, 512]) {
    const p = generatePrime(bits);
    t.equal(p.toString(2).length, bits, `${bits}-bit prime has exactly ${bits} bits`);
    t.equal(p >> BigInt(bits - 2), 3n, 'top two bits set');
    t.ok(checkPrimeSync(toBuffer(p), { checks: 20 }), 'node:crypto agrees it is prime');
  }
  const oneTop = generatePrime(64, { topTwoBits: false });
  t.equal(oneTop.toString(2).length, 64, 'topTwoBits: false still gives the exact size');
  for (let i = 0; i < 10; i++) {
    // With e = 3, gcd(e, p - 1) = 1 means p = 2 mod 3.
    t.equal(generatePrime(128, { publicExponent: 3n }) % 3n, 2n, 'gcd(3, p - 1) = 1');
  }
  const q = await generatePrimeAsync(256, { publicExponent: 65537n });
  t.equal(q.toString(2).length, 256);
  t.not(q % 65537n, 1n, 'gcd(65537, q - 1) = 1');
  t.throws(() => generatePrime(15), RangeError, 'too small');
  t.throws(() => generatePrime(100.5), RangeError, 'not an integer');
});

t.test('bigIntToFixedBytes equals bigIntToBytes with padding', async (t) => {
  for (const length of [1, 2, 16, 33, 256]) {
    const cases = [0n, 1n, (1n << BigInt(8 * length)) - 1n, randomBig(length), randomBig(length) >> 40n];
    for (let i = 0; i < 50; i++) cases.push(randomBig(length));
    for (const v of cases) {
      if (toHex(bigIntToFixedBytes(v, length)) !== toHex(bigIntToBytes(v, length))) {
        t.fail(`${v.toString(16)} in ${length} bytes`);
        return;
      }
    }
    t.pass(`${cases.length} values in ${length} bytes`);
  }
  t.equal(toHex(bigIntToFixedBytes(0xabcdefn, 4)), '00abcdef');
  t.equal(toHex(bigIntToFixedBytes(0x0123456789n, 5)), '0123456789');
  t.throws(() => bigIntToFixedBytes(256n, 1), RangeError, 'too large');
  t.throws(() => bigIntToFixedBytes(-1n, 4), RangeError, 'negative');
});
