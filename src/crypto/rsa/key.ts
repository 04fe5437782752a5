/**
 * `RSAKey`: an RSA public or private key bound to a crypto provider,
 * with the operations TLS needs (the seed's `tlslite.utils.rsakey`):
 * PKCS#1 v1.5 and PSS signatures, PKCS#1 v1.5 encryption, and the
 * server's Bleichenbacher-safe premaster decryption.
 *
 * Padding is done here, once, for every provider; the provider supplies
 * only the raw (blinded, fault-checked) RSA permutation and the hashes.
 *
 * @module
 */
import type {
  CryptoProvider,
  HashName,
  RsaPrivateComponents,
  RsaPrivateOps,
  RsaPublicComponents,
  RsaPublicOps,
} from '../provider.js';
import { bigIntToBytes, bitLength, checkBytes, concatBytes, constantTimeEqual, publicLessThan } from '../bytes.js';
import { defaultProvider } from '../select.js';
import { emsaPkcs1v15Encode, isPkcs1HashName, pkcs1v15Type2Pad, type Pkcs1HashName } from './pkcs1.js';
import { emsaPssEncode, emsaPssVerify } from './pss.js';
import { decryptPremaster } from './premaster.js';

/** Options of `RSAKey.sign`/`verify` and their hash-first variants. */
export interface RsaSignatureOptions {
  /** `"pkcs1"`: RSASSA-PKCS1-v1_5 (RFC 8017 8.2); `"pss"`: RSASSA-PSS with MGF1 over the same hash (RFC 8017 8.1). */
  readonly scheme: 'pkcs1' | 'pss';
  /** The hash; `"md5sha1"` (TLS 1.0/1.1's bare MD5||SHA-1) is for `"pkcs1"` only. */
  readonly hash: Pkcs1HashName;
  /** PSS salt length in bytes; default the hash length (as TLS requires, RFC 8446 4.2.3). */
  readonly saltLength?: number;
}

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const;

function isPrivateComponents(c: RsaPublicComponents | RsaPrivateComponents): c is RsaPrivateComponents {
  const present = PRIVATE_FIELDS.filter((f) => (c as unknown as Record<string, unknown>)[f] !== undefined);
  if (present.length === 0) return false;
  if (present.length !== PRIVATE_FIELDS.length) {
    throw new TypeError(`a private RSA key needs all of ${PRIVATE_FIELDS.join(', ')} (CRT form)`);
  }
  return true;
}

/** An RSA key (public, or private with its public half) bound to a provider. */
export class RSAKey {
  /** The modulus. */
  readonly n: bigint;
  /** The public exponent. */
  readonly e: bigint;
  /** Size of the modulus in bits (the seed's `len(key)`). */
  readonly bits: number;
  /** Size of the modulus in bytes (k). */
  readonly byteLength: number;
  readonly #provider: CryptoProvider;
  readonly #public: RsaPublicOps;
  readonly #private: RsaPrivateOps | undefined;

  /**
   * Binds the components to `provider` (default: `defaultProvider()`).
   * Private components must be complete (n, e, d, p, q, dP, dQ, qInv).
   * @throws TypeError/RangeError for missing or inconsistent components.
   */
  constructor(components: RsaPublicComponents | RsaPrivateComponents, provider: CryptoProvider = defaultProvider()) {
    if (components === null || typeof components !== 'object') throw new TypeError('components must be an object');
    if (typeof components.n !== 'bigint' || typeof components.e !== 'bigint') {
      throw new TypeError('components.n and components.e must be bigints');
    }
    this.#provider = provider;
    this.n = components.n;
    this.e = components.e;
    this.bits = bitLength(components.n);
    this.byteLength = Math.ceil(this.bits / 8);
    if (isPrivateComponents(components)) {
      this.#private = provider.rsa.privateKey(components);
      this.#public = this.#private;
    } else {
      this.#private = undefined;
      this.#public = provider.rsa.publicKey({ n: components.n, e: components.e });
    }
  }

  /** Generates a private key of `bits` bits (e = 65537) with `provider`'s RSA. */
  static async generate(bits: number, provider: CryptoProvider = defaultProvider()): Promise<RSAKey> {
    return new RSAKey(await provider.rsa.generate(bits), provider);
  }

  /** Whether this key can sign and decrypt. */
  hasPrivateKey(): boolean {
    return this.#private !== undefined;
  }

  #requirePrivate(operation: string): RsaPrivateOps {
    if (!this.#private) throw new TypeError(`RSAKey.${operation} needs a private key; this key is public only`);
    return this.#private;
  }

  #modulusBytes: Uint8Array | undefined;
  /** n as k big-endian bytes, for range checks without BigInt arithmetic. */
  #modulus(): Uint8Array {
    return (this.#modulusBytes ??= bigIntToBytes(this.n, this.byteLength));
  }

  #random(length: number): Uint8Array {
    return this.#provider.random.bytes(length);
  }

  /**
   * Signs a precomputed digest. The signature is verified with the public
   * key before it is returned (a faulty CRT computation would reveal the
   * factors: Boneh, DeMillo, Lipton 1997); if that check fails this
   * throws, and the bad value is never released.
   * @throws TypeError for a public-only key or bad options; RangeError for a
   *   digest of the wrong length or a key too small for the encoding.
   */
  async sign(digest: Uint8Array, options: RsaSignatureOptions): Promise<Uint8Array> {
    const priv = this.#requirePrivate('sign');
    const opts = checkOptions(options);
    const encoded = this.#encode(digest, opts);
    const signature = await priv.privateOp(encoded);
    if (!this.verify(signature, digest, opts)) {
      signature.fill(0);
      throw new Error('RSA signature failed verification with the public key; it was not released');
    }
    return signature;
  }

  /**
   * Verifies a signature over a precomputed digest. Returns false for any
   * invalid signature (wrong length, not below n, wrong encoding); the
   * encoded messages are compared in constant time.
   * @throws TypeError for bad options; RangeError for a digest of the wrong length.
   */
  verify(signature: Uint8Array, digest: Uint8Array, options: RsaSignatureOptions): boolean {
    const opts = checkOptions(options);
    checkBytes(signature, 'signature');
    // RFC 8017 8.1.2/8.2.2 step 1: the signature is exactly k bytes, and
    // (RSAVP1 step 1) below n.
    if (signature.length !== this.byteLength || !publicLessThan(signature, this.#modulus())) {
      // Still validate the digest, so misuse is reported the same either way.
      this.#checkDigest(digest, opts);
      return false;
    }
    const m = this.#public.publicOp(signature);
    if (opts.scheme === 'pkcs1') {
      return constantTimeEqual(m, this.#encode(digest, opts));
    }
    const hash = this.#provider.hashes[opts.hash as HashName];
    const emBits = this.bits - 1;
    const emLen = Math.ceil(emBits / 8);
    // RFC 8017 8.1.2 step 2c: EM = I2OSP(m, emLen); when k > emLen the
    // extra leading byte must be zero. Evaluate both, decide once.
    const leadingOk = this.byteLength === emLen || m[0] === 0;
    const pssOk = emsaPssVerify(digest, m.subarray(this.byteLength - emLen), emBits, hash, opts.saltLength);
    return leadingOk && pssOk;
  }

  /** Hashes `data` with the provider's hash (MD5 || SHA-1 for `"md5sha1"`), then signs the digest. */
  async hashAndSign(data: Uint8Array, options: RsaSignatureOptions): Promise<Uint8Array> {
    return this.sign(this.#hash(data, checkOptions(options).hash), options);
  }

  /** Hashes `data` with the provider's hash, then verifies the signature over the digest. */
  hashAndVerify(signature: Uint8Array, data: Uint8Array, options: RsaSignatureOptions): boolean {
    return this.verify(signature, this.#hash(data, checkOptions(options).hash), options);
  }

  /**
   * RSAES-PKCS1-v1_5 encryption (RFC 8017 7.2.1): what a TLS client does
   * with the premaster secret.
   * @throws RangeError if the message is longer than k - 11 bytes.
   */
  encrypt(message: Uint8Array): Uint8Array {
    return this.#public.publicOp(pkcs1v15Type2Pad(message, this.byteLength, (n) => this.#random(n)));
  }

  /**
   * The TLS server's decryption of an RSA EncryptedPreMasterSecret
   * (RFC 5246 7.4.7.1): always 48 bytes, the premaster if the ciphertext
   * is well-formed and carries `clientVersion` (the ClientHello's version,
   * 2 bytes), a random value otherwise. Never throws for a bad
   * ciphertext. See `premaster.ts` for the reasoning.
   */
  async decryptPremaster(ciphertext: Uint8Array, clientVersion: Uint8Array): Promise<Uint8Array> {
    const priv = this.#requirePrivate('decryptPremaster');
    return decryptPremaster(priv, this.n, ciphertext, clientVersion, (n) => this.#random(n));
  }

  /** Prints the size and kind only: never private components. */
  toString(): string {
    return `RSAKey(${this.bits} bits, ${this.#private ? 'private' : 'public'})`;
  }

  /** JSON carries the public components only. */
  toJSON(): { n: string; e: string; bits: number; hasPrivateKey: boolean } {
    return { n: this.n.toString(16), e: this.e.toString(16), bits: this.bits, hasPrivateKey: this.hasPrivateKey() };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #checkDigest(digest: Uint8Array, opts: RsaSignatureOptions): void {
    const length = opts.hash === 'md5sha1' ? 36 : this.#provider.hashes[opts.hash].outputLength;
    checkBytes(digest, 'digest', length);
  }

  /** The k-byte block the private operation signs. */
  #encode(digest: Uint8Array, opts: RsaSignatureOptions): Uint8Array {
    if (opts.scheme === 'pkcs1') return emsaPkcs1v15Encode(digest, opts.hash, this.byteLength);
    const hash = this.#provider.hashes[opts.hash as HashName];
    const emBits = this.bits - 1;
    const em = emsaPssEncode(digest, emBits, hash, (n) => this.#random(n), opts.saltLength);
    if (em.length === this.byteLength) return em;
    const block = new Uint8Array(this.byteLength); // emLen = k - 1 when bits = 8j + 1
    block.set(em, 1);
    return block;
  }

  #hash(data: Uint8Array, hash: Pkcs1HashName): Uint8Array {
    checkBytes(data, 'data');
    const hashes = this.#provider.hashes;
    if (hash === 'md5sha1') return concatBytes(hashes.md5.digest(data), hashes.sha1.digest(data));
    return hashes[hash].digest(data);
  }
}

/** Validates signature options; returns them with the PSS salt length defaulted. */
function checkOptions(options: RsaSignatureOptions): RsaSignatureOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object with scheme and hash');
  const { scheme, hash, saltLength } = options;
  if (scheme !== 'pkcs1' && scheme !== 'pss') throw new TypeError('options.scheme must be "pkcs1" or "pss"');
  if (!isPkcs1HashName(hash)) throw new TypeError('options.hash must be md5, sha1, sha224, sha256, sha384, sha512 or md5sha1');
  if (scheme === 'pss' && hash === 'md5sha1') throw new TypeError('options.hash "md5sha1" is for PKCS#1 v1.5 signatures only');
  if (saltLength !== undefined) {
    if (scheme !== 'pss') throw new TypeError('options.saltLength applies to PSS only');
    if (!Number.isSafeInteger(saltLength) || saltLength < 0) throw new RangeError('options.saltLength must be a non-negative integer');
  }
  return options;
}
