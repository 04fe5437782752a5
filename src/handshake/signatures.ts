/**
 * Signatures in the SSLv3-TLS 1.2 handshake: the ServerKeyExchange
 * signature over the randoms and the parameters (RFC 5246 7.4.3), and
 * CertificateVerify over the handshake messages (RFC 5246 7.4.8), in
 * every version's form:
 *
 * - SSLv3 (RFC 6101 5.6.8): CertificateVerify signs md5_hash || sha_hash
 *   of `ssl3CertificateVerifyHash`; ServerKeyExchange as TLS 1.0.
 * - TLS 1.0/1.1 (RFC 2246 7.4.3, 7.4.8; RFC 4492 5.4, 5.8): RSA signs the
 *   36-byte MD5 || SHA-1 without a DigestInfo; ECDSA signs SHA-1.
 * - TLS 1.2 (RFC 5246 4.7, 7.4.1.4.1): the SignatureAndHashAlgorithm says
 *   how, from the list the peer offered; RSA-PSS (rsa_pss_rsae_* for
 *   rsaEncryption keys, rsa_pss_pss_* for RSASSA-PSS keys) as RFC 8446
 *   4.2.3 defines them for TLS 1.2 too, and Ed25519/Ed448 signing the
 *   data itself (RFC 8422 5.1.3, 5.10).
 *
 * Errors (RFC 5246 7.2.2 alert meanings): a scheme we did not offer, or
 * one that does not fit the certificate's key, is illegal_parameter
 * (`TLSIllegalParameterException`); a signature that does not verify is
 * decrypt_error (`TLSDecryptError`); no scheme in common is
 * handshake_failure (`TLSHandshakeFailure`).
 *
 * @module
 */
import type { CryptoProvider, HashName } from '../crypto/provider.js';
import { checkBytes, concatBytes } from '../crypto/bytes.js';
import { RSAKey } from '../crypto/rsa/key.js';
import { ECDSAKey } from '../crypto/ecdsa-key.js';
import { EdDSAKey } from '../crypto/eddsa-key.js';
import { HashAlgorithm, ProtocolVersion, SignatureAlgorithm, SignatureScheme } from '../constants.js';
import { TLSDecryptError, TLSHandshakeFailure, TLSIllegalParameterException } from '../errors.js';
import { CertificateVerify } from '../messages/certificate-verify.js';
import { DigitallySigned } from '../messages/digitally-signed.js';
import { ServerKeyExchange, type KeyExchangeParams } from '../messages/server-key-exchange.js';
import type { KeyExchangeName } from '../suites.js';
import { keyType, rsaPssParameters, type Key, type KeyType } from '../x509/keys.js';
import { ssl3CertificateVerifyHash } from './key-schedule.js';
import type { HandshakeTranscript } from './transcript.js';

/** The settings fields that decide which signature schemes we use and offer (names as `HandshakeSettings`). */
export interface SignatureSettings {
  /** Hashes for RSA signatures, most preferred first ("sha512" ... "sha1", "md5"). */
  readonly rsaSigHashes: readonly string[];
  /** RSA paddings, most preferred first: "pss", "pkcs1". */
  readonly rsaSchemes: readonly string[];
  /** Hashes for ECDSA signatures, most preferred first. */
  readonly ecdsaSigHashes: readonly string[];
  /** Other schemes: "Ed25519", "Ed448" (the seed's more_sig_schemes). */
  readonly moreSigSchemes?: readonly string[];
}

/** How a scheme signs. */
export type SignatureKind = 'rsa_pkcs1' | 'rsa_pss_rsae' | 'rsa_pss_pss' | 'ecdsa' | 'ed25519' | 'ed448';

/** What a 16-bit SignatureScheme / SignatureAndHashAlgorithm means. */
export interface SignatureSchemeInfo {
  readonly code: number;
  readonly kind: SignatureKind;
  /** The hash signed; undefined for EdDSA, which signs the data itself. */
  readonly hash: HashName | undefined;
}

const HASH_CODES: Record<number, HashName> = {
  [HashAlgorithm.md5]: 'md5',
  [HashAlgorithm.sha1]: 'sha1',
  [HashAlgorithm.sha224]: 'sha224',
  [HashAlgorithm.sha256]: 'sha256',
  [HashAlgorithm.sha384]: 'sha384',
  [HashAlgorithm.sha512]: 'sha512',
};

const PSS_SCHEMES: Record<number, SignatureSchemeInfo> = {};
for (const [rsae, pss, hash] of [
  [SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_pss_sha256, 'sha256'],
  [SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_pss_sha384, 'sha384'],
  [SignatureScheme.rsa_pss_rsae_sha512, SignatureScheme.rsa_pss_pss_sha512, 'sha512'],
] as const) {
  PSS_SCHEMES[rsae] = { code: rsae, kind: 'rsa_pss_rsae', hash };
  PSS_SCHEMES[pss] = { code: pss, kind: 'rsa_pss_pss', hash };
}
PSS_SCHEMES[SignatureScheme.ed25519] = { code: SignatureScheme.ed25519, kind: 'ed25519', hash: undefined };
PSS_SCHEMES[SignatureScheme.ed448] = { code: SignatureScheme.ed448, kind: 'ed448', hash: undefined };

/**
 * What `code` means, or undefined for a scheme this library cannot
 * verify or make (DSA, anonymous, brainpool, unknown values).
 */
export function signatureSchemeInfo(code: number): SignatureSchemeInfo | undefined {
  const named = PSS_SCHEMES[code];
  if (named) return named;
  // RFC 5246 7.4.1.4.1: the other TLS 1.2 values are (hash, signature) pairs.
  const hash = HASH_CODES[code >>> 8];
  if (hash === undefined) return undefined;
  switch (code & 0xff) {
    case SignatureAlgorithm.rsa:
      return { code, kind: 'rsa_pkcs1', hash };
    case SignatureAlgorithm.ecdsa:
      return { code, kind: 'ecdsa', hash };
    default:
      return undefined;
  }
}

const PSS_NAMES: Record<string, readonly [number, number]> = {
  sha256: [SignatureScheme.rsa_pss_rsae_sha256, SignatureScheme.rsa_pss_pss_sha256],
  sha384: [SignatureScheme.rsa_pss_rsae_sha384, SignatureScheme.rsa_pss_pss_sha384],
  sha512: [SignatureScheme.rsa_pss_rsae_sha512, SignatureScheme.rsa_pss_pss_sha512],
};

function hashCode(name: string): number | undefined {
  const code = (HashAlgorithm as unknown as Record<string, number>)[name];
  return typeof code === 'number' && HASH_CODES[code] !== undefined ? code : undefined;
}

/** Whether `key` can make (or a certificate with it can verify) signatures of `info`. */
export function schemeFitsKey(info: SignatureSchemeInfo, key: Key): boolean {
  const type = keyType(key);
  switch (info.kind) {
    case 'rsa_pkcs1':
    case 'rsa_pss_rsae':
      return type === 'rsa';
    case 'rsa_pss_pss': {
      if (type !== 'rsa-pss') return false;
      // A PSS key whose parameters name a hash is restricted to it (RFC 4055 3.1).
      const params = rsaPssParameters(key as RSAKey);
      return params === undefined || params.hash === info.hash;
    }
    case 'ecdsa':
      return type === 'ecdsa';
    case 'ed25519':
    case 'ed448':
      return type === info.kind;
  }
}

/** RFC 8017 9.1.1 step 3: emLen >= hLen + sLen + 2 with sLen = hLen, so a 1024-bit key cannot do PSS with SHA-512. */
function pssFits(key: RSAKey, hash: HashName): boolean {
  const hLen = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 }[hash];
  return Math.ceil((key.bits - 1) / 8) >= 2 * hLen + 2;
}

/**
 * The schemes our settings allow, most preferred first (the seed's
 * `_sigHashesToList`): Ed25519/Ed448, then ECDSA by `ecdsaSigHashes`,
 * then RSA by `rsaSchemes` and, within each, `rsaSigHashes` (both
 * rsa_pss_rsae and rsa_pss_pss for PSS). This is what a client offers in
 * signature_algorithms and a server in CertificateRequest.
 *
 * With `key`, only the schemes that key can sign with (what we may pick
 * for our own ServerKeyExchange or CertificateVerify).
 */
export function supportedSignatureSchemes(settings: SignatureSettings, key?: Key): number[] {
  const type: KeyType | undefined = key === undefined ? undefined : keyType(key);
  const out: number[] = [];
  for (const name of settings.moreSigSchemes ?? []) {
    const lower = name.toLowerCase();
    if (lower !== 'ed25519' && lower !== 'ed448') continue;
    if (type === undefined || type === lower) out.push(SignatureScheme[lower]);
  }
  if (type === undefined || type === 'ecdsa') {
    for (const hash of settings.ecdsaSigHashes) {
      const code = hashCode(hash);
      if (code !== undefined) out.push((code << 8) | SignatureAlgorithm.ecdsa);
    }
  }
  if (type === undefined || type === 'rsa' || type === 'rsa-pss') {
    for (const scheme of settings.rsaSchemes) {
      for (const hash of settings.rsaSigHashes) {
        if (scheme === 'pss') {
          const pair = PSS_NAMES[hash];
          if (!pair) continue; // PSS is defined with SHA-256/384/512 only (RFC 8446 4.2.3)
          if (key instanceof RSAKey && !pssFits(key, hash as HashName)) continue;
          if (type !== 'rsa-pss') out.push(pair[0]);
          if (type !== 'rsa') out.push(pair[1]);
        } else if (scheme === 'pkcs1' && type !== 'rsa-pss') {
          const code = hashCode(hash);
          if (code !== undefined) out.push((code << 8) | SignatureAlgorithm.rsa);
        }
      }
    }
  }
  return key === undefined ? out : out.filter((code) => schemeFitsKey(signatureSchemeInfo(code)!, key));
}

/**
 * Picks the TLS 1.2 scheme for our own signature with `key`: the first of
 * our preferences (`supportedSignatureSchemes(settings, key)`) that the
 * peer listed (a server: the ClientHello's signature_algorithms,
 * RFC 5246 7.4.1.4.1; a client: the CertificateRequest's
 * supported_signature_algorithms, RFC 5246 7.4.4).
 *
 * `peerSchemes` undefined means the peer sent no list: RFC 5246
 * 7.4.1.4.1 then implies SHA-1 with the key's algorithm (rsa_pkcs1_sha1,
 * ecdsa_sha1); EdDSA and PSS-only keys have no such default.
 * @throws TLSHandshakeFailure when nothing matches.
 */
export function chooseSignatureScheme(
  settings: SignatureSettings,
  key: Key,
  peerSchemes: readonly number[] | undefined,
): number {
  if (peerSchemes === undefined) {
    const type = keyType(key);
    if (type === 'rsa') return SignatureScheme.rsa_pkcs1_sha1;
    if (type === 'ecdsa') return SignatureScheme.ecdsa_sha1;
    throw new TLSHandshakeFailure(`the peer sent no signature_algorithms, and a ${type} key has no default scheme`);
  }
  const offered = new Set(peerSchemes);
  for (const code of supportedSignatureSchemes(settings, key)) if (offered.has(code)) return code;
  throw new TLSHandshakeFailure('no signature algorithm in common with the peer for our key');
}

// ---------------------------------------------------------------- signing and verifying

/** A TLS 1.2 scheme of the peer's, checked against what we offered and its certificate key (RFC 5246 7.4.1.4.1). */
function checkPeerScheme(code: number | undefined, offered: readonly number[], key: Key, what: string): SignatureSchemeInfo {
  if (code === undefined) throw new TLSIllegalParameterException(`${what} has no signature algorithm`);
  const info = signatureSchemeInfo(code);
  if (!offered.includes(code) || info === undefined) {
    throw new TLSIllegalParameterException(`${what} uses ${SignatureScheme.nameOf(code)}, which we did not offer`);
  }
  if (!schemeFitsKey(info, key)) {
    throw new TLSIllegalParameterException(`${what} uses ${SignatureScheme.nameOf(code)}, which the certificate's ${keyType(key)} key cannot make`);
  }
  return info;
}

/**
 * What a signature covers, made ready for the key: a digest, or the data
 * itself for EdDSA. `info` undefined selects the pre-TLS 1.2 form:
 * MD5 || SHA-1 for RSA (RFC 2246 7.4.3), SHA-1 for ECDSA (RFC 4492 5.4).
 * `digest(name)` hashes the covered data; `data()` returns it whole.
 */
function signatureInput(
  key: Key,
  info: SignatureSchemeInfo | undefined,
  digest: (name: HashName | 'md5sha1') => Uint8Array,
  data: () => Uint8Array,
): Uint8Array {
  if (info === undefined) {
    // Before TLS 1.2 RSA signs with PKCS#1 v1.5, which an RSASSA-PSS key
    // may not make (RFC 4055 3.1), so such a key needs TLS 1.2 too.
    if (key instanceof RSAKey && keyType(key) === 'rsa') return digest('md5sha1');
    if (key instanceof ECDSAKey) return digest('sha1');
    throw new TLSHandshakeFailure(`${keyType(key)} signatures need TLS 1.2 (RFC 8422 5.1.3, RFC 8446 4.2.3)`);
  }
  return info.hash === undefined ? data() : digest(info.hash);
}

/** Signs a prepared input with `key` under `info` (TLS 1.2), or in the legacy form when `info` is undefined. */
async function signWith(key: Key, info: SignatureSchemeInfo | undefined, input: Uint8Array): Promise<Uint8Array> {
  if (info === undefined) {
    if (key instanceof RSAKey) return key.sign(input, { scheme: 'pkcs1', hash: 'md5sha1' });
    return (key as ECDSAKey).sign(input);
  }
  switch (info.kind) {
    case 'rsa_pkcs1':
      return (key as RSAKey).sign(input, { scheme: 'pkcs1', hash: info.hash! });
    case 'rsa_pss_rsae':
    case 'rsa_pss_pss':
      return (key as RSAKey).sign(input, { scheme: 'pss', hash: info.hash! });
    case 'ecdsa':
      return (key as ECDSAKey).sign(input);
    case 'ed25519':
    case 'ed448':
      return (key as EdDSAKey).sign(input);
  }
}

/**
 * Verifies a prepared input. Any failure, including a malformed
 * signature that makes a primitive throw, is false: the peer sent it.
 */
function verifyWith(key: Key, info: SignatureSchemeInfo | undefined, input: Uint8Array, signature: Uint8Array): boolean {
  try {
    if (info === undefined) {
      if (key instanceof RSAKey) return key.verify(signature, input, { scheme: 'pkcs1', hash: 'md5sha1' });
      if (key instanceof ECDSAKey) return key.verify(signature, input);
      return false;
    }
    switch (info.kind) {
      case 'rsa_pkcs1':
        return (key as RSAKey).verify(signature, input, { scheme: 'pkcs1', hash: info.hash! });
      case 'rsa_pss_rsae':
      case 'rsa_pss_pss':
        return (key as RSAKey).verify(signature, input, { scheme: 'pss', hash: info.hash! });
      case 'ecdsa':
        return (key as ECDSAKey).verify(signature, input);
      case 'ed25519':
      case 'ed448':
        return (key as EdDSAKey).verify(signature, input);
    }
  } catch {
    return false;
  }
}

function checkSigningVersion(version: number): boolean {
  if (!Number.isInteger(version) || version < ProtocolVersion.SSL3 || version > ProtocolVersion.TLS1_2) {
    throw new RangeError(`version must be SSLv3 to TLS 1.2, got 0x${Number(version).toString(16)}`);
  }
  return version >= ProtocolVersion.TLS1_2;
}

/** Our own scheme for TLS 1.2, checked against our key (a local misuse is a TypeError). */
function ownScheme(version: number, key: Key, scheme: number | undefined): SignatureSchemeInfo | undefined {
  if (!checkSigningVersion(version)) return undefined;
  if (scheme === undefined) throw new TypeError('a TLS 1.2 signature needs a scheme (see chooseSignatureScheme)');
  const info = signatureSchemeInfo(scheme);
  if (!info || !schemeFitsKey(info, key)) {
    throw new TypeError(`scheme ${SignatureScheme.nameOf(scheme)} cannot be made with a ${keyType(key)} key`);
  }
  return info;
}

function hashData(provider: CryptoProvider, data: Uint8Array): (name: HashName | 'md5sha1') => Uint8Array {
  return (name) =>
    name === 'md5sha1'
      ? concatBytes(provider.hashes.md5.digest(data), provider.hashes.sha1.digest(data))
      : provider.hashes[name].digest(data);
}

/** The bytes a ServerKeyExchange signature covers: client_random + server_random + params (RFC 5246 7.4.3). */
function serverKeyExchangeData(clientRandom: Uint8Array, serverRandom: Uint8Array, params: Uint8Array): Uint8Array {
  checkBytes(clientRandom, 'clientRandom', 32);
  checkBytes(serverRandom, 'serverRandom', 32);
  return concatBytes(clientRandom, serverRandom, params);
}

/** The encoded parameters of an (unsigned or signed) ServerKeyExchange. */
function encodeParams(keyExchange: KeyExchangeName, params: KeyExchangeParams): Uint8Array {
  // The constructor insists on a signature for signed exchanges; a
  // placeholder lets us reuse the message's own parameter encoding.
  try {
    return new ServerKeyExchange(keyExchange, params).paramsBytes();
  } catch {
    return new ServerKeyExchange(keyExchange, params, new DigitallySigned(undefined, new Uint8Array(0))).paramsBytes();
  }
}

/**
 * Builds a signed ServerKeyExchange (RFC 5246 7.4.3): `key` signs
 * client_random + server_random + the encoded `params`. `scheme` is the
 * TLS 1.2 SignatureScheme from `chooseSignatureScheme` (ignored before
 * TLS 1.2, where RSA signs MD5 || SHA-1 and ECDSA SHA-1). The signature
 * is made with the key's provider (RSA keys verify their own signature
 * before releasing it); `provider` hashes.
 * @throws TypeError for a scheme that does not fit the key (a caller bug);
 *   TLSHandshakeFailure for an EdDSA key before TLS 1.2.
 */
export async function signServerKeyExchange(
  provider: CryptoProvider,
  version: number,
  key: Key,
  scheme: number | undefined,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  keyExchange: KeyExchangeName,
  params: KeyExchangeParams,
): Promise<ServerKeyExchange> {
  const info = ownScheme(version, key, scheme);
  const data = serverKeyExchangeData(clientRandom, serverRandom, encodeParams(keyExchange, params));
  const signature = await signWith(key, info, signatureInput(key, info, hashData(provider, data), () => data));
  return new ServerKeyExchange(keyExchange, params, new DigitallySigned(info?.code, signature));
}

/**
 * Checks the signature of a received ServerKeyExchange with the server
 * certificate's public key (RFC 5246 7.4.3). In TLS 1.2 the scheme must
 * be one the client offered in signature_algorithms (`offeredSchemes`)
 * and fit the key (RFC 5246 7.4.1.4.1, RFC 8446 4.2.3). Anonymous
 * exchanges have nothing to check (call nothing).
 * @throws TLSIllegalParameterException for a scheme not offered or not
 *   fitting the key, or a certificate key unfit for the suite;
 *   TLSDecryptError when the signature does not verify.
 */
export function verifyServerKeyExchange(
  provider: CryptoProvider,
  version: number,
  key: Key,
  message: ServerKeyExchange,
  clientRandom: Uint8Array,
  serverRandom: Uint8Array,
  offeredSchemes: readonly number[],
): void {
  const tls12 = checkSigningVersion(version);
  const signed = message.signature;
  if (!signed) throw new TLSIllegalParameterException(`a ${message.keyExchange} ServerKeyExchange must be signed`);
  // RFC 5246 7.4.2 / RFC 8422 5.3: the certificate key must suit the suite.
  const type = keyType(key);
  const rsaSuite = message.keyExchange.endsWith('_rsa');
  const fits = rsaSuite ? type === 'rsa' || type === 'rsa-pss' : type === 'ecdsa' || type === 'ed25519' || type === 'ed448';
  if (!fits) throw new TLSIllegalParameterException(`a ${type} certificate cannot sign a ${message.keyExchange} key exchange`);
  const info = tls12 ? checkPeerScheme(signed.algorithm, offeredSchemes, key, 'ServerKeyExchange') : undefined;
  const data = serverKeyExchangeData(clientRandom, serverRandom, message.paramsBytes());
  let input: Uint8Array;
  try {
    input = signatureInput(key, info, hashData(provider, data), () => data);
  } catch {
    throw new TLSIllegalParameterException(`ServerKeyExchange: a ${type} key cannot sign before TLS 1.2`);
  }
  if (!verifyWith(key, info, input, signed.signature)) throw new TLSDecryptError('ServerKeyExchange signature does not verify');
}

/**
 * What a CertificateVerify covers for `key` under `info` (undefined: the
 * pre-TLS 1.2 forms). SSLv3 needs the master secret (RFC 6101 5.6.8);
 * there RSA signs md5_hash || sha_hash and ECDSA (as DSA) sha_hash only.
 */
function certificateVerifyInput(
  version: number,
  key: Key,
  info: SignatureSchemeInfo | undefined,
  transcript: HandshakeTranscript,
  masterSecret: Uint8Array | undefined,
): Uint8Array {
  if (version === ProtocolVersion.SSL3) {
    if (masterSecret === undefined) throw new TypeError('an SSLv3 CertificateVerify needs the master secret');
    const hashes = ssl3CertificateVerifyHash(transcript.provider, transcript, masterSecret);
    if (key instanceof RSAKey && keyType(key) === 'rsa') return hashes;
    if (key instanceof ECDSAKey) return hashes.subarray(16);
    throw new TLSHandshakeFailure(`${keyType(key)} signatures need TLS 1.2 (RFC 8422 5.1.3, RFC 8446 4.2.3)`);
  }
  return signatureInput(key, info, (name) => transcript.digest(name), () => transcript.messages());
}

/**
 * Builds our CertificateVerify (RFC 5246 7.4.8) over every handshake
 * message in `transcript` so far (up to the ClientKeyExchange; the
 * CertificateVerify itself is not in it). `scheme`: the TLS 1.2 choice
 * from `chooseSignatureScheme(settings, key, certificateRequest's list)`;
 * ignored before TLS 1.2. `masterSecret` is needed in SSLv3 only.
 * @throws TypeError for a scheme that does not fit the key;
 *   TLSHandshakeFailure for an EdDSA key before TLS 1.2.
 */
export async function signCertificateVerify(
  version: number,
  key: Key,
  scheme: number | undefined,
  transcript: HandshakeTranscript,
  masterSecret?: Uint8Array,
): Promise<CertificateVerify> {
  const info = ownScheme(version, key, scheme);
  const signature = await signWith(key, info, certificateVerifyInput(version, key, info, transcript, masterSecret));
  return new CertificateVerify(new DigitallySigned(info?.code, signature));
}

/**
 * Checks a received CertificateVerify with the client certificate's key
 * (RFC 5246 7.4.8) over `transcript` (every message before the
 * CertificateVerify). In TLS 1.2 the scheme must be one we listed in the
 * CertificateRequest (`offeredSchemes`) and fit the key.
 * `masterSecret` is needed in SSLv3 only.
 * @throws TLSIllegalParameterException for a scheme not offered or not
 *   fitting the key; TLSDecryptError when the signature does not verify.
 */
export function verifyCertificateVerify(
  version: number,
  key: Key,
  message: CertificateVerify,
  transcript: HandshakeTranscript,
  offeredSchemes: readonly number[],
  masterSecret?: Uint8Array,
): void {
  const tls12 = checkSigningVersion(version);
  const info = tls12 ? checkPeerScheme(message.algorithm, offeredSchemes, key, 'CertificateVerify') : undefined;
  let input: Uint8Array;
  try {
    input = certificateVerifyInput(version, key, info, transcript, masterSecret);
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TLSIllegalParameterException(`CertificateVerify: a ${keyType(key)} key cannot sign before TLS 1.2`);
  }
  if (!verifyWith(key, info, input, message.signature)) throw new TLSDecryptError('CertificateVerify signature does not verify');
}
