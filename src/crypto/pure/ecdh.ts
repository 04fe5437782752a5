/**
 * Pure ECDH: the NIST curves secp256r1/384r1/521r1 and the Montgomery
 * functions X25519/X448, over @noble/curves.
 *
 * What this file adds to noble is the TLS validation of the peer's value
 * (RFC 8422 5.1, RFC 8446 4.2.8.2, RFC 7748 6) and the TLS encodings of
 * public values and secrets.
 *
 * @module
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { x448 } from '@noble/curves/ed448.js';
import type { ECDSA } from '@noble/curves/abstract/weierstrass.js';
import type { MontgomeryECDH } from '@noble/curves/abstract/montgomery.js';
import type { CryptoProvider, EcdhAlgorithm, EcdhGroupName, KeyAgreementPair } from '../provider.js';
import { checkBytes } from '../bytes.js';
import { TLSIllegalParameterException } from '../../errors.js';

/** A NIST curve as TLS uses it for key agreement. */
function nistEcdh(name: EcdhGroupName, curve: ECDSA): EcdhAlgorithm {
  const fieldLength = curve.Point.Fp.BYTES;
  const scalarLength = curve.Point.Fn.BYTES;
  const pointLength = 1 + 2 * fieldLength;

  const pair = (scalar: Uint8Array): KeyAgreementPair => {
    if (!curve.utils.isValidSecretKey(scalar)) {
      throw new RangeError(`privateKey must be a scalar in [1, n-1] for ${name}`);
    }
    const d = curve.Point.Fn.fromBytes(scalar);
    return {
      publicKey: curve.Point.BASE.multiply(d).toBytes(false),
      computeSecret(peerPublic: Uint8Array): Uint8Array {
        checkBytes(peerPublic, 'peerPublic');
        // RFC 8422 5.1 / RFC 8446 4.2.8.2: TLS key shares carry the
        // uncompressed form only, so a compressed point or a bare
        // infinity byte is illegal here even though SEC1 can decode them.
        if (peerPublic.length !== pointLength || peerPublic[0] !== 0x04) {
          throw new TLSIllegalParameterException(`${name} key share is not an uncompressed point of ${pointLength} bytes`);
        }
        let point;
        try {
          // fromBytes rejects coordinates >= p and points off the curve.
          point = curve.Point.fromBytes(peerPublic);
          point.assertValidity();
        } catch {
          throw new TLSIllegalParameterException(`${name} key share is not a point on the curve`);
        }
        // Cofactor 1: every point on the curve is in the group, so
        // on-curve and not-infinity is the whole check (SEC1 3.2.2.1).
        if (point.is0()) throw new TLSIllegalParameterException(`${name} key share is the point at infinity`);
        // multiply (not multiplyUnsafe): constant-time in the scalar.
        // The secret is the x-coordinate, padded to the field size (RFC 8422 5.10).
        return curve.Point.Fp.toBytes(point.multiply(d).toAffine().x);
      },
    };
  };

  return Object.freeze({
    name,
    implementation: 'pure' as const,
    secretLength: fieldLength,
    generate: () => pair(curve.utils.randomSecretKey()),
    fromPrivate(privateKey: Uint8Array) {
      checkBytes(privateKey, 'privateKey', scalarLength);
      return pair(privateKey);
    },
  });
}

/** X25519 or X448 (RFC 7748) as TLS uses them. */
function montgomeryEcdh(name: EcdhGroupName, fn: MontgomeryECDH, length: number): EcdhAlgorithm {
  const pair = (privateKey: Uint8Array): KeyAgreementPair => {
    const secret = Uint8Array.from(privateKey);
    return {
      publicKey: fn.getPublicKey(secret),
      computeSecret(peerPublic: Uint8Array): Uint8Array {
        checkBytes(peerPublic, 'peerPublic');
        if (peerPublic.length !== length) {
          throw new TLSIllegalParameterException(`${name} key share must be ${length} bytes, got ${peerPublic.length}`);
        }
        let shared: Uint8Array;
        try {
          // noble refuses the known low-order u values before running
          // the ladder (so a bad share costs no secret-dependent work).
          shared = fn.getSharedSecret(secret, peerPublic);
        } catch {
          throw new TLSIllegalParameterException(`${name} key share is a low-order point (all-zero shared secret)`);
        }
        // RFC 7748 6.1 / RFC 8446 7.4.2: an all-zero result must be
        // refused. Checked here as well so the rule does not rest on
        // noble's list of low-order points alone.
        let acc = 0;
        for (let i = 0; i < shared.length; i++) acc |= shared[i]!;
        if (acc === 0) throw new TLSIllegalParameterException(`${name} shared secret is all zeros`);
        return shared;
      },
    };
  };

  return Object.freeze({
    name,
    implementation: 'pure' as const,
    secretLength: length,
    generate: () => pair(fn.utils.randomSecretKey()),
    fromPrivate(privateKey: Uint8Array) {
      checkBytes(privateKey, 'privateKey', length);
      return pair(privateKey);
    },
  });
}

/** Pure ECDH for every TLS group of the provider interface. */
export const pureEcdh: CryptoProvider['ecdh'] = Object.freeze({
  secp256r1: nistEcdh('secp256r1', p256),
  secp384r1: nistEcdh('secp384r1', p384),
  secp521r1: nistEcdh('secp521r1', p521),
  x25519: montgomeryEcdh('x25519', x25519, 32),
  x448: montgomeryEcdh('x448', x448, 56),
});
