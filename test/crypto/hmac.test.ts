/**
 * HMAC on every provider: RFC 2202 (MD5, SHA-1) and RFC 4231 (SHA-224 to
 * SHA-512) known answers, incremental and copy(), key reuse, cross-checks
 * against node:crypto, and argument checks.
 */
import t from 'tap';
import { createHmac, randomBytes } from 'node:crypto';
import { providers, algorithm, type NamedProvider } from './providers.js';
import { HASH_NAMES, type HashName, type HmacAlgorithm } from '../../src/crypto/provider.js';
import { toHex } from '../../src/crypto/bytes.js';

const text = (s: string) => new TextEncoder().encode(s);
const fill = (byte: number, length: number) => new Uint8Array(length).fill(byte);
const counting = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Case {
  key: Uint8Array;
  data: Uint8Array;
  /** Expected MAC; when shorter than the output, a truncated MAC (RFC 4231 4.6). */
  mac: Partial<Record<HashName, string>>;
}

const LARGER_KEY_TEXT = 'Test Using Larger Than Block-Size Key - Hash Key First';

/** RFC 2202 sections 2 (HMAC-MD5) and 3 (HMAC-SHA-1): test cases 1-7. */
const RFC2202: Case[] = [
  { key: fill(0x0b, 16), data: text('Hi There'), mac: { md5: '9294727a3638bb1c13f48ef8158bfc9d' } },
  { key: fill(0x0b, 20), data: text('Hi There'), mac: { sha1: 'b617318655057264e28bc0b6fb378c8ef146be00' } },
  {
    key: text('Jefe'),
    data: text('what do ya want for nothing?'),
    mac: { md5: '750c783e6ab0b503eaa86e310a5db738', sha1: 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79' },
  },
  { key: fill(0xaa, 16), data: fill(0xdd, 50), mac: { md5: '56be34521d144c88dbb8c733f0e8b3f6' } },
  { key: fill(0xaa, 20), data: fill(0xdd, 50), mac: { sha1: '125d7342b9ac11cd91a39af48aa17b4f63f175d3' } },
  {
    key: counting(1, 25),
    data: fill(0xcd, 50),
    mac: { md5: '697eaf0aca3a3aea3a75164746ffaa79', sha1: '4c9007f4026250c6bc8414f9bf50c86c2d7235da' },
  },
  { key: fill(0x0c, 16), data: text('Test With Truncation'), mac: { md5: '56461ef2342edc00f9bab995690efd4c' } },
  { key: fill(0x0c, 20), data: text('Test With Truncation'), mac: { sha1: '4c1a03424b55e07fe7f27be1d58bb9324a9a5a04' } },
  {
    key: fill(0xaa, 80),
    data: text(LARGER_KEY_TEXT),
    mac: { md5: '6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd', sha1: 'aa4ae5e15272d00e95705637ce8a3b55ed402112' },
  },
  {
    key: fill(0xaa, 80),
    data: text('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
    mac: { md5: '6f630fad67cda0ee1fb1f562db3aa53e', sha1: 'e8e99d0f45237d786d6bbaa7965c7808bbff1a91' },
  },
];

/** RFC 4231 section 4: test cases 1-7 (case 5 truncated to 128 bits; 6 and 7 use a 131-byte key). */
const RFC4231: Case[] = [
  {
    key: fill(0x0b, 20),
    data: text('Hi There'),
    mac: {
      sha224: '896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22',
      sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
      sha384: 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
      sha512:
        '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
    },
  },
  {
    key: text('Jefe'),
    data: text('what do ya want for nothing?'),
    mac: {
      sha224: 'a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44',
      sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      sha384: 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
      sha512:
        '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
    },
  },
  {
    key: fill(0xaa, 20),
    data: fill(0xdd, 50),
    mac: {
      sha224: '7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea',
      sha256: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe',
      sha384: '88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b2a5ab39dc13814b94e3ab6e101a34f27',
      sha512:
        'fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb',
    },
  },
  {
    key: counting(1, 25),
    data: fill(0xcd, 50),
    mac: {
      sha224: '6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a',
      sha256: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b',
      sha384: '3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e6801dd23c4a7d679ccf8a386c674cffb',
      sha512:
        'b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3dba91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd',
    },
  },
  {
    key: fill(0x0c, 20),
    data: text('Test With Truncation'),
    mac: {
      sha224: '0e2aea68a90c8d37c988bcdb9fca6fa8',
      sha256: 'a3b6167473100ee06e0c796c2955552b',
      sha384: '3abf34c3503b2a23a46efc619baef897',
      sha512: '415fad6271580a531d4179bc891d87a6',
    },
  },
  {
    key: fill(0xaa, 131),
    data: text(LARGER_KEY_TEXT),
    mac: {
      sha224: '95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e',
      sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
      sha384: '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
      sha512:
        '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
    },
  },
  {
    key: fill(0xaa, 131),
    data: text(
      'This is a test using a larger than block-size key and a larger than block-size data. ' +
        'The key needs to be hashed before being used by the HMAC algorithm.',
    ),
    mac: {
      sha224: '3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1',
      sha256: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
      sha384: '6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5a678cc31e799176d3860e6110c46523e',
      sha512:
        'e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58',
    },
  },
];

const OUTPUT: Record<HashName, number> = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };
const BLOCK: Record<HashName, number> = { md5: 64, sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };
const KEY_LENGTHS = [0, 1, 16, 20, 32, 64, 65, 128, 129, 200];
const DATA_LENGTHS = [0, 1, 15, 16, 17, 63, 64, 65, 256, 16385];

function hmacOf(p: NamedProvider, name: HashName): HmacAlgorithm {
  return algorithm<HmacAlgorithm>(p, 'hmacs', name)!;
}

function nodeMac(name: HashName, key: Uint8Array, data: Uint8Array): string {
  return createHmac(name, key).update(data).digest('hex');
}

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    for (const name of HASH_NAMES) {
      t.test(name, async (t) => {
        const h = hmacOf(p, name);
        t.equal(h.name, name, 'name');
        if (p.label !== 'default') t.equal(h.implementation, p.label, 'implementation');
        t.same([h.outputLength, h.blockLength], [OUTPUT[name], BLOCK[name]], 'output and block lengths');

        let vectors = 0;
        for (const c of [...RFC2202, ...RFC4231]) {
          const want = c.mac[name];
          if (want === undefined) continue;
          vectors++;
          const got = toHex(h.key(c.key).mac(c.data)).slice(0, want.length);
          t.equal(got, want, `RFC vector, ${c.key.length}-byte key, ${c.data.length}-byte data`);
        }
        t.ok(vectors >= 5, `${vectors} RFC vectors checked`);

        for (const keyLength of KEY_LENGTHS) {
          const key = randomBytes(keyLength);
          const bound = h.key(key);
          for (const dataLength of DATA_LENGTHS) {
            const data = randomBytes(dataLength);
            const want = nodeMac(name, key, data);
            t.equal(toHex(bound.mac(data)), want, `key ${keyLength}, data ${dataLength}: matches node:crypto`);
          }
          // The bound key serves many MACs: the state must reset between them.
          const data = randomBytes(100);
          const cut = 37;
          const want = nodeMac(name, key, data);
          t.equal(toHex(bound.mac(data.subarray(0, cut), data.subarray(cut))), want, 'mac(...parts) is the MAC of the concatenation');
          t.equal(toHex(bound.mac(data)), want, 'a second mac() with the same key agrees');
          const inc = bound.create().update(data.subarray(0, cut));
          t.equal(toHex(bound.mac(data)), want, 'mac() while an incremental MAC is in progress');
          const fork = inc.copy();
          inc.update(data.subarray(cut));
          fork.update(new Uint8Array([1, 2, 3]));
          t.equal(toHex(inc.digest()), want, 'incremental MAC');
          t.equal(
            toHex(fork.digest()),
            nodeMac(name, key, Buffer.concat([data.subarray(0, cut), Buffer.from([1, 2, 3])])),
            'a copy() continues independently',
          );
        }
        t.equal(toHex(h.key(new Uint8Array(0)).mac()), nodeMac(name, new Uint8Array(0), new Uint8Array(0)), 'empty key, no parts');

        // One-shot mac(key, ...parts): the RFC vectors, then keys that change
        // from call to call (the native side reuses one context per thread:
        // no call may see the previous call's key, an empty key included).
        for (const c of [...RFC2202, ...RFC4231]) {
          const want = c.mac[name];
          if (want !== undefined) t.equal(toHex(h.mac(c.key, c.data)).slice(0, want.length), want, `one-shot RFC vector, ${c.key.length}-byte key`);
        }
        for (const keyLength of [...KEY_LENGTHS, 0, 32, 0]) {
          const key = randomBytes(keyLength);
          const data = randomBytes(77);
          const want = nodeMac(name, key, data);
          t.equal(toHex(h.mac(key, data.subarray(0, 10), data.subarray(10))), want, `one-shot, key ${keyLength}, two parts`);
        }
        t.equal(toHex(h.mac(new Uint8Array(0))), nodeMac(name, new Uint8Array(0), new Uint8Array(0)), 'one-shot, empty key, no parts');
        t.throws(() => h.mac('key' as unknown as Uint8Array), TypeError, 'one-shot: a key that is not bytes');

        // snapshot(): the MAC so far, and the state carries on.
        {
          const key = randomBytes(40);
          const data = randomBytes(150);
          const inc = h.key(key).create().update(data.subarray(0, 70));
          t.equal(toHex(inc.snapshot()), nodeMac(name, key, data.subarray(0, 70)), 'snapshot() is the MAC so far');
          inc.update(data.subarray(70));
          t.equal(toHex(inc.digest()), nodeMac(name, key, data), 'and the state carried on');
        }

        // A key object must not be affected when the caller reuses the key buffer.
        const key = randomBytes(24);
        const bound = h.key(key);
        const want = nodeMac(name, key, text('abc'));
        key.fill(0);
        t.equal(toHex(bound.mac(text('abc'))), want, 'the key is captured when bound');

        const chained = h.key(key).create();
        t.equal(chained.update(text('x')), chained, 'update() returns this');

        t.throws(() => h.key('secret' as unknown as Uint8Array), TypeError, 'key() rejects a string');
        t.throws(() => h.key('secret' as unknown as Uint8Array), /key/, 'the error names the key');
        t.throws(() => h.key(key).mac([1, 2] as unknown as Uint8Array), TypeError, 'mac() rejects an array');
        t.throws(() => h.key(key).create().update(42 as unknown as Uint8Array), TypeError, 'update() rejects a number');
      });
    }
  });
}
