/**
 * The crypto provider interface: every primitive the protocol needs,
 * each behind a small object with its key bound once, so that protecting
 * a record or signing a handshake costs one call.
 *
 * Two implementations exist: `native` (a Node-API addon over the OpenSSL
 * that Node itself carries) and `pure` (TypeScript over @noble/* and
 * BigInt). A provider is plain data: a record of algorithm objects, each
 * of which says which implementation serves it. `select.ts` merges the
 * two per algorithm.
 *
 * Conventions for every method below:
 * - bytes are `Uint8Array` (a `Buffer` is accepted as one);
 * - a wrong key, nonce or IV length, or a wrong argument type, throws a
 *   `TypeError`/`RangeError` naming the parameter (API misuse);
 * - an invalid value received from a peer (a point off the curve, a DH
 *   value outside 1 < y < p-1, an all-zero X25519 result) throws
 *   `TLSIllegalParameterException` from `../errors.js`;
 * - authentication failures (`Aead.open`) return `null`, never throw.
 *
 * @module
 */

/** Which implementation serves an algorithm. */
export type Implementation = 'native' | 'pure';

/** Hash functions, named as the seed names them (`"sha"` is SHA-1 there; here it is `"sha1"`). */
export type HashName = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';

/** AEAD ciphers, named as the seed's `cipherNames`. */
export type AeadName =
  | 'aes128gcm'
  | 'aes256gcm'
  | 'chacha20-poly1305'
  | 'chacha20-poly1305_draft00'
  | 'aes128ccm'
  | 'aes256ccm'
  | 'aes128ccm_8'
  | 'aes256ccm_8';

/** CBC block ciphers, named as the seed's `cipherNames`. */
export type BlockCipherName = 'aes128' | 'aes256' | '3des';

/** Stream ciphers (`null` is the identity "cipher" of the NULL suites). */
export type StreamCipherName = 'rc4' | 'null';

/** Elliptic-curve and Montgomery groups for key agreement. */
export type EcdhGroupName = 'secp256r1' | 'secp384r1' | 'secp521r1' | 'x25519' | 'x448';

/** Curves for ECDSA. */
export type EcdsaCurveName = 'secp256r1' | 'secp384r1' | 'secp521r1';

/** Edwards-curve signature schemes. */
export type EddsaName = 'ed25519' | 'ed448';

/** Key encapsulation mechanisms. */
export type KemName = 'mlkem768';

/** What every algorithm object carries. */
export interface AlgorithmInfo {
  /** The algorithm's name (the key under which the provider lists it). */
  readonly name: string;
  /** Which implementation serves it. */
  readonly implementation: Implementation;
}

// ---------------------------------------------------------------- hashes

/** An incremental hash computation. */
export interface Hash {
  /** Absorbs `data`; returns this for chaining. */
  update(data: Uint8Array): this;
  /** Finishes and returns the digest. The object must not be used afterwards. */
  digest(): Uint8Array;
  /** An independent copy of the current state (transcript hashes need this). */
  copy(): Hash;
  /** The digest of what was absorbed so far; this state carries on (a transcript hash at one point). */
  snapshot(): Uint8Array;
}

export interface HashAlgorithm extends AlgorithmInfo {
  readonly name: HashName;
  /** Digest size in bytes. */
  readonly outputLength: number;
  /** Compression-function block size in bytes (64 or 128). */
  readonly blockLength: number;
  /** Starts an incremental computation. */
  create(): Hash;
  /** One-shot digest of the concatenation of `parts`. */
  digest(...parts: Uint8Array[]): Uint8Array;
}

// ---------------------------------------------------------------- HMAC

/** An incremental HMAC computation. */
export interface Hmac {
  update(data: Uint8Array): this;
  digest(): Uint8Array;
  copy(): Hmac;
  /** The MAC of what was absorbed so far; this state carries on. */
  snapshot(): Uint8Array;
}

/** An HMAC key, bound once and used for many MACs. */
export interface HmacKey {
  /** One-shot MAC over the concatenation of `parts` (a record MAC is one call). */
  mac(...parts: Uint8Array[]): Uint8Array;
  /** Starts an incremental computation under this key. */
  create(): Hmac;
}

export interface HmacAlgorithm extends AlgorithmInfo {
  /** The underlying hash. */
  readonly name: HashName;
  readonly outputLength: number;
  readonly blockLength: number;
  /** Binds a key (any length; longer than the block is hashed per RFC 2104). */
  key(key: Uint8Array): HmacKey;
  /**
   * One-shot MAC of the concatenation of `parts` under `key`: for a key
   * used once (HKDF, Finished), cheaper than binding it with `key()`.
   */
  mac(key: Uint8Array, ...parts: Uint8Array[]): Uint8Array;
}

// ---------------------------------------------------------------- AEAD

/** An AEAD with its key bound. */
export interface Aead {
  /**
   * Encrypts and authenticates. Returns `ciphertext || tag`.
   * `out`, if given, must be `plaintext.length + tagLength` bytes long and
   * receives the result (it may be the same memory as `plaintext`).
   */
  seal(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, out?: Uint8Array): Uint8Array;
  /**
   * Checks and decrypts `ciphertext || tag`. Returns the plaintext, or
   * `null` when authentication fails (nothing of the plaintext is then
   * released). `out`, if given, must be `sealed.length - tagLength` bytes
   * and receives the plaintext (it may alias `sealed`).
   */
  open(nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array, out?: Uint8Array): Uint8Array | null;
}

export interface AeadAlgorithm extends AlgorithmInfo {
  readonly name: AeadName;
  readonly keyLength: number;
  /** Always 12: the record layer builds the full nonce (RFC 5288, RFC 7905, RFC 8446). */
  readonly nonceLength: number;
  /** 16, or 8 for the CCM_8 variants. */
  readonly tagLength: number;
  key(key: Uint8Array): Aead;
}

// ---------------------------------------------------------------- CBC and stream ciphers

/**
 * A CBC encryptor or decryptor. No padding is added or removed. The IV
 * chains across calls (the last ciphertext block of one call is the IV of
 * the next), as TLS 1.0 and SSLv3 require.
 */
export interface BlockCipher {
  /**
   * Processes `data` (a whole number of blocks). `out`, if given, must be
   * `data.length` bytes and receives the result (it may alias `data`).
   */
  update(data: Uint8Array, out?: Uint8Array): Uint8Array;
}

export interface BlockCipherAlgorithm extends AlgorithmInfo {
  readonly name: BlockCipherName;
  readonly keyLength: number;
  readonly blockLength: number;
  /** Equals `blockLength`. */
  readonly ivLength: number;
  encryptor(key: Uint8Array, iv: Uint8Array): BlockCipher;
  decryptor(key: Uint8Array, iv: Uint8Array): BlockCipher;
}

/** A stream cipher state (the keystream position carries across calls). */
export interface StreamCipher {
  update(data: Uint8Array, out?: Uint8Array): Uint8Array;
}

export interface StreamCipherAlgorithm extends AlgorithmInfo {
  readonly name: StreamCipherName;
  /** 16 for RC4 as TLS uses it (any 1..256 is accepted); 0 for null. */
  readonly keyLength: number;
  /** Encryption and decryption are the same operation. */
  key(key: Uint8Array): StreamCipher;
}

// ---------------------------------------------------------------- RSA

/** RSA public components. */
export interface RsaPublicComponents {
  readonly n: bigint;
  readonly e: bigint;
}

/** RSA private components in CRT form (PKCS#1 RSAPrivateKey). */
export interface RsaPrivateComponents extends RsaPublicComponents {
  readonly d: bigint;
  readonly p: bigint;
  readonly q: bigint;
  readonly dP: bigint;
  readonly dQ: bigint;
  readonly qInv: bigint;
}

/**
 * The raw RSA permutation with a public key bound. Padding (PKCS#1 v1.5,
 * PSS) is done once, above the provider, in `rsa/`.
 */
export interface RsaPublicOps {
  /** Modulus size in bytes (k). */
  readonly byteLength: number;
  /** Modulus size in bits. */
  readonly bits: number;
  /** m^e mod n. `input` is k bytes, big-endian, and less than n; the result is k bytes. */
  publicOp(input: Uint8Array): Uint8Array;
}

export interface RsaPrivateOps extends RsaPublicOps {
  /**
   * c^d mod n with blinding, in CRT form, the result checked against the
   * public exponent (fault attacks). `input` is k bytes and less than n;
   * the result is k bytes. May run off the main thread.
   */
  privateOp(input: Uint8Array): Promise<Uint8Array>;
  /** The same on the calling thread. */
  privateOpSync(input: Uint8Array): Uint8Array;
}

export interface RsaAlgorithm extends AlgorithmInfo {
  readonly name: 'rsa';
  /** Generates a key of `bits` bits (at least 512), public exponent 65537 by default. */
  generate(bits: number, publicExponent?: bigint): Promise<RsaPrivateComponents>;
  publicKey(key: RsaPublicComponents): RsaPublicOps;
  privateKey(key: RsaPrivateComponents): RsaPrivateOps;
}

// ---------------------------------------------------------------- key agreement

/** One side's ephemeral key-agreement key. */
export interface KeyAgreementPair {
  /**
   * Our public value as sent on the wire: for finite-field DH, y
   * big-endian padded to the length of p; for NIST curves, the
   * uncompressed point (0x04 || X || Y); for X25519/X448, the u-coordinate.
   */
  readonly publicKey: Uint8Array;
  /**
   * The shared secret with the peer's public value, validated first.
   * Finite-field DH: g^xy padded to the length of p (TLS 1.2 strips the
   * leading zeros, RFC 5246 8.1.2; TLS 1.3 keeps them, RFC 8446 7.4.1).
   * NIST curves: the x-coordinate, padded to the field size. X25519/X448:
   * the 32/56-byte result, never all zeros.
   * @throws TLSIllegalParameterException on an invalid peer value.
   */
  computeSecret(peerPublic: Uint8Array): Uint8Array;
}

export interface EcdhAlgorithm extends AlgorithmInfo {
  readonly name: EcdhGroupName;
  /** Size of the shared secret in bytes (32, 48, 66, 32, 56). */
  readonly secretLength: number;
  /** A fresh key pair. */
  generate(): KeyAgreementPair;
  /** A key pair from a given private key (scalar big-endian for NIST curves, raw for X25519/X448); for test vectors. */
  fromPrivate(privateKey: Uint8Array): KeyAgreementPair;
}

/**
 * The largest finite-field DH modulus either provider accepts, in bits:
 * OpenSSL's own limit (OPENSSL_DH_MAX_MODULUS_BITS), so both providers
 * refuse the same groups, and a peer cannot make us exponentiate modulo a
 * number of any size (the handshake's maxKeySize usually refuses earlier).
 */
export const FFDH_MAX_BITS = 10_000;

/** Finite-field Diffie-Hellman over an arbitrary (p, g), such as the RFC 7919 groups. */
export interface FfdhAlgorithm extends AlgorithmInfo {
  readonly name: 'ffdh';
  /**
   * A fresh key pair in the group (p, g). The private exponent is drawn
   * with `exponentBits` bits (default: enough for the group's strength,
   * at least 256 bits, at most bitlen(p) - 1).
   */
  generate(p: bigint, g: bigint, exponentBits?: number): KeyAgreementPair;
  /** A key pair from a given private exponent; for test vectors. */
  fromPrivate(p: bigint, g: bigint, x: bigint): KeyAgreementPair;
}

// ---------------------------------------------------------------- signatures

export interface EcdsaPublicKey {
  /** Uncompressed point 0x04 || X || Y. */
  readonly publicKey: Uint8Array;
  /** Verifies a DER-encoded ECDSA-Sig-Value over a precomputed digest. High-S signatures are accepted. */
  verifyDigest(digest: Uint8Array, signature: Uint8Array): boolean;
}

export interface EcdsaPrivateKey extends EcdsaPublicKey {
  /** Signs a precomputed digest; returns a DER-encoded ECDSA-Sig-Value. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

export interface EcdsaAlgorithm extends AlgorithmInfo {
  readonly name: EcdsaCurveName;
  /** Scalar size in bytes (32, 48, 66). */
  readonly scalarLength: number;
  /** A fresh key; returns the private scalar (big-endian, scalarLength bytes). */
  generate(): Uint8Array;
  privateKey(scalar: Uint8Array): EcdsaPrivateKey;
  /** @throws TypeError if the point is not on the curve. */
  publicKey(point: Uint8Array): EcdsaPublicKey;
}

export interface EddsaPublicKey {
  readonly publicKey: Uint8Array;
  /** RFC 8032 verification (strict, not ZIP-215). */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface EddsaPrivateKey extends EddsaPublicKey {
  sign(message: Uint8Array): Promise<Uint8Array>;
}

export interface EddsaAlgorithm extends AlgorithmInfo {
  readonly name: EddsaName;
  /** 32 for Ed25519, 57 for Ed448. */
  readonly keyLength: number;
  /** A fresh private key (the RFC 8032 seed). */
  generate(): Uint8Array;
  privateKey(seed: Uint8Array): EddsaPrivateKey;
  publicKey(key: Uint8Array): EddsaPublicKey;
}

// ---------------------------------------------------------------- KEM and randomness

export interface KemKeyPair {
  /** The encapsulation key as sent on the wire. */
  readonly publicKey: Uint8Array;
  /** The shared secret for a ciphertext (implicit rejection: a bad ciphertext yields a pseudo-random secret). */
  decapsulate(ciphertext: Uint8Array): Uint8Array;
}

export interface KemAlgorithm extends AlgorithmInfo {
  readonly name: KemName;
  readonly publicKeyLength: number;
  readonly ciphertextLength: number;
  generate(): KemKeyPair;
  /** A key pair from the 64-byte seed (d || z) of FIPS 203; for test vectors. */
  fromSeed(seed: Uint8Array): KemKeyPair;
  /** @throws TLSIllegalParameterException on a malformed encapsulation key. */
  encapsulate(publicKey: Uint8Array): { ciphertext: Uint8Array; sharedSecret: Uint8Array };
}

export interface RandomSource extends AlgorithmInfo {
  readonly name: 'random';
  /** `length` bytes from a cryptographically secure generator. */
  bytes(length: number): Uint8Array;
}

// ---------------------------------------------------------------- the provider

/** A complete provider: every algorithm present. */
export interface CryptoProvider {
  /** `"native"`, `"pure"`, or a merged provider's description. */
  readonly name: string;
  readonly hashes: { readonly [K in HashName]: HashAlgorithm };
  readonly hmacs: { readonly [K in HashName]: HmacAlgorithm };
  readonly aeads: { readonly [K in AeadName]: AeadAlgorithm };
  readonly blockCiphers: { readonly [K in BlockCipherName]: BlockCipherAlgorithm };
  readonly streamCiphers: { readonly [K in StreamCipherName]: StreamCipherAlgorithm };
  readonly rsa: RsaAlgorithm;
  readonly ffdh: FfdhAlgorithm;
  readonly ecdh: { readonly [K in EcdhGroupName]: EcdhAlgorithm };
  readonly ecdsa: { readonly [K in EcdsaCurveName]: EcdsaAlgorithm };
  readonly eddsa: { readonly [K in EddsaName]: EddsaAlgorithm };
  readonly kems: { readonly [K in KemName]: KemAlgorithm };
  readonly random: RandomSource;
}

/**
 * A provider that may lack some algorithms (the native one, when the
 * running OpenSSL does not offer them). Missing entries are served by
 * the pure provider when providers are merged.
 */
export interface PartialCryptoProvider {
  readonly name: string;
  readonly hashes: { readonly [K in HashName]?: HashAlgorithm };
  readonly hmacs: { readonly [K in HashName]?: HmacAlgorithm };
  readonly aeads: { readonly [K in AeadName]?: AeadAlgorithm };
  readonly blockCiphers: { readonly [K in BlockCipherName]?: BlockCipherAlgorithm };
  readonly streamCiphers: { readonly [K in StreamCipherName]?: StreamCipherAlgorithm };
  readonly rsa?: RsaAlgorithm;
  readonly ffdh?: FfdhAlgorithm;
  readonly ecdh: { readonly [K in EcdhGroupName]?: EcdhAlgorithm };
  readonly ecdsa: { readonly [K in EcdsaCurveName]?: EcdsaAlgorithm };
  readonly eddsa: { readonly [K in EddsaName]?: EddsaAlgorithm };
  readonly kems: { readonly [K in KemName]?: KemAlgorithm };
  readonly random?: RandomSource;
  /** Why an algorithm is absent, by provider path (e.g. `"streamCiphers.rc4"`). */
  readonly missing?: Readonly<Record<string, string>>;
}

/** The category keys that hold a record of algorithms. */
export const ALGORITHM_GROUPS = [
  'hashes',
  'hmacs',
  'aeads',
  'blockCiphers',
  'streamCiphers',
  'ecdh',
  'ecdsa',
  'eddsa',
  'kems',
] as const;

/** The category keys that hold a single algorithm. */
export const SINGLE_ALGORITHMS = ['rsa', 'ffdh', 'random'] as const;

export const HASH_NAMES: readonly HashName[] = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'];
export const AEAD_NAMES: readonly AeadName[] = [
  'aes128gcm',
  'aes256gcm',
  'chacha20-poly1305',
  'chacha20-poly1305_draft00',
  'aes128ccm',
  'aes256ccm',
  'aes128ccm_8',
  'aes256ccm_8',
];
export const BLOCK_CIPHER_NAMES: readonly BlockCipherName[] = ['aes128', 'aes256', '3des'];
export const STREAM_CIPHER_NAMES: readonly StreamCipherName[] = ['rc4', 'null'];
export const ECDH_GROUP_NAMES: readonly EcdhGroupName[] = ['secp256r1', 'secp384r1', 'secp521r1', 'x25519', 'x448'];
export const ECDSA_CURVE_NAMES: readonly EcdsaCurveName[] = ['secp256r1', 'secp384r1', 'secp521r1'];
export const EDDSA_NAMES: readonly EddsaName[] = ['ed25519', 'ed448'];
export const KEM_NAMES: readonly KemName[] = ['mlkem768'];
