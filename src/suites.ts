/**
 * Cipher suite metadata: for each suite, its key exchange, bulk cipher,
 * MAC, PRF hash, key/IV/MAC lengths and the protocol versions that may
 * use it; plus the seed's filters (`CipherSuite.getCertSuites(settings)`
 * and friends) over settings-like lists of names.
 *
 * The names are the seed's (`HandshakeSettings.cipherNames`, `macNames`,
 * `keyExchangeNames`), so a settings object can be passed as it is. The
 * lengths are those of the seed's `RecordLayer._getCipherSettings` and
 * `_getMacSettings` (the TLS 1.2 key block layout, RFC 5246 6.3).
 *
 * @module
 */
import { CipherSuite, ProtocolVersion } from './constants.js';

/** Key exchange names, as the seed's `keyExchangeNames` (plus the ones the seed lists but never negotiates). */
export type KeyExchangeName =
  | 'rsa'
  | 'dhe_rsa'
  | 'dhe_dsa'
  | 'ecdhe_rsa'
  | 'ecdhe_ecdsa'
  | 'dh_anon'
  | 'ecdh_anon'
  | 'srp_sha'
  | 'srp_sha_rsa'
  | 'tls13'
  // Listed by the seed, but no key exchange implements them (static DH
  // and ECDH need a DH/ECDH certificate; SRP-DSS was never implemented):
  | 'srp_sha_dss'
  | 'dh_dss'
  | 'ecdh_rsa'
  | 'ecdh_ecdsa';

/** Bulk cipher names, as the seed's `cipherNames`. */
export type CipherName =
  | 'aes128'
  | 'aes256'
  | '3des'
  | 'rc4'
  | 'null'
  | 'aes128gcm'
  | 'aes256gcm'
  | 'aes128ccm'
  | 'aes128ccm_8'
  | 'aes256ccm'
  | 'aes256ccm_8'
  | 'chacha20-poly1305'
  | 'chacha20-poly1305_draft00';

/** MAC names, as the seed's `macNames` ("sha" is HMAC-SHA1; "aead" means none). */
export type MacName = 'md5' | 'sha' | 'sha256' | 'sha384' | 'aead';

/** How the bulk cipher protects a record. */
export type CipherType = 'block' | 'stream' | 'aead';

/** Everything the record layer and handshake need to know about one suite. */
export interface CipherSuiteInfo {
  /** The 16-bit code point. */
  readonly id: number;
  /** The IANA name (the draft-00 ChaCha suites carry the seed's name; IANA never registered them). */
  readonly name: string;
  readonly keyExchange: KeyExchangeName;
  readonly cipher: CipherName;
  readonly cipherType: CipherType;
  readonly mac: MacName;
  /** Hash of the TLS 1.2 PRF (RFC 5246 5; SHA-384 for the *_SHA384 suites, RFC 5288 3, RFC 5289 3.2); the TLS 1.3 suite hash. */
  readonly prfHash: 'sha256' | 'sha384';
  /** Bulk cipher key length in bytes (`key_length`, RFC 5246 6.3). */
  readonly keyLength: number;
  /**
   * IV bytes taken from the key block (`fixed_iv_length`): the CBC IV
   * for SSLv3/TLS 1.0 (16 for AES, 8 for 3DES), the 4-byte salt of GCM
   * and CCM (RFC 5288 3, RFC 6655 3), 12 for RFC 7905 ChaCha20, 4 for the
   * draft-00 ChaCha20, 0 for RC4 and NULL. TLS 1.3 always derives a
   * 12-byte IV (RFC 8446 7.3): see `TLS13_IV_LENGTH`.
   */
  readonly fixedIvLength: number;
  /** Explicit per-record nonce bytes in TLS 1.2 (8 for GCM and CCM, RFC 5288 3; 0 for ChaCha20). */
  readonly recordIvLength: number;
  /** HMAC output length (`mac_length`); 0 for AEAD suites. */
  readonly macLength: number;
  /** AEAD tag length (16, or 8 for CCM_8); 0 for MAC-then-encrypt suites. */
  readonly tagLength: number;
  /** Lowest protocol version that may negotiate the suite (wire value). */
  readonly minVersion: number;
  /** Highest protocol version that may negotiate the suite (wire value). */
  readonly maxVersion: number;
  /** False for suites the seed lists but never negotiates (static DH/ECDH, SRP-DSS). */
  readonly implemented: boolean;
}

/** The IV length of every TLS 1.3 record protection (RFC 8446 7.3). */
export const TLS13_IV_LENGTH = 12;

interface CipherParameters {
  readonly type: CipherType;
  readonly keyLength: number;
  readonly fixedIvLength: number;
  readonly recordIvLength: number;
  readonly tagLength: number;
}

/** Per-cipher lengths, as the seed's `_getCipherSettings`. */
const CIPHERS: Readonly<Record<CipherName, CipherParameters>> = {
  aes128: { type: 'block', keyLength: 16, fixedIvLength: 16, recordIvLength: 0, tagLength: 0 },
  aes256: { type: 'block', keyLength: 32, fixedIvLength: 16, recordIvLength: 0, tagLength: 0 },
  '3des': { type: 'block', keyLength: 24, fixedIvLength: 8, recordIvLength: 0, tagLength: 0 },
  rc4: { type: 'stream', keyLength: 16, fixedIvLength: 0, recordIvLength: 0, tagLength: 0 },
  null: { type: 'stream', keyLength: 0, fixedIvLength: 0, recordIvLength: 0, tagLength: 0 },
  aes128gcm: { type: 'aead', keyLength: 16, fixedIvLength: 4, recordIvLength: 8, tagLength: 16 },
  aes256gcm: { type: 'aead', keyLength: 32, fixedIvLength: 4, recordIvLength: 8, tagLength: 16 },
  aes128ccm: { type: 'aead', keyLength: 16, fixedIvLength: 4, recordIvLength: 8, tagLength: 16 },
  aes256ccm: { type: 'aead', keyLength: 32, fixedIvLength: 4, recordIvLength: 8, tagLength: 16 },
  aes128ccm_8: { type: 'aead', keyLength: 16, fixedIvLength: 4, recordIvLength: 8, tagLength: 8 },
  aes256ccm_8: { type: 'aead', keyLength: 32, fixedIvLength: 4, recordIvLength: 8, tagLength: 8 },
  // RFC 7905 2: the 12-byte IV is XORed with the sequence number, no explicit nonce.
  'chacha20-poly1305': { type: 'aead', keyLength: 32, fixedIvLength: 12, recordIvLength: 0, tagLength: 16 },
  // draft-ietf-tls-chacha20-poly1305-00: 4-byte fixed IV concatenated with the sequence number.
  'chacha20-poly1305_draft00': { type: 'aead', keyLength: 32, fixedIvLength: 4, recordIvLength: 0, tagLength: 16 },
};

/** HMAC output lengths, as the seed's `_getMacSettings`. */
const MAC_LENGTHS: Readonly<Record<MacName, number>> = { md5: 16, sha: 20, sha256: 32, sha384: 48, aead: 0 };

const NOT_IMPLEMENTED: ReadonlySet<KeyExchangeName> = new Set(['srp_sha_dss', 'dh_dss', 'ecdh_rsa', 'ecdh_ecdsa']);

const C = CipherSuite;

/**
 * [id, key exchange, cipher, MAC] for every real suite of the seed (the
 * SSLv2 CIPHER-KINDs and the two SCSVs are not suites one can negotiate).
 */
const ROWS: ReadonlyArray<readonly [number, KeyExchangeName, CipherName, MacName]> = [
  [C.TLS_RSA_WITH_NULL_MD5, 'rsa', 'null', 'md5'],
  [C.TLS_RSA_WITH_NULL_SHA, 'rsa', 'null', 'sha'],
  [C.TLS_RSA_WITH_RC4_128_MD5, 'rsa', 'rc4', 'md5'],
  [C.TLS_RSA_WITH_RC4_128_SHA, 'rsa', 'rc4', 'sha'],
  [C.TLS_RSA_WITH_3DES_EDE_CBC_SHA, 'rsa', '3des', 'sha'],
  [C.TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA, 'dh_dss', '3des', 'sha'],
  [C.TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA, 'dhe_dsa', '3des', 'sha'],
  [C.TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA, 'dhe_rsa', '3des', 'sha'],
  [C.TLS_DH_ANON_WITH_RC4_128_MD5, 'dh_anon', 'rc4', 'md5'],
  [C.TLS_DH_ANON_WITH_3DES_EDE_CBC_SHA, 'dh_anon', '3des', 'sha'],
  [C.TLS_RSA_WITH_AES_128_CBC_SHA, 'rsa', 'aes128', 'sha'],
  [C.TLS_DH_DSS_WITH_AES_128_CBC_SHA, 'dh_dss', 'aes128', 'sha'],
  [C.TLS_DHE_DSS_WITH_AES_128_CBC_SHA, 'dhe_dsa', 'aes128', 'sha'],
  [C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, 'dhe_rsa', 'aes128', 'sha'],
  [C.TLS_DH_ANON_WITH_AES_128_CBC_SHA, 'dh_anon', 'aes128', 'sha'],
  [C.TLS_RSA_WITH_AES_256_CBC_SHA, 'rsa', 'aes256', 'sha'],
  [C.TLS_DH_DSS_WITH_AES_256_CBC_SHA, 'dh_dss', 'aes256', 'sha'],
  [C.TLS_DHE_DSS_WITH_AES_256_CBC_SHA, 'dhe_dsa', 'aes256', 'sha'],
  [C.TLS_DHE_RSA_WITH_AES_256_CBC_SHA, 'dhe_rsa', 'aes256', 'sha'],
  [C.TLS_DH_ANON_WITH_AES_256_CBC_SHA, 'dh_anon', 'aes256', 'sha'],
  [C.TLS_RSA_WITH_NULL_SHA256, 'rsa', 'null', 'sha256'],
  [C.TLS_RSA_WITH_AES_128_CBC_SHA256, 'rsa', 'aes128', 'sha256'],
  [C.TLS_RSA_WITH_AES_256_CBC_SHA256, 'rsa', 'aes256', 'sha256'],
  [C.TLS_DH_DSS_WITH_AES_128_CBC_SHA256, 'dh_dss', 'aes128', 'sha256'],
  [C.TLS_DHE_DSS_WITH_AES_128_CBC_SHA256, 'dhe_dsa', 'aes128', 'sha256'],
  [C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, 'dhe_rsa', 'aes128', 'sha256'],
  [C.TLS_DH_DSS_WITH_AES_256_CBC_SHA256, 'dh_dss', 'aes256', 'sha256'],
  [C.TLS_DHE_DSS_WITH_AES_256_CBC_SHA256, 'dhe_dsa', 'aes256', 'sha256'],
  [C.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256, 'dhe_rsa', 'aes256', 'sha256'],
  [C.TLS_DH_ANON_WITH_AES_128_CBC_SHA256, 'dh_anon', 'aes128', 'sha256'],
  [C.TLS_DH_ANON_WITH_AES_256_CBC_SHA256, 'dh_anon', 'aes256', 'sha256'],
  [C.TLS_RSA_WITH_AES_128_GCM_SHA256, 'rsa', 'aes128gcm', 'aead'],
  [C.TLS_RSA_WITH_AES_256_GCM_SHA384, 'rsa', 'aes256gcm', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, 'dhe_rsa', 'aes128gcm', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384, 'dhe_rsa', 'aes256gcm', 'aead'],
  [C.TLS_DHE_DSS_WITH_AES_128_GCM_SHA256, 'dhe_dsa', 'aes128gcm', 'aead'],
  [C.TLS_DHE_DSS_WITH_AES_256_GCM_SHA384, 'dhe_dsa', 'aes256gcm', 'aead'],
  [C.TLS_DH_DSS_WITH_AES_128_GCM_SHA256, 'dh_dss', 'aes128gcm', 'aead'],
  [C.TLS_DH_DSS_WITH_AES_256_GCM_SHA384, 'dh_dss', 'aes256gcm', 'aead'],
  [C.TLS_DH_ANON_WITH_AES_128_GCM_SHA256, 'dh_anon', 'aes128gcm', 'aead'],
  [C.TLS_DH_ANON_WITH_AES_256_GCM_SHA384, 'dh_anon', 'aes256gcm', 'aead'],
  [C.TLS_AES_128_GCM_SHA256, 'tls13', 'aes128gcm', 'aead'],
  [C.TLS_AES_256_GCM_SHA384, 'tls13', 'aes256gcm', 'aead'],
  [C.TLS_CHACHA20_POLY1305_SHA256, 'tls13', 'chacha20-poly1305', 'aead'],
  [C.TLS_AES_128_CCM_SHA256, 'tls13', 'aes128ccm', 'aead'],
  [C.TLS_AES_128_CCM_8_SHA256, 'tls13', 'aes128ccm_8', 'aead'],
  [C.TLS_ECDH_ECDSA_WITH_NULL_SHA, 'ecdh_ecdsa', 'null', 'sha'],
  [C.TLS_ECDH_ECDSA_WITH_RC4_128_SHA, 'ecdh_ecdsa', 'rc4', 'sha'],
  [C.TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA, 'ecdh_ecdsa', '3des', 'sha'],
  [C.TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA, 'ecdh_ecdsa', 'aes128', 'sha'],
  [C.TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA, 'ecdh_ecdsa', 'aes256', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_NULL_SHA, 'ecdhe_ecdsa', 'null', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA, 'ecdhe_ecdsa', 'rc4', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA, 'ecdhe_ecdsa', '3des', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, 'ecdhe_ecdsa', 'aes128', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, 'ecdhe_ecdsa', 'aes256', 'sha'],
  [C.TLS_ECDH_RSA_WITH_NULL_SHA, 'ecdh_rsa', 'null', 'sha'],
  [C.TLS_ECDH_RSA_WITH_RC4_128_SHA, 'ecdh_rsa', 'rc4', 'sha'],
  [C.TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA, 'ecdh_rsa', '3des', 'sha'],
  [C.TLS_ECDH_RSA_WITH_AES_128_CBC_SHA, 'ecdh_rsa', 'aes128', 'sha'],
  [C.TLS_ECDH_RSA_WITH_AES_256_CBC_SHA, 'ecdh_rsa', 'aes256', 'sha'],
  [C.TLS_ECDHE_RSA_WITH_NULL_SHA, 'ecdhe_rsa', 'null', 'sha'],
  [C.TLS_ECDHE_RSA_WITH_RC4_128_SHA, 'ecdhe_rsa', 'rc4', 'sha'],
  [C.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA, 'ecdhe_rsa', '3des', 'sha'],
  [C.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, 'ecdhe_rsa', 'aes128', 'sha'],
  [C.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, 'ecdhe_rsa', 'aes256', 'sha'],
  [C.TLS_ECDH_ANON_WITH_NULL_SHA, 'ecdh_anon', 'null', 'sha'],
  [C.TLS_ECDH_ANON_WITH_RC4_128_SHA, 'ecdh_anon', 'rc4', 'sha'],
  [C.TLS_ECDH_ANON_WITH_3DES_EDE_CBC_SHA, 'ecdh_anon', '3des', 'sha'],
  [C.TLS_ECDH_ANON_WITH_AES_128_CBC_SHA, 'ecdh_anon', 'aes128', 'sha'],
  [C.TLS_ECDH_ANON_WITH_AES_256_CBC_SHA, 'ecdh_anon', 'aes256', 'sha'],
  [C.TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA, 'srp_sha', '3des', 'sha'],
  [C.TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA, 'srp_sha_rsa', '3des', 'sha'],
  [C.TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA, 'srp_sha_dss', '3des', 'sha'],
  [C.TLS_SRP_SHA_WITH_AES_128_CBC_SHA, 'srp_sha', 'aes128', 'sha'],
  [C.TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA, 'srp_sha_rsa', 'aes128', 'sha'],
  [C.TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA, 'srp_sha_dss', 'aes128', 'sha'],
  [C.TLS_SRP_SHA_WITH_AES_256_CBC_SHA, 'srp_sha', 'aes256', 'sha'],
  [C.TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA, 'srp_sha_rsa', 'aes256', 'sha'],
  [C.TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA, 'srp_sha_dss', 'aes256', 'sha'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, 'ecdhe_ecdsa', 'aes128', 'sha256'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384, 'ecdhe_ecdsa', 'aes256', 'sha384'],
  [C.TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256, 'ecdh_ecdsa', 'aes128', 'sha256'],
  [C.TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384, 'ecdh_ecdsa', 'aes256', 'sha384'],
  [C.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, 'ecdhe_rsa', 'aes128', 'sha256'],
  [C.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384, 'ecdhe_rsa', 'aes256', 'sha384'],
  [C.TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256, 'ecdh_rsa', 'aes128', 'sha256'],
  [C.TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384, 'ecdh_rsa', 'aes256', 'sha384'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 'ecdhe_ecdsa', 'aes128gcm', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, 'ecdhe_ecdsa', 'aes256gcm', 'aead'],
  [C.TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256, 'ecdh_ecdsa', 'aes128gcm', 'aead'],
  [C.TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384, 'ecdh_ecdsa', 'aes256gcm', 'aead'],
  [C.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, 'ecdhe_rsa', 'aes128gcm', 'aead'],
  [C.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, 'ecdhe_rsa', 'aes256gcm', 'aead'],
  [C.TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256, 'ecdh_rsa', 'aes128gcm', 'aead'],
  [C.TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384, 'ecdh_rsa', 'aes256gcm', 'aead'],
  [C.TLS_RSA_WITH_AES_128_CCM, 'rsa', 'aes128ccm', 'aead'],
  [C.TLS_RSA_WITH_AES_256_CCM, 'rsa', 'aes256ccm', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_128_CCM, 'dhe_rsa', 'aes128ccm', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_256_CCM, 'dhe_rsa', 'aes256ccm', 'aead'],
  [C.TLS_RSA_WITH_AES_128_CCM_8, 'rsa', 'aes128ccm_8', 'aead'],
  [C.TLS_RSA_WITH_AES_256_CCM_8, 'rsa', 'aes256ccm_8', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_128_CCM_8, 'dhe_rsa', 'aes128ccm_8', 'aead'],
  [C.TLS_DHE_RSA_WITH_AES_256_CCM_8, 'dhe_rsa', 'aes256ccm_8', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_128_CCM, 'ecdhe_ecdsa', 'aes128ccm', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_256_CCM, 'ecdhe_ecdsa', 'aes256ccm', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, 'ecdhe_ecdsa', 'aes128ccm_8', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8, 'ecdhe_ecdsa', 'aes256ccm_8', 'aead'],
  [C.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_draft_00, 'ecdhe_rsa', 'chacha20-poly1305_draft00', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_draft_00, 'ecdhe_ecdsa', 'chacha20-poly1305_draft00', 'aead'],
  [C.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_draft_00, 'dhe_rsa', 'chacha20-poly1305_draft00', 'aead'],
  [C.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 'ecdhe_rsa', 'chacha20-poly1305', 'aead'],
  [C.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, 'ecdhe_ecdsa', 'chacha20-poly1305', 'aead'],
  [C.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256, 'dhe_rsa', 'chacha20-poly1305', 'aead'],
];

/** The IANA spelling: the seed writes `ANON`, the registry `anon`. */
function ianaName(id: number): string {
  return CipherSuite.nameOf(id).replace('_ANON_', '_anon_');
}

function describe([id, keyExchange, cipher, mac]: (typeof ROWS)[number]): CipherSuiteInfo {
  const name = ianaName(id);
  const parameters = CIPHERS[cipher];
  const tls12Only = mac !== 'md5' && mac !== 'sha';
  return Object.freeze({
    id,
    name,
    keyExchange,
    cipher,
    cipherType: parameters.type,
    mac,
    // RFC 5288 3 / RFC 5289 3.2: "_SHA384" suites use SHA-384 for the PRF;
    // every other suite uses the TLS 1.2 default, SHA-256 (RFC 5246 5).
    prfHash: name.endsWith('_SHA384') ? 'sha384' : 'sha256',
    keyLength: parameters.keyLength,
    fixedIvLength: parameters.fixedIvLength,
    recordIvLength: parameters.recordIvLength,
    macLength: MAC_LENGTHS[mac],
    tagLength: parameters.tagLength,
    // RFC 8446 B.4: TLS 1.3 suites only in TLS 1.3; RFC 5246 1.2: the AEAD
    // and SHA-256/384 HMAC suites need TLS 1.2's PRF and record format.
    minVersion:
      keyExchange === 'tls13' ? ProtocolVersion.TLS1_3 : tls12Only ? ProtocolVersion.TLS1_2 : ProtocolVersion.SSL3,
    maxVersion: keyExchange === 'tls13' ? ProtocolVersion.TLS1_3 : ProtocolVersion.TLS1_2,
    implemented: !NOT_IMPLEMENTED.has(keyExchange),
  });
}

/** Metadata of every negotiable suite the seed knows, by id. */
export const CIPHER_SUITES: ReadonlyMap<number, CipherSuiteInfo> = new Map(ROWS.map((row) => [row[0], describe(row)]));

/** The metadata of `id`, or undefined for an unknown suite or a signalling value. */
export function suiteInfo(id: number): CipherSuiteInfo | undefined {
  return CIPHER_SUITES.get(id);
}

/** True for the signalling values that ride in cipher_suites but are not suites (RFC 5746 3.3, RFC 7507 2). */
export function isSignalingSuite(id: number): boolean {
  return id === CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV || id === CipherSuite.TLS_FALLBACK_SCSV;
}

/** The seed's `canonicalCipherName`: the cipher name of `id`, or undefined. */
export function canonicalCipherName(id: number): CipherName | undefined {
  return CIPHER_SUITES.get(id)?.cipher;
}

/** The seed's `canonicalMacName`: the HMAC name of `id`; undefined for AEAD and unknown suites. */
export function canonicalMacName(id: number): Exclude<MacName, 'aead'> | undefined {
  const mac = CIPHER_SUITES.get(id)?.mac;
  return mac === 'aead' ? undefined : mac;
}

/** The name lists of `HandshakeSettings` that select suites. */
export interface SuiteSelection {
  readonly cipherNames: readonly string[];
  readonly macNames: readonly string[];
  readonly keyExchangeNames: readonly string[];
  /** Used when `version` is not passed (the seed defaults to `settings.maxVersion`). */
  readonly maxVersion?: number;
}

/**
 * The seed's `CipherSuite._filterSuites`: the members of `suites`, in
 * their order, whose cipher, MAC and key exchange are all selected and
 * which `version` can use. As in the seed, TLS 1.3 suites pass the key
 * exchange test whenever `version` is TLS 1.3 or later, AEAD ciphers and
 * SHA-256/384 MACs need TLS 1.2 or later, and suites the seed never
 * negotiates are never returned.
 */
export function filterSuites(suites: readonly number[], settings: SuiteSelection, version?: number): number[] {
  const v = version ?? settings.maxVersion ?? ProtocolVersion.TLS1_2;
  // Validated settings are frozen through and through: their answer is
  // kept (handshakes ask the same questions of the same settings).
  if (!Object.isFrozen(suites) || !isFrozenSelection(settings)) return computeSuites(suites, settings, v);
  let bySuites = filtered.get(settings);
  if (bySuites === undefined) filtered.set(settings, (bySuites = new Map()));
  let byVersion = bySuites.get(suites);
  if (byVersion === undefined) bySuites.set(suites, (byVersion = new Map()));
  let result = byVersion.get(v);
  if (result === undefined) byVersion.set(v, (result = computeSuites(suites, settings, v)));
  return result.slice();
}

const filtered = new WeakMap<SuiteSelection, Map<readonly number[], Map<number, readonly number[]>>>();

function isFrozenSelection(s: SuiteSelection): boolean {
  return Object.isFrozen(s) && Object.isFrozen(s.cipherNames) && Object.isFrozen(s.macNames) && Object.isFrozen(s.keyExchangeNames);
}

function computeSuites(suites: readonly number[], settings: SuiteSelection, v: number): number[] {
  const ciphers = new Set(settings.cipherNames);
  const macs = new Set(settings.macNames);
  const exchanges = new Set(settings.keyExchangeNames);
  return suites.filter((id) => {
    const info = CIPHER_SUITES.get(id);
    if (!info || !info.implemented) return false;
    if (!macs.has(info.mac) || (info.mac !== 'md5' && info.mac !== 'sha' && v < ProtocolVersion.TLS1_2)) return false;
    if (!ciphers.has(info.cipher) || (info.cipherType === 'aead' && v < ProtocolVersion.TLS1_2)) return false;
    return info.keyExchange === 'tls13' ? v >= ProtocolVersion.TLS1_3 : exchanges.has(info.keyExchange);
  });
}

/**
 * The seed's `CipherSuite.filterForVersion`: the members of `suites`
 * usable with some version in [minVersion, maxVersion].
 */
export function filterForVersion(suites: readonly number[], minVersion: number, maxVersion: number): number[] {
  return suites.filter((id) => {
    const info = CIPHER_SUITES.get(id);
    return info !== undefined && info.minVersion <= maxVersion && info.maxVersion >= minVersion;
  });
}

/** Certificate algorithms as the seed names them (`X509.certAlg`). */
export type CertificateAlgorithm = 'rsa' | 'rsa-pss' | 'ecdsa' | 'Ed25519' | 'Ed448' | 'dsa';

/**
 * The seed's `CipherSuite.filter_for_certificate`: the members of
 * `suites` a server holding a certificate of `certAlg` can negotiate
 * (undefined: no certificate, so only SRP and anonymous suites). TLS 1.3
 * suites always pass: there the certificate constrains the signature
 * scheme, not the suite. An RSA-PSS key cannot decrypt, so it gets no
 * RSA key exchange (RFC 8446 4.2.3: rsa_pss_pss keys are for PSS only).
 */
export function filterForCertificate(suites: readonly number[], certAlg?: CertificateAlgorithm): number[] {
  const allowed = (info: CipherSuiteInfo): boolean => {
    if (info.keyExchange === 'tls13') return true;
    switch (certAlg) {
      case undefined:
        return ['srp_sha', 'dh_anon', 'ecdh_anon'].includes(info.keyExchange);
      case 'rsa':
        return ['rsa', 'dhe_rsa', 'ecdhe_rsa', 'srp_sha_rsa'].includes(info.keyExchange);
      case 'rsa-pss':
        return ['dhe_rsa', 'ecdhe_rsa', 'srp_sha_rsa'].includes(info.keyExchange);
      case 'ecdsa':
      case 'Ed25519':
      case 'Ed448':
        return info.keyExchange === 'ecdhe_ecdsa';
      case 'dsa':
        return info.keyExchange === 'dhe_dsa';
    }
  };
  return suites.filter((id) => {
    const info = CIPHER_SUITES.get(id);
    return info !== undefined && info.implemented && allowed(info);
  });
}

// The seed's suite families, in its preference order (strongest first).

/** TLS 1.3 suites, seed order. */
export const TLS13_SUITES: readonly number[] = Object.freeze([
  C.TLS_AES_256_GCM_SHA384,
  C.TLS_AES_128_GCM_SHA256,
  C.TLS_CHACHA20_POLY1305_SHA256,
  C.TLS_AES_128_CCM_SHA256,
  C.TLS_AES_128_CCM_8_SHA256,
]);
/** SRP key exchange without certificate. */
export const SRP_SUITES: readonly number[] = Object.freeze([
  C.TLS_SRP_SHA_WITH_AES_256_CBC_SHA,
  C.TLS_SRP_SHA_WITH_AES_128_CBC_SHA,
  C.TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA,
]);
/** SRP key exchange with RSA server authentication. */
export const SRP_CERT_SUITES: readonly number[] = Object.freeze([
  C.TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA,
  C.TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA,
  C.TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA,
]);
/** RSA key exchange (RSA-encrypted premaster). */
export const CERT_SUITES: readonly number[] = Object.freeze([
  C.TLS_RSA_WITH_AES_256_GCM_SHA384,
  C.TLS_RSA_WITH_AES_128_GCM_SHA256,
  C.TLS_RSA_WITH_AES_256_CCM,
  C.TLS_RSA_WITH_AES_128_CCM,
  C.TLS_RSA_WITH_AES_256_CBC_SHA256,
  C.TLS_RSA_WITH_AES_128_CBC_SHA256,
  C.TLS_RSA_WITH_AES_256_CBC_SHA,
  C.TLS_RSA_WITH_AES_128_CBC_SHA,
  C.TLS_RSA_WITH_AES_256_CCM_8,
  C.TLS_RSA_WITH_AES_128_CCM_8,
  C.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
  C.TLS_RSA_WITH_RC4_128_SHA,
  C.TLS_RSA_WITH_RC4_128_MD5,
  C.TLS_RSA_WITH_NULL_MD5,
  C.TLS_RSA_WITH_NULL_SHA,
  C.TLS_RSA_WITH_NULL_SHA256,
]);
/** Finite-field DHE with RSA signatures. */
export const DHE_CERT_SUITES: readonly number[] = Object.freeze([
  C.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
  C.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_draft_00,
  C.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
  C.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256,
  C.TLS_DHE_RSA_WITH_AES_256_CCM,
  C.TLS_DHE_RSA_WITH_AES_128_CCM,
  C.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
  C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256,
  C.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
  C.TLS_DHE_RSA_WITH_AES_128_CBC_SHA,
  C.TLS_DHE_RSA_WITH_AES_256_CCM_8,
  C.TLS_DHE_RSA_WITH_AES_128_CCM_8,
  C.TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA,
]);
/** ECDHE with RSA signatures. */
export const ECDHE_CERT_SUITES: readonly number[] = Object.freeze([
  C.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
  C.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_draft_00,
  C.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
  C.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
  C.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
  C.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
  C.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
  C.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
  C.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA,
  C.TLS_ECDHE_RSA_WITH_RC4_128_SHA,
  C.TLS_ECDHE_RSA_WITH_NULL_SHA,
]);
/** ECDHE with ECDSA (or EdDSA) signatures. */
export const ECDHE_ECDSA_SUITES: readonly number[] = Object.freeze([
  C.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
  C.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_draft_00,
  C.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
  C.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
  C.TLS_ECDHE_ECDSA_WITH_AES_256_CCM,
  C.TLS_ECDHE_ECDSA_WITH_AES_128_CCM,
  C.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
  C.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
  C.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
  C.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
  C.TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA,
  C.TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8,
  C.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8,
  C.TLS_ECDHE_ECDSA_WITH_RC4_128_SHA,
  C.TLS_ECDHE_ECDSA_WITH_NULL_SHA,
]);
/** Finite-field DHE with DSA signatures. */
export const DHE_DSA_SUITES: readonly number[] = Object.freeze([
  C.TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA,
  C.TLS_DHE_DSS_WITH_AES_128_CBC_SHA,
  C.TLS_DHE_DSS_WITH_AES_256_CBC_SHA,
  C.TLS_DHE_DSS_WITH_AES_128_CBC_SHA256,
  C.TLS_DHE_DSS_WITH_AES_256_CBC_SHA256,
  C.TLS_DHE_DSS_WITH_AES_128_GCM_SHA256,
  C.TLS_DHE_DSS_WITH_AES_256_GCM_SHA384,
]);
/** Anonymous finite-field DH. */
export const ANON_SUITES: readonly number[] = Object.freeze([
  C.TLS_DH_ANON_WITH_AES_256_GCM_SHA384,
  C.TLS_DH_ANON_WITH_AES_128_GCM_SHA256,
  C.TLS_DH_ANON_WITH_AES_256_CBC_SHA256,
  C.TLS_DH_ANON_WITH_AES_256_CBC_SHA,
  C.TLS_DH_ANON_WITH_AES_128_CBC_SHA256,
  C.TLS_DH_ANON_WITH_AES_128_CBC_SHA,
  C.TLS_DH_ANON_WITH_3DES_EDE_CBC_SHA,
  C.TLS_DH_ANON_WITH_RC4_128_MD5,
]);
/** Anonymous ECDH. */
export const ECDH_ANON_SUITES: readonly number[] = Object.freeze([
  C.TLS_ECDH_ANON_WITH_AES_256_CBC_SHA,
  C.TLS_ECDH_ANON_WITH_AES_128_CBC_SHA,
  C.TLS_ECDH_ANON_WITH_3DES_EDE_CBC_SHA,
  C.TLS_ECDH_ANON_WITH_RC4_128_SHA,
  C.TLS_ECDH_ANON_WITH_NULL_SHA,
]);

/** The seed's `getTLS13Suites`. */
export const getTLS13Suites = (s: SuiteSelection, version?: number) => filterSuites(TLS13_SUITES, s, version);
/** The seed's `getSrpSuites`. */
export const getSrpSuites = (s: SuiteSelection, version?: number) => filterSuites(SRP_SUITES, s, version);
/** The seed's `getSrpCertSuites`. */
export const getSrpCertSuites = (s: SuiteSelection, version?: number) => filterSuites(SRP_CERT_SUITES, s, version);
/** The seed's `getSrpAllSuites`. */
export const getSrpAllSuites = (s: SuiteSelection, version?: number) =>
  filterSuites([...SRP_SUITES, ...SRP_CERT_SUITES], s, version);
/** The seed's `getCertSuites` (RSA key exchange). */
export const getCertSuites = (s: SuiteSelection, version?: number) => filterSuites(CERT_SUITES, s, version);
/** The seed's `getDheCertSuites`. */
export const getDheCertSuites = (s: SuiteSelection, version?: number) => filterSuites(DHE_CERT_SUITES, s, version);
/** The seed's `getEcdheCertSuites`. */
export const getEcdheCertSuites = (s: SuiteSelection, version?: number) => filterSuites(ECDHE_CERT_SUITES, s, version);
/** The seed's `getEcdsaSuites`. */
export const getEcdsaSuites = (s: SuiteSelection, version?: number) => filterSuites(ECDHE_ECDSA_SUITES, s, version);
/** The seed's `getDheDsaSuites`. */
export const getDheDsaSuites = (s: SuiteSelection, version?: number) => filterSuites(DHE_DSA_SUITES, s, version);
/** The seed's `getAnonSuites`. */
export const getAnonSuites = (s: SuiteSelection, version?: number) => filterSuites(ANON_SUITES, s, version);
/** The seed's `getEcdhAnonSuites`. */
export const getEcdhAnonSuites = (s: SuiteSelection, version?: number) => filterSuites(ECDH_ANON_SUITES, s, version);
