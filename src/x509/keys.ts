/**
 * Reading and writing keys (the seed's `tlslite.utils.keyfactory`):
 * `parsePEMKey` and `parseDERKey` for
 * - RSA: PKCS#1 RSAPrivateKey / RSAPublicKey (RFC 8017 A.1), PKCS#8
 *   (RFC 5208, RFC 5958) and SubjectPublicKeyInfo (RFC 5280 4.1.2.7)
 *   with rsaEncryption or id-RSASSA-PSS (RFC 4055 3.1);
 * - EC on P-256/384/521: SEC1 ECPrivateKey (RFC 5915), PKCS#8 and SPKI
 *   (RFC 5480), named curves only;
 * - Ed25519/Ed448: PKCS#8 and SPKI (RFC 8410);
 * and `publicKeyToSPKI` / `privateKeyToPKCS8` to write them.
 *
 * An RSA key from an id-RSASSA-PSS structure may only make PSS
 * signatures (RFC 4055 1.2); `rsaKeyType()` says which kind a key is, so
 * TLS 1.3 can tell rsa_pss_pss_* from rsa_pss_rsae_* (RFC 8446 4.2.3).
 *
 * @module
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import type { CryptoProvider, EcdsaCurveName, EddsaName, HashName } from '../crypto/provider.js';
import { bigIntToBytes, bytesToBigInt } from '../crypto/bytes.js';
import { RSAKey } from '../crypto/rsa/key.js';
import { ECDSAKey } from '../crypto/ecdsa-key.js';
import { EdDSAKey } from '../crypto/eddsa-key.js';
import { DERError, DERReader, Tag, contextTag, derBitString, derContext, derInteger, derNull, derOctetString, derOid, derSequence, readDER } from './der.js';
import { PEMError, pemDecodeAll, pemEncode } from './pem.js';

/** A key this module reads. */
export type Key = RSAKey | ECDSAKey | EdDSAKey;

/** What kind of key, as TLS signature schemes need to know it. */
export type KeyType = 'rsa' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';

/** A key that cannot be read: malformed, unsupported, encrypted, or not what was asked for. */
export class KeyParseError extends Error {
  override name = 'KeyParseError';
}

/** Options of `parsePEMKey` and `parseDERKey` (the seed's keyword arguments). */
export interface ParseKeyOptions {
  /** Require a private key (the seed's `private=True`). */
  readonly private?: boolean;
  /** Return only the public half (the seed's `public=True`). */
  readonly public?: boolean;
  /** The provider the key is bound to (default: `defaultProvider()`). */
  readonly provider?: CryptoProvider;
}

/** The DER structures `parseDERKey` reads. */
export type KeyFormat = 'pkcs8' | 'spki' | 'pkcs1' | 'pkcs1-public' | 'sec1';

/** RSASSA-PSS-params of a PSS-only key (RFC 4055 3.1), when its AlgorithmIdentifier had any. */
export interface RsaPssParameters {
  readonly hash: HashName;
  readonly mgfHash: HashName;
  readonly saltLength: number;
}

// ---------------------------------------------------------------- OIDs

const OID = {
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  x25519: '1.3.101.110',
  x448: '1.3.101.111',
} as const;

const CURVE_OIDS: Record<string, EcdsaCurveName> = {
  '1.2.840.10045.3.1.7': 'secp256r1',
  '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1',
};
const CURVE_TO_OID = Object.fromEntries(Object.entries(CURVE_OIDS).map(([oid, name]) => [name, oid])) as Record<EcdsaCurveName, string>;
const NOBLE_CURVES = { secp256r1: p256, secp384r1: p384, secp521r1: p521 };
const SCALAR_LENGTH: Record<EcdsaCurveName, number> = { secp256r1: 32, secp384r1: 48, secp521r1: 66 };
const EDDSA_LENGTH: Record<EddsaName, number> = { ed25519: 32, ed448: 57 };

/** Hash algorithm OIDs (RFC 8017 Appendix A.2.4, RFC 5754). */
export const HASH_OIDS: Readonly<Record<string, HashName>> = {
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const OID_NAMES: Record<string, string> = {
  [OID.x25519]: 'X25519',
  [OID.x448]: 'X448',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.113549.1.3.1': 'Diffie-Hellman',
};

// ---------------------------------------------------------------- PSS marking

interface RsaPssInfo {
  /** The parameters, if the AlgorithmIdentifier carried any. */
  readonly parameters: RsaPssParameters | undefined;
  /** The AlgorithmIdentifier's DER, so the key is written back as it was read. */
  readonly algorithmIdentifier: Uint8Array;
}

// RSAKey belongs to the RSA layer and knows nothing of key formats; the
// PSS-only restriction comes from the format, so it is recorded here.
const pssKeys = new WeakMap<RSAKey, RsaPssInfo>();

/** "rsa-pss" for an RSA key read from an id-RSASSA-PSS structure (PSS signatures only), "rsa" otherwise. */
export function rsaKeyType(key: RSAKey): 'rsa' | 'rsa-pss' {
  return pssKeys.has(key) ? 'rsa-pss' : 'rsa';
}

/** The RSASSA-PSS-params a PSS-only key was restricted to, if it carried any. */
export function rsaPssParameters(key: RSAKey): RsaPssParameters | undefined {
  return pssKeys.get(key)?.parameters;
}

/** The kind of any key this module returns. */
export function keyType(key: Key): KeyType {
  if (key instanceof RSAKey) return rsaKeyType(key);
  if (key instanceof ECDSAKey) return 'ecdsa';
  if (key instanceof EdDSAKey) return key.curveName;
  throw new TypeError('not a key');
}

// ---------------------------------------------------------------- PEM

const PEM_FORMATS: Record<string, KeyFormat> = {
  'PRIVATE KEY': 'pkcs8',
  'RSA PRIVATE KEY': 'pkcs1',
  'EC PRIVATE KEY': 'sec1',
  'PUBLIC KEY': 'spki',
  'RSA PUBLIC KEY': 'pkcs1-public',
};

/**
 * Reads the first key in PEM text (the seed's `parsePEMKey`). Text around
 * the block, "EC PARAMETERS" blocks and certificates are skipped.
 * @throws KeyParseError when there is no key, it is encrypted, malformed
 *   or unsupported, or `options.private` is set and the key is public.
 */
export function parsePEMKey(pem: string, options: ParseKeyOptions = {}): Key {
  if (typeof pem !== 'string') throw new TypeError('pem must be a string');
  let blocks;
  try {
    blocks = pemDecodeAll(pem);
  } catch (err) {
    if (err instanceof PEMError) throw new KeyParseError(`cannot read the PEM key: ${err.message}`, { cause: err });
    throw err;
  }
  for (const block of blocks) {
    if (block.label === 'ENCRYPTED PRIVATE KEY' || /ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) {
      throw new KeyParseError(
        'encrypted private keys are not supported: decrypt it first (e.g. `openssl pkey -in key.pem -out plain.pem`)',
      );
    }
    const format = PEM_FORMATS[block.label];
    if (format) return parseDERKey(block.bytes, { ...options, format });
  }
  const seen = blocks.map((b) => b.label);
  throw new KeyParseError(`no key found in the PEM text${seen.length ? ` (blocks: ${seen.join(', ')})` : ''}`);
}

/**
 * Reads a DER-encoded key. Without `options.format` the structure is
 * recognised from its shape (PKCS#8, SPKI, PKCS#1 private or public, SEC1).
 * @throws KeyParseError as `parsePEMKey`.
 */
export function parseDERKey(der: Uint8Array, options: ParseKeyOptions & { format?: KeyFormat } = {}): Key {
  if (!(der instanceof Uint8Array)) throw new TypeError('der must be a Uint8Array');
  const format = options.format ?? sniffFormat(der);
  let key: Key;
  try {
    key = PARSERS[format](der, options.provider);
  } catch (err) {
    if (err instanceof DERError) throw new KeyParseError(`malformed ${FORMAT_NAMES[format]}: ${err.message}`, { cause: err });
    throw err;
  }
  if (options.private && !key.hasPrivateKey()) throw new KeyParseError('a private key was required, but this is a public key');
  return options.public ? publicOnly(key, options.provider) : key;
}

const FORMAT_NAMES: Record<KeyFormat, string> = {
  pkcs8: 'PKCS#8 PrivateKeyInfo',
  spki: 'SubjectPublicKeyInfo',
  pkcs1: 'PKCS#1 RSAPrivateKey',
  'pkcs1-public': 'PKCS#1 RSAPublicKey',
  sec1: 'SEC1 ECPrivateKey',
};

/** Recognises a key structure by the tags of its first fields. */
function sniffFormat(der: Uint8Array): KeyFormat {
  try {
    const top = readDER(der, Tag.SEQUENCE, 'key');
    const first = top.readAny('first field');
    if (first.tag === Tag.SEQUENCE) return 'spki';
    if (first.tag !== Tag.INTEGER) throw new KeyParseError('not a key structure: it starts with neither a version nor an AlgorithmIdentifier');
    const second = top.peekTag();
    if (second === Tag.SEQUENCE) return 'pkcs8';
    if (second === Tag.OCTET_STRING) return 'sec1';
    if (second === Tag.INTEGER) {
      top.readAny('second field');
      return top.atEnd() ? 'pkcs1-public' : 'pkcs1';
    }
    throw new KeyParseError('not a recognised key structure');
  } catch (err) {
    if (err instanceof DERError) throw new KeyParseError(`malformed key: ${err.message}`, { cause: err });
    throw err;
  }
}

// ---------------------------------------------------------------- parsers

type Parser = (der: Uint8Array, provider?: CryptoProvider) => Key;

const PARSERS: Record<KeyFormat, Parser> = {
  pkcs1: (der, provider) => parseRsaPrivate(readDER(der, Tag.SEQUENCE, 'RSAPrivateKey'), provider),
  'pkcs1-public': (der, provider) => parseRsaPublic(readDER(der, Tag.SEQUENCE, 'RSAPublicKey'), provider),
  sec1: (der, provider) => parseSec1(readDER(der, Tag.SEQUENCE, 'ECPrivateKey'), undefined, provider),
  pkcs8: parsePkcs8,
  spki: cachedSpki,
};

/**
 * Public keys read from SubjectPublicKeyInfo, per provider, most recent
 * last. A client meets the same server certificate on every connection,
 * and building its key (a BigInt modulus, a native key handle) costs more
 * than reading the rest of the certificate. Keys are immutable, so one
 * object can serve every connection. Keyed by the DER itself, so a
 * different key can never match.
 */
const spkiCache = new WeakMap<CryptoProvider, Map<string, Key>>();
const SPKI_CACHE_ENTRIES = 64;
const LATIN1 = new TextDecoder('latin1');

function cachedSpki(der: Uint8Array, provider?: CryptoProvider): Key {
  if (provider === undefined) return parseSpki(der);
  let cache = spkiCache.get(provider);
  if (cache === undefined) spkiCache.set(provider, (cache = new Map()));
  const id = LATIN1.decode(der);
  let key = cache.get(id);
  if (key !== undefined) {
    cache.delete(id);
  } else {
    key = parseSpki(der, provider);
    if (cache.size >= SPKI_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  cache.set(id, key);
  return key;
}

interface AlgorithmIdentifier {
  readonly oid: string;
  /** The parameters element, if present. */
  readonly parameters: DERReader | undefined;
  readonly parametersTag: number | undefined;
  readonly encoded: Uint8Array;
}

function readAlgorithmIdentifier(reader: DERReader): AlgorithmIdentifier {
  const element = reader.read(Tag.SEQUENCE, 'AlgorithmIdentifier');
  const inner = new DERReader(element.value, 'AlgorithmIdentifier');
  const oid = inner.oid('algorithm');
  const parametersTag = inner.peekTag();
  const parameters = parametersTag === undefined ? undefined : new DERReader(inner.readAny('parameters').encoded, 'AlgorithmIdentifier parameters');
  inner.end();
  return { oid, parameters, parametersTag, encoded: element.encoded };
}

function unsupportedAlgorithm(oid: string): KeyParseError {
  const name = OID_NAMES[oid];
  return new KeyParseError(`unsupported key algorithm ${name ? `${name} (${oid})` : oid}: RSA, RSA-PSS, EC (P-256/384/521), Ed25519 and Ed448 are supported`);
}

/** PrivateKeyInfo / OneAsymmetricKey (RFC 5208 5, RFC 5958 2). */
function parsePkcs8(der: Uint8Array, provider?: CryptoProvider): Key {
  const info = readDER(der, Tag.SEQUENCE, 'PrivateKeyInfo');
  const version = info.smallInteger('version');
  if (version > 1) throw new KeyParseError(`unsupported PKCS#8 version ${version}`);
  const algorithm = readAlgorithmIdentifier(info);
  const privateKey = info.octetString('privateKey');
  info.readOptional(contextTag(0, true), 'attributes');
  // RFC 5958: v2 may carry the public key, [1] IMPLICIT BIT STRING.
  const publicKeyField = version === 1 ? info.readOptional(contextTag(1, false), 'publicKey') : undefined;
  info.end();
  let embeddedPublic: Uint8Array | undefined;
  if (publicKeyField) {
    const value = publicKeyField.value;
    if (value.length < 1 || value[0] !== 0) throw new KeyParseError('PKCS#8 publicKey must be a BIT STRING of whole bytes');
    embeddedPublic = value.subarray(1);
  }

  switch (algorithm.oid) {
    case OID.rsaEncryption:
      checkNullParameters(algorithm, 'rsaEncryption');
      return parseRsaPrivate(readDER(privateKey, Tag.SEQUENCE, 'RSAPrivateKey'), provider);
    case OID.rsassaPss: {
      const key = parseRsaPrivate(readDER(privateKey, Tag.SEQUENCE, 'RSAPrivateKey'), provider);
      pssKeys.set(key, { parameters: readPssParameters(algorithm), algorithmIdentifier: algorithm.encoded });
      return key;
    }
    case OID.ecPublicKey: {
      const curve = readNamedCurve(algorithm);
      return parseSec1(readDER(privateKey, Tag.SEQUENCE, 'ECPrivateKey'), curve, provider);
    }
    case OID.ed25519:
    case OID.ed448: {
      const curve: EddsaName = algorithm.oid === OID.ed25519 ? 'ed25519' : 'ed448';
      // RFC 8410 3: the parameters MUST be absent.
      if (algorithm.parameters) throw new KeyParseError(`${curve} AlgorithmIdentifier must not have parameters`);
      // RFC 8410 7: CurvePrivateKey ::= OCTET STRING, inside the privateKey OCTET STRING.
      const wrapper = new DERReader(privateKey, 'CurvePrivateKey');
      const bytes = wrapper.octetString('CurvePrivateKey');
      wrapper.end();
      if (bytes.length !== EDDSA_LENGTH[curve]) {
        throw new KeyParseError(`${curve} private key must be ${EDDSA_LENGTH[curve]} bytes, got ${bytes.length}`);
      }
      if (embeddedPublic && embeddedPublic.length !== EDDSA_LENGTH[curve]) throw new KeyParseError(`${curve} public key has the wrong length`);
      return withKeyErrors(() => new EdDSAKey({ curve, privateKey: bytes, publicKey: embeddedPublic }, provider));
    }
    default:
      throw unsupportedAlgorithm(algorithm.oid);
  }
}

/** SubjectPublicKeyInfo (RFC 5280 4.1.2.7). */
function parseSpki(der: Uint8Array, provider?: CryptoProvider): Key {
  const spki = readDER(der, Tag.SEQUENCE, 'SubjectPublicKeyInfo');
  const algorithm = readAlgorithmIdentifier(spki);
  const subjectPublicKey = spki.bitStringBytes('subjectPublicKey');
  spki.end();
  switch (algorithm.oid) {
    case OID.rsaEncryption:
      checkNullParameters(algorithm, 'rsaEncryption');
      return parseRsaPublic(readDER(subjectPublicKey, Tag.SEQUENCE, 'RSAPublicKey'), provider);
    case OID.rsassaPss: {
      const key = parseRsaPublic(readDER(subjectPublicKey, Tag.SEQUENCE, 'RSAPublicKey'), provider);
      pssKeys.set(key, { parameters: readPssParameters(algorithm), algorithmIdentifier: algorithm.encoded });
      return key;
    }
    case OID.ecPublicKey: {
      const curve = readNamedCurve(algorithm);
      return withKeyErrors(() => new ECDSAKey({ curve, publicKey: uncompressedPoint(curve, subjectPublicKey) }, provider));
    }
    case OID.ed25519:
    case OID.ed448: {
      const curve: EddsaName = algorithm.oid === OID.ed25519 ? 'ed25519' : 'ed448';
      if (algorithm.parameters) throw new KeyParseError(`${curve} AlgorithmIdentifier must not have parameters`);
      if (subjectPublicKey.length !== EDDSA_LENGTH[curve]) {
        throw new KeyParseError(`${curve} public key must be ${EDDSA_LENGTH[curve]} bytes, got ${subjectPublicKey.length}`);
      }
      return withKeyErrors(() => new EdDSAKey({ curve, publicKey: subjectPublicKey }, provider));
    }
    default:
      throw unsupportedAlgorithm(algorithm.oid);
  }
}

/** RFC 3279 2.3.1: rsaEncryption parameters are NULL (absent is tolerated: some encoders omit it). */
function checkNullParameters(algorithm: AlgorithmIdentifier, name: string): void {
  if (!algorithm.parameters) return;
  if (algorithm.parametersTag !== Tag.NULL) throw new KeyParseError(`${name} parameters must be NULL`);
  algorithm.parameters.null('parameters');
  algorithm.parameters.end();
}

/** RSASSA-PSS-params (RFC 4055 3.1), with the defaults the RFC gives. */
function readPssParameters(algorithm: AlgorithmIdentifier): RsaPssParameters | undefined {
  // RFC 4055 3.1: absent parameters mean "any PSS parameters" for a key.
  if (!algorithm.parameters) return undefined;
  const params = algorithm.parameters.sequence('RSASSA-PSS-params');
  algorithm.parameters.end();
  let hash: HashName = 'sha1';
  let mgfHash: HashName = 'sha1';
  let saltLength = 20;
  const hashField = params.optionalContext(0, 'hashAlgorithm');
  if (hashField) {
    hash = readHashAlgorithm(hashField);
    hashField.end();
  }
  const mgfField = params.optionalContext(1, 'maskGenAlgorithm');
  if (mgfField) {
    const mgf = readAlgorithmIdentifier(mgfField);
    mgfField.end();
    if (mgf.oid !== OID.mgf1 || !mgf.parameters) throw new KeyParseError('RSASSA-PSS maskGenAlgorithm must be MGF1 with a hash');
    mgfHash = readHashAlgorithm(mgf.parameters);
    mgf.parameters.end();
  }
  const saltField = params.optionalContext(2, 'saltLength');
  if (saltField) {
    saltLength = saltField.smallInteger('saltLength', 0xffff);
    saltField.end();
  }
  const trailerField = params.optionalContext(3, 'trailerField');
  if (trailerField) {
    // RFC 4055 3.1: trailerField MUST be 1.
    if (trailerField.smallInteger('trailerField') !== 1) throw new KeyParseError('RSASSA-PSS trailerField must be 1');
    trailerField.end();
  }
  params.end();
  return { hash, mgfHash, saltLength };
}

function readHashAlgorithm(reader: DERReader): HashName {
  const algorithm = readAlgorithmIdentifier(reader);
  const hash = HASH_OIDS[algorithm.oid];
  if (!hash) throw new KeyParseError(`unsupported hash algorithm ${algorithm.oid}`);
  if (algorithm.parameters) checkNullParameters(algorithm, hash);
  return hash;
}

function readNamedCurve(algorithm: AlgorithmIdentifier): EcdsaCurveName {
  // RFC 5480 2.1.1: ECParameters is a CHOICE; only namedCurve is allowed.
  if (algorithm.parametersTag !== Tag.OBJECT_IDENTIFIER) {
    throw new KeyParseError('EC keys must name their curve (explicit curve parameters are not supported, RFC 5480 2.1.1)');
  }
  const oid = algorithm.parameters!.oid('namedCurve');
  algorithm.parameters!.end();
  const curve = CURVE_OIDS[oid];
  if (!curve) throw new KeyParseError(`unsupported elliptic curve ${oid}: P-256, P-384 and P-521 are supported`);
  return curve;
}

/** RSAPrivateKey (RFC 8017 A.1.2), two-prime only. */
function parseRsaPrivate(reader: DERReader, provider?: CryptoProvider): RSAKey {
  const version = reader.smallInteger('version');
  if (version !== 0) throw new KeyParseError('multi-prime RSA keys (version 1) are not supported');
  const names = ['modulus', 'publicExponent', 'privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient'];
  const [n, e, d, p, q, dP, dQ, qInv] = names.map((name) => reader.unsignedInteger(name)) as [
    bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint,
  ];
  reader.end();
  checkRsaPublic(n, e);
  // Cheap consistency checks: a key whose parts disagree would produce
  // wrong signatures (and a faulty CRT result can leak the factors).
  if (p < 3n || q < 3n || p * q !== n) throw new KeyParseError('RSA private key is inconsistent: n is not p * q');
  if (dP !== d % (p - 1n) || dQ !== d % (q - 1n) || (qInv * q) % p !== 1n || (e * dP) % (p - 1n) !== 1n || (e * dQ) % (q - 1n) !== 1n) {
    throw new KeyParseError('RSA private key is inconsistent: its CRT values do not match d, p and q');
  }
  return withKeyErrors(() => new RSAKey({ n, e, d, p, q, dP, dQ, qInv }, provider));
}

/** RSAPublicKey (RFC 8017 A.1.1). */
function parseRsaPublic(reader: DERReader, provider?: CryptoProvider): RSAKey {
  const n = reader.unsignedInteger('modulus');
  const e = reader.unsignedInteger('publicExponent');
  reader.end();
  checkRsaPublic(n, e);
  return withKeyErrors(() => new RSAKey({ n, e }, provider));
}

function checkRsaPublic(n: bigint, e: bigint): void {
  if (n < 2n ** 511n || n % 2n === 0n) throw new KeyParseError('RSA modulus must be odd and at least 512 bits');
  if (e < 3n || e % 2n === 0n || e >= n) throw new KeyParseError('RSA public exponent must be odd, at least 3 and below n');
}

/** ECPrivateKey (RFC 5915 3); `curve` comes from the PKCS#8 AlgorithmIdentifier when wrapped. */
function parseSec1(reader: DERReader, curve: EcdsaCurveName | undefined, provider?: CryptoProvider): ECDSAKey {
  if (reader.smallInteger('version') !== 1) throw new KeyParseError('ECPrivateKey version must be 1');
  const scalar = reader.octetString('privateKey');
  const parameters = reader.optionalContext(0, 'parameters');
  let named: EcdsaCurveName | undefined;
  if (parameters) {
    if (parameters.peekTag() !== Tag.OBJECT_IDENTIFIER) {
      throw new KeyParseError('EC keys must name their curve (explicit curve parameters are not supported, RFC 5480 2.1.1)');
    }
    const oid = parameters.oid('namedCurve');
    parameters.end();
    named = CURVE_OIDS[oid];
    if (!named) throw new KeyParseError(`unsupported elliptic curve ${oid}: P-256, P-384 and P-521 are supported`);
  }
  const publicField = reader.optionalContext(1, 'publicKey');
  let point: Uint8Array | undefined;
  if (publicField) {
    point = publicField.bitStringBytes('publicKey');
    publicField.end();
  }
  reader.end();
  // RFC 5915 3: parameters may be left out when the context (PKCS#8) gives them; if both are there, they must agree.
  if (curve && named && curve !== named) throw new KeyParseError(`ECPrivateKey names ${named} but its AlgorithmIdentifier names ${curve}`);
  const resolved = curve ?? named;
  if (!resolved) throw new KeyParseError('ECPrivateKey does not name its curve');
  const size = SCALAR_LENGTH[resolved];
  // SEC1 C.4: the scalar is ceil(log2(n)/8) octets; some writers drop leading zeros.
  if (scalar.length === 0 || scalar.length > size) throw new KeyParseError(`${resolved} private key must be at most ${size} bytes, got ${scalar.length}`);
  const padded = bigIntToBytes(bytesToBigInt(scalar), size);
  const publicKey = point ? uncompressedPoint(resolved, point) : undefined;
  return withKeyErrors(() => new ECDSAKey({ curve: resolved, privateKey: padded, publicKey }, provider));
}

/** The point uncompressed (SEC1 2.3.4), so every provider gets the form TLS uses. */
function uncompressedPoint(curve: EcdsaCurveName, point: Uint8Array): Uint8Array {
  if (point[0] === 0x04) return point;
  try {
    const decoded = NOBLE_CURVES[curve].Point.fromBytes(point);
    decoded.assertValidity();
    return decoded.toBytes(false);
  } catch {
    throw new KeyParseError(`${curve} public key is not a valid point`);
  }
}

/** Turns the key classes' TypeError/RangeError on bad components into a KeyParseError. */
function withKeyErrors<T>(make: () => T): T {
  try {
    return make();
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError) throw new KeyParseError(`invalid key: ${err.message}`, { cause: err });
    throw err;
  }
}

function publicOnly(key: Key, provider?: CryptoProvider): Key {
  if (key instanceof RSAKey) {
    if (!key.hasPrivateKey()) return key;
    const pub = new RSAKey({ n: key.n, e: key.e }, provider);
    const pss = pssKeys.get(key);
    if (pss) pssKeys.set(pub, pss);
    return pub;
  }
  return key.hasPrivateKey() ? key.publicOnly() : key;
}

// ---------------------------------------------------------------- writing

/** The SubjectPublicKeyInfo DER of any key's public half (for fingerprints, pinning, certificates). */
export function publicKeyToSPKI(key: Key): Uint8Array {
  if (key instanceof RSAKey) {
    const rsaPublicKey = derSequence(derInteger(key.n), derInteger(key.e));
    const pss = pssKeys.get(key);
    const algorithm = pss ? pss.algorithmIdentifier : derSequence(derOid(OID.rsaEncryption), derNull());
    return derSequence(algorithm, derBitString(rsaPublicKey));
  }
  if (key instanceof ECDSAKey) {
    return derSequence(derSequence(derOid(OID.ecPublicKey), derOid(CURVE_TO_OID[key.curveName])), derBitString(key.publicPoint));
  }
  if (key instanceof EdDSAKey) {
    return derSequence(derSequence(derOid(key.curveName === 'ed25519' ? OID.ed25519 : OID.ed448)), derBitString(key.publicKey));
  }
  throw new TypeError('not a key');
}

/** `publicKeyToSPKI` as a "PUBLIC KEY" PEM block. */
export function publicKeyToPEM(key: Key): string {
  return pemEncode(publicKeyToSPKI(key), 'PUBLIC KEY');
}

/**
 * The PKCS#8 PrivateKeyInfo DER of an EC or EdDSA private key. (RSAKey
 * does not hand out its private components, so RSA keys cannot be
 * written here.)
 * @throws TypeError for a public-only key or an RSA key.
 */
export function privateKeyToPKCS8(key: Key): Uint8Array {
  if (key instanceof ECDSAKey) {
    const scalar = key.exportPrivateKey();
    // RFC 5915 3 inside RFC 5208: the curve is in the AlgorithmIdentifier, the point is kept for readers that want it.
    const ecPrivateKey = derSequence(derInteger(1), derOctetString(scalar), derContext(1, derBitString(key.publicPoint)));
    scalar.fill(0);
    return derSequence(derInteger(0), derSequence(derOid(OID.ecPublicKey), derOid(CURVE_TO_OID[key.curveName])), derOctetString(ecPrivateKey));
  }
  if (key instanceof EdDSAKey) {
    const seed = key.exportPrivateKey();
    const inner = derOctetString(seed);
    seed.fill(0);
    return derSequence(derInteger(0), derSequence(derOid(key.curveName === 'ed25519' ? OID.ed25519 : OID.ed448)), derOctetString(inner));
  }
  if (key instanceof RSAKey) throw new TypeError('RSA private keys cannot be written: RSAKey does not expose its private components');
  throw new TypeError('not a key');
}

/** `privateKeyToPKCS8` as a "PRIVATE KEY" PEM block. */
export function privateKeyToPEM(key: Key): string {
  return pemEncode(privateKeyToPKCS8(key), 'PRIVATE KEY');
}
