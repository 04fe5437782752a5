/**
 * The TLS PRFs and HKDF on every provider: published vectors, plus an
 * independent computation with node:crypto (and node-forge's TLS 1.0
 * PRF) on random inputs.
 */
import t from 'tap';
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { providers } from './providers.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { prf, pHash, ssl3Prf } from '../../src/crypto/prf.js';
import { deriveSecret, hkdfExpand, hkdfExpandLabel, hkdfExtract } from '../../src/crypto/hkdf.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

const ascii = (s: string) => new TextEncoder().encode(s);

/** P_hash written directly over node:crypto, as an independent reference. */
function nodePHash(hash: string, secret: Uint8Array, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let a: Buffer = Buffer.from(seed);
  let have = 0;
  while (have < length) {
    a = createHmac(hash, secret).update(a).digest();
    const block = createHmac(hash, secret).update(a).update(seed).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

for (const named of providers()) {
  const p = named.provider as CryptoProvider;
  t.test(`${named.label}: TLS 1.2 PRF`, async (t) => {
    // IETF TLS list, msg03416 (also in the OASIS PKCS#11 archive).
    const out = prf(p, 'sha256', fromHex('9bbe436ba940f017b17652849a71db35'), 'test label', fromHex('a0ba9f936cda311827a6f796ffd5198c'), 100);
    t.equal(
      toHex(out),
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66',
    );
    for (const hash of ['sha256', 'sha384'] as const) {
      for (const length of [0, 1, 31, 32, 33, 48, 104, 200]) {
        const secret = randomBytes(48);
        const seed = randomBytes(64);
        const expected = nodePHash(hash, secret, Buffer.concat([Buffer.from('key expansion'), seed]), length);
        t.equal(toHex(prf(p, hash, secret, 'key expansion', seed, length)), expected.toString('hex'), `${hash} length ${length}`);
      }
    }
  });

  t.test(`${named.label}: TLS 1.0/1.1 PRF`, async (t) => {
    // "secret", "label", "seed" -> 20 bytes, a published worked example.
    t.equal(toHex(prf(p, 'md5sha1', ascii('secret'), 'label', ascii('seed'), 20)), 'b5baf4722b91851a8816d22ebd8c1d8cc2e94d55');
    // node-forge's own TLS 1.0 PRF, including odd secret lengths (overlapping halves).
    for (const secretLength of [47, 48, 1, 0]) {
      const secret = randomBytes(secretLength);
      const seed = randomBytes(64);
      const theirs = forge.util.bytesToHex(
        (forge as unknown as { tls: { prf_tls1: (s: string, l: string, seed: string, n: number) => forge.util.ByteStringBuffer } }).tls
          .prf_tls1(secret.toString('binary'), 'master secret', seed.toString('binary'), 48)
          .getBytes(),
      );
      t.equal(toHex(prf(p, 'md5sha1', secret, 'master secret', seed, 48)), theirs, `secret of ${secretLength} bytes`);
    }
  });

  t.test(`${named.label}: SSLv3 derivation`, async (t) => {
    const secret = randomBytes(48);
    const seed = randomBytes(64);
    const expected: Buffer[] = [];
    for (let i = 0; i < 7; i++) {
      const salt = Buffer.alloc(i + 1, 0x41 + i);
      const inner = createHash('sha1').update(salt).update(secret).update(seed).digest();
      expected.push(createHash('md5').update(secret).update(inner).digest());
    }
    const all = Buffer.concat(expected);
    t.equal(toHex(ssl3Prf(p, secret, seed, 104)), all.subarray(0, 104).toString('hex'));
    t.equal(toHex(prf(p, 'ssl3', secret, 'ignored', seed, 48)), all.subarray(0, 48).toString('hex'));
    t.throws(() => ssl3Prf(p, secret, seed, 417), RangeError);
  });

  t.test(`${named.label}: HKDF (RFC 5869)`, async (t) => {
    // RFC 5869 A.1
    const prk = hkdfExtract(p, 'sha256', fromHex('000102030405060708090a0b0c'), new Uint8Array(22).fill(0x0b));
    t.equal(toHex(prk), '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    t.equal(
      toHex(hkdfExpand(p, 'sha256', prk, fromHex('f0f1f2f3f4f5f6f7f8f9'), 42)),
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
    // RFC 5869 A.3: empty salt and info
    const prk3 = hkdfExtract(p, 'sha256', new Uint8Array(0), new Uint8Array(22).fill(0x0b));
    t.equal(toHex(prk3), '19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04');
    t.equal(
      toHex(hkdfExpand(p, 'sha256', prk3, new Uint8Array(0), 42)),
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
    for (const hash of ['sha1', 'sha256', 'sha384', 'sha512'] as const) {
      for (const length of [0, 1, 32, 100]) {
        const ikm = randomBytes(40);
        const salt = randomBytes(13);
        const info = randomBytes(9);
        const ours = hkdfExpand(p, hash, hkdfExtract(p, hash, salt, ikm), info, length);
        t.equal(toHex(ours), Buffer.from(hkdfSync(hash, ikm, salt, info, length)).toString('hex'), `${hash} L=${length}`);
      }
    }
    t.throws(() => hkdfExpand(p, 'sha256', prk, new Uint8Array(0), 255 * 32 + 1), RangeError);
  });

  t.test(`${named.label}: TLS 1.3 HKDF-Expand-Label (RFC 8448 section 3)`, async (t) => {
    // Early secret with no PSK, then Derive-Secret(., "derived", "").
    const early = hkdfExtract(p, 'sha256', new Uint8Array(0), new Uint8Array(32));
    t.equal(toHex(early), '33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a');
    const emptyHash = p.hashes.sha256.digest(new Uint8Array(0));
    t.equal(toHex(deriveSecret(p, 'sha256', early, 'derived', emptyHash)), '6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba');
    t.throws(() => hkdfExpandLabel(p, 'sha256', early, 'x'.repeat(250), new Uint8Array(0), 32), RangeError);
  });

  t.test(`${named.label}: P_hash argument checks`, async (t) => {
    t.throws(() => pHash(p, 'sha256', 'k' as unknown as Uint8Array, new Uint8Array(1), 1), /secret must be a Uint8Array/);
    t.throws(() => prf(p, 'sha256', new Uint8Array(1), 'l', new Uint8Array(1), -1), RangeError);
    t.throws(() => prf(p, 'sha1' as 'sha256', new Uint8Array(1), 'l', new Uint8Array(1), 1), /algorithm must be/);
  });
}
