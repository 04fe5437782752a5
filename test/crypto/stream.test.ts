/**
 * Stream ciphers on every provider: RC4 against RFC 6229's test vectors
 * and against the openssl command (node:crypto has no RC4 without
 * OpenSSL's legacy provider), keystream continuity across calls, the
 * `out` parameter; and the null cipher.
 */
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { providers, algorithm, type NamedProvider } from './providers.js';
import type { StreamCipherAlgorithm } from '../../src/crypto/provider.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

/**
 * RFC 6229 section 2: the keystream (RC4 of zeros) at the listed
 * offsets, for the 40-bit key 0102030405 and the 128-bit key
 * 0102...10.
 */
const RFC6229: { key: string; stream: [number, string][] }[] = [
  {
    key: '0102030405',
    stream: [
      [0x0000, 'b2396305f03dc027ccc3524a0a1118a8'],
      [0x0010, '6982944f18fc82d589c403a47a0d0919'],
      [0x00f0, '28cb1132c96ce286421dcaadb8b69eae'],
      [0x0100, '1cfcf62b03eddb641d77dfcf7f8d8c93'],
      [0x01f0, '42b7d0cdd918a8a33dd51781c81f4041'],
      [0x0200, '6459844432a7da923cfb3eb4980661f6'],
      [0x02f0, 'ec10327bde2beefd18f9277680457e22'],
      [0x0300, 'eb62638d4f0ba1fe9fca20e05bf8ff2b'],
      [0x03f0, '45129048e6a0ed0b56b490338f078da5'],
      [0x0400, '30abbcc7c20b01609f23ee2d5f6bb7df'],
      [0x05f0, '3294f744d8f9790507e70f62e5bbceea'],
      [0x0600, 'd8729db41882259bee4f825325f5a130'],
      [0x07f0, '1eb14a0c13b3bf47fa2a0ba93ad45b8b'],
      [0x0800, 'cc582f8ba9f265e2b1be9112e975d2d7'],
      [0x0bf0, 'f2e30f9bd102ecbf75aaade9bc35c43c'],
      [0x0c00, 'ec0e11c479dc329dc8da7968fe965681'],
      [0x0ff0, '068326a2118416d21f9d04b2cd1ca050'],
      [0x1000, 'ff25b58995996707e51fbdf08b34d875'],
    ],
  },
  {
    key: '0102030405060708090a0b0c0d0e0f10',
    stream: [
      [0x0000, '9ac7cc9a609d1ef7b2932899cde41b97'],
      [0x0010, '5248c4959014126a6e8a84f11d1a9e1c'],
      [0x00f0, '065902e4b620f6cc36c8589f66432f2b'],
      [0x0100, 'd39d566bc6bce3010768151549f3873f'],
      [0x01f0, 'b6d1e6c4a5e4771cad79538df295fb11'],
      [0x0200, 'c68c1d5c559a974123df1dbc52a43b89'],
      [0x02f0, 'c5ecf88de897fd57fed301701b82a259'],
      [0x0300, 'eccbe13de1fcc91c11a0b26c0bc8fa4d'],
      [0x03f0, 'e7a72574f8782ae26aabcf9ebcd66065'],
      [0x0400, 'bdf0324e6083dcc6d3cedd3ca8c53c16'],
      [0x05f0, 'b40110c4190b5622a96116b0017ed297'],
      [0x0600, 'ffa0b514647ec04f6306b892ae661181'],
      [0x07f0, 'd03d1bc03cd33d70dff9fa5d71963ebd'],
      [0x0800, '8a44126411eaa78bd51e8d87a8879bf5'],
      [0x0bf0, 'fabeb76028ade2d0e48722e46c4615a3'],
      [0x0c00, 'c05d88abd50357f935a63c59ee537623'],
      [0x0ff0, 'ff38265c1642c1abe8d3c2fe5e572bf8'],
      [0x1000, 'a36a4c301ae8ac13610ccbc12256cacc'],
    ],
  },
];

const LENGTHS = [0, 1, 15, 16, 17, 256, 16385];

/** RC4 by the openssl command with the legacy provider, or null if that is unavailable here. */
function opensslRc4(key: Uint8Array, data: Uint8Array): string | null {
  try {
    const out = execFileSync(
      'openssl',
      ['enc', '-rc4', '-K', toHex(key), '-nosalt', '-provider', 'legacy', '-provider', 'default'],
      { input: data, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    return toHex(out);
  } catch {
    return null;
  }
}
const OPENSSL_RC4 = opensslRc4(fromHex(RFC6229[1]!.key), new Uint8Array(16)) === RFC6229[1]!.stream[0]![1];

function streamOf(p: NamedProvider, name: 'rc4' | 'null'): StreamCipherAlgorithm {
  return algorithm<StreamCipherAlgorithm>(p, 'streamCiphers', name)!;
}

/** Splits `data` into pieces of random sizes (some empty). */
function pieces(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let off = 0;
  while (off < data.length) {
    const end = Math.min(data.length, off + Math.floor(Math.random() * 40));
    out.push(data.subarray(off, end));
    off = end;
  }
  return out;
}

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    t.test('rc4', async (t) => {
      const rc4 = streamOf(p, 'rc4');
      t.equal(rc4.name, 'rc4');
      if (p.label !== 'default') t.equal(rc4.implementation, p.label, 'implementation');
      t.equal(rc4.keyLength, 16);

      for (const v of RFC6229) {
        const keystream = rc4.key(fromHex(v.key)).update(new Uint8Array(0x1010));
        for (const [offset, want] of v.stream) {
          t.equal(toHex(keystream.subarray(offset, offset + 16)), want, `RFC 6229 key ${v.key} offset ${offset}`);
        }
        // The same keystream produced in odd-sized calls.
        const cipher = rc4.key(fromHex(v.key));
        const chunks = pieces(new Uint8Array(0x1010)).map((piece) => toHex(cipher.update(piece)));
        t.equal(chunks.join(''), toHex(keystream), `keystream continues across ${chunks.length} calls`);
      }

      t.test('against the openssl command', { skip: OPENSSL_RC4 ? false : 'openssl enc -rc4 with the legacy provider is unavailable' }, async (t) => {
        for (const length of LENGTHS) {
          const key = randomBytes(16);
          const data = randomBytes(length);
          const want = opensslRc4(key, data);
          t.equal(toHex(rc4.key(key).update(data)), want, `${length} bytes`);
          const cipher = rc4.key(key);
          t.equal(pieces(data).map((piece) => toHex(cipher.update(piece))).join(''), want, `${length} bytes in many calls`);
        }
      });

      t.test('decryption is encryption', async (t) => {
        const key = randomBytes(16);
        const data = randomBytes(1000);
        const ciphertext = rc4.key(key).update(data);
        t.equal(toHex(rc4.key(key).update(ciphertext)), toHex(data));
        t.not(toHex(ciphertext), toHex(data));
      });

      t.test('the out parameter', async (t) => {
        const key = randomBytes(16);
        const data = randomBytes(300);
        const want = toHex(rc4.key(key).update(data));
        const out = new Uint8Array(300);
        t.equal(toHex(rc4.key(key).update(data, out)), want, 'returns the result');
        t.equal(toHex(out), want, 'writes into out');
        const inPlace = new Uint8Array(data); // a copy: Buffer#slice would share memory
        rc4.key(key).update(inPlace, inPlace);
        t.equal(toHex(inPlace), want, 'in place');
        t.throws(() => rc4.key(key).update(data, new Uint8Array(299)), { name: 'RangeError', message: /out/ });
      });

      t.test('argument checks', async (t) => {
        t.throws(() => rc4.key(new Uint8Array(0)), { name: 'RangeError', message: /key/ }, 'empty key');
        t.throws(() => rc4.key(new Uint8Array(257)), { name: 'RangeError', message: /key/ }, '257-byte key');
        t.throws(() => rc4.key('key' as unknown as Uint8Array), { name: 'TypeError', message: /key/ }, 'key as a string');
        t.throws(() => rc4.key(randomBytes(16)).update([1] as unknown as Uint8Array), { name: 'TypeError', message: /data/ });
        t.equal(rc4.key(new Uint8Array(256)).update(new Uint8Array(4)).length, 4, 'a 256-byte key is accepted');
        t.equal(toHex(rc4.key(fromHex('0102030405')).update(new Uint8Array(16))), RFC6229[0]!.stream[0]![1], 'a 5-byte key is accepted');
      });
    });

    t.test('null', async (t) => {
      const cipher = streamOf(p, 'null');
      t.equal(cipher.name, 'null');
      if (p.label !== 'default') t.equal(cipher.implementation, p.label, 'implementation');
      t.equal(cipher.keyLength, 0);
      const state = cipher.key(new Uint8Array(0));
      for (const length of LENGTHS) {
        const data = randomBytes(length);
        t.equal(toHex(state.update(data)), toHex(data), `identity on ${length} bytes`);
      }
      const data = randomBytes(50);
      const out = new Uint8Array(50);
      t.equal(toHex(state.update(data, out)), toHex(data), 'returns the data');
      t.equal(toHex(out), toHex(data), 'and copies it into out');
      t.equal(toHex(state.update(data, data)), toHex(data), 'in place');
      t.throws(() => state.update(data, new Uint8Array(49)), { name: 'RangeError', message: /out/ });
      t.throws(() => state.update('x' as unknown as Uint8Array), { name: 'TypeError', message: /data/ });
      if (p.label === 'pure') {
        // Documented in null-cipher.ts: without out, the result is a copy.
        const result = state.update(data);
        t.not(result, data, 'a new array, not the input');
        result[0]! ^= 1;
        t.not(result[0], data[0], 'changing the result leaves the input alone');
      }
    });
  });
}
