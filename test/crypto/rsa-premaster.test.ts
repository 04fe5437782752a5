import t from 'tap';
import * as nodeCrypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { CryptoProvider, RsaAlgorithm, RsaPrivateComponents } from '../../src/crypto/provider.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { decryptPremaster, PREMASTER_LENGTH } from '../../src/crypto/rsa/premaster.js';
import { bigIntToBytes, bytesToBigInt, toHex } from '../../src/crypto/bytes.js';

// Node's privateDecrypt refuses PKCS#1 v1.5 padding (the Marvin fix), so the
// blocks are built here and encrypted with RSA_NO_PADDING.

const b64 = (s: string | undefined): bigint => bytesToBigInt(Buffer.from(s!, 'base64url'));

function nodeKey(bits: number) {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const j = privateKey.export({ format: 'jwk' });
  const components: RsaPrivateComponents = {
    n: b64(j.n), e: b64(j.e), d: b64(j.d), p: b64(j.p), q: b64(j.q), dP: b64(j.dp), dQ: b64(j.dq), qInv: b64(j.qi),
  };
  return { components, privateKey, publicKey, k: Math.ceil(bits / 8) };
}

type Key = ReturnType<typeof nodeKey>;

/** 00 02 PS 00 M with PS nonzero, for a message of any length. */
function type2Block(k: number, m: Uint8Array): Buffer {
  const block = Buffer.alloc(k);
  block[1] = 2;
  const ps = nodeCrypto.randomBytes(k - m.length - 3);
  for (let i = 0; i < ps.length; i++) if (ps[i] === 0) ps[i] = 0x42;
  ps.copy(block, 2);
  block.set(m, k - m.length);
  return block;
}

function raw(key: Key, block: Uint8Array): Buffer {
  return nodeCrypto.publicEncrypt({ key: key.publicKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, block);
}

function premaster(version: [number, number]): Buffer {
  return Buffer.concat([Buffer.from(version), nodeCrypto.randomBytes(46)]);
}

/** Bad ciphertexts, each with the premaster bytes an oracle would leak if it returned them. */
function badCases(key: Key, version: [number, number]): Array<[string, Uint8Array, Uint8Array]> {
  const k = key.k;
  const cases: Array<[string, Uint8Array, Uint8Array]> = [];
  const add = (what: string, block: Buffer, m: Uint8Array) => cases.push([what, raw(key, block), m]);
  let m = premaster(version);
  let b = type2Block(k, m);
  b[1] = 1;
  add('block type 1 instead of 2', b, m);
  m = premaster(version);
  b = type2Block(k, m);
  b[0] = 1;
  // Keep it below n: the top byte of n is at least 0x80.
  add('first byte not zero', b, m);
  m = premaster(version);
  b = type2Block(k, m);
  b[k - 49] = 0x11;
  add('no zero separator', b, m);
  m = premaster(version);
  b = type2Block(k, m);
  b[20] = 0;
  add('a zero inside PS (message too long)', b, m);
  m = Buffer.concat([Buffer.from(version), nodeCrypto.randomBytes(45)]);
  add('47-byte message', type2Block(k, m), m);
  m = Buffer.concat([Buffer.from(version), nodeCrypto.randomBytes(47)]);
  add('49-byte message', type2Block(k, m), m);
  m = premaster([version[0], version[1] - 1]);
  add('wrong minor version', type2Block(k, m), m);
  m = premaster([version[0], version[1] + 1]);
  add('higher minor version', type2Block(k, m), m);
  m = premaster([2, version[1]]);
  add('wrong major version', type2Block(k, m), m);
  m = premaster(version);
  b = type2Block(k, m);
  b.fill(0x33, 2, k - 49);
  b[9] = 0;
  add('PS of only 7 bytes before a zero', b, m);
  const zeroM = new Uint8Array(48);
  cases.push(['all-zero ciphertext', new Uint8Array(k), zeroM]);
  // Truncated or extended forms of a good ciphertext must not reveal its premaster.
  const goodM = premaster(version);
  const good = raw(key, type2Block(k, goodM));
  cases.push(['one byte short', good.subarray(1), goodM]);
  cases.push(['one byte long', Buffer.concat([Buffer.alloc(1), good]), goodM]);
  cases.push(['short ciphertext (10 bytes)', good.subarray(0, 10), goodM]);
  cases.push(['empty ciphertext', new Uint8Array(0), goodM]);
  cases.push(['ciphertext equal to n', bigIntToBytes(key.components.n, k), goodM]);
  cases.push(['ciphertext above n', new Uint8Array(k).fill(0xff), goodM]);
  return cases;
}

const KEYS = [nodeKey(2048), nodeKey(1024)];

for (const named of providers()) {
  const rsa = algorithm<RsaAlgorithm>(named, 'rsa');
  if (!rsa) continue;
  const provider = named.provider as CryptoProvider;

  t.test(`${named.label}: a good ciphertext gives the premaster`, async (t) => {
    for (const key of KEYS) {
      const ours = new RSAKey(key.components, provider);
      for (const version of [[3, 3], [3, 1], [3, 0]] as Array<[number, number]>) {
        const m = premaster(version);
        const viaNode = nodeCrypto.publicEncrypt({ key: key.publicKey, padding: nodeCrypto.constants.RSA_PKCS1_PADDING }, m);
        const out = await ours.decryptPremaster(viaNode, Uint8Array.from(version));
        t.equal(toHex(out), m.toString('hex'), `${key.k * 8}-bit, version ${version}: node's ciphertext`);
        const viaUs = ours.encrypt(m);
        t.equal(toHex(await ours.decryptPremaster(viaUs, Uint8Array.from(version))), m.toString('hex'), 'our own ciphertext');
        const manual = raw(key, type2Block(key.k, m));
        t.equal(toHex(await ours.decryptPremaster(manual, Uint8Array.from(version))), m.toString('hex'), 'a hand-built block');
      }
    }
  });

  t.test(`${named.label}: bad ciphertexts give a random 48-byte value, never an error`, async (t) => {
    for (const key of KEYS) {
      const ours = new RSAKey(key.components, provider);
      const version = Uint8Array.of(3, 3);
      for (const [what, ciphertext, m] of badCases(key, [3, 3])) {
        let a: Uint8Array;
        let b: Uint8Array;
        try {
          a = await ours.decryptPremaster(ciphertext, version);
          b = await ours.decryptPremaster(ciphertext, version);
        } catch (err) {
          t.fail(`${what}: threw ${(err as Error).message}`);
          continue;
        }
        t.equal(a.length, PREMASTER_LENGTH, `${key.k * 8}-bit, ${what}: 48 bytes`);
        t.not(toHex(a), toHex(m), `${what}: not the embedded message`);
        t.not(toHex(a), toHex(b), `${what}: differs between two calls (random)`);
      }
    }
  });

  t.test(`${named.label}: the selection is exactly M or R`, async (t) => {
    // With a fixed R, a bad ciphertext must give R itself, a good one M, for
    // the provider's raw private operation.
    const key = KEYS[0]!;
    const ops = rsa.privateKey(key.components);
    const R = new Uint8Array(48).fill(0xa5);
    const fixed = () => R.slice();
    const m = premaster([3, 3]);
    const good = raw(key, type2Block(key.k, m));
    t.equal(toHex(await decryptPremaster(ops, key.components.n, good, Uint8Array.of(3, 3), fixed)), m.toString('hex'), 'good: M');
    t.equal(toHex(await decryptPremaster(ops, key.components.n, good, Uint8Array.of(3, 2), fixed)), toHex(R), 'wrong version: R');
    for (const [what, ciphertext] of badCases(key, [3, 3])) {
      t.equal(toHex(await decryptPremaster(ops, key.components.n, ciphertext, Uint8Array.of(3, 3), fixed)), toHex(R), `${what}: R`);
    }
    // R is drawn before anything else, even for an input rejected by its length.
    let drawn = 0;
    const counting = (n: number) => {
      drawn++;
      return new Uint8Array(n);
    };
    await decryptPremaster(ops, key.components.n, new Uint8Array(3), Uint8Array.of(3, 3), counting);
    t.equal(drawn, 1, 'R drawn once for a short ciphertext');
  });

  t.test(`${named.label}: misuse is reported`, async (t) => {
    const key = KEYS[1]!;
    const ours = new RSAKey(key.components, provider);
    await t.rejects(ours.decryptPremaster(new Uint8Array(128), Uint8Array.of(3)), RangeError, 'clientVersion of 1 byte');
    await t.rejects(ours.decryptPremaster(new Uint8Array(128), [3, 3] as never), TypeError, 'clientVersion not bytes');
    await t.rejects(ours.decryptPremaster('abc' as never, Uint8Array.of(3, 3)), TypeError, 'ciphertext not bytes');
    const pub = new RSAKey({ n: key.components.n, e: key.components.e }, provider);
    await t.rejects(pub.decryptPremaster(new Uint8Array(128), Uint8Array.of(3, 3)), TypeError, 'public-only key');
  });
}
