/**
 * What only the native asymmetric half has to prove (the provider-generic
 * tests cover the algorithms themselves): the RSA private operation runs
 * off the main thread and is safe to run concurrently on one key; the raw
 * RSA operations and FFDH agree with node:crypto; generated keys are keys
 * OpenSSL accepts; bad arguments are TypeError/RangeError (never a crash),
 * also when the addon is called directly; and what is absent says why.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { createHook } from 'node:async_hooks';
import { nativeProvider, nativeLoadError } from '../../src/crypto/native/index.js';
import { binding } from '../../src/crypto/native/addon.js';
import type { RsaPrivateComponents, PartialCryptoProvider } from '../../src/crypto/provider.js';
import { bigIntToBytes, bytesToBigInt } from '../../src/crypto/bytes.js';
import { TLSIllegalParameterException } from '../../src/errors.js';

if (!nativeProvider || !binding) {
  if (process.env['CI'] || process.env['TLSLITE_REQUIRE_NATIVE']) throw new Error(`the addon must load: ${nativeLoadError}`);
  t.plan(0, `the native addon did not load: ${nativeLoadError}`);
} else {
  run(nativeProvider, binding as unknown as Record<string, unknown>);
}

function fromB64(s: string | undefined): bigint {
  return bytesToBigInt(Buffer.from(s!, 'base64url'));
}

/** A node:crypto RSA key and the same key as provider components. */
function nodeRsaKey(bits: number, publicExponent = 65537) {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: bits, publicExponent });
  const j = privateKey.export({ format: 'jwk' });
  const components: RsaPrivateComponents = {
    n: fromB64(j.n),
    e: fromB64(j.e),
    d: fromB64(j.d),
    p: fromB64(j.p),
    q: fromB64(j.q),
    dP: fromB64(j.dp),
    dQ: fromB64(j.dq),
    qInv: fromB64(j.qi),
  };
  return { privateKey, publicKey, components };
}

function toB64(v: bigint): string {
  return Buffer.from(bigIntToBytes(v)).toString('base64url');
}

/** A random input below n, k bytes long. */
function randomBelow(n: bigint, k: number): Uint8Array {
  for (;;) {
    const bytes = new Uint8Array(crypto.randomBytes(k));
    if (bytesToBigInt(bytes) < n) return bytes;
  }
}

const NO_PADDING = crypto.constants.RSA_NO_PADDING;

function run(provider: PartialCryptoProvider, addon: Record<string, unknown>): void {
  const rsa = provider.rsa!;
  // One 2048-bit key for the whole file (generation is the slow part).
  const key2048 = nodeRsaKey(2048);

  t.test('privateOp of a key above 2048 bits runs on the thread pool', async (t) => {
    const key3072 = nodeRsaKey(3072);
    const ops = rsa.privateKey(key3072.components);
    const inputs = Array.from({ length: 8 }, () => randomBelow(key3072.components.n, 384));
    const expected = inputs.map((input) => ops.privateOpSync(input));

    // A napi async work item (which libuv runs on its thread pool) shows
    // up in async_hooks under the resource name the addon gives it.
    const works: string[] = [];
    const hook = createHook({
      init(_id, type) {
        if (type.startsWith('tlslite:')) works.push(type);
      },
    }).enable();
    let immediateRan = false;
    let settled = false;
    setImmediate(() => {
      immediateRan = true;
      t.notOk(settled, 'the event loop turned while the operations were pending');
    });
    const pending = inputs.map((input) => ops.privateOp(input));
    hook.disable();
    // Up to 2048 bits the operation (about 0.3 ms) costs less than the hop
    // to the pool: it runs on the calling thread, no async work queued.
    const hook2048 = createHook({
      init(_id, type) {
        if (type.startsWith('tlslite:')) works.push(`2048:${type}`);
      },
    }).enable();
    const ops2048 = rsa.privateKey(key2048.components);
    const input2048 = randomBelow(key2048.components.n, 256);
    const inline = await ops2048.privateOp(input2048);
    hook2048.disable();
    t.notOk(works.some((w) => w.startsWith('2048:')), 'a 2048-bit operation queued no async work');
    t.same(inline, ops2048.privateOpSync(input2048), 'and gives privateOpSync\'s result');
    t.equal(works.filter((w) => w === 'tlslite:rsaPrivateOp').length, inputs.length, 'each operation was queued as async work');
    const results = await Promise.all(pending);
    settled = true;
    t.ok(immediateRan, 'a setImmediate callback ran before the results arrived');
    t.ok(results.every((r, i) => r instanceof Uint8Array && Buffer.compare(r, expected[i]!) === 0), 'concurrent results equal privateOpSync');

    // Several keys at once, each operation checked by the public operation.
    const small = nodeRsaKey(1024);
    const smallOps = rsa.privateKey(small.components);
    const mixed = await Promise.all(
      Array.from({ length: 16 }, (_, i) => {
        const useSmall = i % 2 === 0;
        const o = useSmall ? smallOps : ops;
        const input = randomBelow((useSmall ? small : key3072).components.n, o.byteLength);
        return o.privateOp(input).then((out) => Buffer.compare(o.publicOp(out), input) === 0);
      }),
    );
    t.ok(mixed.every(Boolean), 'interleaved keys: every result inverts under the public operation');
  });

  t.test('a key object may be dropped while its operation is pending', async (t) => {
    const input = randomBelow(key2048.components.n, 256);
    const expected = crypto.privateDecrypt({ key: key2048.privateKey, padding: NO_PADDING }, input);
    const promise = (() => rsa.privateKey(key2048.components).privateOp(input))();
    t.same(Buffer.from(await promise), expected);
  });

  t.test('inputs at an offset, and inputs reused right after queuing', async (t) => {
    const ops = rsa.privateKey(key2048.components);
    const input = randomBelow(key2048.components.n, 256);
    const expected = crypto.privateDecrypt({ key: key2048.privateKey, padding: NO_PADDING }, input);
    const backing = new Uint8Array(300);
    backing.set(input, 17);
    const view = backing.subarray(17, 17 + 256);
    t.same(Buffer.from(ops.privateOpSync(view)), expected, 'privateOpSync reads a subarray at its offset');
    t.same(Buffer.from(await ops.privateOp(view)), expected, 'privateOp reads a subarray at its offset');
    t.same(Buffer.from(ops.publicOp(backing.subarray(17, 17 + 256))), crypto.publicEncrypt({ key: key2048.publicKey, padding: NO_PADDING }, input), 'publicOp too');
    const reused = Uint8Array.from(input);
    const promise = ops.privateOp(reused);
    reused.fill(0); // the caller may reuse its buffer at once
    t.same(Buffer.from(await promise), expected, 'privateOp copied its input before returning');
  });

  t.test('raw RSA agrees with node:crypto', async (t) => {
    for (const bits of [512, 1024, 1031, 2048]) {
      const k = bits === 2048 ? key2048 : nodeRsaKey(bits);
      const ops = rsa.privateKey(k.components);
      const pub = rsa.publicKey(k.components);
      const size = Math.ceil(bits / 8);
      t.equal(ops.byteLength, size, `${bits}: byteLength`);
      t.equal(ops.bits, bits, `${bits}: bits`);
      t.equal(pub.byteLength, size, `${bits}: public byteLength`);
      const edge = [new Uint8Array(size), bigIntToBytes(1n, size), bigIntToBytes(k.components.n - 1n, size)];
      const inputs = [...edge, ...Array.from({ length: 6 }, () => randomBelow(k.components.n, size))];
      for (const [i, input] of inputs.entries()) {
        const viaNode = crypto.privateDecrypt({ key: k.privateKey, padding: NO_PADDING }, input);
        t.same(Buffer.from(ops.privateOpSync(input)), viaNode, `${bits}: privateOpSync #${i}`);
        t.same(Buffer.from(await ops.privateOp(input)), viaNode, `${bits}: privateOp #${i}`);
        const encrypted = crypto.publicEncrypt({ key: k.publicKey, padding: NO_PADDING }, input);
        t.same(Buffer.from(pub.publicOp(input)), encrypted, `${bits}: publicOp #${i}`);
        t.same(Buffer.from(ops.publicOp(input)), encrypted, `${bits}: publicOp of the private key #${i}`);
      }
    }
  });

  t.test('generate gives keys node:crypto accepts', async (t) => {
    const check = async (bits: number, e?: bigint) => {
      const c = await rsa.generate(bits, e);
      for (const [name, v] of Object.entries(c)) t.type(v, 'bigint', `${bits}: ${name} is a bigint`);
      t.equal(c.n.toString(2).length, bits, `${bits}: n has ${bits} bits`);
      t.equal(c.e, e ?? 65537n, `${bits}: e`);
      t.equal(c.p * c.q, c.n, `${bits}: n = pq`);
      t.equal(c.dP, c.d % (c.p - 1n), `${bits}: dP`);
      t.equal(c.dQ, c.d % (c.q - 1n), `${bits}: dQ`);
      t.equal((c.qInv * c.q) % c.p, 1n, `${bits}: qInv`);
      const jwk = {
        kty: 'RSA',
        n: toB64(c.n),
        e: toB64(c.e),
        d: toB64(c.d),
        p: toB64(c.p),
        q: toB64(c.q),
        dp: toB64(c.dP),
        dq: toB64(c.dQ),
        qi: toB64(c.qInv),
      };
      const nodeKey = crypto.createPrivateKey({ key: jwk, format: 'jwk' });
      t.equal(nodeKey.asymmetricKeyDetails?.modulusLength, bits, `${bits}: node:crypto imports it`);
      const message = Buffer.from('tlslite-ng');
      const signature = crypto.sign('sha256', message, nodeKey);
      t.ok(crypto.verify('sha256', message, crypto.createPublicKey(nodeKey), signature), `${bits}: node:crypto signs and verifies with it`);
      const input = randomBelow(c.n, bits / 8);
      t.same(
        Buffer.from(rsa.privateKey(c).privateOpSync(input)),
        crypto.privateDecrypt({ key: nodeKey, padding: NO_PADDING }, input),
        `${bits}: our private operation matches node:crypto's`,
      );
    };
    await check(2048);
    await check(512, 3n);
  });

  t.test('RSA argument checks', async (t) => {
    const ops = rsa.privateKey(key2048.components);
    const n = bigIntToBytes(key2048.components.n, 256);
    const bad: [string, unknown, ErrorConstructor][] = [
      ['too short', new Uint8Array(255), RangeError],
      ['too long', new Uint8Array(257), RangeError],
      ['empty', new Uint8Array(0), RangeError],
      ['equal to n', n, RangeError],
      ['above n', new Uint8Array(256).fill(0xff), RangeError],
      ['a string', 'abc', TypeError],
      ['null', null, TypeError],
      ['undefined', undefined, TypeError],
      ['an array', Array.from(n), TypeError],
      ['a Uint16Array', new Uint16Array(128), TypeError],
      ['a number', 42, TypeError],
      ['an object', { length: 256 }, TypeError],
    ];
    for (const [what, input, type] of bad) {
      t.throws(() => ops.privateOpSync(input as Uint8Array), type, `privateOpSync: ${what}`);
      t.throws(() => ops.publicOp(input as Uint8Array), type, `publicOp: ${what}`);
      await t.rejects(ops.privateOp(input as Uint8Array), type, `privateOp: ${what}`);
    }
    const c = key2048.components;
    t.throws(() => rsa.privateKey({ ...c, n: 'x' as unknown as bigint }), TypeError, 'n not a bigint');
    t.throws(() => rsa.privateKey({ ...c, d: 5 as unknown as bigint }), TypeError, 'd a number');
    t.throws(() => rsa.privateKey(null as unknown as RsaPrivateComponents), TypeError, 'key null');
    t.throws(() => rsa.privateKey({ ...c, n: c.n + 2n }), RangeError, 'n not p*q');
    t.throws(() => rsa.privateKey({ ...c, n: -c.n }), RangeError, 'negative n');
    t.throws(() => rsa.publicKey({ n: 2n ** 2048n, e: 65537n }), RangeError, 'even n');
    t.throws(() => rsa.publicKey({ n: 2n ** 16400n + 1n, e: 65537n }), RangeError, 'n above 16384 bits');
    t.throws(() => rsa.publicKey({ n: c.n, e: 65536n }), RangeError, 'even e');
    await t.rejects(rsa.generate(256), RangeError, 'generate: too few bits');
    await t.rejects(rsa.generate(1024.5), RangeError, 'generate: fractional bits');
    await t.rejects(rsa.generate('2048' as unknown as number), TypeError, 'generate: bits a string');
    await t.rejects(rsa.generate(1024, 4n), RangeError, 'generate: even exponent');
    await t.rejects(rsa.generate(1024, 65537 as unknown as bigint), TypeError, 'generate: exponent a number');
  });

  t.test('FFDH agrees with node:crypto', async (t) => {
    // RFC 3526 group 14 (node's 'modp14'): any safe-prime group serves for a cross-check.
    const nodeDh = crypto.getDiffieHellman('modp14');
    const p = bytesToBigInt(nodeDh.getPrime());
    const g = bytesToBigInt(nodeDh.getGenerator());
    const ffdh = provider.ffdh!;
    for (let i = 0; i < 4; i++) {
      nodeDh.generateKeys();
      const x = bytesToBigInt(nodeDh.getPrivateKey());
      const ours = ffdh.fromPrivate(p, g, x);
      t.same(Buffer.from(ours.publicKey), Buffer.from(bigIntToBytes(bytesToBigInt(nodeDh.getPublicKey()), 256)), `public value #${i}`);
      const peer = ffdh.generate(p, g);
      t.equal(peer.publicKey.length, 256, 'public value padded to the length of p');
      const expected = bigIntToBytes(bytesToBigInt(nodeDh.computeSecret(Buffer.from(peer.publicKey))), 256);
      t.same(ours.computeSecret(peer.publicKey), expected, `secret #${i} (padded)`);
      t.same(peer.computeSecret(ours.publicKey), expected, `secret #${i}, other side`);
    }
    const a = ffdh.fromPrivate(p, g, 12345n);
    for (const [what, y] of [
      ['0', 0n],
      ['1', 1n],
      ['p-1', p - 1n],
      ['p', p],
      ['p+1', p + 1n],
    ] as const) {
      t.throws(() => a.computeSecret(bigIntToBytes(y, 256)), TLSIllegalParameterException, `peer value ${what}`);
    }
    t.throws(() => a.computeSecret(new Uint8Array(0)), TLSIllegalParameterException, 'empty peer value');
    t.throws(() => a.computeSecret(new Uint8Array(257).fill(1)), TLSIllegalParameterException, 'peer value longer than p');
    t.same(a.computeSecret(Uint8Array.of(2)), bigIntToBytes(modPow(2n, 12345n, p), 256), 'a short peer value is accepted');
    t.throws(() => a.computeSecret('x' as unknown as Uint8Array), TypeError, 'peer value a string');
    t.throws(() => ffdh.generate(p, g, 1), RangeError, 'exponentBits 1');
    t.throws(() => ffdh.generate(p, g, 2048), RangeError, 'exponentBits = bitlen(p)');
    t.throws(() => ffdh.generate(p, g, 0.5), RangeError, 'fractional exponentBits');
    t.throws(() => ffdh.generate(p + 1n, g), TLSIllegalParameterException, 'even p');
    t.throws(() => ffdh.generate(p, 1n), TLSIllegalParameterException, 'g = 1');
    t.throws(() => ffdh.generate(p, p - 1n), TLSIllegalParameterException, 'g = p-1');
    t.throws(() => ffdh.fromPrivate(p, g, 0n), RangeError, 'x = 0');
    t.throws(() => ffdh.fromPrivate(p, g, 5 as unknown as bigint), TypeError, 'x a number');
    // exponentBits at its limits on a small group: exactly that many bits.
    const small = 0xffffffffffffffc5n; // the largest 64-bit prime
    const tiny = ffdh.generate(small, 5n, 63);
    t.equal(tiny.publicKey.length, 8, 'a 64-bit group gives 8-byte values');
  });

  t.test('garbage reaching the addon directly is a TypeError, not a crash', (t) => {
    type Ctor = new (...args: unknown[]) => Record<string, (...args: unknown[]) => unknown>;
    const RsaKey = addon['RsaKey'] as Ctor;
    const DhKey = addon['DhKey'] as Ctor;
    const EcKey = addon['EcKey'] as Ctor;
    const RawKey = addon['RawKey'] as Ctor;
    const rsaGenerate = addon['rsaGenerate'] as (...args: unknown[]) => unknown;
    t.throws(() => new RsaKey(), TypeError, 'RsaKey()');
    t.throws(() => new RsaKey('a', 'b'), TypeError, 'RsaKey(strings)');
    t.throws(() => new RsaKey(1, 2), TypeError, 'RsaKey(numbers)');
    t.throws(() => new RsaKey(-15n, 3n), RangeError, 'RsaKey(negative)');
    t.throws(() => (RsaKey as unknown as (...a: unknown[]) => unknown)(15n, 3n), TypeError, 'RsaKey without new');
    t.throws(() => rsaGenerate('x', 3n), TypeError, 'rsaGenerate(string)');
    t.throws(() => rsaGenerate(-1, 3n), RangeError, 'rsaGenerate(negative)');
    t.throws(() => new DhKey({}, [], null), TypeError, 'DhKey(garbage)');
    t.throws(() => new DhKey(10n, 2n, 3n), RangeError, 'DhKey(even p)');
    t.throws(() => new EcKey('secp256r1', 'private', 'x'), TypeError, 'EcKey(private, string)');
    t.throws(() => new EcKey('nope', 'generate'), RangeError, 'EcKey(unknown curve)');
    t.throws(() => new EcKey(1, 2), TypeError, 'EcKey(numbers)');
    t.throws(() => new EcKey('secp256r1', 'public', new Uint8Array(65)), TypeError, 'EcKey(public, 65 zero bytes)');
    t.throws(() => new RawKey('x25519', 'private', new Uint8Array(31)), RangeError, 'RawKey(short key)');
    t.throws(() => new RawKey(null, 'generate'), TypeError, 'RawKey(null)');
    const rsaKey = new RsaKey(key2048.components.n, key2048.components.e);
    t.throws(() => rsaKey['privateOpSync']!(new Uint8Array(256)), TypeError, 'private operation on a public key');
    t.throws(() => rsaKey['publicOp']!.call({}, new Uint8Array(256)), Error, 'method on a foreign this');
    const x = new RawKey('x25519', 'generate');
    t.throws(() => x['sign']!(new Uint8Array(1)), TypeError, 'sign with an X25519 key');
    t.throws(() => x['computeSecret']!({}), TypeError, 'computeSecret(object)');
    const ed = new RawKey('ed25519', 'generate');
    t.throws(() => ed['computeSecret']!(new Uint8Array(32)), TypeError, 'computeSecret with an Ed25519 key');
    const ec = new EcKey('secp256r1', 'generate');
    t.equal(ec['verifyDigest']!(new Uint8Array(32), new Uint8Array(0)), false, 'empty DER signature is invalid, not an error');
    t.equal(ec['verifyDigest']!(new Uint8Array(32), new Uint8Array(300).fill(0x30)), false, 'garbage DER is invalid');
    t.end();
  });

  t.test('signing off the main thread where it is slow', async (t) => {
    const digest = new Uint8Array(crypto.randomBytes(48));
    for (const curve of ['secp256r1', 'secp384r1', 'secp521r1'] as const) {
      const alg = provider.ecdsa[curve]!;
      const key = alg.privateKey(alg.generate());
      const signatures = await Promise.all(Array.from({ length: 4 }, () => key.signDigest(digest)));
      t.ok(signatures.every((s) => key.verifyDigest(digest, s)), `${curve}: concurrent signatures verify`);
      await t.rejects(key.signDigest('x' as unknown as Uint8Array), TypeError, `${curve}: digest a string`);
    }
    for (const scheme of ['ed25519', 'ed448'] as const) {
      const alg = provider.eddsa[scheme]!;
      const key = alg.privateKey(alg.generate());
      const message = new Uint8Array(crypto.randomBytes(100));
      const signatures = await Promise.all(Array.from({ length: 4 }, () => key.sign(message)));
      // EdDSA is deterministic (RFC 8032 5.1.6).
      t.ok(signatures.every((s) => Buffer.compare(s, signatures[0]!) === 0 && key.verify(message, s)), `${scheme}: signatures agree and verify`);
      await t.rejects(key.sign(null as unknown as Uint8Array), TypeError, `${scheme}: message null`);
    }
  });

  t.test('what is absent says why', (t) => {
    const missing = provider.missing ?? {};
    const paths = [
      'rsa',
      'ffdh',
      ...['secp256r1', 'secp384r1', 'secp521r1', 'x25519', 'x448'].map((n) => `ecdh.${n}`),
      ...['secp256r1', 'secp384r1', 'secp521r1'].map((n) => `ecdsa.${n}`),
      ...['ed25519', 'ed448'].map((n) => `eddsa.${n}`),
      'kems.mlkem768',
    ];
    for (const path of paths) {
      const [group, name] = path.split('.') as [string, string | undefined];
      const entry = (provider as unknown as Record<string, unknown>)[group];
      const present = name === undefined ? entry !== undefined : (entry as Record<string, unknown>)[name] !== undefined;
      const reason = missing[path];
      t.ok(present !== (typeof reason === 'string' && reason.length > 0), `${path}: present, or absent with a reason`);
      if (present) {
        const algorithm = (name === undefined ? entry : (entry as Record<string, unknown>)[name]) as { implementation: string };
        t.equal(algorithm.implementation, 'native', `${path}: implementation`);
      }
    }
    t.equal(provider.kems.mlkem768, undefined, 'no native ML-KEM');
    const [major, minor] = process.versions.openssl.split('.').map(Number) as [number, number];
    if (major === 3 && minor < 5) {
      t.match(missing['kems.mlkem768'], new RegExp(`OpenSSL ${process.versions.openssl.replace(/[+.]/g, '\\$&')}.* has no ML-KEM`), 'ML-KEM reason names the OpenSSL version');
      // Everything else exists in OpenSSL 3.0's default provider.
      t.same(Object.keys(missing).filter((k) => paths.includes(k)), ['kems.mlkem768'], 'nothing else asymmetric is missing');
    }
    t.end();
  });
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}
