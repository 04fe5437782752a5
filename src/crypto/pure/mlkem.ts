/**
 * Pure ML-KEM-768 (FIPS 203) over @noble/post-quantum, as TLS 1.3 hybrid
 * and pure post-quantum key shares use it.
 *
 * @module
 */
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import type { CryptoProvider, KemAlgorithm, KemKeyPair } from '../provider.js';
import { checkBytes } from '../bytes.js';
import { TLSIllegalParameterException } from '../../errors.js';

const PUBLIC_KEY_LENGTH = ml_kem768.lengths.publicKey!; // 1184
const CIPHERTEXT_LENGTH = ml_kem768.lengths.cipherText!; // 1088

function pair(seed?: Uint8Array): KemKeyPair {
  const { publicKey, secretKey } = ml_kem768.keygen(seed);
  return {
    publicKey,
    decapsulate(ciphertext: Uint8Array): Uint8Array {
      checkBytes(ciphertext, 'ciphertext');
      // The ciphertext comes from the peer: a wrong length is the peer's
      // fault. A wrong content is not detectable (implicit rejection,
      // FIPS 203 6.3) and yields a pseudo-random secret.
      if (ciphertext.length !== CIPHERTEXT_LENGTH) {
        throw new TLSIllegalParameterException(`ML-KEM-768 ciphertext must be ${CIPHERTEXT_LENGTH} bytes, got ${ciphertext.length}`);
      }
      return ml_kem768.decapsulate(ciphertext, secretKey);
    },
  };
}

/** Pure ML-KEM-768. */
export const pureMlkem768: KemAlgorithm = Object.freeze({
  name: 'mlkem768' as const,
  implementation: 'pure' as const,
  publicKeyLength: PUBLIC_KEY_LENGTH,
  ciphertextLength: CIPHERTEXT_LENGTH,
  generate: () => pair(),
  fromSeed(seed: Uint8Array) {
    checkBytes(seed, 'seed', 64);
    return pair(seed);
  },
  encapsulate(publicKey: Uint8Array) {
    checkBytes(publicKey, 'publicKey');
    if (publicKey.length !== PUBLIC_KEY_LENGTH) {
      throw new TLSIllegalParameterException(`ML-KEM-768 encapsulation key must be ${PUBLIC_KEY_LENGTH} bytes, got ${publicKey.length}`);
    }
    let result;
    try {
      // FIPS 203 7.2: the modulus check (every coefficient below q).
      result = ml_kem768.encapsulate(publicKey);
    } catch {
      throw new TLSIllegalParameterException('ML-KEM-768 encapsulation key fails the FIPS 203 modulus check');
    }
    return { ciphertext: result.cipherText, sharedSecret: result.sharedSecret };
  },
});

/** Pure KEMs. */
export const pureKems: CryptoProvider['kems'] = Object.freeze({ mlkem768: pureMlkem768 });
