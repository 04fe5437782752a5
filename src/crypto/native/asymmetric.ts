/**
 * The native asymmetric algorithms: the addon's RSA, finite-field DH,
 * ECDH, ECDSA and EdDSA key objects (native/rsa.cc, native/pkey*.h)
 * wrapped into the provider interface.
 *
 * Arguments are checked here, before they reach C++: API misuse throws a
 * TypeError or RangeError naming the parameter; an invalid value from the
 * peer throws TLSIllegalParameterException (the C++ side reports a
 * rejected peer value by returning null, and this layer translates).
 *
 * Where signing runs: P-256 and Ed25519 sign on the calling thread (about
 * 30-40 µs, less than a round trip through the libuv thread pool, which
 * measured about 40 µs more), and so does the RSA private operation up to
 * 2048 bits (about 0.3 ms; through the pool a 2048-bit PSS signature took
 * 0.44 ms instead of 0.34, and node:tls signs on its loop too). P-384,
 * P-521, Ed448 (0.25-2 ms) and larger RSA keys (1 ms and more) run on the
 * thread pool, so a busy server keeps its event loop free.
 *
 * @module
 */
import { TLSIllegalParameterException } from '../../errors.js';
import { bigIntToBytes, bitLength, bytesToBigInt, checkBytes, publicLessThan } from '../bytes.js';
import type {
  EcdhAlgorithm,
  EcdhGroupName,
  EcdsaAlgorithm,
  EcdsaCurveName,
  EcdsaPrivateKey,
  EcdsaPublicKey,
  EddsaAlgorithm,
  EddsaName,
  EddsaPrivateKey,
  EddsaPublicKey,
  FfdhAlgorithm,
  KeyAgreementPair,
  PartialCryptoProvider,
  RsaAlgorithm,
  RsaPrivateComponents,
  RsaPrivateOps,
  RsaPublicComponents,
  RsaPublicOps,
} from '../provider.js';
import { FFDH_MAX_BITS } from '../provider.js';
import type { NativeBinding } from './addon.js';
// One definition of the default exponent size for both implementations (RFC 7919 5.2).
import { defaultExponentBits } from '../pure/ffdh.js';

/** The native asymmetric algorithms, with the reason for each one that is absent. */
export type NativeAsymmetric = Pick<PartialCryptoProvider, 'rsa' | 'ffdh' | 'ecdh' | 'ecdsa' | 'eddsa' | 'kems'> & {
  missing: Record<string, string>;
};

// ---------------------------------------------------------------- the binding's shape

interface RsaKeyHandle {
  readonly byteLength: number;
  readonly bits: number;
  publicOp(input: Uint8Array): Uint8Array;
  privateOpSync(input: Uint8Array): Uint8Array;
  privateOp(input: Uint8Array): Promise<Uint8Array>;
}

interface DhKeyHandle {
  readonly publicKey: Uint8Array;
  /** null when the peer value is not 1 < y < p-1. */
  computeSecret(peer: Uint8Array): Uint8Array | null;
}

interface EcKeyHandle {
  readonly publicKey: Uint8Array;
  privateScalar(): Uint8Array;
  /** null when the peer point is malformed or off the curve. */
  computeSecret(peer: Uint8Array): Uint8Array | null;
  signDigest(digest: Uint8Array): Uint8Array;
  signDigestAsync(digest: Uint8Array): Promise<Uint8Array>;
  verifyDigest(digest: Uint8Array, signature: Uint8Array): boolean;
}

interface RawKeyHandle {
  readonly publicKey: Uint8Array;
  privateKey(): Uint8Array;
  /** null for a wrong-length peer value or an all-zero result. */
  computeSecret(peer: Uint8Array): Uint8Array | null;
  sign(message: Uint8Array): Uint8Array;
  signAsync(message: Uint8Array): Promise<Uint8Array>;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

type KeyMode = 'generate' | 'private' | 'public';

interface AsymmetricBinding {
  RsaKey: new (...components: bigint[]) => RsaKeyHandle;
  rsaGenerate(bits: number, publicExponent: bigint): Promise<RsaPrivateComponents>;
  DhKey: new (p: bigint, g: bigint, exponent: bigint | number) => DhKeyHandle;
  EcKey: new (curve: EcdsaCurveName, mode: KeyMode, bytes?: Uint8Array) => EcKeyHandle;
  RawKey: new (type: 'x25519' | 'x448' | EddsaName, mode: KeyMode, bytes?: Uint8Array) => RawKeyHandle;
  pkeyMissing: Record<string, string>;
}

// ---------------------------------------------------------------- argument checks

function checkBigInt(value: unknown, name: string): asserts value is bigint {
  if (typeof value !== 'bigint') throw new TypeError(`${name} must be a bigint, got ${value === null ? 'null' : typeof value}`);
  if (value < 0n) throw new RangeError(`${name} must not be negative`);
}

function checkInteger(value: unknown, name: string, min: number, max: number): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

function illegal(what: string): TLSIllegalParameterException {
  return new TLSIllegalParameterException(what);
}

// ---------------------------------------------------------------- RSA

/** OpenSSL's limit (OPENSSL_RSA_MAX_MODULUS_BITS). */
const RSA_MAX_BITS = 16384;
/** RSA private operations up to this size run on the calling thread (see the module comment). */
const RSA_ON_THREAD_MAX_BITS = 2048;

/** Big-endian `a < b` for byte strings of equal length. Inputs are public (ciphertexts, signatures). */
function checkRsaPublic(key: RsaPublicComponents): void {
  if (typeof key !== 'object' || key === null) throw new TypeError('key must be an object with n and e');
  checkBigInt(key.n, 'n');
  checkBigInt(key.e, 'e');
  if ((key.n & 1n) === 0n || key.n < 3n) throw new RangeError('n must be odd and greater than 2');
  if (bitLength(key.n) > RSA_MAX_BITS) throw new RangeError(`n must have at most ${RSA_MAX_BITS} bits`);
  if ((key.e & 1n) === 0n || key.e < 3n || key.e >= key.n) throw new RangeError('e must be odd, at least 3 and less than n');
}

/** The addon's key object plus the modulus as k bytes (to check inputs against). */
function rsaHandle(binding: AsymmetricBinding, n: bigint, components: bigint[]): { h: RsaKeyHandle; modulus: Uint8Array } {
  const h = new binding.RsaKey(...components);
  return { h, modulus: bigIntToBytes(n, h.byteLength) };
}

function rsaInput(input: unknown, modulus: Uint8Array): asserts input is Uint8Array {
  checkBytes(input, 'input', modulus.length);
  if (!publicLessThan(input, modulus)) throw new RangeError('input must be less than the modulus');
}

function rsa(binding: AsymmetricBinding): RsaAlgorithm {
  const publicKey = (key: RsaPublicComponents): RsaPublicOps => {
    checkRsaPublic(key);
    const { h, modulus } = rsaHandle(binding, key.n, [key.n, key.e]);
    return {
      byteLength: h.byteLength,
      bits: h.bits,
      publicOp(input) {
        rsaInput(input, modulus);
        return h.publicOp(input);
      },
    };
  };
  const privateKey = (key: RsaPrivateComponents): RsaPrivateOps => {
    checkRsaPublic(key);
    for (const name of ['d', 'p', 'q', 'dP', 'dQ', 'qInv'] as const) checkBigInt(key[name], name);
    // OpenSSL does not check an imported key. With wrong factors its
    // fault check would fall back to c^d mod n and hide the mistake, so
    // catch the cheap-to-see inconsistency here.
    if (key.p * key.q !== key.n) throw new RangeError('p * q must equal n');
    const { h, modulus } = rsaHandle(binding, key.n, [key.n, key.e, key.d, key.p, key.q, key.dP, key.dQ, key.qInv]);
    return {
      byteLength: h.byteLength,
      bits: h.bits,
      publicOp(input) {
        rsaInput(input, modulus);
        return h.publicOp(input);
      },
      privateOpSync(input) {
        rsaInput(input, modulus);
        return h.privateOpSync(input);
      },
      async privateOp(input) {
        rsaInput(input, modulus);
        return h.bits <= RSA_ON_THREAD_MAX_BITS ? h.privateOpSync(input) : h.privateOp(input);
      },
    };
  };
  return {
    name: 'rsa',
    implementation: 'native',
    async generate(bits, publicExponent = 65537n) {
      checkInteger(bits, 'bits', 512, RSA_MAX_BITS);
      checkBigInt(publicExponent, 'publicExponent');
      if ((publicExponent & 1n) === 0n || publicExponent < 3n || bitLength(publicExponent) > 256) {
        throw new RangeError('publicExponent must be odd, at least 3 and at most 256 bits');
      }
      return binding.rsaGenerate(bits, publicExponent);
    },
    publicKey,
    privateKey,
  };
}

// ---------------------------------------------------------------- finite-field DH

/** (p, g) usually come from the peer (TLS 1.2 ServerDHParams), hence illegal_parameter. */
function checkGroup(p: unknown, g: unknown): asserts p is bigint {
  checkBigInt(p, 'p');
  checkBigInt(g, 'g');
  // As the pure implementation: a prime is odd, and nothing below 2^16 is a real group.
  if ((p & 1n) === 0n || p < 1n << 16n) throw illegal('DH modulus p is not a usable prime');
  if (bitLength(p) > FFDH_MAX_BITS) throw illegal(`DH modulus p is larger than ${FFDH_MAX_BITS} bits`);
  if (g <= 1n || g >= p - 1n) throw illegal('DH generator must satisfy 1 < g < p-1');
}

function dhPair(handle: DhKeyHandle, p: bigint): KeyAgreementPair {
  const length = Math.ceil(bitLength(p) / 8);
  return {
    publicKey: handle.publicKey,
    computeSecret(peerPublic) {
      checkBytes(peerPublic, 'peerPublic');
      // RFC 7919 5.1, NIST SP 800-56A 5.6.2.3.1: 1 < y < p-1.
      if (peerPublic.length === 0 || peerPublic.length > length) throw illegal('DH public value has a wrong length');
      const y = bytesToBigInt(peerPublic);
      if (y <= 1n || y >= p - 1n) throw illegal('DH public value is out of range');
      // null: the secret is 0 or 1, possible only for y in a tiny subgroup
      // of a non-safe prime; everyone would know it.
      const secret = handle.computeSecret(peerPublic);
      if (secret === null) throw illegal('DH shared secret is degenerate');
      return secret;
    },
  };
}

function ffdh(binding: AsymmetricBinding): FfdhAlgorithm {
  return {
    name: 'ffdh',
    implementation: 'native',
    generate(p, g, exponentBits) {
      checkGroup(p, g);
      const pBits = bitLength(p);
      const bits = exponentBits ?? defaultExponentBits(pBits);
      checkInteger(bits, 'exponentBits', 2, pBits - 1);
      return dhPair(new binding.DhKey(p, g, bits), p);
    },
    fromPrivate(p, g, x) {
      checkGroup(p, g);
      checkBigInt(x, 'x');
      if (x < 1n || x >= p - 1n) throw new RangeError('x must satisfy 1 <= x < p-1');
      return dhPair(new binding.DhKey(p, g, x), p);
    },
  };
}

// ---------------------------------------------------------------- elliptic curves

/** Field size in bytes (= scalar and secret size) of each NIST curve. */
const FIELD_LENGTH: Record<EcdsaCurveName, number> = { secp256r1: 32, secp384r1: 48, secp521r1: 66 };

/** Signing on the thread pool pays off only when the operation is slow (see the module comment). */
const SIGN_OFF_THREAD: Record<EcdsaCurveName | EddsaName, boolean> = {
  secp256r1: false,
  secp384r1: true,
  secp521r1: true,
  ed25519: false,
  ed448: true,
};

function ecdhNist(binding: AsymmetricBinding, name: EcdsaCurveName): EcdhAlgorithm {
  const length = FIELD_LENGTH[name];
  const pair = (handle: EcKeyHandle): KeyAgreementPair => ({
    publicKey: handle.publicKey,
    computeSecret(peerPublic) {
      checkBytes(peerPublic, 'peerPublic');
      // TLS sends uncompressed points only (RFC 8422 5.1.1, RFC 8446 4.2.8.2).
      if (peerPublic.length !== 1 + 2 * length || peerPublic[0] !== 0x04) {
        throw illegal(`${name} public value must be an uncompressed point`);
      }
      // null: OpenSSL refused the point (not on the curve, RFC 8446 4.2.8.2).
      const secret = handle.computeSecret(peerPublic);
      if (secret === null) throw illegal(`${name} public value is not a valid point`);
      return secret;
    },
  });
  return {
    name,
    implementation: 'native',
    secretLength: length,
    generate: () => pair(new binding.EcKey(name, 'generate')),
    fromPrivate(privateKey) {
      checkBytes(privateKey, 'privateKey', length);
      return pair(new binding.EcKey(name, 'private', privateKey));
    },
  };
}

function ecdhMontgomery(binding: AsymmetricBinding, name: 'x25519' | 'x448'): EcdhAlgorithm {
  const length = name === 'x25519' ? 32 : 56;
  const pair = (handle: RawKeyHandle): KeyAgreementPair => ({
    publicKey: handle.publicKey,
    computeSecret(peerPublic) {
      checkBytes(peerPublic, 'peerPublic');
      if (peerPublic.length !== length) throw illegal(`${name} public value must be ${length} bytes`);
      // null: an all-zero result, from a small-order peer value (RFC 7748 6.1, RFC 8446 7.4.2).
      const secret = handle.computeSecret(peerPublic);
      if (secret === null) throw illegal(`${name} shared secret is all zeros`);
      return secret;
    },
  });
  return {
    name,
    implementation: 'native',
    secretLength: length,
    generate: () => pair(new binding.RawKey(name, 'generate')),
    fromPrivate(privateKey) {
      checkBytes(privateKey, 'privateKey', length);
      return pair(new binding.RawKey(name, 'private', privateKey));
    },
  };
}

function ecdsaPublic(handle: EcKeyHandle): EcdsaPublicKey {
  return {
    publicKey: handle.publicKey,
    verifyDigest(digest, signature) {
      checkBytes(digest, 'digest');
      checkBytes(signature, 'signature');
      return handle.verifyDigest(digest, signature);
    },
  };
}

function ecdsa(binding: AsymmetricBinding, name: EcdsaCurveName): EcdsaAlgorithm {
  const length = FIELD_LENGTH[name];
  const offThread = SIGN_OFF_THREAD[name];
  return {
    name,
    implementation: 'native',
    scalarLength: length,
    generate: () => new binding.EcKey(name, 'generate').privateScalar(),
    privateKey(scalar): EcdsaPrivateKey {
      checkBytes(scalar, 'scalar', length);
      const handle = new binding.EcKey(name, 'private', scalar);
      return {
        ...ecdsaPublic(handle),
        async signDigest(digest) {
          checkBytes(digest, 'digest');
          return offThread ? handle.signDigestAsync(digest) : handle.signDigest(digest);
        },
      };
    },
    publicKey(point) {
      checkBytes(point, 'point', 1 + 2 * length);
      // The addon throws a TypeError for a point that is not on the curve.
      return ecdsaPublic(new binding.EcKey(name, 'public', point));
    },
  };
}

function eddsaPublic(handle: RawKeyHandle, signatureLength: number): EddsaPublicKey {
  return {
    publicKey: handle.publicKey,
    verify(message, signature) {
      checkBytes(message, 'message');
      checkBytes(signature, 'signature');
      if (signature.length !== signatureLength) return false;
      return handle.verify(message, signature);
    },
  };
}

function eddsa(binding: AsymmetricBinding, name: EddsaName): EddsaAlgorithm {
  const length = name === 'ed25519' ? 32 : 57;
  const offThread = SIGN_OFF_THREAD[name];
  return {
    name,
    implementation: 'native',
    keyLength: length,
    generate: () => new binding.RawKey(name, 'generate').privateKey(),
    privateKey(seed): EddsaPrivateKey {
      checkBytes(seed, 'seed', length);
      const handle = new binding.RawKey(name, 'private', seed);
      return {
        ...eddsaPublic(handle, 2 * length),
        async sign(message) {
          checkBytes(message, 'message');
          return offThread ? handle.signAsync(message) : handle.sign(message);
        },
      };
    },
    publicKey(key) {
      checkBytes(key, 'key', length);
      return eddsaPublic(new binding.RawKey(name, 'public', key), 2 * length);
    },
  };
}

// ---------------------------------------------------------------- assembly

const NEEDS: Record<string, (keyof AsymmetricBinding)[]> = {
  rsa: ['RsaKey', 'rsaGenerate'],
  ffdh: ['DhKey'],
  ec: ['EcKey'],
  raw: ['RawKey'],
};

/**
 * Wraps the addon's asymmetric exports. An algorithm the running OpenSSL
 * lacks (per the addon's `pkeyMissing`), or whose export the addon does
 * not have, is left out with the reason in `missing`.
 */
export function nativeAsymmetric(raw: NativeBinding): NativeAsymmetric {
  const binding = raw as unknown as AsymmetricBinding;
  const missing: Record<string, string> = {};
  const reported = typeof binding.pkeyMissing === 'object' && binding.pkeyMissing !== null ? binding.pkeyMissing : {};
  Object.assign(missing, reported);
  const lacking = (family: string): string | undefined => {
    const absent = NEEDS[family]!.filter((key) => typeof binding[key] !== 'function');
    return absent.length > 0 ? `the addon lacks ${absent.join(', ')}` : undefined;
  };
  /** Adds `make()` at `path` unless it is missing; records why otherwise. */
  const offer = <T>(path: string, family: string, make: () => T): T | undefined => {
    const why = reported[path] ?? lacking(family);
    if (why !== undefined) {
      missing[path] = why;
      return undefined;
    }
    try {
      return make();
    } catch (err) {
      missing[path] = `setup failed: ${(err as Error).message}`;
      return undefined;
    }
  };

  const ecdh: { [K in EcdhGroupName]?: EcdhAlgorithm } = {};
  const ecdsaAlgorithms: { [K in EcdsaCurveName]?: EcdsaAlgorithm } = {};
  const eddsaAlgorithms: { [K in EddsaName]?: EddsaAlgorithm } = {};
  for (const curve of ['secp256r1', 'secp384r1', 'secp521r1'] as const) {
    const a = offer(`ecdh.${curve}`, 'ec', () => ecdhNist(binding, curve));
    if (a) ecdh[curve] = a;
    const s = offer(`ecdsa.${curve}`, 'ec', () => ecdsa(binding, curve));
    if (s) ecdsaAlgorithms[curve] = s;
  }
  for (const group of ['x25519', 'x448'] as const) {
    const a = offer(`ecdh.${group}`, 'raw', () => ecdhMontgomery(binding, group));
    if (a) ecdh[group] = a;
  }
  for (const scheme of ['ed25519', 'ed448'] as const) {
    const s = offer(`eddsa.${scheme}`, 'raw', () => eddsa(binding, scheme));
    if (s) eddsaAlgorithms[scheme] = s;
  }
  // ML-KEM is never offered natively yet; the addon says why (OpenSSL 3.0
  // has none; on 3.5 it is not wired). Make sure a reason is always there.
  missing['kems.mlkem768'] ??= 'the addon does not offer ML-KEM';

  const result: NativeAsymmetric = { ecdh, ecdsa: ecdsaAlgorithms, eddsa: eddsaAlgorithms, kems: {}, missing };
  const rsaAlgorithm = offer('rsa', 'rsa', () => rsa(binding));
  const ffdhAlgorithm = offer('ffdh', 'ffdh', () => ffdh(binding));
  return {
    ...result,
    ...(rsaAlgorithm ? { rsa: rsaAlgorithm } : {}),
    ...(ffdhAlgorithm ? { ffdh: ffdhAlgorithm } : {}),
  };
}
