/**
 * ECDSA on P-256/384/521 over precomputed digests: RFC 6979 vectors,
 * node:crypto cross-checks both ways, high-S acceptance, and rejection of
 * tampered and malformed signatures, on every provider.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { providers, algorithm } from './providers.js';
import type { EcdsaAlgorithm, EcdsaCurveName } from '../../src/crypto/provider.js';
import { ECDSA_CURVE_NAMES } from '../../src/crypto/provider.js';
import { bigIntToBytes, concatBytes, fromHex, toHex } from '../../src/crypto/bytes.js';

interface VectorFile {
  curves: {
    curve: EcdsaCurveName;
    x: string;
    Ux: string;
    Uy: string;
    signatures: { hash: string; message: string; r: string; s: string }[];
  }[];
}
const VECTORS = JSON.parse(readFileSync(new URL('../vectors/rfc6979-ecdsa.json', import.meta.url), 'utf8')) as VectorFile;

const ORDER: Record<EcdsaCurveName, bigint> = {
  secp256r1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  secp521r1:
    0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};
const SCALAR_LENGTH: Record<EcdsaCurveName, number> = { secp256r1: 32, secp384r1: 48, secp521r1: 66 };
const JWK_CURVE: Record<EcdsaCurveName, string> = { secp256r1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

/** DER of an INTEGER holding a non-negative value (minimal, sign byte when needed). */
function derInteger(value: bigint): Uint8Array {
  let bytes = bigIntToBytes(value);
  if (bytes[0]! & 0x80) bytes = concatBytes(Uint8Array.of(0), bytes);
  return concatBytes(Uint8Array.of(0x02), derLength(bytes.length), bytes);
}
function derLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  if (length < 0x100) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}
/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } (RFC 3279 2.2.3). */
function derSignature(r: bigint, s: bigint): Uint8Array {
  const body = concatBytes(derInteger(r), derInteger(s));
  return concatBytes(Uint8Array.of(0x30), derLength(body.length), body);
}
/** r and s from a DER ECDSA-Sig-Value (test helper; node:crypto checks the DER too). */
function parseSignature(der: Uint8Array): { r: bigint; s: bigint } {
  let pos = der[1]! & 0x80 ? 2 + (der[1]! & 0x7f) : 2;
  const read = () => {
    const length = der[pos + 1]!;
    const value = der.subarray(pos + 2, pos + 2 + length);
    pos += 2 + length;
    return BigInt('0x' + (toHex(value) || '0'));
  };
  const r = read();
  const s = read();
  return { r, s };
}

function b64u(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/** node:crypto private and public KeyObjects for a raw scalar and point. */
function nodeKeys(curve: EcdsaCurveName, scalar: Uint8Array, point: Uint8Array) {
  const size = SCALAR_LENGTH[curve];
  const jwk = { kty: 'EC', crv: JWK_CURVE[curve], x: b64u(point.subarray(1, 1 + size)), y: b64u(point.subarray(1 + size)) };
  return {
    privateKey: crypto.createPrivateKey({ key: { ...jwk, d: b64u(scalar) }, format: 'jwk' }),
    publicKey: crypto.createPublicKey({ key: jwk, format: 'jwk' }),
  };
}

const HASHES = ['sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

for (const p of providers()) {
  t.test(`${p.label}: ECDSA`, async (t) => {
    const curves = Object.fromEntries(
      ECDSA_CURVE_NAMES.map((name) => [name, algorithm<EcdsaAlgorithm>(p, 'ecdsa', name)!]),
    ) as Record<EcdsaCurveName, EcdsaAlgorithm>;

    t.test('RFC 6979 A.2.5-A.2.7 vectors', async (t) => {
      for (const v of VECTORS.curves) {
        const alg = curves[v.curve];
        t.equal(alg.scalarLength, SCALAR_LENGTH[v.curve]);
        const key = alg.privateKey(fromHex(v.x));
        const point = '04' + v.Ux + v.Uy;
        t.equal(toHex(key.publicKey), point, `${v.curve} public key`);
        const pub = alg.publicKey(fromHex(point));
        const node = nodeKeys(v.curve, fromHex(v.x), fromHex(point));
        for (const sig of v.signatures) {
          const what = `${v.curve} ${sig.hash} "${sig.message}"`;
          const digest = new Uint8Array(crypto.createHash(sig.hash).update(sig.message).digest());
          const der = derSignature(BigInt('0x' + sig.r), BigInt('0x' + sig.s));
          t.ok(crypto.verify(sig.hash, Buffer.from(sig.message), node.publicKey, der), `${what}: node accepts the vector`);
          t.ok(pub.verifyDigest(digest, der), `${what}: verifies`);
          const ours = await key.signDigest(digest);
          if (alg.implementation === 'pure') {
            // The pure signer is deterministic (RFC 6979, HMAC with the digest's hash).
            t.equal(toHex(ours), toHex(der), `${what}: signature equals the RFC's`);
          } else {
            t.ok(pub.verifyDigest(digest, ours), `${what}: own signature verifies`);
          }
        }
      }
    });

    t.test('node:crypto signs, we verify; we sign, node verifies', async (t) => {
      for (const curve of ECDSA_CURVE_NAMES) {
        const alg = curves[curve];
        const scalar = alg.generate();
        t.equal(scalar.length, SCALAR_LENGTH[curve], `${curve} generate() length`);
        const key = alg.privateKey(scalar);
        const node = nodeKeys(curve, scalar, key.publicKey);
        const pub = alg.publicKey(key.publicKey);
        for (const hash of HASHES) {
          for (const length of [0, 1, 100]) {
            const message = crypto.randomBytes(length);
            const digest = new Uint8Array(crypto.createHash(hash).update(message).digest());
            const theirs = crypto.sign(hash, message, { key: node.privateKey, dsaEncoding: 'der' });
            t.ok(pub.verifyDigest(digest, theirs), `${curve} ${hash} ${length}: node's signature verifies`);
            const ours = await key.signDigest(digest);
            t.ok(
              crypto.verify(hash, message, { key: node.publicKey, dsaEncoding: 'der' }, ours),
              `${curve} ${hash} ${length}: node accepts our signature`,
            );
            digest[0]! ^= 0x01;
            t.notOk(pub.verifyDigest(digest, ours), `${curve} ${hash} ${length}: another digest fails`);
          }
        }
      }
    });

    t.test('digests of unusual lengths agree with the pure implementation', async (t) => {
      const pure = providers()[0]!;
      for (const curve of ECDSA_CURVE_NAMES) {
        const reference = algorithm<EcdsaAlgorithm>(pure, 'ecdsa', curve)!;
        const scalar = curves[curve].generate();
        const ours = curves[curve].privateKey(scalar);
        const theirs = reference.privateKey(scalar);
        for (const length of [1, 15, 16, 17, 65, 66, 67, 100]) {
          const digest = crypto.randomBytes(length);
          const a = await ours.signDigest(digest);
          const b = await theirs.signDigest(digest);
          t.ok(theirs.verifyDigest(digest, a), `${curve} digest of ${length}: the pure verifier accepts ours`);
          t.ok(ours.verifyDigest(digest, b), `${curve} digest of ${length}: we accept the pure signature`);
        }
      }
    });

    t.test('high-S signatures verify', async (t) => {
      for (const curve of ECDSA_CURVE_NAMES) {
        const alg = curves[curve];
        const key = alg.privateKey(alg.generate());
        const digest = crypto.randomBytes(32);
        const { r, s } = parseSignature(await key.signDigest(digest));
        const n = ORDER[curve];
        const high = s > n / 2n ? s : n - s;
        const low = n - high;
        t.ok(key.verifyDigest(digest, derSignature(r, high)), `${curve}: high S accepted`);
        t.ok(key.verifyDigest(digest, derSignature(r, low)), `${curve}: low S accepted`);
        t.notOk(key.verifyDigest(digest, derSignature(r, high + n)), `${curve}: s + n rejected`);
      }
    });

    t.test('tampered and malformed signatures fail without throwing', async (t) => {
      for (const curve of ECDSA_CURVE_NAMES) {
        const alg = curves[curve];
        const key = alg.privateKey(alg.generate());
        const pub = alg.publicKey(key.publicKey);
        const digest = crypto.randomBytes(48);
        const good = await key.signDigest(digest);
        t.ok(pub.verifyDigest(digest, good), `${curve}: the untouched signature verifies`);
        const { r, s } = parseSignature(good);
        const n = ORDER[curve];
        const body = good.subarray(good[1]! & 0x80 ? 3 : 2);

        const flipped = Uint8Array.from(good);
        flipped[flipped.length - 5]! ^= 0x10;
        const cases: [string, Uint8Array][] = [
          ['a flipped bit in s', flipped],
          ['r + 1', derSignature(r + 1n, s)],
          ['r and s swapped', derSignature(s, r)],
          ['r = 0', derSignature(0n, s)],
          ['s = 0', derSignature(r, 0n)],
          ['r = n', derSignature(n, s)],
          ['s = n', derSignature(r, n)],
          ['r + n', derSignature(r + n, s)],
          ['empty', new Uint8Array(0)],
          ['truncated', good.subarray(0, good.length - 1)],
          ['trailing byte', concatBytes(good, Uint8Array.of(0))],
          ['SET instead of SEQUENCE', concatBytes(Uint8Array.of(0x31), good.subarray(1))],
          ['indefinite length', concatBytes(Uint8Array.of(0x30, 0x80), body, Uint8Array.of(0, 0))],
          ['non-minimal length', concatBytes(Uint8Array.of(0x30, 0x82, body.length >> 8, body.length & 0xff), body)],
          ['length too long', concatBytes(Uint8Array.of(0x30, body.length + 1), body)],
          ['raw r || s instead of DER', concatBytes(bigIntToBytes(r, SCALAR_LENGTH[curve]), bigIntToBytes(s, SCALAR_LENGTH[curve]))],
          [
            'negative r',
            (() => {
              const rb = bigIntToBytes(r);
              const neg = rb[0]! & 0x80 ? rb : concatBytes(Uint8Array.of(0x80 | rb[0]!), rb.subarray(1));
              const ints = concatBytes(Uint8Array.of(0x02, neg.length), neg, derInteger(s));
              return concatBytes(Uint8Array.of(0x30), derLength(ints.length), ints);
            })(),
          ],
          [
            'r with a superfluous leading zero',
            (() => {
              const rb = concatBytes(Uint8Array.of(0, 0), bigIntToBytes(r));
              const ints = concatBytes(Uint8Array.of(0x02), derLength(rb.length), rb, derInteger(s));
              return concatBytes(Uint8Array.of(0x30), derLength(ints.length), ints);
            })(),
          ],
          ['a third INTEGER', (() => {
            const ints = concatBytes(derInteger(r), derInteger(s), derInteger(1n));
            return concatBytes(Uint8Array.of(0x30), derLength(ints.length), ints);
          })()],
        ];
        for (const [what, sig] of cases) {
          let result: boolean | undefined;
          t.doesNotThrow(() => {
            result = pub.verifyDigest(digest, sig);
          }, `${curve}: ${what} does not throw`);
          t.equal(result, false, `${curve}: ${what} fails`);
        }
      }
    });

    t.test('public key import', async (t) => {
      for (const curve of ECDSA_CURVE_NAMES) {
        const alg = curves[curve];
        const point = alg.privateKey(alg.generate()).publicKey;
        t.equal(toHex(alg.publicKey(point).publicKey), toHex(point), `${curve}: the point round-trips`);
        const off = Uint8Array.from(point);
        off[off.length - 1]! ^= 1;
        t.throws(() => alg.publicKey(off), TypeError, `${curve}: a point off the curve is refused`);
        t.throws(() => alg.publicKey(point.subarray(0, 10)), `${curve}: a short point is refused`);
        t.throws(() => alg.publicKey(Uint8Array.of(0)), `${curve}: infinity is refused`);
      }
    });

    t.test('API misuse', async (t) => {
      for (const curve of ECDSA_CURVE_NAMES) {
        const alg = curves[curve];
        t.throws(() => alg.privateKey(new Uint8Array(SCALAR_LENGTH[curve] - 1).fill(1)), RangeError, `${curve}: short scalar`);
        t.throws(() => alg.privateKey(new Uint8Array(SCALAR_LENGTH[curve])), `${curve}: zero scalar`);
        t.throws(() => alg.privateKey(bigIntToBytes(ORDER[curve], SCALAR_LENGTH[curve])), `${curve}: scalar = n`);
        t.throws(() => alg.privateKey('x' as unknown as Uint8Array), TypeError, `${curve}: scalar not bytes`);
      }
    });
  });
}
