/**
 * `HandshakeSettings`: the knobs of a handshake, with the seed's field
 * names (camelCase where the seed uses snake_case), its defaults and its
 * `validate()`.
 *
 * A `HandshakeSettings` is a mutable bag of options, as in the seed; a
 * handshake calls `validate()` once and works from the frozen
 * `ValidatedSettings` it returns, so a later change to the original cannot
 * affect a handshake in flight. Versions are our 16-bit wire numbers
 * (`0x0303` is TLS 1.2); the seed's `[3, 3]` tuples are accepted too.
 *
 * Errors: a value of the wrong type throws `TypeError`, a value outside
 * what is allowed throws `RangeError`; both name the field
 * ("HandshakeSettings.cipherNames: ..."). The seed raises ValueError for
 * both.
 *
 * @module
 */
import { CertificateType, ProtocolVersion } from './constants.js';
import type { CryptoProvider, Implementation } from './crypto/provider.js';
import { providerFor } from './crypto/select.js';

// ---------------------------------------------------------------- name tables (the seed's)

/** Ciphers enabled by default, in preference order (the seed's CIPHER_NAMES). */
export const CIPHER_NAMES: readonly string[] = [
  'chacha20-poly1305',
  'aes256gcm',
  'aes128gcm',
  'aes256ccm',
  'aes128ccm',
  'aes256',
  'aes128',
  '3des',
];
/** Every cipher name `cipherNames` accepts: the defaults plus the weak or odd ones. */
export const ALL_CIPHER_NAMES: readonly string[] = [...CIPHER_NAMES, 'chacha20-poly1305_draft00', 'aes128ccm_8', 'aes256ccm_8', 'rc4', 'null'];
/** MACs enabled by default ("sha" is HMAC-SHA1; "aead" stands for the AEAD suites). MD5 is off. */
export const MAC_NAMES: readonly string[] = ['sha', 'sha256', 'sha384', 'aead'];
/** Every MAC name `macNames` accepts. */
export const ALL_MAC_NAMES: readonly string[] = [...MAC_NAMES, 'md5'];
/** Key exchanges enabled by default (and the only ones accepted). */
export const KEY_EXCHANGE_NAMES: readonly string[] = [
  'ecdhe_ecdsa',
  'rsa',
  'dhe_rsa',
  'ecdhe_rsa',
  'srp_sha',
  'srp_sha_rsa',
  'ecdh_anon',
  'dh_anon',
  'dhe_dsa',
];
/** Our implementations, in default order: OpenSSL through the addon, then pure TypeScript. */
export const CIPHER_IMPLEMENTATIONS: readonly Implementation[] = ['native', 'pure'];
/**
 * What `cipherImplementations` accepts: ours, and the seed's names —
 * "openssl" (M2Crypto) means native, "python" means pure, and "pycrypto"
 * (a backend we do not have) is dropped, as the seed drops a backend that
 * is not installed.
 */
export const ALL_CIPHER_IMPLEMENTATIONS: readonly string[] = ['native', 'pure', 'openssl', 'python', 'pycrypto'];
/** Certificate types (only X.509). */
export const CERTIFICATE_TYPES: readonly string[] = ['x509'];
/** Hashes for TLS 1.2 RSA signatures, most wanted first (md5 is allowed but off). */
export const RSA_SIGNATURE_HASHES: readonly string[] = ['sha512', 'sha384', 'sha256', 'sha224', 'sha1'];
/** Every hash `rsaSigHashes` accepts. */
export const ALL_RSA_SIGNATURE_HASHES: readonly string[] = [...RSA_SIGNATURE_HASHES, 'md5'];
/** Hashes for TLS 1.2 DSA signatures. */
export const DSA_SIGNATURE_HASHES: readonly string[] = ['sha512', 'sha384', 'sha256', 'sha224', 'sha1'];
/** Hashes for TLS 1.2 ECDSA signatures. */
export const ECDSA_SIGNATURE_HASHES: readonly string[] = ['sha512', 'sha384', 'sha256', 'sha224', 'sha1'];
/** Signature schemes other than RSA, DSA and ECDSA (the seed's SIGNATURE_SCHEMES). */
export const SIGNATURE_SCHEMES: readonly string[] = ['Ed25519', 'Ed448'];
/** RSA signature paddings: PSS (RFC 8017 8.1) and PKCS#1 v1.5 (8.2). */
export const RSA_SCHEMES: readonly string[] = ['pss', 'pkcs1'];
/**
 * Curves enabled by default, in preference order. secp521r1 is last
 * because it is much slower than the others (the seed's reasoning).
 */
export const CURVE_NAMES: readonly string[] = ['x25519', 'x448', 'secp384r1', 'secp256r1', 'secp521r1'];
/**
 * Every curve `eccCurves` and `defaultCurve` accept. The seed also lists
 * secp256k1, brainpool and (with python-ecdsa) secp224r1/secp192r1; no
 * provider of ours implements them, so they are refused with a message
 * saying so rather than silently never negotiated.
 */
export const ALL_CURVE_NAMES: readonly string[] = [...CURVE_NAMES, 'x25519mlkem768'];
const SEED_ONLY_CURVES: readonly string[] = ['secp256k1', 'brainpoolP512r1', 'brainpoolP384r1', 'brainpoolP256r1', 'secp224r1', 'secp192r1'];
/** The RFC 7919 FFDHE groups. */
export const ALL_DH_GROUP_NAMES: readonly string[] = ['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'];
/** Versions the settings may name: SSL 3.0 to TLS 1.3. */
export const KNOWN_VERSIONS: readonly number[] = [
  ProtocolVersion.SSL3,
  ProtocolVersion.TLS1_0,
  ProtocolVersion.TLS1_1,
  ProtocolVersion.TLS1_2,
  ProtocolVersion.TLS1_3,
];
/** The highest version this library can negotiate (also the default maxVersion, as in the seed). */
export const MAX_IMPLEMENTED_VERSION: number = ProtocolVersion.TLS1_3;
/** AEADs that may encrypt session tickets. */
export const TICKET_CIPHERS: readonly string[] = ['chacha20-poly1305', 'aes256gcm', 'aes128gcm', 'aes128ccm', 'aes128ccm_8', 'aes256ccm', 'aes256ccm_8'];
/** TLS 1.3 PSK key exchange modes (RFC 8446 4.2.9). */
export const PSK_MODES: readonly string[] = ['psk_dhe_ke', 'psk_ke'];

// ---------------------------------------------------------------- types

/** A protocol version: a 16-bit wire value (0x0303) or the seed's tuple ([3, 3]). */
export type VersionInput = number | readonly [number, number];

/** Custom finite-field DH parameters (the seed's `dhParams` tuple is `(g, p)`). */
export interface DHParams {
  readonly g: bigint;
  readonly p: bigint;
}

/** What `dhParams` accepts: `{g, p}` or the seed's `[g, p]` tuple, numbers or bigints. */
export type DHParamsInput = { readonly g: bigint | number; readonly p: bigint | number } | readonly [bigint | number, bigint | number];

/** A pre-shared key: identity, secret and optionally the TLS 1.3 PRF hash. */
export type PskConfig = readonly [Uint8Array, Uint8Array] | readonly [Uint8Array, Uint8Array, 'sha256' | 'sha384'];

/** The seed's padding_cb: how many padding bytes to add to a TLS 1.3 record. */
export type PaddingCallback = (messageSize: number, contentType: number, maxSize: number) => number;

/** Called with the payload of a received heartbeat response. */
export type HeartbeatResponseCallback = (payload: Uint8Array) => void;

/** The settings fields, as `new HandshakeSettings(init)` accepts them. */
export interface HandshakeSettingsInit {
  minKeySize?: number;
  maxKeySize?: number;
  cipherNames?: readonly string[];
  macNames?: readonly string[];
  keyExchangeNames?: readonly string[];
  cipherImplementations?: readonly string[];
  certificateTypes?: readonly string[];
  minVersion?: VersionInput;
  maxVersion?: VersionInput;
  versions?: readonly VersionInput[];
  useExperimentalTackExtension?: boolean;
  sendFallbackSCSV?: boolean;
  rsaSigHashes?: readonly string[];
  rsaSchemes?: readonly string[];
  dsaSigHashes?: readonly string[];
  ecdsaSigHashes?: readonly string[];
  moreSigSchemes?: readonly string[];
  eccCurves?: readonly string[];
  dhParams?: DHParamsInput | null;
  dhGroups?: readonly string[];
  defaultCurve?: string;
  keyShares?: readonly string[];
  paddingCb?: PaddingCallback | null;
  useEncryptThenMAC?: boolean;
  useExtendedMasterSecret?: boolean;
  requireExtendedMasterSecret?: boolean;
  usePaddingExtension?: boolean;
  useHeartbeatExtension?: boolean;
  heartbeatResponseCallback?: HeartbeatResponseCallback | null;
  pskConfigs?: readonly PskConfig[];
  pskModes?: readonly string[];
  ticketKeys?: readonly Uint8Array[];
  ticketCipher?: string;
  ticketLifetime?: number;
  maxEarlyData?: number;
  ticketCount?: number;
  recordSizeLimit?: number | null;
}

/**
 * Settings after `validate()`: every field checked and normalised
 * (versions as numbers, `dhParams` as bigints, `cipherImplementations` as
 * "native"/"pure"), arrays and the object frozen.
 */
export interface ValidatedSettings {
  /** Smallest RSA/DH/SRP modulus (bits) accepted from the peer. Default 1023. */
  readonly minKeySize: number;
  /** Largest RSA/DH/SRP modulus (bits) accepted from the peer. Default 8193. */
  readonly maxKeySize: number;
  /** Ciphers, most preferred first (the client's offer order; the server picks the earliest match). */
  readonly cipherNames: readonly string[];
  /** MACs; only "sha" and "md5" survive when maxVersion is below TLS 1.2. */
  readonly macNames: readonly string[];
  readonly keyExchangeNames: readonly string[];
  /** Normalised implementation order, duplicates removed. */
  readonly cipherImplementations: readonly Implementation[];
  readonly certificateTypes: readonly string[];
  readonly minVersion: number;
  readonly maxVersion: number;
  /** Versions allowed, highest first; versions above maxVersion removed. */
  readonly versions: readonly number[];
  readonly useExperimentalTackExtension: boolean;
  /** Client: send TLS_FALLBACK_SCSV (RFC 7507). */
  readonly sendFallbackSCSV: boolean;
  readonly rsaSigHashes: readonly string[];
  readonly rsaSchemes: readonly string[];
  readonly dsaSigHashes: readonly string[];
  readonly ecdsaSigHashes: readonly string[];
  readonly moreSigSchemes: readonly string[];
  /** Curves advertised in supported_groups, most preferred first. */
  readonly eccCurves: readonly string[];
  /** Custom DH group for the server (instead of negotiating an RFC 7919 group). */
  readonly dhParams: DHParams | null;
  /** FFDHE groups advertised and accepted (RFC 7919). */
  readonly dhGroups: readonly string[];
  /** Curve the server uses when the client sent no supported_groups. */
  readonly defaultCurve: string;
  readonly keyShares: readonly string[];
  readonly paddingCb: PaddingCallback | null;
  readonly useEncryptThenMAC: boolean;
  readonly useExtendedMasterSecret: boolean;
  readonly requireExtendedMasterSecret: boolean;
  readonly usePaddingExtension: boolean;
  readonly useHeartbeatExtension: boolean;
  readonly heartbeatResponseCallback: HeartbeatResponseCallback | null;
  readonly pskConfigs: readonly PskConfig[];
  readonly pskModes: readonly string[];
  /** Ticket keys: the first encrypts, all decrypt (rotation). Empty: no tickets from the server. */
  readonly ticketKeys: readonly Uint8Array[];
  readonly ticketCipher: string;
  /** Seconds a ticket (and its key) stays valid. */
  readonly ticketLifetime: number;
  readonly maxEarlyData: number;
  readonly ticketCount: number;
  /** RFC 8449 limit to advertise, or null for none. */
  readonly recordSizeLimit: number | null;
  /** The seed's getCertificateTypes(): the CertificateType code points. */
  getCertificateTypes(): number[];
  /** The crypto provider for `cipherImplementations` (see `providerFor`). */
  getProvider(): CryptoProvider;
  /** Already valid: returns itself. */
  validate(): ValidatedSettings;
}

// ---------------------------------------------------------------- the class

/**
 * The handshake parameters (the seed's `HandshakeSettings`), with the
 * seed's defaults (TLS 1.0 to TLS 1.3). Change fields directly or pass
 * them to the constructor; handshakes call `validate()`.
 */
export class HandshakeSettings implements HandshakeSettingsInit {
  minKeySize = 1023;
  maxKeySize = 8193;
  cipherNames: readonly string[] = [...CIPHER_NAMES];
  macNames: readonly string[] = [...MAC_NAMES];
  keyExchangeNames: readonly string[] = [...KEY_EXCHANGE_NAMES];
  cipherImplementations: readonly string[] = [...CIPHER_IMPLEMENTATIONS];
  certificateTypes: readonly string[] = [...CERTIFICATE_TYPES];
  minVersion: VersionInput = ProtocolVersion.TLS1_0;
  maxVersion: VersionInput = MAX_IMPLEMENTED_VERSION;
  // The seed's list includes TLS 1.3; validate() drops what is above maxVersion.
  versions: readonly VersionInput[] = [ProtocolVersion.TLS1_3, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_1, ProtocolVersion.TLS1_0];
  useExperimentalTackExtension = false;
  sendFallbackSCSV = false;
  rsaSigHashes: readonly string[] = [...RSA_SIGNATURE_HASHES];
  rsaSchemes: readonly string[] = [...RSA_SCHEMES];
  dsaSigHashes: readonly string[] = [...DSA_SIGNATURE_HASHES];
  ecdsaSigHashes: readonly string[] = [...ECDSA_SIGNATURE_HASHES];
  moreSigSchemes: readonly string[] = [...SIGNATURE_SCHEMES];
  eccCurves: readonly string[] = [...CURVE_NAMES];
  dhParams: DHParamsInput | null = null;
  dhGroups: readonly string[] = [...ALL_DH_GROUP_NAMES];
  defaultCurve = 'secp256r1';
  keyShares: readonly string[] = ['secp256r1', 'x25519'];
  paddingCb: PaddingCallback | null = null;
  useEncryptThenMAC = true;
  useExtendedMasterSecret = true;
  requireExtendedMasterSecret = false;
  usePaddingExtension = true;
  useHeartbeatExtension = true;
  heartbeatResponseCallback: HeartbeatResponseCallback | null = null;
  pskConfigs: readonly PskConfig[] = [];
  pskModes: readonly string[] = [...PSK_MODES];
  ticketKeys: readonly Uint8Array[] = [];
  ticketCipher = 'aes256gcm';
  ticketLifetime = 24 * 60 * 60;
  /**
   * TLS 1.3 early data (the seed's max_early_data): most bytes of a
   * client's early data a server skips when it does not accept it (RFC
   * 8446 4.2.10), and, when the server accepts early data
   * (`acceptEarlyData`), the max_early_data_size its tickets carry.
   * Default a full record plus its tag.
   */
  maxEarlyData = 2 ** 14 + 16;
  // Two, so a TLS 1.3 client (tickets are single-use there) can resume twice quickly.
  ticketCount = 2;
  recordSizeLimit: number | null = 2 ** 14 + 1; // TLS 1.3 counts the content type byte

  /** Defaults, overridden by the fields of `init`. Unknown fields are refused (a typo would otherwise be ignored). */
  constructor(init: HandshakeSettingsInit = {}) {
    if (init === null || typeof init !== 'object') throw new TypeError('HandshakeSettings: init must be an object');
    for (const [key, value] of Object.entries(init)) {
      if (!Object.prototype.hasOwnProperty.call(this, key)) {
        throw new TypeError(`HandshakeSettings: unknown field ${JSON.stringify(key)}`);
      }
      if (value !== undefined) (this as Record<string, unknown>)[key] = value;
    }
  }

  /**
   * Checks every field and returns a frozen, normalised copy (the seed's
   * `validate()`); this object is not changed.
   * @throws TypeError for a value of the wrong type, RangeError for a
   *   value that is not allowed; the message names the field.
   */
  validate(): ValidatedSettings {
    // Every handshake validates its settings, usually the same object
    // unchanged (a server's): the result is reused while a deep copy of
    // the fields taken then still equals them (a changed field, even
    // inside an array or key, is seen).
    const cached = this.#validated;
    if (cached !== undefined && sameAs(cached.fields, this)) return cached.settings;
    const settings = validateSettings(this);
    this.#validated = { fields: snapshot({ ...this }) as Record<string, unknown>, settings };
    return settings;
  }

  #validated: { readonly fields: Record<string, unknown>; readonly settings: ValidatedSettings } | undefined;

  /** The seed's getCertificateTypes(): the CertificateType code points. */
  getCertificateTypes(): number[] {
    return certificateTypeIds(this.certificateTypes);
  }
}

// ---------------------------------------------------------------- the validate() cache

/** A deep copy of arrays, byte arrays and plain objects; anything else (functions, bigints, strings) as is. */
function snapshot(value: unknown): unknown {
  if (value instanceof Uint8Array) return value.slice();
  if (Array.isArray(value)) return value.map(snapshot);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) copy[k] = snapshot(v);
    return copy;
  }
  return value;
}

/** Whether `value` still equals what `snapshot` took (`then`). */
function sameAs(then: unknown, value: unknown): boolean {
  // (The snapshot copied arrays, bytes and plain objects: identity is left for the rest.)
  if (then === value) return true;
  if (then instanceof Uint8Array) {
    if (!(value instanceof Uint8Array) || value.length !== then.length) return false;
    for (let i = 0; i < then.length; i++) if (then[i] !== value[i]) return false;
    return true;
  }
  if (Array.isArray(then)) {
    if (!Array.isArray(value) || value.length !== then.length) return false;
    for (let i = 0; i < then.length; i++) if (!sameAs(then[i], value[i])) return false;
    return true;
  }
  if (then === null || typeof then !== 'object' || Object.getPrototypeOf(then) !== Object.prototype || value === null || typeof value !== 'object') return false;
  const keys = Object.keys(then);
  if (Object.keys(value).length !== keys.length) return false;
  for (const k of keys) if (!sameAs((then as Record<string, unknown>)[k], (value as Record<string, unknown>)[k])) return false;
  return true;
}

// ---------------------------------------------------------------- validation

function fail(field: string, message: string): never {
  throw new RangeError(`HandshakeSettings.${field}: ${message}`);
}

function typeFail(field: string, message: string): never {
  throw new TypeError(`HandshakeSettings.${field}: ${message}`);
}

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== 'boolean') typeFail(field, `must be true or false, not ${describe(value)}`);
  return value;
}

function checkInteger(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) typeFail(field, `must be an integer, not ${describe(value)}`);
  return value;
}

function checkFunction<T>(field: string, value: unknown): T | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'function') typeFail(field, `must be a function or null, not ${describe(value)}`);
  return value as T;
}

/** A frozen copy of a list of strings, each one of `allowed`. */
function checkNames(field: string, value: unknown, allowed: readonly string[], what: string): readonly string[] {
  if (!Array.isArray(value)) typeFail(field, `must be an array of strings, not ${describe(value)}`);
  for (const item of value) {
    if (typeof item !== 'string') typeFail(field, `must be an array of strings; found ${describe(item)}`);
  }
  const unknown = (value as string[]).filter((item) => !allowed.includes(item));
  if (unknown.length > 0) fail(field, `unknown ${what}: ${unknown.map((u) => JSON.stringify(u)).join(', ')} (allowed: ${allowed.join(', ')})`);
  return Object.freeze([...(value as string[])]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return typeof value;
}

/** A version as its 16-bit number; the seed's (3, 3) tuple becomes 0x0303. */
function toVersion(field: string, value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > 0xffff) fail(field, `${value} is not a 16-bit version number`);
    return value;
  }
  if (Array.isArray(value) && value.length === 2 && value.every((v) => Number.isInteger(v) && v >= 0 && v <= 0xff)) {
    return (value[0] << 8) | value[1];
  }
  return typeFail(field, `must be a version such as 0x0303 or [3, 3], not ${describe(value)}`);
}

function versionName(v: number): string {
  return `0x${v.toString(16).padStart(4, '0')}`;
}

function toBigInt(field: string, value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return typeFail(field, `must hold integers (bigint or safe integer numbers), found ${describe(value)}`);
}

function checkDHParams(value: unknown): DHParams | null {
  if (value === null || value === undefined) return null;
  let g: unknown;
  let p: unknown;
  if (Array.isArray(value)) {
    if (value.length !== 2) typeFail('dhParams', 'must be a [g, p] pair of integers (the seed\'s tuple) or {g, p}');
    [g, p] = value;
  } else if (typeof value === 'object') {
    ({ g, p } = value as { g: unknown; p: unknown });
  } else {
    typeFail('dhParams', `must be {g, p}, [g, p] or null, not ${describe(value)}`);
  }
  const params = { g: toBigInt('dhParams', g), p: toBigInt('dhParams', p) };
  // Not a full check of the group (that is the key exchange's job on the
  // peer's values); only catches parameters that could never work.
  if (params.p < 3n || (params.p & 1n) === 0n) fail('dhParams', 'p must be an odd prime');
  if (params.g < 2n || params.g >= params.p - 1n) fail('dhParams', 'g must be in [2, p-2]');
  return Object.freeze(params);
}

function certificateTypeIds(types: readonly string[]): number[] {
  return types.map((type) => {
    if (type === 'x509') return CertificateType.x509;
    return fail('certificateTypes', `unknown certificate type ${JSON.stringify(type)}`);
  });
}

function checkImplementations(value: unknown): readonly Implementation[] {
  const names = checkNames('cipherImplementations', value, ALL_CIPHER_IMPLEMENTATIONS, 'cipher implementation');
  const result: Implementation[] = [];
  for (const name of names) {
    // The seed's names: "openssl" (M2Crypto) is our native, "python" our pure;
    // "pycrypto" is a backend we lack, dropped as the seed drops one not installed.
    const implementation = name === 'openssl' ? 'native' : name === 'python' ? 'pure' : name === 'pycrypto' ? undefined : (name as Implementation);
    if (implementation && !result.includes(implementation)) result.push(implementation);
  }
  if (result.length === 0) fail('cipherImplementations', 'no supported cipher implementations (use "native" and/or "pure")');
  return Object.freeze(result);
}

function checkCurves(field: string, value: unknown): readonly string[] {
  if (Array.isArray(value)) {
    const unsupported = value.filter((v) => SEED_ONLY_CURVES.includes(v as string));
    if (unsupported.length > 0) fail(field, `curves not supported by this library: ${unsupported.join(', ')}`);
  }
  return checkNames(field, value, ALL_CURVE_NAMES, 'curve name');
}

function checkPskConfigs(value: unknown): readonly PskConfig[] {
  if (!Array.isArray(value)) typeFail('pskConfigs', `must be an array, not ${describe(value)}`);
  return Object.freeze(
    value.map((config: unknown) => {
      if (!Array.isArray(config) || (config.length !== 2 && config.length !== 3)) {
        typeFail('pskConfigs', 'items must be [identity, secret] or [identity, secret, hash]');
      }
      if (!(config[0] instanceof Uint8Array) || !(config[1] instanceof Uint8Array)) {
        typeFail('pskConfigs', 'identity and secret must be Uint8Arrays');
      }
      if (config.length === 3 && config[2] !== 'sha256' && config[2] !== 'sha384') {
        fail('pskConfigs', `invalid hash ${describe(config[2])} (use "sha256" or "sha384")`);
      }
      return Object.freeze([...config]) as unknown as PskConfig;
    }),
  );
}

function checkTicketKeys(value: unknown): readonly Uint8Array[] {
  if (!Array.isArray(value)) typeFail('ticketKeys', `must be an array of Uint8Arrays, not ${describe(value)}`);
  for (const key of value) {
    if (!(key instanceof Uint8Array)) typeFail('ticketKeys', `must be an array of Uint8Arrays; found ${describe(key)}`);
    // No key bytes in the message: only the length.
    if (key.length !== 16 && key.length !== 32) fail('ticketKeys', `keys must be 16 or 32 bytes long, not ${key.length}`);
  }
  return Object.freeze((value as Uint8Array[]).map((k) => Uint8Array.from(k)));
}

/**
 * The seed's validate(), in its order of checks, on a HandshakeSettings or
 * any object with some of its fields (the rest take the defaults).
 */
export function validateSettings(settings: HandshakeSettingsInit = {}): ValidatedSettings {
  if (settings === null || typeof settings !== 'object') throw new TypeError('settings must be a HandshakeSettings or an object of its fields');
  const s = settings as Record<string, unknown>;
  const d = new HandshakeSettings() as unknown as Record<string, unknown>; // defaults for fields a plain object leaves out
  const get = (k: keyof HandshakeSettingsInit): unknown => (s[k] === undefined ? d[k] : s[k]);

  const certificateTypes = checkNames('certificateTypes', get('certificateTypes'), CERTIFICATE_TYPES, 'certificate type');
  if (certificateTypes.length === 0) fail('certificateTypes', 'no supported certificate types');

  // Key sizes (the seed's _sanityCheckKeySizes).
  const minKeySize = checkInteger('minKeySize', get('minKeySize'));
  const maxKeySize = checkInteger('maxKeySize', get('maxKeySize'));
  if (minKeySize < 512) fail('minKeySize', `${minKeySize} is too small (at least 512)`);
  if (minKeySize > 16384) fail('minKeySize', `${minKeySize} is too large (at most 16384)`);
  if (maxKeySize < 512) fail('maxKeySize', `${maxKeySize} is too small (at least 512)`);
  if (maxKeySize > 16384) fail('maxKeySize', `${maxKeySize} is too large (at most 16384)`);
  if (maxKeySize < minKeySize) fail('maxKeySize', `${maxKeySize} is smaller than minKeySize (${minKeySize})`);

  // Names of primitives (_sanityCheckPrimitivesNames).
  const cipherNames = checkNames('cipherNames', get('cipherNames'), ALL_CIPHER_NAMES, 'cipher name');
  let macNames = checkNames('macNames', get('macNames'), ALL_MAC_NAMES, 'MAC name');
  const keyExchangeNames = checkNames('keyExchangeNames', get('keyExchangeNames'), KEY_EXCHANGE_NAMES, 'key exchange name');
  const cipherImplementations = checkImplementations(get('cipherImplementations'));
  const eccCurves = checkCurves('eccCurves', get('eccCurves'));
  const defaultCurveValue = get('defaultCurve');
  if (typeof defaultCurveValue !== 'string') typeFail('defaultCurve', `must be a curve name, not ${describe(defaultCurveValue)}`);
  const defaultCurve = checkCurves('defaultCurve', [defaultCurveValue])[0]!;
  const dhGroups = checkNames('dhGroups', get('dhGroups'), ALL_DH_GROUP_NAMES, 'FFDHE group name');
  const keyShares = checkNames('keyShares', get('keyShares'), [...ALL_CURVE_NAMES, ...ALL_DH_GROUP_NAMES], 'key share');
  const notAdvertised = keyShares.filter((k) => !eccCurves.includes(k) && !dhGroups.includes(k));
  if (notAdvertised.length > 0) fail('keyShares', `key shares for groups not enabled in eccCurves/dhGroups: ${notAdvertised.join(', ')}`);
  const ecdsaSigHashes = checkNames('ecdsaSigHashes', get('ecdsaSigHashes'), ECDSA_SIGNATURE_HASHES, 'ECDSA signature hash');
  const moreSigSchemes = checkNames('moreSigSchemes', get('moreSigSchemes'), SIGNATURE_SCHEMES, 'signature scheme');
  const dhParams = checkDHParams(get('dhParams'));
  const rsaSigHashes = checkNames('rsaSigHashes', get('rsaSigHashes'), ALL_RSA_SIGNATURE_HASHES, 'RSA signature hash');
  const rsaSchemes = checkNames('rsaSchemes', get('rsaSchemes'), RSA_SCHEMES, 'RSA padding mode');
  const dsaSigHashes = checkNames('dsaSigHashes', get('dsaSigHashes'), DSA_SIGNATURE_HASHES, 'DSA signature hash');

  // Versions (_sanityCheckProtocolVersions).
  const minVersion = toVersion('minVersion', get('minVersion'));
  const maxVersion = toVersion('maxVersion', get('maxVersion'));
  if (minVersion > maxVersion) fail('minVersion', `${versionName(minVersion)} is above maxVersion ${versionName(maxVersion)}`);
  if (!KNOWN_VERSIONS.includes(minVersion)) fail('minVersion', `${versionName(minVersion)} is not a known version (SSL 3.0 to TLS 1.3)`);
  if (!KNOWN_VERSIONS.includes(maxVersion)) fail('maxVersion', `${versionName(maxVersion)} is not a known version (SSL 3.0 to TLS 1.3)`);
  if (maxVersion > MAX_IMPLEMENTED_VERSION) {
    fail('maxVersion', `${versionName(maxVersion)} is not implemented (the highest is ${versionName(MAX_IMPLEMENTED_VERSION)}, TLS 1.3)`);
  }
  const versionsValue = get('versions');
  if (!Array.isArray(versionsValue)) typeFail('versions', `must be an array of versions, not ${describe(versionsValue)}`);
  const allVersions = versionsValue.map((v: unknown) => toVersion('versions', v));
  const unknownVersions = allVersions.filter((v) => !KNOWN_VERSIONS.includes(v));
  if (unknownVersions.length > 0) fail('versions', `unknown versions: ${unknownVersions.map(versionName).join(', ')}`);
  // The seed drops TLS 1.3 from `versions` when maxVersion is below it; we
  // drop everything above maxVersion, which is the same for the versions it knows.
  const versions = Object.freeze(allVersions.filter((v) => v <= maxVersion));

  // The seed: TLS 1.2 needs some signature algorithm to put in signature_algorithms.
  if (maxVersion >= ProtocolVersion.TLS1_2 && !rsaSigHashes.length && !ecdsaSigHashes.length && !dsaSigHashes.length && !moreSigSchemes.length) {
    fail('rsaSigHashes', 'TLS 1.2 requires signature algorithms: rsaSigHashes, ecdsaSigHashes, dsaSigHashes and moreSigSchemes are all empty');
  }

  // Extensions (_sanityCheckExtensions, _sanityCheckEMSExtension).
  const useEncryptThenMAC = checkBoolean('useEncryptThenMAC', get('useEncryptThenMAC'));
  const usePaddingExtension = checkBoolean('usePaddingExtension', get('usePaddingExtension'));
  const useHeartbeatExtension = checkBoolean('useHeartbeatExtension', get('useHeartbeatExtension'));
  const heartbeatResponseCallback = checkFunction<HeartbeatResponseCallback>('heartbeatResponseCallback', get('heartbeatResponseCallback'));
  if (heartbeatResponseCallback && !useHeartbeatExtension) fail('heartbeatResponseCallback', 'requires useHeartbeatExtension');
  const recordSizeLimitValue = get('recordSizeLimit');
  let recordSizeLimit: number | null = null;
  if (recordSizeLimitValue !== null) {
    recordSizeLimit = checkInteger('recordSizeLimit', recordSizeLimitValue);
    // RFC 8449 4: at least 64; at most 2^14 + 1 (TLS 1.3 counts the content type).
    if (recordSizeLimit < 64 || recordSizeLimit > 2 ** 14 + 1) fail('recordSizeLimit', `${recordSizeLimit} is outside [64, 16385]`);
  }
  const useExtendedMasterSecret = checkBoolean('useExtendedMasterSecret', get('useExtendedMasterSecret'));
  const requireExtendedMasterSecret = checkBoolean('requireExtendedMasterSecret', get('requireExtendedMasterSecret'));
  if (requireExtendedMasterSecret && !useExtendedMasterSecret) fail('requireExtendedMasterSecret', 'requires useExtendedMasterSecret');
  const useExperimentalTackExtension = checkBoolean('useExperimentalTackExtension', get('useExperimentalTackExtension'));
  const sendFallbackSCSV = checkBoolean('sendFallbackSCSV', get('sendFallbackSCSV'));
  const paddingCb = checkFunction<PaddingCallback>('paddingCb', get('paddingCb'));

  // No SHA-2 HMACs and no AEAD before TLS 1.2 (RFC 5246 1.2, RFC 5288 4).
  if (maxVersion < ProtocolVersion.TLS1_2) macNames = Object.freeze(macNames.filter((m) => m === 'sha' || m === 'md5'));

  // PSKs and tickets (_sanityCheckPsks, _sanityCheckTicketSettings).
  const pskConfigs = checkPskConfigs(get('pskConfigs'));
  const pskModes = checkNames('pskModes', get('pskModes'), PSK_MODES, 'PSK mode');
  const ticketCipher = get('ticketCipher');
  if (typeof ticketCipher !== 'string') typeFail('ticketCipher', `must be a cipher name, not ${describe(ticketCipher)}`);
  if (!TICKET_CIPHERS.includes(ticketCipher)) fail('ticketCipher', `invalid cipher for session ticket encryption: ${JSON.stringify(ticketCipher)} (allowed: ${TICKET_CIPHERS.join(', ')})`);
  const ticketKeys = checkTicketKeys(get('ticketKeys'));
  const ticketLifetime = checkInteger('ticketLifetime', get('ticketLifetime'));
  if (ticketLifetime <= 0 || ticketLifetime > 7 * 24 * 60 * 60) fail('ticketLifetime', `${ticketLifetime} must be in [1, 604800] seconds (7 days)`);
  const maxEarlyData = checkInteger('maxEarlyData', get('maxEarlyData'));
  if (maxEarlyData <= 0) fail('maxEarlyData', `${maxEarlyData} must be positive`);
  const ticketCount = checkInteger('ticketCount', get('ticketCount'));
  if (ticketCount < 0 || ticketCount >= 2 ** 16) fail('ticketCount', `${ticketCount} must be in [0, 65535]`);

  if (cipherNames.length === 0) fail('cipherNames', 'no supported ciphers');

  const validated: ValidatedSettings = {
    minKeySize,
    maxKeySize,
    cipherNames,
    macNames,
    keyExchangeNames,
    cipherImplementations,
    certificateTypes,
    minVersion,
    maxVersion,
    versions,
    useExperimentalTackExtension,
    sendFallbackSCSV,
    rsaSigHashes,
    rsaSchemes,
    dsaSigHashes,
    ecdsaSigHashes,
    moreSigSchemes,
    eccCurves,
    dhParams,
    dhGroups,
    defaultCurve,
    keyShares,
    paddingCb,
    useEncryptThenMAC,
    useExtendedMasterSecret,
    requireExtendedMasterSecret,
    usePaddingExtension,
    useHeartbeatExtension,
    heartbeatResponseCallback,
    pskConfigs,
    pskModes,
    ticketKeys,
    ticketCipher,
    ticketLifetime,
    maxEarlyData,
    ticketCount,
    recordSizeLimit,
    getCertificateTypes: () => certificateTypeIds(certificateTypes),
    getProvider: () => providerFor(cipherImplementations),
    validate: () => validated,
  };
  return Object.freeze(validated);
}
