import t from 'tap';
import { inspect } from 'node:util';
import * as nodeCrypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { CryptoProvider, HashName, RsaAlgorithm, RsaPrivateComponents } from '../../src/crypto/provider.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { emsaPkcs1v15Encode, pkcs1v15Type2Pad } from '../../src/crypto/rsa/pkcs1.js';
import { bigIntToBytes, bytesToBigInt, fromHex, toHex } from '../../src/crypto/bytes.js';
import { gcd, lcm } from '../../src/crypto/pure/bigint-math.js';

// ------------------------------------------------------------ helpers

const b64 = (s: string | undefined): bigint => bytesToBigInt(Buffer.from(s!, 'base64url'));
const toB64 = (v: bigint): string => Buffer.from(bigIntToBytes(v)).toString('base64url');

interface NodeKey {
  bits: number;
  components: RsaPrivateComponents;
  privateKey: nodeCrypto.KeyObject;
  publicKey: nodeCrypto.KeyObject;
}

function nodeKey(bits: number): NodeKey {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const j = privateKey.export({ format: 'jwk' });
  const components = { n: b64(j.n), e: b64(j.e), d: b64(j.d), p: b64(j.p), q: b64(j.q), dP: b64(j.dp), dQ: b64(j.dq), qInv: b64(j.qi) };
  return { bits, components, privateKey, publicKey };
}

function toJwk(c: RsaPrivateComponents): nodeCrypto.JsonWebKey {
  return { kty: 'RSA', n: toB64(c.n), e: toB64(c.e), d: toB64(c.d), p: toB64(c.p), q: toB64(c.q), dp: toB64(c.dP), dq: toB64(c.dQ), qi: toB64(c.qInv) };
}

const HASHES: HashName[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
const KEYS = [nodeKey(1024), nodeKey(2048), nodeKey(1030)]; // 1030: k is not a multiple of the bit size / 8
const message = Buffer.from('the quick brown fox signs over the lazy dog');

// NIST CAVP "SigGen PKCS#1 Ver 1.5" (FIPS 186-3, CAVS 10.1), SigGen15_186-3.rsp,
// [mod = 1024], first vector of each hash; as shipped in pyca/cryptography's
// vectors/cryptography_vectors/asymmetric/RSA/FIPS_186-2/.
const CAVP_N =
  'a3ecf80ff1804833c36a89a1583f58ef3332476a50a153e73ced17796139636045c131a6b17222ba8848f70150b18dfa390bfb1670ae982dfbc311fd0ede0555' +
  '64687af3805ca883944bb5ac9ec19b0e0cfbd9a314d70b17080c3d49b50cbf417062eb41bd639d67a5fb330ec55a0489fee08eeec97ed487c114b20393fe0aef';
const CAVP_E = 0x1001n;
const CAVP_VECTORS: Array<{ hash: HashName; msg: string; s: string }> = [
  {
    hash: 'sha1',
    msg:
      '1018469fda81f41922cfdb2dca679f7f3a286f11ba448ab71e4e02cca994c0242caec9416e57c0cad07cab383193fad3102ec5ddf0d0550d01ffe63ffc9aab69' +
      '4f6d13d17a034b7db9bb04ebe31e76039270a44a8485e25841d7958cfed53bfec27dabb5c72c9d1b23b56cada7b11bf7081797c03c0d3b8227fd991d77ea78cb',
    s:
      '147A8797D9D653F52D210135F61BBDFE59698D755B076230F2B252E7792C86121469FAB7B410789DF4F193A76E8BE99A2162E422C6A56106FA4E2FE5ABAFC542' +
      'FF1A899D8580F9F6B4CD29A8310CD34964CE22BBAD9618D97E4C36695B246BDD0C0D5D0C75D044265E6F275A272718B0C2B93974DC76DDCCA985BEF994CE67BD',
  },
  {
    hash: 'sha224',
    msg:
      'ee957a3107024f9a51d212fc6ff18d46a26a2d80df2cb6b1250f36010d12381ba3e639d574b16013e80c69e8d24de3ff460c9b3aabe05898106ac85cc495bb6c' +
      '201b8ff7a84ceb5a530bb14526192d1907969395d1c4a8b2a40fbfcb7f4ae701103c63deca5b5a3939d7d05992dad55d8f0ffcda79610fc78605019666ba24a4',
    s:
      '10FAFCF4B543C9D58C1658A9D96E2D3BA1276406951B2D2EA5A7930FA18A88F88A0EBDC53038C0277F7F00E699B5AA4977B25D42EDACF3ED6EBA656C177BBBA6' +
      '22B710E5BD78DE381F626E38B5D49FA06FD5E0E9ACB5FC67AE86107313575BE75BB4535864B57ADEF917DAE1F04B0ED4BD02EE81CC3F0CAA9B7A9A9D940D9372',
  },
  {
    hash: 'sha256',
    msg:
      'dfce08b64b9ea4014947012670548da4ceeee084dbfe509aac92bf096982b8050153bbdd1c5bd4385226729e9a19773b05558ce0acdfb74be6fd2fa8bfe36f58' +
      'a68e89f066f1bd85584f4a27d6e884abf2d727ae683bebd6d295585b1b71dcc636491bf910a68670c3882fc60c08db7bff3c59f4f95b13c3d721e329657528d9',
    s:
      '8D9D30A87DF0C2F6CD651FCAF2B9AC1296287AD3D4B03132E330F08AB701FC197040D0A261F631E7E34478B592551E1F682395C9E2B54C8CE8B0C72C1B5A7974' +
      '8CC34F9152730A7F67FAE1225A4CE750F1D5D4E288176DF197E7503C88B5BAECEF3ABCF2875F111E6D7F7B4DC8AFA2ED3C1D7AD8E7CF45A77F0B1CB178518402',
  },
];

// ------------------------------------------------------------ provider-independent encodings

t.test('EMSA-PKCS1-v1_5 encoding', async (t) => {
  const digest = nodeCrypto.createHash('sha256').update(message).digest();
  const em = emsaPkcs1v15Encode(digest, 'sha256', 64);
  t.equal(
    toHex(em),
    '0001' + 'ff'.repeat(64 - 3 - 51) + '00' + '3031300d060960864801650304020105000420' + digest.toString('hex'),
    'layout: 00 01 FF.. 00 DigestInfo(sha256)',
  );
  const bare = emsaPkcs1v15Encode(new Uint8Array(36).fill(7), 'md5sha1', 64);
  t.equal(toHex(bare), '0001' + 'ff'.repeat(64 - 3 - 36) + '00' + '07'.repeat(36), 'md5sha1: no DigestInfo');
  t.throws(() => emsaPkcs1v15Encode(digest, 'sha1', 64), RangeError, 'digest length must match the hash');
  t.throws(() => emsaPkcs1v15Encode(new Uint8Array(64), 'sha512', 64 + 19 + 10), RangeError, 'fewer than 8 FF bytes');
  t.doesNotThrow(() => emsaPkcs1v15Encode(new Uint8Array(64), 'sha512', 64 + 19 + 11), 'exactly 8 FF bytes');
  t.throws(() => emsaPkcs1v15Encode(digest, 'sha3' as never, 64), TypeError, 'unknown hash');
});

t.test('PKCS#1 v1.5 type-2 padding', async (t) => {
  const random = (n: number) => new Uint8Array(nodeCrypto.randomBytes(n));
  for (const len of [0, 1, 48, 117]) {
    const msg = new Uint8Array(nodeCrypto.randomBytes(len));
    const em = pkcs1v15Type2Pad(msg, 128, random);
    t.equal(em.length, 128);
    t.equal(em[0], 0);
    t.equal(em[1], 2);
    const ps = em.subarray(2, 128 - len - 1);
    t.ok(ps.length >= 8 && ps.every((b) => b !== 0), `PS of ${ps.length} nonzero bytes`);
    t.equal(em[128 - len - 1], 0, 'separator');
    t.equal(toHex(em.subarray(128 - len)), toHex(msg), 'message at the end');
  }
  // A random source that returns zeros must not leave zeros in PS.
  let calls = 0;
  const zeroish = (n: number) => (calls++ < 3 ? new Uint8Array(n) : new Uint8Array(n).fill(0x5a));
  const em = pkcs1v15Type2Pad(Uint8Array.of(1, 2, 3), 64, zeroish);
  t.ok(em.subarray(2, 60).every((b) => b !== 0), 'zero bytes from the generator are redrawn');
  t.throws(() => pkcs1v15Type2Pad(new Uint8Array(118), 128, random), RangeError, 'message too long');
});

// ------------------------------------------------------------ every provider

for (const named of providers()) {
  const rsa = algorithm<RsaAlgorithm>(named, 'rsa');
  if (!rsa) continue;
  // RSAKey needs a complete provider for hashes and randomness: the partial
  // native provider is completed by the pure one for what it lacks.
  const provider = named.provider as CryptoProvider;

  t.test(`${named.label}: PKCS#1 v1.5 signatures equal node:crypto's, both ways`, async (t) => {
    for (const key of KEYS) {
      const ours = new RSAKey(key.components, provider);
      t.equal(ours.bits, key.bits, `${key.bits}-bit key`);
      t.equal(ours.byteLength, Math.ceil(key.bits / 8));
      for (const hash of HASHES) {
        const theirs = nodeCrypto.sign(hash, message, key.privateKey);
        const signature = await ours.hashAndSign(message, { scheme: 'pkcs1', hash });
        t.equal(toHex(signature), theirs.toString('hex'), `${key.bits} ${hash}: same bytes as node:crypto.sign`);
        const digest = nodeCrypto.createHash(hash).update(message).digest();
        t.equal(toHex(await ours.sign(digest, { scheme: 'pkcs1', hash })), theirs.toString('hex'), `${hash}: sign(digest)`);
        t.ok(nodeCrypto.verify(hash, message, key.publicKey, signature), `${hash}: node verifies ours`);
        t.ok(ours.verify(theirs, digest, { scheme: 'pkcs1', hash }), `${hash}: we verify node's`);
        t.ok(ours.hashAndVerify(theirs, message, { scheme: 'pkcs1', hash }), `${hash}: hashAndVerify`);
        const tampered = Buffer.from(theirs);
        tampered[tampered.length - 1]! ^= 1;
        t.notOk(ours.verify(tampered, digest, { scheme: 'pkcs1', hash }), `${hash}: tampered signature fails`);
        t.notOk(ours.hashAndVerify(theirs, Buffer.from('another message'), { scheme: 'pkcs1', hash }), `${hash}: other message fails`);
      }
    }
  });

  t.test(`${named.label}: TLS 1.0/1.1 MD5||SHA-1 signatures`, async (t) => {
    const key = KEYS[1]!;
    const ours = new RSAKey(key.components, provider);
    const digest = Buffer.concat([nodeCrypto.createHash('md5').update(message).digest(), nodeCrypto.createHash('sha1').update(message).digest()]);
    const theirs = nodeCrypto.privateEncrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_PKCS1_PADDING }, digest);
    const signature = await ours.sign(digest, { scheme: 'pkcs1', hash: 'md5sha1' });
    t.equal(toHex(signature), theirs.toString('hex'), 'equals node privateEncrypt(PKCS#1) of the 36 bytes');
    t.equal(toHex(await ours.hashAndSign(message, { scheme: 'pkcs1', hash: 'md5sha1' })), theirs.toString('hex'), 'hashAndSign hashes MD5 || SHA-1');
    t.ok(ours.verify(theirs, digest, { scheme: 'pkcs1', hash: 'md5sha1' }));
    const recovered = nodeCrypto.publicDecrypt({ key: key.publicKey, padding: nodeCrypto.constants.RSA_PKCS1_PADDING }, Buffer.from(signature));
    t.equal(recovered.toString('hex'), digest.toString('hex'), 'node recovers the bare 36-byte digest');
    t.rejects(ours.sign(digest.subarray(0, 35), { scheme: 'pkcs1', hash: 'md5sha1' }), RangeError, '35 bytes is not md5sha1');
  });

  t.test(`${named.label}: NIST CAVP PKCS#1 v1.5 vectors verify`, async (t) => {
    const key = new RSAKey({ n: BigInt('0x' + CAVP_N), e: CAVP_E }, provider);
    t.equal(key.bits, 1024);
    for (const v of CAVP_VECTORS) {
      const s = fromHex(v.s);
      t.ok(key.hashAndVerify(s, fromHex(v.msg), { scheme: 'pkcs1', hash: v.hash }), `${v.hash}: CAVP signature verifies`);
      s[10]! ^= 0x80;
      t.notOk(key.hashAndVerify(s, fromHex(v.msg), { scheme: 'pkcs1', hash: v.hash }), `${v.hash}: flipped bit fails`);
    }
    const v = CAVP_VECTORS[2]!;
    t.notOk(key.hashAndVerify(fromHex(v.s), fromHex(v.msg), { scheme: 'pkcs1', hash: 'sha384' }), 'wrong hash fails');
  });

  t.test(`${named.label}: malformed signatures are rejected, not thrown on`, async (t) => {
    const key = KEYS[0]!;
    const ours = new RSAKey(key.components, provider);
    const digest = nodeCrypto.createHash('sha256').update(message).digest();
    const opts = { scheme: 'pkcs1', hash: 'sha256' } as const;
    const good = nodeCrypto.sign('sha256', message, key.privateKey);
    t.ok(ours.verify(good, digest, opts));
    t.notOk(ours.verify(good.subarray(1), digest, opts), 'one byte short');
    t.notOk(ours.verify(Buffer.concat([Buffer.alloc(1), good]), digest, opts), 'one leading zero too many');
    t.notOk(ours.verify(new Uint8Array(0), digest, opts), 'empty');
    t.notOk(ours.verify(new Uint8Array(128), digest, opts), 'zero');
    t.notOk(ours.verify(bigIntToBytes(key.components.n, 128), digest, opts), 'equal to n');
    t.notOk(ours.verify(new Uint8Array(128).fill(0xff), digest, opts), 'above n');
    t.throws(() => ours.verify(good, digest.subarray(1), opts), RangeError, 'a digest of the wrong length is misuse');
    t.throws(() => ours.verify(good, digest, { scheme: 'pkcs2', hash: 'sha256' } as never), TypeError, 'unknown scheme');
    t.throws(() => ours.verify(good, digest, { scheme: 'pkcs1', hash: 'sha3' } as never), TypeError, 'unknown hash');
    t.throws(() => ours.verify(good, digest, { scheme: 'pkcs1', hash: 'sha256', saltLength: 3 }), TypeError, 'salt with PKCS#1');
  });

  t.test(`${named.label}: public-only keys and printing`, async (t) => {
    const key = KEYS[0]!;
    const pub = new RSAKey({ n: key.components.n, e: key.components.e }, provider);
    t.equal(pub.hasPrivateKey(), false);
    t.equal(new RSAKey(key.components, provider).hasPrivateKey(), true);
    const digest = nodeCrypto.createHash('sha256').update(message).digest();
    await t.rejects(pub.sign(digest, { scheme: 'pkcs1', hash: 'sha256' }), TypeError, 'sign with a public key');
    await t.rejects(pub.hashAndSign(message, { scheme: 'pss', hash: 'sha256' }), TypeError, 'hashAndSign with a public key');
    await t.rejects(pub.decryptPremaster(new Uint8Array(128), Uint8Array.of(3, 3)), TypeError, 'decryptPremaster with a public key');
    t.ok(pub.verify(nodeCrypto.sign('sha256', message, key.privateKey), digest, { scheme: 'pkcs1', hash: 'sha256' }), 'public key verifies');
    const priv = new RSAKey(key.components, provider);
    const printed = [String(priv), inspect(priv), inspect(priv, { showHidden: true, depth: 5 }), JSON.stringify(priv)].join('\n');
    for (const name of ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const) {
      const value = key.components[name];
      for (const radix of [16, 10]) {
        t.notOk(printed.toLowerCase().includes(value.toString(radix).slice(0, 24)), `printing hides ${name} (base ${radix})`);
      }
    }
    t.match(String(priv), /1024 bits, private/);
    t.throws(() => new RSAKey({ ...key.components, d: undefined } as never, provider), TypeError, 'partial private components');
    t.throws(() => new RSAKey({ n: 5, e: 3 } as never, provider), TypeError, 'numbers are not bigints');
  });

  t.test(`${named.label}: PKCS#1 v1.5 encryption decrypts to a well-formed block`, async (t) => {
    for (const key of [KEYS[1]!, KEYS[2]!]) {
      const ours = new RSAKey(key.components, provider);
      const k = ours.byteLength;
      for (const len of [0, 1, 48, k - 11]) {
        const msg = nodeCrypto.randomBytes(len);
        const c = ours.encrypt(msg);
        t.equal(c.length, k, 'ciphertext is k bytes');
        const em = nodeCrypto.privateDecrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, c);
        t.equal(em[0], 0);
        t.equal(em[1], 2);
        const sep = k - len - 1;
        t.ok(em.subarray(2, sep).every((b: number) => b !== 0) && sep - 2 >= 8, 'PS nonzero, at least 8 bytes');
        t.equal(em[sep], 0);
        t.equal(em.subarray(sep + 1).toString('hex'), msg.toString('hex'), `${len}-byte message recovered`);
      }
      const m = Uint8Array.of(1, 2, 3);
      t.not(toHex(ours.encrypt(m)), toHex(ours.encrypt(m)), 'encryption is randomized');
      t.throws(() => ours.encrypt(new Uint8Array(k - 10)), RangeError, 'message too long');
      // A public-only key encrypts too.
      const pub = new RSAKey({ n: key.components.n, e: key.components.e }, provider);
      const em = nodeCrypto.privateDecrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, pub.encrypt(m));
      t.equal(em.subarray(k - 3).toString('hex'), '010203');
    }
  });

  t.test(`${named.label}: key generation yields keys node:crypto accepts`, async (t) => {
    const key = await RSAKey.generate(1024, provider);
    t.equal(key.bits, 1024);
    t.equal(key.e, 65537n);
    const c = await rsa.generate(1024);
    t.equal(c.n.toString(2).length, 1024, 'n has exactly 1024 bits');
    t.equal(c.p * c.q, c.n, 'n = pq');
    t.equal(c.p.toString(2).length, 512);
    t.equal(c.q.toString(2).length, 512);
    const diff = c.p > c.q ? c.p - c.q : c.q - c.p;
    t.ok(diff > 1n << 412n, '|p - q| > 2^(bits/2 - 100)');
    t.equal(gcd(c.e, c.p - 1n), 1n);
    t.equal(gcd(c.e, c.q - 1n), 1n);
    t.equal((c.d * c.e) % lcm(c.p - 1n, c.q - 1n), 1n, 'd = e^-1 mod lcm(p-1, q-1)');
    t.equal(c.dP, c.d % (c.p - 1n));
    t.equal(c.dQ, c.d % (c.q - 1n));
    t.equal((c.qInv * c.q) % c.p, 1n, 'qInv = q^-1 mod p');
    t.ok(nodeCrypto.checkPrimeSync(Buffer.from(bigIntToBytes(c.p)), { checks: 10 }), 'node agrees p is prime');
    t.ok(nodeCrypto.checkPrimeSync(Buffer.from(bigIntToBytes(c.q)), { checks: 10 }), 'node agrees q is prime');
    const nodePrivate = nodeCrypto.createPrivateKey({ key: toJwk(c), format: 'jwk' });
    const nodePublic = nodeCrypto.createPublicKey(nodePrivate);
    t.equal(nodePrivate.asymmetricKeyDetails?.modulusLength, 1024);
    const ours = new RSAKey(c, provider);
    const sig = await ours.hashAndSign(message, { scheme: 'pkcs1', hash: 'sha256' });
    t.ok(nodeCrypto.verify('sha256', message, nodePublic, sig), 'node verifies a signature by the generated key');
    t.equal(toHex(sig), nodeCrypto.sign('sha256', message, nodePrivate).toString('hex'), 'node signs the same bytes with it');
    await t.rejects(rsa.generate(256), RangeError, 'below 512 bits');
    await t.rejects(rsa.generate(1024, 4n), RangeError, 'even exponent');
  });

  t.test(`${named.label}: a faulty private key never releases a bad signature`, async (t) => {
    const key = KEYS[0]!;
    // dP off by two: the CRT half mod p is wrong (the Boneh-DeMillo-Lipton fault).
    const faulty = { ...key.components, dP: key.components.dP - 2n };
    let ops;
    try {
      ops = rsa.privateKey(faulty);
    } catch (err) {
      t.pass(`the provider refuses the inconsistent key up front: ${(err as Error).message}`);
      return;
    }
    const input = bigIntToBytes(0x1234567n, 128);
    let result: Uint8Array | undefined;
    try {
      result = ops.privateOpSync(input);
    } catch (err) {
      t.type(err, Error, 'the fault is detected and thrown');
    }
    if (result) {
      // A provider may instead recover (OpenSSL recomputes without CRT); then the value must be right.
      const want = nodeCrypto.privateDecrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, input);
      t.equal(toHex(result), want.toString('hex'), 'a returned value is the correct one');
    }
    const digest = nodeCrypto.createHash('sha256').update(message).digest();
    try {
      const sig = await new RSAKey(faulty, provider).sign(digest, { scheme: 'pkcs1', hash: 'sha256' });
      t.ok(nodeCrypto.verify('sha256', message, key.publicKey, sig), 'a signature that is released is valid');
    } catch (err) {
      t.type(err, Error, 'signing with the faulty key throws');
    }
  });

  t.test(`${named.label}: raw operation argument checks`, async (t) => {
    const key = KEYS[0]!;
    const ops = rsa.privateKey(key.components);
    t.equal(ops.byteLength, 128);
    t.equal(ops.bits, 1024);
    t.throws(() => ops.privateOpSync(new Uint8Array(127)), RangeError, 'short input');
    t.throws(() => ops.privateOpSync(new Uint8Array(129)), RangeError, 'long input');
    t.throws(() => ops.privateOpSync(bigIntToBytes(key.components.n, 128)), RangeError, 'input = n');
    t.throws(() => ops.publicOp(new Uint8Array(128).fill(0xff)), RangeError, 'input above n');
    await t.rejects(ops.privateOp(new Uint8Array(12)), RangeError, 'async version checks too');
    t.throws(() => ops.publicOp('x' as never), TypeError, 'not bytes');
    const input = nodeCrypto.randomBytes(128);
    input[0] = 0x01;
    const viaNode = nodeCrypto.privateDecrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, input);
    t.equal(toHex(ops.privateOpSync(input)), viaNode.toString('hex'), 'raw private op equals node RSA_NO_PADDING');
    t.equal(toHex(await ops.privateOp(input)), viaNode.toString('hex'), 'async raw private op');
    t.equal(toHex(ops.publicOp(viaNode)), input.toString('hex'), 'public op inverts it');
    // Repeated calls exercise the blinding updates: results stay correct.
    for (let i = 0; i < 40; i++) {
      const x = nodeCrypto.randomBytes(128);
      x[0] = i;
      const want = nodeCrypto.privateDecrypt({ key: key.privateKey, padding: nodeCrypto.constants.RSA_NO_PADDING }, x).toString('hex');
      if (toHex(ops.privateOpSync(x)) !== want) {
        t.fail(`private op ${i} is wrong`);
        return;
      }
    }
    t.pass('40 consecutive private operations (past a blinding refresh) are correct');
  });
}

t.test('RSAKey.sign checks what the provider returns (a provider without its own fault check)', async (t) => {
  const pure = providers().find((p) => p.label === 'pure')!.provider as CryptoProvider;
  const corrupting: RsaAlgorithm = {
    ...pure.rsa,
    privateKey(c) {
      const real = pure.rsa.privateKey(c);
      const corrupt = (x: Uint8Array) => {
        const r = real.privateOpSync(x);
        r[5]! ^= 1;
        return r;
      };
      return {
        byteLength: real.byteLength,
        bits: real.bits,
        publicOp: (x) => real.publicOp(x),
        privateOpSync: corrupt,
        privateOp: async (x) => corrupt(x),
      };
    },
  };
  const provider = { ...pure, rsa: corrupting } as CryptoProvider;
  const key = new RSAKey(KEYS[0]!.components, provider);
  const digest = nodeCrypto.createHash('sha256').update(message).digest();
  await t.rejects(key.sign(digest, { scheme: 'pkcs1', hash: 'sha256' }), /failed verification/, 'PKCS#1: bad signature withheld');
  await t.rejects(key.sign(digest, { scheme: 'pss', hash: 'sha256' }), /failed verification/, 'PSS: bad signature withheld');
});
