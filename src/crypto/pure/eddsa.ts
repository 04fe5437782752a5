/**
 * Pure Ed25519 and Ed448 (RFC 8032) over @noble/curves.
 *
 * @module
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import type { EdDSA } from '@noble/curves/abstract/edwards.js';
import type { CryptoProvider, EddsaAlgorithm, EddsaName, EddsaPrivateKey, EddsaPublicKey } from '../provider.js';
import { checkBytes } from '../bytes.js';

/**
 * RFC 8032 5.1.7 / 5.2.7 verification: canonical encodings of A and R,
 * S < L. noble's Ed25519 defaults to ZIP-215 (a consensus rule that
 * accepts non-canonical encodings), which TLS must not.
 */
const STRICT = { zip215: false } as const;

function edwards(name: EddsaName, curve: EdDSA, keyLength: number): EddsaAlgorithm {
  const signatureLength = 2 * keyLength;
  const publicKey = (key: Uint8Array): EddsaPublicKey => {
    const encoded = Uint8Array.from(key);
    return {
      publicKey: encoded,
      verify(message: Uint8Array, signature: Uint8Array): boolean {
        checkBytes(message, 'message');
        checkBytes(signature, 'signature');
        if (signature.length !== signatureLength) return false;
        try {
          return curve.verify(signature, message, encoded, STRICT);
        } catch {
          // An undecodable point is a failed verification, not an error.
          return false;
        }
      },
    };
  };
  return Object.freeze({
    name,
    implementation: 'pure' as const,
    keyLength,
    generate: () => curve.utils.randomSecretKey(),
    privateKey(seed: Uint8Array): EddsaPrivateKey {
      checkBytes(seed, 'seed', keyLength);
      const secret = Uint8Array.from(seed);
      const pub = publicKey(curve.getPublicKey(secret));
      return {
        publicKey: pub.publicKey,
        verify: pub.verify,
        async sign(message: Uint8Array): Promise<Uint8Array> {
          checkBytes(message, 'message');
          return curve.sign(message, secret);
        },
      };
    },
    publicKey(key: Uint8Array): EddsaPublicKey {
      checkBytes(key, 'key', keyLength);
      return publicKey(key);
    },
  });
}

/** Pure Ed25519 and Ed448. */
export const pureEddsa: CryptoProvider['eddsa'] = Object.freeze({
  ed25519: edwards('ed25519', ed25519, 32),
  ed448: edwards('ed448', ed448, 57),
});
