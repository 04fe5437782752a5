import t from 'tap';
import { execFileSync } from 'node:child_process';
import { createDiffieHellman, getDiffieHellman } from 'node:crypto';
import { providers, algorithm } from './providers.js';
import { FFDH_MAX_BITS, type FfdhAlgorithm } from '../../src/crypto/provider.js';
import {
  FFDHE2048,
  FFDHE_GROUPS,
  RFC3526_GROUPS,
  RFC7919_GROUPS,
  ffdhGroup,
  findFfdhGroup,
} from '../../src/crypto/ffdhe.js';
import { defaultExponentBits } from '../../src/crypto/pure/ffdh.js';
import { bigIntToBytes, bytesToBigInt, toHex } from '../../src/crypto/bytes.js';
import { TLSIllegalParameterException } from '../../src/errors.js';

// ------------------------------------------------------------ the constants

function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** p and g of OpenSSL's built-in named group, read from the DER of its parameters. */
function opensslGroup(name: string): { p: bigint; g: bigint } {
  const pem = execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', `group:${name}`, '-text'], {
    stdio: 'pipe',
  });
  // -text prints only "GROUP: ffdhe2048" for a named group, so decode the PEM it also prints.
  const body = /-----BEGIN DH PARAMETERS-----([\s\S]*?)-----END DH PARAMETERS-----/.exec(pem.toString())![1]!;
  const der = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  const ints: bigint[] = [];
  let i = 0;
  const readLength = (): number => {
    let len = der[i++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + der[i++]!;
    }
    return len;
  };
  if (der[i++] !== 0x30) throw new Error('not a SEQUENCE');
  readLength();
  while (i < der.length) {
    if (der[i++] !== 0x02) throw new Error('not an INTEGER');
    const len = readLength();
    ints.push(bytesToBigInt(der.subarray(i, i + len)));
    i += len;
  }
  return { p: ints[0]!, g: ints[1]! };
}

/** floor(2^shift * e), by the series sum 1/k!. */
function eScaled(shift: number): bigint {
  const guard = 64n;
  let term = 1n << (BigInt(shift) + guard);
  let sum = 0n;
  for (let k = 1n; term > 0n; k++) {
    sum += term;
    term /= k;
  }
  return sum >> guard;
}

/** floor(2^shift * pi), by Machin's formula. */
function piScaled(shift: number): bigint {
  const guard = 64n;
  const one = 1n << (BigInt(shift) + guard);
  const atanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = one / x;
    for (let k = 1n, sign = 1n; term > 0n; k += 2n, sign = -sign) {
      sum += (sign * term) / k;
      term /= x * x;
    }
    return sum;
  };
  return (16n * atanInv(5n) - 4n * atanInv(239n)) >> guard;
}

// The X constants printed in RFC 7919 Appendix A and RFC 3526.
const RFC7919_X: Record<number, bigint> = { 2048: 560316n, 3072: 2625351n, 4096: 5736041n, 6144: 15705020n, 8192: 10965728n };
const RFC3526_X: Record<number, bigint> = { 2048: 124476n, 3072: 1690314n, 4096: 240904n, 6144: 929484n, 8192: 4743158n };

t.test('RFC 7919 groups follow the RFC formula and match OpenSSL', async (t) => {
  t.equal(RFC7919_GROUPS.length, 5);
  for (const group of RFC7919_GROUPS) {
    const b = BigInt(group.bits);
    const formula = (1n << b) - (1n << (b - 64n)) + (eScaled(group.bits - 130) + RFC7919_X[group.bits]!) * (1n << 64n) - 1n;
    t.equal(group.p, formula, `${group.name}: p = 2^b - 2^(b-64) + {[2^(b-130) e] + X} * 2^64 - 1`);
    t.equal(group.g, 2n, `${group.name}: g = 2`);
    t.equal(group.p.toString(2).length, group.bits, `${group.name}: ${group.bits} bits`);
    t.equal(group.name, `ffdhe${group.bits}`);
    t.equal(ffdhGroup(group.name), group, `lookup of ${group.name}`);
    t.equal(findFfdhGroup(group.p, 2n), group, `${group.name} recognised from (p, g)`);
  }
  const skip = opensslAvailable() ? false : 'openssl is not installed: cannot compare the ffdhe groups with OpenSSL';
  t.test('against openssl genpkey -genparam', { skip }, async (t) => {
    for (const group of RFC7919_GROUPS) {
      const theirs = opensslGroup(group.name);
      t.equal(toHex(bigIntToBytes(group.p)), toHex(bigIntToBytes(theirs.p)), `${group.name}: p equals OpenSSL's`);
      t.equal(theirs.g, group.g, `${group.name}: g equals OpenSSL's`);
    }
  });
});

t.test('RFC 3526 groups follow the RFC formula and match node:crypto', async (t) => {
  const nodeNames = ['modp14', 'modp15', 'modp16', 'modp17', 'modp18'];
  t.equal(RFC3526_GROUPS.length, 5);
  RFC3526_GROUPS.forEach((group, i) => {
    const b = BigInt(group.bits);
    const formula = (1n << b) - (1n << (b - 64n)) - 1n + (piScaled(group.bits - 130) + RFC3526_X[group.bits]!) * (1n << 64n);
    t.equal(group.p, formula, `${group.name}: p = 2^b - 2^(b-64) - 1 + {[2^(b-130) pi] + X} * 2^64`);
    const node = getDiffieHellman(nodeNames[i]!);
    t.equal(bytesToBigInt(node.getPrime()), group.p, `${group.name}: p equals node:crypto ${nodeNames[i]}`);
    t.equal(bytesToBigInt(node.getGenerator()), group.g, `${group.name}: g equals node's`);
    t.equal(ffdhGroup(`modp${group.bits}`), group);
  });
  t.equal(ffdhGroup('ffdhe1024'), undefined, 'unknown name');
  t.equal(ffdhGroup('toString'), undefined, 'no prototype lookups');
  t.equal(findFfdhGroup(FFDHE2048.p, 5n), undefined, 'another generator is another group');
  t.equal(Object.keys(FFDHE_GROUPS).length, 10);
});

t.test('default private exponent sizes', async (t) => {
  t.equal(defaultExponentBits(2048), 256, 'ffdhe2048: at least 256 bits (RFC 7919 5.2 asks 225)');
  t.equal(defaultExponentBits(3072), 264, 'ffdhe3072: 2 * ~132');
  t.equal(defaultExponentBits(4096), 304);
  t.equal(defaultExponentBits(6144), 360);
  t.equal(defaultExponentBits(8192), 408, 'ffdhe8192: 2 * ~202, rounded up to bytes');
  t.equal(defaultExponentBits(200), 199, 'never more than bitlen(p) - 1');
  for (const group of RFC7919_GROUPS) t.ok(defaultExponentBits(group.bits) >= 256);
});

// ------------------------------------------------------------ the algorithm, on every provider

const { p, g } = FFDHE2048;
const LEN = 256;

for (const named of providers()) {
  const ffdh = algorithm<FfdhAlgorithm>(named, 'ffdh');
  if (!ffdh) continue;

  t.test(`${named.label}: agrees with node:crypto on ffdhe2048`, async (t) => {
    for (let i = 0; i < 3; i++) {
      const node = createDiffieHellman(Buffer.from(bigIntToBytes(p)), Buffer.from([2]));
      node.generateKeys();
      const x = bytesToBigInt(node.getPrivateKey());
      const ours = ffdh.fromPrivate(p, g, x);
      t.equal(ours.publicKey.length, LEN, 'public value padded to len(p)');
      t.equal(toHex(ours.publicKey), toHex(bigIntToBytes(bytesToBigInt(node.getPublicKey()), LEN)), 'same public value');

      // Agreement both ways with a second node key.
      const peer = createDiffieHellman(Buffer.from(bigIntToBytes(p)), Buffer.from([2]));
      peer.generateKeys();
      const secret = ours.computeSecret(peer.getPublicKey());
      t.equal(secret.length, LEN, 'secret padded to len(p)');
      t.equal(toHex(secret), toHex(bigIntToBytes(bytesToBigInt(peer.computeSecret(Buffer.from(ours.publicKey))), LEN)), 'same secret');
    }
    // A node key whose private value we set (node derives the public value from it).
    const x = 0x1234567890abcdef1234567890abcdef1234567890abcdef1234567890abcdefn;
    const node = createDiffieHellman(Buffer.from(bigIntToBytes(p)), Buffer.from([2]));
    node.setPrivateKey(Buffer.from(bigIntToBytes(x)));
    node.generateKeys();
    t.equal(toHex(ffdh.fromPrivate(p, g, x).publicKey), toHex(bigIntToBytes(bytesToBigInt(node.getPublicKey()), LEN)), 'setPrivateKey');
  });

  t.test(`${named.label}: generated pairs agree with each other and with node`, async (t) => {
    const a = ffdh.generate(p, g);
    const b = ffdh.generate(p, g);
    t.not(toHex(a.publicKey), toHex(b.publicKey), 'fresh keys differ');
    t.equal(toHex(a.computeSecret(b.publicKey)), toHex(b.computeSecret(a.publicKey)), 'shared secret');
    const node = createDiffieHellman(Buffer.from(bigIntToBytes(p)), Buffer.from([2]));
    node.generateKeys();
    t.equal(
      toHex(a.computeSecret(node.getPublicKey())),
      toHex(bigIntToBytes(bytesToBigInt(node.computeSecret(Buffer.from(a.publicKey))), LEN)),
      'generated key agrees with node',
    );
    const small = ffdh.generate(p, g, 64);
    t.equal(small.publicKey.length, LEN, 'explicit exponent size');
    t.equal(toHex(small.computeSecret(b.publicKey)), toHex(b.computeSecret(small.publicKey)));
    // A larger group: RFC 3526 group 15 against node's modp15.
    const modp = RFC3526_GROUPS[1]!;
    const n15 = getDiffieHellman('modp15');
    n15.generateKeys();
    const ours = ffdh.generate(modp.p, modp.g);
    t.equal(ours.publicKey.length, 384);
    t.equal(toHex(ours.computeSecret(n15.getPublicKey())), toHex(bigIntToBytes(bytesToBigInt(n15.computeSecret(Buffer.from(ours.publicKey))), 384)));
  });

  t.test(`${named.label}: peer values are validated`, async (t) => {
    const pair = ffdh.generate(p, g);
    const bad: Array<[string, Uint8Array]> = [
      ['0', bigIntToBytes(0n, LEN)],
      ['0 (one byte)', Uint8Array.of(0)],
      ['1', bigIntToBytes(1n, LEN)],
      ['1 (one byte)', Uint8Array.of(1)],
      ['p - 1', bigIntToBytes(p - 1n, LEN)],
      ['p', bigIntToBytes(p, LEN)],
      ['p + 1', bigIntToBytes(p + 1n, LEN)],
      ['2^2048 - 1', new Uint8Array(LEN).fill(0xff)],
      ['too long (257 bytes, leading zero)', bigIntToBytes(2n, LEN + 1)],
      ['empty', new Uint8Array(0)],
    ];
    for (const [what, value] of bad) {
      t.throws(() => pair.computeSecret(value), TLSIllegalParameterException, `peer value ${what} is rejected`);
    }
    // TLS <= 1.2 sends Y without leading zeros: a short encoding is the same value.
    const other = ffdh.fromPrivate(p, g, 12345n);
    const y = bytesToBigInt(other.publicKey);
    const minimal = bigIntToBytes(y);
    const padded = pair.computeSecret(other.publicKey);
    t.equal(toHex(pair.computeSecret(minimal)), toHex(padded), 'unpadded peer value accepted');
    t.equal(toHex(pair.computeSecret(Uint8Array.of(2))), toHex(pair.computeSecret(bigIntToBytes(2n, LEN))), 'y = 2 as one byte');
    t.equal(toHex(pair.computeSecret(bigIntToBytes(p - 2n, LEN))).length, LEN * 2, 'p - 2 is in range');
    t.throws(() => pair.computeSecret('00' as unknown as Uint8Array), TypeError, 'wrong type is API misuse');
  });

  t.test(`${named.label}: group and exponent arguments`, async (t) => {
    t.throws(() => ffdh.generate(p, 1n), TLSIllegalParameterException, 'g = 1');
    t.throws(() => ffdh.generate(p, p - 1n), TLSIllegalParameterException, 'g = p - 1');
    t.throws(() => ffdh.generate(p, 0n), TLSIllegalParameterException, 'g = 0');
    t.throws(() => ffdh.generate(p + 1n, g), TLSIllegalParameterException, 'even p');
    t.throws(() => ffdh.generate((1n << BigInt(FFDH_MAX_BITS)) + 1n, g), TLSIllegalParameterException, 'p over FFDH_MAX_BITS');
    t.throws(() => ffdh.fromPrivate((1n << BigInt(FFDH_MAX_BITS)) + 1n, g, 5n), TLSIllegalParameterException, 'p over FFDH_MAX_BITS (fromPrivate)');
    t.throws(() => ffdh.generate(p, g, 2048), RangeError, 'exponent as long as p');
    t.throws(() => ffdh.generate(p, g, 0), RangeError, 'zero-bit exponent');
    t.throws(() => ffdh.fromPrivate(p, g, 0n), RangeError, 'x = 0');
    t.throws(() => ffdh.fromPrivate(p, g, p - 1n), RangeError, 'x = p - 1');
    const one = ffdh.fromPrivate(p, g, 1n);
    t.equal(bytesToBigInt(one.publicKey), 2n, 'x = 1 gives y = g');
    t.equal(String(ffdh.fromPrivate(p, g, 0xdeadbeefcafen)).includes('deadbeefcafe'), false, 'toString hides x');
  });
}
