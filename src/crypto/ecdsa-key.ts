/**
 * `ECDSAKey`: an ECDSA key on P-256, P-384 or P-521 bound to a crypto
 * provider (the seed's `tlslite.utils.ecdsakey`). Signatures are DER
 * ECDSA-Sig-Value, as TLS carries them (RFC 8422 5.4, RFC 8446 4.2.3).
 *
 * @module
 */
import type { CryptoProvider, EcdsaCurveName, EcdsaPrivateKey, EcdsaPublicKey, HashName } from './provider.js';
import { ECDSA_CURVE_NAMES } from './provider.js';
import { checkBytes, toHex } from './bytes.js';
import { defaultProvider } from './select.js';

/** Bits of each curve (the seed's `len(key)`). */
const CURVE_BITS: Record<EcdsaCurveName, number> = { secp256r1: 256, secp384r1: 384, secp521r1: 521 };

/** What `new ECDSAKey()` takes: the curve and the public point, the private scalar, or both. */
export interface ECDSAKeyComponents {
  readonly curve: EcdsaCurveName;
  /** The point, uncompressed (0x04 || X || Y) or compressed. Derived from `privateKey` when absent. */
  readonly publicKey?: Uint8Array;
  /** The private scalar, big-endian, padded to the curve's scalar length. */
  readonly privateKey?: Uint8Array;
}

/** An ECDSA key (public, or private with its public half). */
export class ECDSAKey {
  /** The curve, by its TLS name. */
  readonly curveName: EcdsaCurveName;
  /** The public point, uncompressed. */
  readonly publicPoint: Uint8Array;
  /** Size of the curve in bits (256, 384, 521). */
  readonly bits: number;
  readonly #provider: CryptoProvider;
  readonly #public: EcdsaPublicKey;
  readonly #private: EcdsaPrivateKey | undefined;
  readonly #scalar: Uint8Array | undefined;

  /**
   * Binds the key to `provider` (default: `defaultProvider()`).
   * @throws TypeError for an unknown curve, a point not on the curve, or a
   *   public key that does not belong to the private scalar; RangeError for
   *   a scalar of the wrong length or out of range.
   */
  constructor(components: ECDSAKeyComponents, provider: CryptoProvider = defaultProvider()) {
    if (components === null || typeof components !== 'object') throw new TypeError('components must be an object');
    const { curve, publicKey, privateKey } = components;
    if (!ECDSA_CURVE_NAMES.includes(curve)) throw new TypeError(`unknown ECDSA curve ${JSON.stringify(curve)}`);
    const algorithm = provider.ecdsa[curve];
    this.curveName = curve;
    this.bits = CURVE_BITS[curve];
    this.#provider = provider;
    if (privateKey !== undefined) {
      checkBytes(privateKey, 'privateKey', algorithm.scalarLength);
      this.#scalar = Uint8Array.from(privateKey);
      this.#private = algorithm.privateKey(this.#scalar);
      this.#public = this.#private;
      if (publicKey !== undefined) {
        checkBytes(publicKey, 'publicKey');
        const given = algorithm.publicKey(publicKey).publicKey;
        if (toHex(given) !== toHex(this.#private.publicKey)) {
          throw new TypeError('publicKey does not belong to privateKey');
        }
      }
    } else {
      if (publicKey === undefined) throw new TypeError('an ECDSA key needs publicKey, privateKey or both');
      checkBytes(publicKey, 'publicKey');
      this.#public = algorithm.publicKey(publicKey);
    }
    this.publicPoint = this.#public.publicKey;
  }

  /** A fresh private key on `curve`. */
  static generate(curve: EcdsaCurveName, provider: CryptoProvider = defaultProvider()): ECDSAKey {
    if (!ECDSA_CURVE_NAMES.includes(curve)) throw new TypeError(`unknown ECDSA curve ${JSON.stringify(curve)}`);
    return new ECDSAKey({ curve, privateKey: provider.ecdsa[curve].generate() }, provider);
  }

  /** Whether this key can sign. */
  hasPrivateKey(): boolean {
    return this.#private !== undefined;
  }

  /** Signs a precomputed digest; returns a DER ECDSA-Sig-Value. */
  async sign(digest: Uint8Array): Promise<Uint8Array> {
    if (!this.#private) throw new TypeError('ECDSAKey.sign needs a private key; this key is public only');
    checkBytes(digest, 'digest');
    return this.#private.signDigest(digest);
  }

  /** Verifies a DER ECDSA-Sig-Value over a precomputed digest (high S accepted). */
  verify(signature: Uint8Array, digest: Uint8Array): boolean {
    return this.#public.verifyDigest(digest, signature);
  }

  /** Hashes `data` with `hash`, then signs the digest. */
  async hashAndSign(data: Uint8Array, hash: HashName): Promise<Uint8Array> {
    return this.sign(this.#hash(data, hash));
  }

  /** Hashes `data` with `hash`, then verifies the signature over the digest. */
  hashAndVerify(signature: Uint8Array, data: Uint8Array, hash: HashName): boolean {
    return this.verify(signature, this.#hash(data, hash));
  }

  /** This key's public half alone. */
  publicOnly(): ECDSAKey {
    return new ECDSAKey({ curve: this.curveName, publicKey: this.publicPoint }, this.#provider);
  }

  /**
   * A copy of the private scalar, for writing the key out (PKCS#8,
   * SEC1). Handle it as the secret it is.
   * @throws TypeError for a public-only key.
   */
  exportPrivateKey(): Uint8Array {
    if (!this.#scalar) throw new TypeError('this ECDSA key is public only');
    return Uint8Array.from(this.#scalar);
  }

  /** Prints the curve and kind only: never the private scalar. */
  toString(): string {
    return `ECDSAKey(${this.curveName}, ${this.#private ? 'private' : 'public'})`;
  }

  /** JSON carries the public half only. */
  toJSON(): { curve: EcdsaCurveName; publicKey: string; hasPrivateKey: boolean } {
    return { curve: this.curveName, publicKey: toHex(this.publicPoint), hasPrivateKey: this.hasPrivateKey() };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #hash(data: Uint8Array, hash: HashName): Uint8Array {
    checkBytes(data, 'data');
    const algorithm = this.#provider.hashes[hash];
    if (!algorithm) throw new TypeError(`unknown hash ${JSON.stringify(hash)}`);
    return algorithm.digest(data);
  }
}
