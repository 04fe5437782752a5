/**
 * AEADs on every provider: NIST GCM (McGrew-Viega test cases), RFC 8439
 * 2.8.2 and NIST SP 800-38C known answers; cross-checks against
 * node:crypto (an independent implementation, CCM included); the `out`
 * parameter with and without aliasing; forgeries rejected; argument checks.
 */
import t from 'tap';
import { createCipheriv, randomBytes, type CipherCCMTypes, type CipherGCMTypes, type CipherChaCha20Poly1305Types } from 'node:crypto';
import { providers, algorithm, type NamedProvider } from './providers.js';
import { AEAD_NAMES, type Aead, type AeadAlgorithm, type AeadName } from '../../src/crypto/provider.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

/** node:crypto's name and tag length for each AEAD. */
const NODE: Record<AeadName, [string, number, number]> = {
  aes128gcm: ['aes-128-gcm', 16, 16],
  aes256gcm: ['aes-256-gcm', 32, 16],
  'chacha20-poly1305': ['chacha20-poly1305', 32, 16],
  'chacha20-poly1305_draft00': ['chacha20-poly1305', 32, 16],
  aes128ccm: ['aes-128-ccm', 16, 16],
  aes256ccm: ['aes-256-ccm', 32, 16],
  aes128ccm_8: ['aes-128-ccm', 16, 8],
  aes256ccm_8: ['aes-256-ccm', 32, 8],
};

function nodeSeal(name: AeadName, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): string {
  const [cipherName, , tagLength] = NODE[name];
  if (cipherName.endsWith('ccm')) {
    const c = createCipheriv(cipherName as CipherCCMTypes, key, nonce, { authTagLength: tagLength });
    // node:crypto's CCM quirks: an empty setAAD() with an empty plaintext
    // fails ("tag not set"), and so does update() with the empty Buffer
    // randomBytes(0) returns; an empty AAD needs no call, and a fresh copy
    // of the plaintext is always accepted.
    if (aad.length > 0) c.setAAD(aad, { plaintextLength: plaintext.length });
    const body = Buffer.concat([c.update(Buffer.from(plaintext)), c.final()]);
    return toHex(Buffer.concat([body, c.getAuthTag()]));
  }
  const c = cipherName.endsWith('gcm')
    ? createCipheriv(cipherName as CipherGCMTypes, key, nonce)
    : createCipheriv(cipherName as CipherChaCha20Poly1305Types, key, nonce, { authTagLength: 16 });
  c.setAAD(aad);
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return toHex(Buffer.concat([body, c.getAuthTag()]));
}

interface Vector {
  source: string;
  key: string;
  nonce: string;
  aad: string;
  plaintext: string;
  /** ciphertext || tag */
  sealed: string;
}

const GCM_P =
  'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255';
const GCM_K = 'feffe9928665731c6d6a8f9467308308';
const GCM_IV = 'cafebabefacedbaddecaf888';
const GCM_A = 'feedfacedeadbeeffeedfacedeadbeefabaddad2';

/** McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", test cases 1-4 and 13-16. */
const GCM_VECTORS: Partial<Record<AeadName, Vector[]>> = {
  aes128gcm: [
    { source: 'GCM test case 1', key: '00'.repeat(16), nonce: '00'.repeat(12), aad: '', plaintext: '', sealed: '58e2fccefa7e3061367f1d57a4e7455a' },
    {
      source: 'GCM test case 2',
      key: '00'.repeat(16),
      nonce: '00'.repeat(12),
      aad: '',
      plaintext: '00'.repeat(16),
      sealed: '0388dace60b6a392f328c2b971b2fe78' + 'ab6e47d42cec13bdf53a67b21257bddf',
    },
    {
      source: 'GCM test case 3',
      key: GCM_K,
      nonce: GCM_IV,
      aad: '',
      plaintext: GCM_P,
      sealed:
        '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985' +
        '4d5c2af327cd64a62cf35abd2ba6fab4',
    },
    {
      source: 'GCM test case 4',
      key: GCM_K,
      nonce: GCM_IV,
      aad: GCM_A,
      plaintext: GCM_P.slice(0, 120),
      sealed:
        '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' +
        '5bc94fbc3221a5db94fae95ae7121a47',
    },
  ],
  aes256gcm: [
    { source: 'GCM test case 13', key: '00'.repeat(32), nonce: '00'.repeat(12), aad: '', plaintext: '', sealed: '530f8afbc74536b9a963b4f1c4cb738b' },
    {
      source: 'GCM test case 14',
      key: '00'.repeat(32),
      nonce: '00'.repeat(12),
      aad: '',
      plaintext: '00'.repeat(16),
      sealed: 'cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919',
    },
    {
      source: 'GCM test case 15',
      key: GCM_K + GCM_K,
      nonce: GCM_IV,
      aad: '',
      plaintext: GCM_P,
      sealed:
        '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad' +
        'b094dac5d93471bdec1a502270e3cc6c',
    },
    {
      source: 'GCM test case 16',
      key: GCM_K + GCM_K,
      nonce: GCM_IV,
      aad: GCM_A,
      plaintext: GCM_P.slice(0, 120),
      sealed:
        '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' +
        '76fc6ece0f4e1768cddf8853bb2d551b',
    },
  ],
};

/** RFC 8439 section 2.8.2. */
const RFC8439: Vector = {
  source: 'RFC 8439 2.8.2',
  key: '808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f',
  nonce: '070000004041424344454647',
  aad: '50515253c0c1c2c3c4c5c6c7',
  plaintext: toHex(
    new TextEncoder().encode(
      "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
    ),
  ),
  sealed:
    'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b' +
    '1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc' +
    '3ff4def08e4b7a9de576d26586cec64b6116' +
    '1ae10b594f09e26a7e902ecbd0600691',
};

/** NIST SP 800-38C appendix C, example 3: 12-byte nonce, 8-byte tag (so AES-128-CCM_8 as TLS uses it). */
const CCM_EXAMPLE_3: Vector = {
  source: 'SP 800-38C example 3',
  key: '404142434445464748494a4b4c4d4e4f',
  nonce: '101112131415161718191a1b',
  aad: '000102030405060708090a0b0c0d0e0f10111213',
  plaintext: '202122232425262728292a2b2c2d2e2f3031323334353637',
  sealed: 'e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5' + '484392fbc1b09951',
};

const VECTORS: Record<AeadName, Vector[]> = {
  aes128gcm: GCM_VECTORS.aes128gcm!,
  aes256gcm: GCM_VECTORS.aes256gcm!,
  'chacha20-poly1305': [RFC8439],
  // The same AEAD: only the record layer's nonce construction differs.
  'chacha20-poly1305_draft00': [RFC8439],
  aes128ccm: [],
  aes256ccm: [],
  aes128ccm_8: [CCM_EXAMPLE_3],
  aes256ccm_8: [],
};

const LENGTHS = [0, 1, 15, 16, 17, 256, 16385];

function aeadOf(p: NamedProvider, name: AeadName): AeadAlgorithm {
  return algorithm<AeadAlgorithm>(p, 'aeads', name)!;
}

/** A view of `length` bytes at an odd offset, to catch alignment assumptions. */
function unaligned(bytes: Uint8Array): Uint8Array {
  const backing = new Uint8Array(bytes.length + 3);
  const view = backing.subarray(1, 1 + bytes.length);
  view.set(bytes);
  return view;
}

function flip(bytes: Uint8Array, index: number): Uint8Array {
  const copy = new Uint8Array(bytes); // a copy: Buffer#slice would share memory
  copy[index]! ^= 0x01;
  return copy;
}

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    for (const name of AEAD_NAMES) {
      t.test(name, async (t) => {
        const alg = aeadOf(p, name);
        const [, keyLength, tagLength] = NODE[name];
        t.equal(alg.name, name, 'name');
        if (p.label !== 'default') t.equal(alg.implementation, p.label, 'implementation');
        t.same([alg.keyLength, alg.nonceLength, alg.tagLength], [keyLength, 12, tagLength], 'key, nonce and tag lengths');

        for (const v of VECTORS[name]) {
          const aead = alg.key(fromHex(v.key));
          const sealed = aead.seal(fromHex(v.nonce), fromHex(v.aad), fromHex(v.plaintext));
          t.equal(toHex(sealed), v.sealed, `${v.source}: seal`);
          const opened = aead.open(fromHex(v.nonce), fromHex(v.aad), fromHex(v.sealed));
          t.equal(opened && toHex(opened), v.plaintext, `${v.source}: open`);
          t.equal(nodeSeal(name, fromHex(v.key), fromHex(v.nonce), fromHex(v.aad), fromHex(v.plaintext)), v.sealed, `${v.source}: node:crypto agrees`);
        }

        for (const length of LENGTHS) {
          for (const aadLength of [0, 13, 1 + Math.floor(Math.random() * 300)]) {
            const key = randomBytes(keyLength);
            const nonce = randomBytes(12);
            const aad = randomBytes(aadLength);
            const plaintext = randomBytes(length);
            const aead = alg.key(key);
            const want = nodeSeal(name, key, nonce, aad, plaintext);
            const sealed = aead.seal(nonce, aad, plaintext);
            t.equal(toHex(sealed), want, `seal ${length} bytes, ${aadLength}-byte aad: matches node:crypto`);
            const opened = aead.open(nonce, aad, sealed);
            t.ok(opened !== null && toHex(opened) === toHex(plaintext), `open ${length} bytes`);
            // Unaligned views (a Buffer slice can start anywhere).
            const viaViews = aead.seal(unaligned(nonce), unaligned(aad), unaligned(plaintext));
            t.equal(toHex(viaViews), want, 'seal from unaligned views');
            const openedViews = aead.open(unaligned(nonce), unaligned(aad), unaligned(sealed), unaligned(new Uint8Array(length)));
            t.equal(openedViews && toHex(openedViews), toHex(plaintext), 'open from and into unaligned views');
          }
        }

        t.test('the out parameter', async (t) => {
          const aead = alg.key(randomBytes(keyLength));
          const nonce = randomBytes(12);
          const aad = randomBytes(13);
          const plaintext = randomBytes(100);
          const want = toHex(aead.seal(nonce, aad, plaintext));

          const out = new Uint8Array(100 + tagLength);
          const sealed = aead.seal(nonce, aad, plaintext, out);
          t.equal(toHex(out), want, 'seal writes into out');
          t.equal(toHex(sealed), want, 'and returns the result');

          const inPlace = new Uint8Array(100 + tagLength);
          inPlace.set(plaintext);
          aead.seal(nonce, aad, inPlace.subarray(0, 100), inPlace);
          t.equal(toHex(inPlace), want, 'seal in place (out aliases plaintext)');

          const plainOut = new Uint8Array(100);
          const opened = aead.open(nonce, aad, out, plainOut);
          t.equal(toHex(plainOut), toHex(plaintext), 'open writes into out');
          t.equal(opened && toHex(opened), toHex(plaintext), 'and returns the result');

          aead.open(nonce, aad, inPlace, inPlace.subarray(0, 100));
          t.equal(toHex(inPlace.subarray(0, 100)), toHex(plaintext), 'open in place (out aliases sealed)');

          const refused = new Uint8Array(100);
          t.equal(aead.open(nonce, aad, flip(out, 0), refused), null, 'a forgery with out is refused');
          t.not(toHex(refused), toHex(plaintext), 'and no plaintext reaches out');

          t.throws(() => aead.seal(nonce, aad, plaintext, new Uint8Array(100)), RangeError, 'seal: out too short');
          t.throws(() => aead.seal(nonce, aad, plaintext, new Uint8Array(100)), /out/, 'the error names out');
          t.throws(() => aead.open(nonce, aad, out, new Uint8Array(101)), RangeError, 'open: out the wrong length');
        });

        t.test('the key is captured when bound', async (t) => {
          const key = randomBytes(keyLength); // a Buffer: its slice() would share memory
          const nonce = randomBytes(12);
          const plaintext = randomBytes(20);
          const want = nodeSeal(name, key, nonce, new Uint8Array(0), plaintext);
          const aead = alg.key(key);
          key.fill(0);
          t.equal(toHex(aead.seal(nonce, new Uint8Array(0), plaintext)), want);
        });

        t.test('forgeries are refused', async (t) => {
          const aead = alg.key(randomBytes(keyLength));
          const nonce = randomBytes(12);
          const aad = randomBytes(13);
          const plaintext = randomBytes(33);
          const sealed = aead.seal(nonce, aad, plaintext);
          t.not(aead.open(nonce, aad, sealed), null, 'the genuine record opens');
          t.equal(aead.open(nonce, aad, flip(sealed, sealed.length - 1)), null, 'flipped tag bit');
          t.equal(aead.open(nonce, aad, flip(sealed, sealed.length - tagLength)), null, 'flipped first tag bit');
          t.equal(aead.open(nonce, aad, flip(sealed, 0)), null, 'flipped ciphertext bit');
          t.equal(aead.open(nonce, aad, flip(sealed, 32)), null, 'flipped last ciphertext bit');
          t.equal(aead.open(nonce, flip(aad, 5), sealed), null, 'flipped AAD bit');
          t.equal(aead.open(nonce, aad.subarray(1), sealed), null, 'shorter AAD');
          t.equal(aead.open(nonce, new Uint8Array(0), sealed), null, 'missing AAD');
          t.equal(aead.open(flip(nonce, 11), aad, sealed), null, 'flipped nonce bit');
          t.equal(aead.open(nonce, aad, sealed.subarray(0, sealed.length - 1)), null, 'truncated record');
          t.equal(aead.open(nonce, aad, sealed.subarray(1)), null, 'record missing its first byte');
          t.equal(aead.open(nonce, aad, sealed.subarray(0, tagLength - 1)), null, 'shorter than a tag');
          t.equal(aead.open(nonce, aad, new Uint8Array(0)), null, 'empty record');
          t.equal(alg.key(randomBytes(keyLength)).open(nonce, aad, sealed), null, 'wrong key');
          const empty = aead.seal(nonce, aad, new Uint8Array(0));
          t.equal(empty.length, tagLength, 'an empty plaintext seals to a bare tag');
          t.equal(aead.open(nonce, aad, flip(empty, 0)), null, 'a forged bare tag');
        });

        t.test('argument checks', async (t) => {
          const key = randomBytes(keyLength);
          const aead = alg.key(key);
          const nonce = randomBytes(12);
          const aad = new Uint8Array(13);
          const pt = new Uint8Array(10);
          t.throws(() => alg.key(randomBytes(keyLength - 1)), { name: 'RangeError', message: /key/ }, 'short key');
          t.throws(() => alg.key(randomBytes(keyLength + 8)), { name: 'RangeError', message: /key/ }, 'long key');
          t.throws(() => alg.key(Array.from(key) as unknown as Uint8Array), { name: 'TypeError', message: /key/ }, 'key as an array');
          t.throws(() => aead.seal(randomBytes(8), aad, pt), { name: 'RangeError', message: /nonce/ }, 'seal: 8-byte nonce');
          t.throws(() => aead.seal(randomBytes(16), aad, pt), { name: 'RangeError', message: /nonce/ }, 'seal: 16-byte nonce');
          t.throws(() => aead.open(randomBytes(13), aad, pt), { name: 'RangeError', message: /nonce/ }, 'open: 13-byte nonce');
          t.throws(() => aead.seal('nonce' as unknown as Uint8Array, aad, pt), { name: 'TypeError', message: /nonce/ }, 'nonce as a string');
          t.throws(() => aead.seal(nonce, 'aad' as unknown as Uint8Array, pt), { name: 'TypeError', message: /aad/ }, 'aad as a string');
          t.throws(() => aead.open(nonce, null as unknown as Uint8Array, pt), { name: 'TypeError', message: /aad/ }, 'open: aad null');
          t.throws(() => aead.seal(nonce, aad, [1, 2] as unknown as Uint8Array), { name: 'TypeError', message: /plaintext/ }, 'plaintext as an array');
          t.throws(() => aead.open(nonce, aad, 'x' as unknown as Uint8Array), { name: 'TypeError', message: /sealed/ }, 'sealed as a string');
          t.equal((aead as Aead).open(nonce, aad, aead.seal(nonce, aad, pt))?.length, 10, 'valid arguments still work');
        });

        if (p.label === 'pure' && name.includes('ccm')) {
          t.test('CCM with a 12-byte nonce has a 3-byte length field (RFC 6655)', async (t) => {
            const aead = alg.key(randomBytes(keyLength));
            t.throws(() => aead.seal(randomBytes(12), new Uint8Array(0), new Uint8Array(2 ** 24)), { name: 'RangeError', message: /plaintext/ });
          });
        }
      });
    }
  });
}
