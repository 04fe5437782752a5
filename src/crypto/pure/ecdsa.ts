/**
 * Pure ECDSA over P-256, P-384 and P-521 (@noble/curves), on digests the
 * caller has already computed, with DER-encoded ECDSA-Sig-Value
 * signatures (RFC 3279 2.2.3, as TLS carries them: RFC 8422 5.4).
 *
 * @module
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ecdsa, type ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { CryptoProvider, EcdsaAlgorithm, EcdsaCurveName, EcdsaPrivateKey, EcdsaPublicKey } from '../provider.js';
import { checkBytes } from '../bytes.js';

/**
 * noble's options for TLS: `prehash: false` because TLS hands us the
 * digest; `lowS: false` because other signers (OpenSSL among them) do
 * not normalize s, and a TLS verifier must accept either half (the
 * low-S rule is a Bitcoin convention, not part of ECDSA).
 */
const VERIFY_OPTS = { prehash: false, lowS: false, format: 'der' } as const;
const SIGN_OPTS = { prehash: false, lowS: false, format: 'der' } as const;

/** Hashes by digest length, for the HMAC-DRBG of RFC 6979. */
const HASH_BY_LENGTH = new Map([
  [20, sha1],
  [28, sha224],
  [32, sha256],
  [48, sha384],
  [64, sha512],
]);

function nistEcdsa(name: EcdsaCurveName, curve: ECDSA): EcdsaAlgorithm {
  const scalarLength = curve.Point.Fn.BYTES;
  const pointLength = 1 + 2 * curve.Point.Fp.BYTES;
  // RFC 6979 3.2 derives k with HMAC over the same hash H that made the
  // digest. TLS pairs any hash with any curve (SHA-1 with P-521 in TLS
  // 1.2), so one signer per digest length keeps k exactly the RFC's and
  // lets the published vectors check the signer byte for byte.
  const signers = new Map<number, ECDSA>();
  const signerFor = (digestLength: number): ECDSA => {
    let signer = signers.get(digestLength);
    if (!signer) {
      const hash = HASH_BY_LENGTH.get(digestLength);
      signer = hash ? ecdsa(curve.Point, hash) : curve;
      signers.set(digestLength, signer);
    }
    return signer;
  };

  const publicKey = (point: Uint8Array): EcdsaPublicKey => {
    const encoded = Uint8Array.from(point);
    return {
      publicKey: encoded,
      verifyDigest(digest: Uint8Array, signature: Uint8Array): boolean {
        checkBytes(digest, 'digest');
        checkBytes(signature, 'signature');
        try {
          // SEC1 4.1.4 step 5: the digest is truncated to the bit length
          // of n (noble's bits2int), so any hash works with any curve.
          // Malformed or non-minimal DER, r or s out of [1, n-1]: false.
          return curve.verify(signature, digest, encoded, VERIFY_OPTS);
        } catch {
          return false;
        }
      },
    };
  };

  return Object.freeze({
    name,
    implementation: 'pure' as const,
    scalarLength,
    generate: () => curve.utils.randomSecretKey(),
    privateKey(scalar: Uint8Array): EcdsaPrivateKey {
      checkBytes(scalar, 'scalar', scalarLength);
      if (!curve.utils.isValidSecretKey(scalar)) throw new RangeError(`scalar must be in [1, n-1] for ${name}`);
      const secret = Uint8Array.from(scalar);
      const pub = publicKey(curve.getPublicKey(secret, false));
      return {
        publicKey: pub.publicKey,
        verifyDigest: pub.verifyDigest,
        async signDigest(digest: Uint8Array): Promise<Uint8Array> {
          checkBytes(digest, 'digest');
          if (digest.length === 0) throw new RangeError('digest must not be empty');
          // Deterministic k (RFC 6979): no dependence on the quality of
          // the random source at signing time.
          return signerFor(digest.length).sign(digest, secret, SIGN_OPTS);
        },
      };
    },
    publicKey(point: Uint8Array): EcdsaPublicKey {
      checkBytes(point, 'point');
      let decoded;
      try {
        // Certificates may carry compressed points (RFC 5480 2.2): they
        // are accepted here and stored uncompressed.
        decoded = curve.Point.fromBytes(point);
        decoded.assertValidity();
      } catch {
        throw new TypeError(`point is not a valid ${name} public key`);
      }
      if (decoded.is0()) throw new TypeError(`point is not a valid ${name} public key`);
      const uncompressed = decoded.toBytes(false);
      if (uncompressed.length !== pointLength) throw new TypeError(`point is not a valid ${name} public key`);
      return publicKey(uncompressed);
    },
  });
}

/** Pure ECDSA for the three NIST curves. */
export const pureEcdsa: CryptoProvider['ecdsa'] = Object.freeze({
  secp256r1: nistEcdsa('secp256r1', p256),
  secp384r1: nistEcdsa('secp384r1', p384),
  secp521r1: nistEcdsa('secp521r1', p521),
});
