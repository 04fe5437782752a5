/**
 * `EdDSAKey`: an Ed25519 or Ed448 key (RFC 8032) bound to a crypto
 * provider (the seed's `tlslite.utils.eddsakey`). EdDSA signs the message
 * itself (PureEdDSA, as TLS uses it: RFC 8446 4.2.3), so `hashAndSign`
 * signs the data as given.
 *
 * @module
 */
import type { CryptoProvider, EddsaName, EddsaPrivateKey, EddsaPublicKey } from './provider.js';
import { EDDSA_NAMES } from './provider.js';
import { checkBytes, toHex } from './bytes.js';
import { defaultProvider } from './select.js';

/** What `new EdDSAKey()` takes: the scheme and the public key, the private seed, or both. */
export interface EdDSAKeyComponents {
  readonly curve: EddsaName;
  /** The encoded public key (32 or 57 bytes). Derived from `privateKey` when absent. */
  readonly publicKey?: Uint8Array;
  /** The private key (the RFC 8032 seed, 32 or 57 bytes). */
  readonly privateKey?: Uint8Array;
}

/** An EdDSA key (public, or private with its public half). */
export class EdDSAKey {
  /** "ed25519" or "ed448". */
  readonly curveName: EddsaName;
  /** The encoded public key. */
  readonly publicKey: Uint8Array;
  /** Security-relevant size in bits (the curve's: 255 or 448). */
  readonly bits: number;
  readonly #provider: CryptoProvider;
  readonly #public: EddsaPublicKey;
  readonly #private: EddsaPrivateKey | undefined;
  readonly #seed: Uint8Array | undefined;

  /**
   * Binds the key to `provider` (default: `defaultProvider()`).
   * @throws TypeError for an unknown scheme or a public key that does not
   *   belong to the private key; RangeError for wrong lengths.
   */
  constructor(components: EdDSAKeyComponents, provider: CryptoProvider = defaultProvider()) {
    if (components === null || typeof components !== 'object') throw new TypeError('components must be an object');
    const { curve, publicKey, privateKey } = components;
    if (!EDDSA_NAMES.includes(curve)) throw new TypeError(`unknown EdDSA scheme ${JSON.stringify(curve)}`);
    const algorithm = provider.eddsa[curve];
    this.curveName = curve;
    this.bits = curve === 'ed25519' ? 255 : 448;
    this.#provider = provider;
    if (privateKey !== undefined) {
      checkBytes(privateKey, 'privateKey', algorithm.keyLength);
      this.#seed = Uint8Array.from(privateKey);
      this.#private = algorithm.privateKey(this.#seed);
      this.#public = this.#private;
      if (publicKey !== undefined) {
        checkBytes(publicKey, 'publicKey', algorithm.keyLength);
        if (toHex(publicKey) !== toHex(this.#private.publicKey)) throw new TypeError('publicKey does not belong to privateKey');
      }
    } else {
      if (publicKey === undefined) throw new TypeError('an EdDSA key needs publicKey, privateKey or both');
      checkBytes(publicKey, 'publicKey', algorithm.keyLength);
      this.#public = algorithm.publicKey(publicKey);
    }
    this.publicKey = this.#public.publicKey;
  }

  /** A fresh private key. */
  static generate(curve: EddsaName, provider: CryptoProvider = defaultProvider()): EdDSAKey {
    if (!EDDSA_NAMES.includes(curve)) throw new TypeError(`unknown EdDSA scheme ${JSON.stringify(curve)}`);
    return new EdDSAKey({ curve, privateKey: provider.eddsa[curve].generate() }, provider);
  }

  /** Whether this key can sign. */
  hasPrivateKey(): boolean {
    return this.#private !== undefined;
  }

  /** Signs `message` (PureEdDSA). */
  async sign(message: Uint8Array): Promise<Uint8Array> {
    if (!this.#private) throw new TypeError('EdDSAKey.sign needs a private key; this key is public only');
    return this.#private.sign(message);
  }

  /** Verifies a signature over `message` (RFC 8032 strict rules). */
  verify(signature: Uint8Array, message: Uint8Array): boolean {
    return this.#public.verify(message, signature);
  }

  /** The same as `sign`: EdDSA hashes internally (kept for the seed's API). */
  async hashAndSign(data: Uint8Array): Promise<Uint8Array> {
    return this.sign(data);
  }

  /** The same as `verify`: EdDSA hashes internally (kept for the seed's API). */
  hashAndVerify(signature: Uint8Array, data: Uint8Array): boolean {
    return this.verify(signature, data);
  }

  /** This key's public half alone. */
  publicOnly(): EdDSAKey {
    return new EdDSAKey({ curve: this.curveName, publicKey: this.publicKey }, this.#provider);
  }

  /**
   * A copy of the private key (the seed), for writing the key out.
   * Handle it as the secret it is.
   * @throws TypeError for a public-only key.
   */
  exportPrivateKey(): Uint8Array {
    if (!this.#seed) throw new TypeError('this EdDSA key is public only');
    return Uint8Array.from(this.#seed);
  }

  /** Prints the scheme and kind only: never the private key. */
  toString(): string {
    return `EdDSAKey(${this.curveName}, ${this.#private ? 'private' : 'public'})`;
  }

  /** JSON carries the public half only. */
  toJSON(): { curve: EddsaName; publicKey: string; hasPrivateKey: boolean } {
    return { curve: this.curveName, publicKey: toHex(this.publicKey), hasPrivateKey: this.hasPrivateKey() };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
