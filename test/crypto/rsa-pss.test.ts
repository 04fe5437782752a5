import t from 'tap';
import * as nodeCrypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { CryptoProvider, HashName, RsaAlgorithm, RsaPrivateComponents } from '../../src/crypto/provider.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { emsaPssEncode, emsaPssVerify, mgf1 } from '../../src/crypto/rsa/pss.js';
import { bytesToBigInt, fromHex, toHex } from '../../src/crypto/bytes.js';
import { gcd, modInverse, modPow } from '../../src/crypto/pure/bigint-math.js';
import { pureProvider } from '../../src/crypto/pure/index.js';

// ------------------------------------------------------------ helpers

const b64 = (s: string | undefined): bigint => bytesToBigInt(Buffer.from(s!, 'base64url'));

function nodeKey(bits: number) {
  const { privateKey, publicKey } = nodeCrypto.generateKeyPairSync('rsa', { modulusLength: bits });
  const j = privateKey.export({ format: 'jwk' });
  const components: RsaPrivateComponents = {
    n: b64(j.n), e: b64(j.e), d: b64(j.d), p: b64(j.p), q: b64(j.q), dP: b64(j.dp), dQ: b64(j.dq), qInv: b64(j.qi),
  };
  return { components, privateKey, publicKey };
}

/**
 * The CRT components from (n, e, d): the test vectors give only d. Factoring
 * n from a known d (RFC 8017 does not say how; this is the classic
 * randomized method, NIST SP 800-56B Appendix C.2).
 */
function fromNed(n: bigint, e: bigint, d: bigint): RsaPrivateComponents {
  let r = d * e - 1n;
  let s = 0;
  while ((r & 1n) === 0n) {
    r >>= 1n;
    s++;
  }
  for (let g = 2n; g < 1000n; g++) {
    let y = modPow(g, r, n);
    if (y === 1n || y === n - 1n) continue;
    for (let i = 1; i <= s; i++) {
      const x = (y * y) % n;
      if (x === 1n) {
        const p = gcd(y - 1n, n);
        const q = n / p;
        return { n, e, d, p, q, dP: d % (p - 1n), dQ: d % (q - 1n), qInv: modInverse(q, p) };
      }
      if (x === n - 1n) break;
      y = x;
    }
  }
  throw new Error('could not factor n');
}

/** The provider with its random source replaced (to replay a vector's salt). */
function withRandom(provider: CryptoProvider, bytes: Uint8Array): CryptoProvider {
  return {
    ...provider,
    random: { name: 'random', implementation: 'pure', bytes: (n: number) => (n === bytes.length ? bytes.slice() : provider.random.bytes(n)) },
  } as CryptoProvider;
}

// ------------------------------------------------------------ vectors

// RSA Laboratories, PKCS #1 v2.1 test vectors (pkcs-1v2-1d2-vec.zip,
// pss-vect.txt), which RFC 8017 points to: RSASSA-PSS with SHA-1, MGF1-SHA-1,
// 20-byte salt. Transcribed from libgcrypt's tests/basic.c check_pss.
// Example 2 has a 1025-bit modulus: emLen = k - 1, the leading-byte case.
const PSS_VECT = [
  {
    name: 'Example 1 (1024-bit)',
    n:
      'a56e4a0e701017589a5187dc7ea841d156f2ec0e36ad52a44dfeb1e61f7ad991d8c51056ffedb162b4c0f283a12a88a394dff526ab7291cbb307ceabfce0b1df' +
      'd5cd9508096d5b2b8b6df5d671ef6377c0921cb23c270a70e2598e6ff89d19f105acc2d3f0cb35f29280e1386b6f64c4ef22e1e1f20d0ce8cffb2249bd9a2137',
    d:
      '33a5042a90b27d4f5451ca9bbbd0b44771a101af884340aef9885f2a4bbe92e894a724ac3c568c8f97853ad07c0266c8c6a3ca0929f1e8f11231884429fc4d9a' +
      'e55fee896a10ce707c3ed7e734e44727a39574501a532683109c2abacaba283c31b4bd2f53c3ee37e352cee34f9e503bd80c0622ad79c6dcee883547c6a3b325',
    cases: [
      {
        name: '1.1',
        msg:
          'cdc87da223d786df3b45e0bbbc721326d1ee2af806cc315475cc6f0d9c66e1b62371d45ce2392e1ac92844c310102f156a0d8d52c1f4c40ba3aa65095786cb76' +
          '9757a6563ba958fed0bcc984e8b517a3d5f515b23b8a41e74aa867693f90dfb061a6e86dfaaee64472c00e5f20945729cbebe77f06ce78e08f4098fba41f9d61' +
          '93c0317e8b60d4b6084acb42d29e3808a3bc372d85e331170fcbf7cc72d0b71c296648b3a4d10f416295d0807aa625cab2744fd9ea8fd223c42537029828bd16' +
          'be02546f130fd2e33b936d2676e08aed1b73318b750a0167d0',
        salt: 'dee959c7e06411361420ff80185ed57f3e6776af',
        sig:
          '9074308fb598e9701b2294388e52f971faac2b60a5145af185df5287b5ed2887e57ce7fd44dc8634e407c8e0e4360bc226f3ec227f9d9e54638e8d31f5051215' +
          'df6ebb9c2f9579aa77598a38f914b5b9c1bd83c4e2f9f382a0d0aa3542ffee65984a601bc69eb28deb27dca12c82c2d4c3f66cd500f1ff2b994d8a4e30cbb33c',
      },
      {
        name: '1.2',
        msg: '851384cdfe819c22ed6c4ccb30daeb5cf059bc8e1166b7e3530c4c233e2b5f8f71a1cca582d43ecc72b1bca16dfc7013226b9e',
        salt: 'ef2869fa40c346cb183dab3d7bffc98fd56df42d',
        sig:
          '3ef7f46e831bf92b32274142a585ffcefbdca7b32ae90d10fb0f0c729984f04ef29a9df0780775ce43739b97838390db0a5505e63de927028d9d29b219ca2c45' +
          '17832558a55d694a6d25b9dab66003c4cccd907802193be5170d26147d37b93590241be51c25055f47ef62752cfbe21418fafe98c22c4d4d47724fdb5669e843',
      },
    ],
  },
  {
    name: 'Example 2 (1025-bit)',
    n:
      '01d40c1bcf97a68ae7cdbd8a7bf3e34fa19dcca4ef75a47454375f94514d88fed006fb829f8419ff87d6315da68a1ff3a0938e9abb3464011c303ad99199cf0c' +
      '7c7a8b477dce829e8844f625b115e5e9c4a59cf8f8113b6834336a2fd2689b472cbb5e5cabe674350c59b6c17e176874fb42f8fc3d176a017edc61fd326c4b33' +
      'c9',
    d:
      '027d147e4673057377fd1ea201565772176a7dc38358d376045685a2e787c23c15576bc16b9f444402d6bfc5d98a3e88ea13ef67c353eca0c0ddba9255bd7b8b' +
      'b50a644afdfd1dd51695b252d22e7318d1b6687a1c10ff75545f3db0fe602d5f2b7f294e3601eab7b9d1cecd767f64692e3e536ca2846cb0c2dd486a39fa75b1',
    cases: [
      {
        name: '2.1',
        msg: 'daba032066263faedb659848115278a52c44faa3a76f37515ed336321072c40a9d9b53bc05014078adf520875146aae70ff060226dcb7b1f1fc27e9360',
        salt: '57bf160bcb02bb1dc7280cf0458530b7d2832ff7',
        sig:
          '014c5ba5338328ccc6e7a90bf1c0ab3fd606ff4796d3c12e4b639ed9136a5fec6c16d8884bdd99cfdc521456b0742b736868cf90de099adb8d5ffd1deff39ba4' +
          '007ab746cefdb22d7df0e225f54627dc65466131721b90af445363a8358b9f607642f78fab0ab0f43b7168d64bae70d8827848d8ef1e421c5754ddf42c2589b5' +
          'b3',
      },
      {
        name: '2.4',
        msg: 'a7182c83ac18be6570a106aa9d5c4e3dbbd4afaeb0c60c4a23e1969d79ff',
        salt: '8070ef2de945c02387684ba0d33096732235d440',
        sig:
          '009cd2f4edbe23e12346ae8c76dd9ad3230a62076141f16c152ba18513a48ef6f010e0e37fd3df10a1ec629a0cb5a3b5d2893007298c30936a95903b6ba85555' +
          'd9ec3673a06108fd62a2fda56d1ce2e85c4db6b24a81ca3b496c36d4fd06eb7c9166d8e94877c42bea622b3bfe9251fdc21d8d5371badad78a488214796335b4' +
          '0b',
      },
    ],
  },
];

// NIST CAVP "SigGen PKCS#1 RSASSA-PSS" (FIPS 186-3, CAVS 10.1) with salt
// length 0, SigGenPSS_186-3.rsp [mod = 1024], as shipped in pyca/cryptography's
// vectors/cryptography_vectors/asymmetric/RSA/FIPS_186-2/: deterministic, so
// a verification known answer for saltLength = 0.
const CAVP_PSS_N =
  'c87155f3d9f3771f6ab89ef30cd36230463902ff0633aa869b6dbd7592c83f4b2f882739ff499f1499fb0db4586c7f7b2dfd5a37dbe0df37dea9d0d5814a4047' +
  'b647c1d8eb356ebae6a198899f97c25f9182fab2b6be88384a1b8cb16a82a05aaadf610ce2e045b41b8880a13b7133ea07296126471c9a450ae48bc880102c8b';
const CAVP_PSS: Array<{ hash: HashName; msg: string; s: string }> = [
  {
    hash: 'sha1',
    msg:
      'cfaecfe138c2e6e1ae3a2c46177944bbc29da763920fea125f5840be99373f302ef0e7ffaee6e0bfae6c03766ad91c4faedaee93f60d78d4d4cb776c92452c26' +
      '18d25f3a1187a47f4a09dddc5a9f00ff888b1b52e99b952bc9fbb6444c4d696a55fb4179a7ccbb874bb6c36031f479331a58348ab4e1c77f0790042d11787f66',
    s:
      '101769CABA2C5A8652AEFBC55466D0476D5DEC508EFF8AD282E56033F9C8389B77615D83BBC2556C245B0DECD63AAB2084A3653F361C94E4DD9DA2D17E390A0A' +
      'F2AA46AE7382D96D3F45AB88CB81694BCA9D072AAEC703B4681E741687BF8DDEFEC11A3427BACD601A6849A328C0AC7367FB7B8A751A125113729BC6160568C9',
  },
  {
    hash: 'sha256',
    msg:
      '19828d058058243557e29ec3f95b566fb4292c6e7dc0d56ae1c475cb3f6d6f3535307b51589cfad1288287ae4358cfb4d8dfa2415f044a4a87041b9e70d44b6f' +
      '1bc0040e1f52b8f69d75b50c75daf925ba9b47c9641f7a37453d1aa83fa42dd8b37a4fc33c4305ac9e054f64f9a97cc943a5428df4d80e3903b5997112a4bc79',
    s:
      'A3263F4C84AB6EF687A3853E5D91D296B125428F80F3C4DCEFCF4FB7F1C41CEBF9AA3CFD0CF2B617EC2DF8AB3379FFCC7FDF72EC659940E0DCDFA453BEF7E917' +
      '2941B5C8AAF87E58DE3316F103856D922AE5929B3B6CF2A7BBF95C49DDBD8C15B4AC73370D0A28B20514637ABFF56157E15DF57C5860EDEBED44D4917F2D1F8B',
  },
];

// ------------------------------------------------------------ MGF1 and the encoding on their own

t.test('MGF1 known answers', async (t) => {
  const sha1 = pureProvider.hashes.sha1;
  const sha256 = pureProvider.hashes.sha256;
  const ascii = (s: string) => new TextEncoder().encode(s);
  // The MGF1 examples of the Wikipedia article "Mask generation function".
  t.equal(toHex(mgf1(ascii('foo'), 3, sha1)), '1ac907');
  t.equal(toHex(mgf1(ascii('foo'), 5, sha1)), '1ac9075cd4');
  t.equal(toHex(mgf1(ascii('bar'), 5, sha1)), 'bc0c655e01');
  t.equal(
    toHex(mgf1(ascii('bar'), 50, sha1)),
    'bc0c655e016bc2931d85a2e675181adcef7f581f76df2739da74faac41627be2f7f415c89e983fd0ce80ced9878641cb4876',
  );
  t.equal(
    toHex(mgf1(ascii('bar'), 50, sha256)),
    '382576a7841021cc28fc4c0948753fb8312090cea942ea4c4e735d10dc724b155f9f6069f289d61daca0cb814502ef04eae1',
  );
  // Independent construction: Hash(seed || 0) || Hash(seed || 1) ...
  const seed = nodeCrypto.randomBytes(17);
  const want = Buffer.concat([0, 1, 2].map((c) => nodeCrypto.createHash('sha256').update(seed).update(Buffer.from([0, 0, 0, c])).digest()));
  t.equal(toHex(mgf1(seed, 70, sha256)), want.subarray(0, 70).toString('hex'), 'matches node:crypto hashes');
  t.equal(mgf1(seed, 0, sha256).length, 0);
});

t.test('EMSA-PSS verification checks every field', async (t) => {
  const sha256 = pureProvider.hashes.sha256;
  const mHash = nodeCrypto.randomBytes(32);
  const random = (n: number) => new Uint8Array(nodeCrypto.randomBytes(n));
  const emBits = 1023;
  const em = emsaPssEncode(mHash, emBits, sha256, random);
  t.equal(em.length, 128);
  t.equal(em[127], 0xbc, 'trailer 0xbc');
  t.equal(em[0]! & 0x80, 0, 'top bit clear (emBits = 8 * emLen - 1)');
  t.ok(emsaPssVerify(mHash, em, emBits, sha256));
  const flip = (i: number, mask: number) => {
    const c = em.slice();
    c[i]! ^= mask;
    return c;
  };
  t.notOk(emsaPssVerify(mHash, flip(127, 0x01), emBits, sha256), 'bad trailer');
  t.notOk(emsaPssVerify(mHash, flip(0, 0x80), emBits, sha256), 'bit above emBits set');
  t.notOk(emsaPssVerify(mHash, flip(3, 0x10), emBits, sha256), 'PS byte changed');
  t.notOk(emsaPssVerify(mHash, flip(128 - 33 - 33, 0x01), emBits, sha256), 'the 0x01 separator changed');
  t.notOk(emsaPssVerify(mHash, flip(120, 0x01), emBits, sha256), 'H changed');
  t.notOk(emsaPssVerify(mHash, flip(90, 0x01), emBits, sha256), 'salt changed');
  t.notOk(emsaPssVerify(mHash, em.subarray(1), emBits, sha256), 'short EM');
  t.notOk(emsaPssVerify(mHash, em, emBits, sha256, 31), 'wrong salt length');
  t.notOk(emsaPssVerify(mHash, em, emBits, sha256, 200), 'impossible salt length');
  t.throws(() => emsaPssVerify(mHash.subarray(1), em, emBits, sha256), RangeError, 'digest length is misuse');
  t.throws(() => emsaPssEncode(mHash, 8 * (32 + 32 + 1), sha256, random), RangeError, 'emLen < hLen + sLen + 2');
  t.doesNotThrow(() => emsaPssEncode(mHash, 8 * (32 + 32 + 2), sha256, random), 'emLen = hLen + sLen + 2');
  t.throws(() => emsaPssEncode(mHash, emBits, sha256, random, -1), RangeError, 'negative salt length');
  for (const saltLength of [0, 1, 20, 94]) {
    const e2 = emsaPssEncode(mHash, emBits, sha256, random, saltLength);
    t.ok(emsaPssVerify(mHash, e2, emBits, sha256, saltLength), `salt length ${saltLength} round trip`);
  }
});

// ------------------------------------------------------------ every provider

const KEY = nodeKey(2048);
const message = Buffer.from('PSS over a message of no particular length');
const SALT_OPTIONS = { pss: nodeCrypto.constants.RSA_PKCS1_PSS_PADDING } as const;

for (const named of providers()) {
  const rsa = algorithm<RsaAlgorithm>(named, 'rsa');
  if (!rsa) continue;
  const provider = named.provider as CryptoProvider;

  t.test(`${named.label}: RSA Laboratories PSS vectors (SHA-1, 20-byte salt)`, async (t) => {
    for (const example of PSS_VECT) {
      const components = fromNed(BigInt('0x' + example.n), 65537n, BigInt('0x' + example.d));
      for (const v of example.cases) {
        const key = new RSAKey(components, withRandom(provider, fromHex(v.salt)));
        const opts = { scheme: 'pss', hash: 'sha1' } as const;
        const sig = await key.hashAndSign(fromHex(v.msg), opts);
        t.equal(toHex(sig), v.sig, `${example.name}, PSS example ${v.name}: exact signature with the vector's salt`);
        const pub = new RSAKey({ n: components.n, e: components.e }, provider);
        t.ok(pub.hashAndVerify(fromHex(v.sig), fromHex(v.msg), opts), `example ${v.name} verifies`);
        const bad = fromHex(v.sig);
        bad[bad.length - 3]! ^= 4;
        t.notOk(pub.hashAndVerify(bad, fromHex(v.msg), opts), `example ${v.name}, altered signature fails`);
        t.notOk(pub.hashAndVerify(fromHex(v.sig), fromHex(v.msg), { ...opts, saltLength: 19 }), `example ${v.name}, wrong salt length fails`);
      }
    }
  });

  t.test(`${named.label}: NIST CAVP PSS vectors with salt length 0`, async (t) => {
    const key = new RSAKey({ n: BigInt('0x' + CAVP_PSS_N), e: 0x1001n }, provider);
    for (const v of CAVP_PSS) {
      const opts = { scheme: 'pss', hash: v.hash, saltLength: 0 } as const;
      t.ok(key.hashAndVerify(fromHex(v.s), fromHex(v.msg), opts), `${v.hash}: verifies`);
      t.notOk(key.hashAndVerify(fromHex(v.s), fromHex(v.msg), { scheme: 'pss', hash: v.hash }), `${v.hash}: not with the default salt length`);
      t.notOk(key.hashAndVerify(fromHex(v.s), fromHex(v.msg).subarray(1), opts), `${v.hash}: other message fails`);
    }
  });

  t.test(`${named.label}: PSS interoperates with node:crypto`, async (t) => {
    const key = new RSAKey(KEY.components, provider);
    for (const hash of ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as HashName[]) {
      const opts = { scheme: 'pss', hash } as const;
      const hLen = nodeCrypto.createHash(hash).digest().length;
      const ours = await key.hashAndSign(message, opts);
      t.ok(
        nodeCrypto.verify(hash, message, { key: KEY.publicKey, padding: SALT_OPTIONS.pss, saltLength: hLen }, ours),
        `${hash}: node verifies ours (salt = digest length)`,
      );
      const theirs = nodeCrypto.sign(hash, message, {
        key: KEY.privateKey,
        padding: SALT_OPTIONS.pss,
        saltLength: nodeCrypto.constants.RSA_PSS_SALTLEN_DIGEST,
      });
      t.ok(key.hashAndVerify(theirs, message, opts), `${hash}: we verify node's`);
      const digest = nodeCrypto.createHash(hash).update(message).digest();
      t.ok(key.verify(theirs, digest, opts), `${hash}: verify(digest)`);
      const again = await key.hashAndSign(message, opts);
      t.not(toHex(again), toHex(ours), `${hash}: a fresh salt each time`);
      const tampered = Buffer.from(theirs);
      tampered[100]! ^= 0x20;
      t.notOk(key.verify(tampered, digest, opts), `${hash}: tampered signature fails`);
    }
    for (const saltLength of [0, 1, 20, 64]) {
      const opts = { scheme: 'pss', hash: 'sha256', saltLength } as const;
      const ours = await key.hashAndSign(message, opts);
      t.ok(nodeCrypto.verify('sha256', message, { key: KEY.publicKey, padding: SALT_OPTIONS.pss, saltLength }, ours), `salt ${saltLength}: node verifies`);
      const theirs = nodeCrypto.sign('sha256', message, { key: KEY.privateKey, padding: SALT_OPTIONS.pss, saltLength });
      t.ok(key.hashAndVerify(theirs, message, opts), `salt ${saltLength}: we verify node's`);
      t.equal(key.hashAndVerify(theirs, message, { scheme: 'pss', hash: 'sha256' }), saltLength === 32, `salt ${saltLength}: the default expects 32`);
    }
  });

  t.test(`${named.label}: PSS with odd modulus sizes`, async (t) => {
    // 1025 bits: emLen = k - 1. 1031 bits: top bits of EM cleared, k = emLen.
    for (const bits of [1025, 1031]) {
      const k2 = nodeKey(bits);
      const key = new RSAKey(k2.components, provider);
      const ours = await key.hashAndSign(message, { scheme: 'pss', hash: 'sha256' });
      t.equal(ours.length, Math.ceil(bits / 8));
      t.ok(nodeCrypto.verify('sha256', message, { key: k2.publicKey, padding: SALT_OPTIONS.pss, saltLength: 32 }, ours), `${bits} bits: node verifies ours`);
      const theirs = nodeCrypto.sign('sha256', message, { key: k2.privateKey, padding: SALT_OPTIONS.pss, saltLength: 32 });
      t.ok(key.hashAndVerify(theirs, message, { scheme: 'pss', hash: 'sha256' }), `${bits} bits: we verify node's`);
    }
  });

  t.test(`${named.label}: PSS argument checks`, async (t) => {
    const key = new RSAKey(KEY.components, provider);
    const digest = nodeCrypto.createHash('sha256').update(message).digest();
    await t.rejects(key.sign(digest, { scheme: 'pss', hash: 'md5sha1' }), TypeError, 'md5sha1 is PKCS#1 only');
    await t.rejects(key.sign(digest, { scheme: 'pss', hash: 'sha256', saltLength: -1 }), RangeError, 'negative salt');
    await t.rejects(key.sign(digest, { scheme: 'pss', hash: 'sha256', saltLength: 256 }), RangeError, 'salt too long for the key');
    await t.rejects(key.sign(digest.subarray(2), { scheme: 'pss', hash: 'sha256' }), RangeError, 'digest length');
    const small = new RSAKey(fromNed(BigInt('0x' + PSS_VECT[0]!.n), 65537n, BigInt('0x' + PSS_VECT[0]!.d)), provider);
    await t.rejects(
      small.sign(new Uint8Array(64), { scheme: 'pss', hash: 'sha512', saltLength: 64 }),
      RangeError,
      '1024-bit key cannot hold SHA-512 with a 64-byte salt',
    );
    await t.rejects(small.sign(new Uint8Array(64), { scheme: 'pss', hash: 'sha512' }), RangeError, 'nor with the default (64-byte) salt');
    const fits = await small.sign(new Uint8Array(64), { scheme: 'pss', hash: 'sha512', saltLength: 62 });
    t.ok(small.verify(fits, new Uint8Array(64), { scheme: 'pss', hash: 'sha512', saltLength: 62 }), 'the largest salt that fits');
  });
}
