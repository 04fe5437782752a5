/**
 * CBC ciphers on every provider: NIST SP 800-38A F.2 (AES) and FIPS 81 /
 * classic DES known answers, cross-checks against node:crypto, the IV
 * chaining across update() calls that TLS 1.0 and SSLv3 rely on, the
 * `out` parameter, and argument checks.
 */
import t from 'tap';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { providers, algorithm, type NamedProvider } from './providers.js';
import { BLOCK_CIPHER_NAMES, type BlockCipherAlgorithm, type BlockCipherName } from '../../src/crypto/provider.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

/** node:crypto name, key length, block length. */
const NODE: Record<BlockCipherName, [string, number, number]> = {
  aes128: ['aes-128-cbc', 16, 16],
  aes256: ['aes-256-cbc', 32, 16],
  '3des': ['des-ede3-cbc', 24, 8],
};

function nodeCbc(name: BlockCipherName, encrypt: boolean, key: Uint8Array, iv: Uint8Array, data: Uint8Array): string {
  const [cipher] = NODE[name];
  const c = encrypt ? createCipheriv(cipher, key, iv) : createDecipheriv(cipher, key, iv);
  c.setAutoPadding(false);
  return toHex(Buffer.concat([c.update(data), c.final()]));
}

interface Vector {
  source: string;
  key: string;
  iv: string;
  plaintext: string;
  ciphertext: string;
}

const F2_IV = '000102030405060708090a0b0c0d0e0f';
const F2_PLAINTEXT =
  '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710';

const VECTORS: Record<BlockCipherName, Vector[]> = {
  aes128: [
    {
      source: 'SP 800-38A F.2.1/F.2.2 CBC-AES128',
      key: '2b7e151628aed2a6abf7158809cf4f3c',
      iv: F2_IV,
      plaintext: F2_PLAINTEXT,
      ciphertext:
        '7649abac8119b246cee98e9b12e9197d5086cb9b507219ee95db113a917678b273bed6b8e3c1743b7116e69e222295163ff1caa1681fac09120eca307586e1a7',
    },
  ],
  aes256: [
    {
      source: 'SP 800-38A F.2.5/F.2.6 CBC-AES256',
      key: '603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4',
      iv: F2_IV,
      plaintext: F2_PLAINTEXT,
      ciphertext:
        'f58c4c04d6e5f1ba779eabfb5f7bfbd69cfc4e967edb808d679f777bc6702c7d39f23369a9d9bacfa530e26304231461b2eb05e2c39be9fcda6c19078c6a9d1b',
    },
  ],
  // 3DES with K1 = K2 = K3 is single DES, so single-DES answers apply.
  '3des': [
    {
      source: 'FIPS 81 appendix C (DES-CBC, "Now is the time for all ")',
      key: '0123456789abcdef'.repeat(3),
      iv: '1234567890abcdef',
      plaintext: toHex(new TextEncoder().encode('Now is the time for all ')),
      ciphertext: 'e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6',
    },
    {
      source: 'DES single block, key 133457799bbcdff1 (FIPS 46 worked example), zero IV',
      key: '133457799bbcdff1'.repeat(3),
      iv: '0000000000000000',
      plaintext: '0123456789abcdef',
      ciphertext: '85e813540f0ab405',
    },
  ],
};

function cipherOf(p: NamedProvider, name: BlockCipherName): BlockCipherAlgorithm {
  return algorithm<BlockCipherAlgorithm>(p, 'blockCiphers', name)!;
}

/** Splits `data` into whole-block pieces of random sizes (some empty). */
function blockPieces(data: Uint8Array, block: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let off = 0;
  while (off < data.length) {
    const blocks = Math.floor(Math.random() * 4);
    const end = Math.min(data.length, off + blocks * block);
    pieces.push(data.subarray(off, end));
    off = end;
  }
  return pieces;
}

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    for (const name of BLOCK_CIPHER_NAMES) {
      t.test(name, async (t) => {
        const alg = cipherOf(p, name);
        const [, keyLength, block] = NODE[name];
        t.equal(alg.name, name, 'name');
        if (p.label !== 'default') t.equal(alg.implementation, p.label, 'implementation');
        t.same([alg.keyLength, alg.blockLength, alg.ivLength], [keyLength, block, block], 'key, block and IV lengths');

        for (const v of VECTORS[name]) {
          const enc = alg.encryptor(fromHex(v.key), fromHex(v.iv)).update(fromHex(v.plaintext));
          t.equal(toHex(enc), v.ciphertext, `${v.source}: encrypt`);
          const dec = alg.decryptor(fromHex(v.key), fromHex(v.iv)).update(fromHex(v.ciphertext));
          t.equal(toHex(dec), v.plaintext, `${v.source}: decrypt`);
          t.equal(nodeCbc(name, true, fromHex(v.key), fromHex(v.iv), fromHex(v.plaintext)), v.ciphertext, `${v.source}: node:crypto agrees`);
        }

        for (const blocks of [0, 1, 2, 16, 1024, 1025]) {
          const key = randomBytes(keyLength);
          const iv = randomBytes(block);
          const data = randomBytes(blocks * block);
          const want = nodeCbc(name, true, key, iv, data);
          t.equal(toHex(alg.encryptor(key, iv).update(data)), want, `encrypt ${data.length} bytes: matches node:crypto`);
          t.equal(toHex(alg.decryptor(key, iv).update(fromHex(want))), toHex(data), `decrypt ${data.length} bytes`);
          t.equal(
            toHex(alg.decryptor(key, iv).update(data)),
            nodeCbc(name, false, key, iv, data),
            `decrypt ${data.length} random bytes: matches node:crypto`,
          );

          // Chaining: any whole-block split gives the one-shot answer.
          const encryptor = alg.encryptor(key, iv);
          const chained = blockPieces(data, block).map((piece) => toHex(encryptor.update(piece)));
          t.equal(chained.join(''), want, `encrypt in ${chained.length} calls chains the IV`);
          const decryptor = alg.decryptor(key, iv);
          const ciphertext = fromHex(want);
          const back = blockPieces(ciphertext, block).map((piece) => toHex(decryptor.update(piece)));
          t.equal(back.join(''), toHex(data), `decrypt in ${back.length} calls chains the IV`);
        }

        t.test('TLS 1.0 record chaining: the next IV is the last ciphertext block', async (t) => {
          const key = randomBytes(keyLength);
          const iv = randomBytes(block);
          const first = randomBytes(3 * block);
          const second = randomBytes(2 * block);
          const encryptor = alg.encryptor(key, iv);
          const c1 = encryptor.update(first);
          const c2 = encryptor.update(second);
          t.equal(toHex(c2), nodeCbc(name, true, key, c1.subarray(c1.length - block), second), 'second record under the chained IV');
          const decryptor = alg.decryptor(key, iv);
          t.equal(toHex(decryptor.update(c1)), toHex(first));
          t.equal(toHex(decryptor.update(c2)), toHex(second));
          t.equal(toHex(alg.decryptor(key, iv).update(c2)) === toHex(second), false, 'without chaining the second record differs');
        });

        t.test('the out parameter', async (t) => {
          const key = randomBytes(keyLength);
          const iv = randomBytes(block);
          const data = randomBytes(8 * block);
          const want = nodeCbc(name, true, key, iv, data);
          const out = new Uint8Array(data.length);
          const result = alg.encryptor(key, iv).update(data, out);
          t.equal(toHex(out), want, 'encrypt into out');
          t.equal(toHex(result), want, 'and return it');
          const inPlace = new Uint8Array(data); // a copy: Buffer#slice would share memory
          alg.encryptor(key, iv).update(inPlace, inPlace);
          t.equal(toHex(inPlace), want, 'encrypt in place');
          alg.decryptor(key, iv).update(inPlace, inPlace);
          t.equal(toHex(inPlace), toHex(data), 'decrypt in place');
          // Unaligned views.
          const backing = new Uint8Array(data.length + 1);
          const view = backing.subarray(1);
          view.set(data);
          alg.encryptor(key, iv).update(view, view);
          t.equal(toHex(view), want, 'encrypt in place at an odd offset');
          t.throws(() => alg.encryptor(key, iv).update(data, new Uint8Array(data.length - block)), { name: 'RangeError', message: /out/ });
        });

        t.test('argument checks', async (t) => {
          const key = randomBytes(keyLength);
          const iv = randomBytes(block);
          const enc = alg.encryptor(key, iv);
          const dec = alg.decryptor(key, iv);
          for (const length of [1, block - 1, block + 1, 2 * block + 3]) {
            t.throws(() => enc.update(new Uint8Array(length)), RangeError, `encrypt ${length} bytes: not whole blocks`);
            t.throws(() => dec.update(new Uint8Array(length)), RangeError, `decrypt ${length} bytes: not whole blocks`);
          }
          t.throws(() => alg.encryptor(randomBytes(keyLength - 1), iv), { name: 'RangeError', message: /key/ }, 'short key');
          t.throws(() => alg.decryptor(randomBytes(keyLength + 1), iv), { name: 'RangeError', message: /key/ }, 'long key');
          t.throws(() => alg.encryptor(key, randomBytes(block - 1)), { name: 'RangeError', message: /iv/ }, 'short IV');
          t.throws(() => alg.decryptor(key, randomBytes(block * 2)), { name: 'RangeError', message: /iv/ }, 'long IV');
          t.throws(() => alg.encryptor('k' as unknown as Uint8Array, iv), { name: 'TypeError', message: /key/ }, 'key as a string');
          t.throws(() => alg.encryptor(key, [0] as unknown as Uint8Array), { name: 'TypeError', message: /iv/ }, 'IV as an array');
          t.throws(() => enc.update('x'.repeat(block) as unknown as Uint8Array), { name: 'TypeError', message: /data/ }, 'data as a string');
          // A failed call must not disturb the chain.
          const data = randomBytes(2 * block);
          t.equal(toHex(enc.update(data)), nodeCbc(name, true, key, iv, data), 'the cipher still works after rejected calls');
        });

        t.test('the IV is captured when the cipher is created', async (t) => {
          const key = randomBytes(keyLength);
          const iv = randomBytes(block);
          const data = randomBytes(block);
          const want = nodeCbc(name, true, key, iv, data);
          const enc = alg.encryptor(key, iv);
          iv.fill(0);
          key.fill(0);
          t.equal(toHex(enc.update(data)), want);
        });
      });
    }
  });
}
