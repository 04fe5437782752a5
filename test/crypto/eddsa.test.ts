/**
 * Ed25519 and Ed448 (RFC 8032): the RFC's vectors, node:crypto
 * cross-checks, and rejection of tampered and non-canonical signatures,
 * on every provider.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { EddsaAlgorithm, EddsaName } from '../../src/crypto/provider.js';
import { EDDSA_NAMES } from '../../src/crypto/provider.js';
import { bigIntToBytes, bytesToBigInt, concatBytes, fromHex, toHex } from '../../src/crypto/bytes.js';

/** RFC 8032 7.1 (Ed25519 TEST 1, 2, 3, SHA(abc)) and 7.4 (Ed448 -----Blank, 1 octet). */
const VECTORS: { scheme: EddsaName; secret: string; public: string; message: string; signature: string }[] = [
  {
    scheme: 'ed25519',
    secret: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    public: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    scheme: 'ed25519',
    secret: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    public: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    scheme: 'ed25519',
    secret: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    public: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
  {
    scheme: 'ed25519',
    secret: '833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42',
    public: 'ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf',
    message:
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    signature:
      'dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17ad9bef1177331a704',
  },
  {
    scheme: 'ed448',
    secret: '6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b',
    public: '5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180',
    message: '',
    signature:
      '533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd3980ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600',
  },
  {
    scheme: 'ed448',
    secret: 'c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e',
    public: '43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480',
    message: '03',
    signature:
      '26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00',
  },
];

const KEY_LENGTH: Record<EddsaName, number> = { ed25519: 32, ed448: 57 };
/** The group orders L (RFC 8032 5.1 and 5.2). */
const ORDER: Record<EddsaName, bigint> = {
  ed25519: 2n ** 252n + 27742317777372353535851937790883648493n,
  ed448: 2n ** 446n - 13818066809895115352007386748515426880336692474882178609894547503885n,
};

const littleEndian = (bytes: Uint8Array) => bytesToBigInt(Uint8Array.from(bytes).reverse());
const toLittleEndian = (value: bigint, length: number) => bigIntToBytes(value, length).reverse();

for (const p of providers()) {
  t.test(`${p.label}: EdDSA`, async (t) => {
    const schemes = Object.fromEntries(
      EDDSA_NAMES.map((name) => [name, algorithm<EddsaAlgorithm>(p, 'eddsa', name)!]),
    ) as Record<EddsaName, EddsaAlgorithm>;

    t.test('RFC 8032 7.1 and 7.4 vectors', async (t) => {
      for (const v of VECTORS) {
        const scheme = schemes[v.scheme];
        t.equal(scheme.keyLength, KEY_LENGTH[v.scheme]);
        const what = `${v.scheme} ${v.secret.slice(0, 8)}`;
        const key = scheme.privateKey(fromHex(v.secret));
        t.equal(toHex(key.publicKey), v.public, `${what}: public key`);
        t.equal(toHex(await key.sign(fromHex(v.message))), v.signature, `${what}: signature`);
        const pub = scheme.publicKey(fromHex(v.public));
        t.ok(pub.verify(fromHex(v.message), fromHex(v.signature)), `${what}: verifies`);
        t.notOk(pub.verify(concatBytes(fromHex(v.message), Uint8Array.of(0)), fromHex(v.signature)), `${what}: longer message fails`);
      }
    });

    t.test('agrees with node:crypto', async (t) => {
      for (const name of EDDSA_NAMES) {
        const scheme = schemes[name];
        for (const length of [0, 1, 15, 16, 17, 1000]) {
          const pair = name === 'ed25519' ? crypto.generateKeyPairSync('ed25519') : crypto.generateKeyPairSync('ed448');
          const jwk = pair.privateKey.export({ format: 'jwk' });
          const seed = new Uint8Array(Buffer.from(jwk.d!, 'base64url'));
          const key = scheme.privateKey(seed);
          t.equal(Buffer.from(key.publicKey).toString('base64url'), jwk.x, `${name}: public key from the seed`);
          const message = crypto.randomBytes(length);
          const theirs = crypto.sign(null, message, pair.privateKey);
          const ours = await key.sign(message);
          t.equal(toHex(ours), toHex(theirs), `${name} ${length}: same deterministic signature`);
          t.ok(crypto.verify(null, message, pair.publicKey, ours), `${name} ${length}: node accepts ours`);
          t.ok(scheme.publicKey(key.publicKey).verify(message, theirs), `${name} ${length}: we accept node's`);
        }
        const fresh = scheme.generate();
        t.equal(fresh.length, KEY_LENGTH[name], `${name}: generate() gives a seed`);
        t.not(toHex(fresh), toHex(scheme.generate()), `${name}: generate() is fresh each time`);
      }
    });

    t.test('tampered and non-canonical signatures fail', async (t) => {
      for (const name of EDDSA_NAMES) {
        const scheme = schemes[name];
        const size = KEY_LENGTH[name];
        const key = scheme.privateKey(scheme.generate());
        const pub = scheme.publicKey(key.publicKey);
        const message = crypto.randomBytes(40);
        const good = await key.sign(message);
        t.ok(pub.verify(message, good), `${name}: the untouched signature verifies`);

        const s = littleEndian(good.subarray(size));
        const cases: [string, Uint8Array, Uint8Array?][] = [
          ['a flipped bit in R', Uint8Array.from(good).fill(good[3]! ^ 4, 3, 4)],
          ['a flipped bit in S', Uint8Array.from(good).fill(good[size + 3]! ^ 4, size + 3, size + 4)],
          ['a different message', good, concatBytes(message, Uint8Array.of(1))],
          // RFC 8032 5.1.7 / 5.2.7: S must be below L; S + L is the same
          // scalar mod L, so a lax verifier would accept it (malleability).
          ['S + L (non-canonical S)', concatBytes(good.subarray(0, size), toLittleEndian(s + ORDER[name], size))],
          ['truncated', good.subarray(0, good.length - 1)],
          ['one byte too long', concatBytes(good, Uint8Array.of(0))],
          ['empty', new Uint8Array(0)],
          ['all zeros', new Uint8Array(2 * size)],
        ];
        for (const [what, signature, other] of cases) {
          let result: boolean | undefined;
          t.doesNotThrow(() => {
            result = pub.verify(other ?? message, signature);
          }, `${name}: ${what} does not throw`);
          t.equal(result, false, `${name}: ${what} fails`);
        }
        const otherKey = scheme.publicKey(scheme.privateKey(scheme.generate()).publicKey);
        t.notOk(otherKey.verify(message, good), `${name}: another key fails`);
      }
    });

    t.test('API misuse', async (t) => {
      for (const name of EDDSA_NAMES) {
        const scheme = schemes[name];
        t.throws(() => scheme.privateKey(new Uint8Array(KEY_LENGTH[name] + 1)), RangeError, `${name}: long seed`);
        t.throws(() => scheme.publicKey(new Uint8Array(KEY_LENGTH[name] - 1)), RangeError, `${name}: short public key`);
        t.throws(() => scheme.privateKey('seed' as unknown as Uint8Array), TypeError, `${name}: seed not bytes`);
      }
    });
  });
}
