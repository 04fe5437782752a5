/**
 * Protocol numbers and their names (the seed's `tlslite.constants`).
 *
 * TLS enumerations are open: a peer may send any value. Each table is a
 * plain object of named numbers plus a reverse lookup, `nameOf`, that
 * turns a number back into its name, or into hex when unknown (the
 * seed's `AlertDescription.toStr` and friends), so unknown values survive
 * and print readably.
 *
 * @module
 */

/** Adds the reverse lookup to a table of named numbers. */
function named<const T extends Record<string, number>>(table: T, hexWidth = 2) {
  const names = new Map<number, string>();
  for (const [name, value] of Object.entries(table)) if (!names.has(value)) names.set(value, name);
  return Object.freeze({
    ...table,
    /** The name of `value`, or its hex form when unknown. */
    nameOf(value: number): string {
      return names.get(value) ?? `0x${value.toString(16).padStart(hexWidth, '0')}`;
    },
    /** True when `value` has a name in this table. */
    has(value: number): boolean {
      return names.has(value);
    },
  });
}

/** Record content types (RFC 8446 5.1, RFC 6520). */
export const ContentType = named({
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
  heartbeat: 24,
});

/** Handshake message types (RFC 8446 4, RFC 5246 7.4, NPN, RFC 5077). */
export const HandshakeType = named({
  hello_request: 0,
  client_hello: 1,
  server_hello: 2,
  hello_verify_request: 3,
  new_session_ticket: 4,
  end_of_early_data: 5,
  hello_retry_request: 6,
  encrypted_extensions: 8,
  certificate: 11,
  server_key_exchange: 12,
  certificate_request: 13,
  server_hello_done: 14,
  certificate_verify: 15,
  client_key_exchange: 16,
  finished: 20,
  certificate_url: 21,
  certificate_status: 22,
  supplemental_data: 23,
  key_update: 24,
  compressed_certificate: 25,
  next_protocol: 67,
  message_hash: 254,
});

/** Alert levels (RFC 5246 7.2). */
export const AlertLevel = named({
  warning: 1,
  fatal: 2,
});

/** Alert descriptions (RFC 5246 7.2, RFC 8446 6, RFC 6101, RFC 7301, RFC 7507). */
export const AlertDescription = named({
  close_notify: 0,
  end_of_early_data: 1,
  unexpected_message: 10,
  bad_record_mac: 20,
  decryption_failed: 21,
  record_overflow: 22,
  decompression_failure: 30,
  handshake_failure: 40,
  no_certificate: 41,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  export_restriction: 60,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  no_renegotiation: 100,
  missing_extension: 109,
  unsupported_extension: 110,
  certificate_unobtainable: 111,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  bad_certificate_hash_value: 114,
  unknown_psk_identity: 115,
  certificate_required: 116,
  no_application_protocol: 120,
});

/** Protocol versions as the 16-bit wire value (major << 8 | minor). */
export const ProtocolVersion = named(
  {
    SSL2: 0x0002,
    SSL3: 0x0300,
    TLS1_0: 0x0301,
    TLS1_1: 0x0302,
    TLS1_2: 0x0303,
    TLS1_3: 0x0304,
  },
  4,
);

/** The seed's version names ("SSL 3.0", "TLS 1.2") for getVersionName() and the CLI. */
export function versionName(version: number): string {
  switch (version) {
    case ProtocolVersion.SSL2:
      return 'SSL 2.0';
    case ProtocolVersion.SSL3:
      return 'SSL 3.0';
    case ProtocolVersion.TLS1_0:
      return 'TLS 1.0';
    case ProtocolVersion.TLS1_1:
      return 'TLS 1.1';
    case ProtocolVersion.TLS1_2:
      return 'TLS 1.2';
    case ProtocolVersion.TLS1_3:
      return 'TLS 1.3';
    default:
      return `unknown (0x${version.toString(16).padStart(4, '0')})`;
  }
}

/** Extension types (IANA "TLS ExtensionType Values"). */
export const ExtensionType = named(
  {
    server_name: 0,
    max_fragment_length: 1,
    client_certificate_url: 2,
    trusted_ca_keys: 3,
    truncated_hmac: 4,
    status_request: 5,
    user_mapping: 6,
    client_authz: 7,
    server_authz: 8,
    cert_type: 9,
    supported_groups: 10,
    ec_point_formats: 11,
    srp: 12,
    signature_algorithms: 13,
    use_srtp: 14,
    heartbeat: 15,
    alpn: 16,
    status_request_v2: 17,
    signed_certificate_timestamp: 18,
    client_certificate_type: 19,
    server_certificate_type: 20,
    padding: 21,
    encrypt_then_mac: 22,
    extended_master_secret: 23,
    compress_certificate: 27,
    record_size_limit: 28,
    session_ticket: 35,
    pre_shared_key: 41,
    early_data: 42,
    supported_versions: 43,
    cookie: 44,
    psk_key_exchange_modes: 45,
    certificate_authorities: 47,
    oid_filters: 48,
    post_handshake_auth: 49,
    signature_algorithms_cert: 50,
    key_share: 51,
    supports_npn: 13172,
    tack: 0xf300,
    renegotiation_info: 0xff01,
  },
  4,
);

/** Named groups for key exchange (RFC 8422, RFC 7919, RFC 8446, draft-ietf-tls-ecdhe-mlkem). */
export const GroupName = named(
  {
    sect163k1: 1,
    sect163r1: 2,
    sect163r2: 3,
    sect193r1: 4,
    sect193r2: 5,
    sect233k1: 6,
    sect233r1: 7,
    sect239k1: 8,
    sect283k1: 9,
    sect283r1: 10,
    sect409k1: 11,
    sect409r1: 12,
    sect571k1: 13,
    sect571r1: 14,
    secp160k1: 15,
    secp160r1: 16,
    secp160r2: 17,
    secp192k1: 18,
    secp192r1: 19,
    secp224k1: 20,
    secp224r1: 21,
    secp256k1: 22,
    secp256r1: 23,
    secp384r1: 24,
    secp521r1: 25,
    brainpoolP256r1: 26,
    brainpoolP384r1: 27,
    brainpoolP512r1: 28,
    x25519: 29,
    x448: 30,
    brainpoolP256r1tls13: 31,
    brainpoolP384r1tls13: 32,
    brainpoolP512r1tls13: 33,
    ffdhe2048: 256,
    ffdhe3072: 257,
    ffdhe4096: 258,
    ffdhe6144: 259,
    ffdhe8192: 260,
    secp256r1mlkem768: 0x11eb,
    x25519mlkem768: 0x11ec,
    secp384r1mlkem1024: 0x11ed,
  },
  4,
);

/** TLS 1.2 hash algorithm codes in SignatureAndHashAlgorithm (RFC 5246 7.4.1.4.1). */
export const HashAlgorithm = named({
  none: 0,
  md5: 1,
  sha1: 2,
  sha224: 3,
  sha256: 4,
  sha384: 5,
  sha512: 6,
  intrinsic: 8,
});

/** TLS 1.2 signature algorithm codes in SignatureAndHashAlgorithm (RFC 5246, RFC 8422, RFC 8446). */
export const SignatureAlgorithm = named({
  anonymous: 0,
  rsa: 1,
  dsa: 2,
  ecdsa: 3,
  ed25519: 7,
  ed448: 8,
});

/** Signature schemes (RFC 8446 4.2.3; the TLS 1.2 pairs share the code points). */
export const SignatureScheme = named(
  {
    rsa_pkcs1_md5: 0x0101,
    rsa_pkcs1_sha1: 0x0201,
    dsa_sha1: 0x0202,
    ecdsa_sha1: 0x0203,
    rsa_pkcs1_sha224: 0x0301,
    dsa_sha224: 0x0302,
    ecdsa_sha224: 0x0303,
    rsa_pkcs1_sha256: 0x0401,
    dsa_sha256: 0x0402,
    ecdsa_secp256r1_sha256: 0x0403,
    rsa_pkcs1_sha384: 0x0501,
    dsa_sha384: 0x0502,
    ecdsa_secp384r1_sha384: 0x0503,
    rsa_pkcs1_sha512: 0x0601,
    dsa_sha512: 0x0602,
    ecdsa_secp521r1_sha512: 0x0603,
    rsa_pss_rsae_sha256: 0x0804,
    rsa_pss_rsae_sha384: 0x0805,
    rsa_pss_rsae_sha512: 0x0806,
    ed25519: 0x0807,
    ed448: 0x0808,
    rsa_pss_pss_sha256: 0x0809,
    rsa_pss_pss_sha384: 0x080a,
    rsa_pss_pss_sha512: 0x080b,
    ecdsa_brainpoolP256r1tls13_sha256: 0x081a,
    ecdsa_brainpoolP384r1tls13_sha384: 0x081b,
    ecdsa_brainpoolP512r1tls13_sha512: 0x081c,
  },
  4,
);

/** ClientCertificateType in CertificateRequest (RFC 5246 7.4.4, RFC 8422 5.5). */
export const ClientCertificateType = named({
  rsa_sign: 1,
  dss_sign: 2,
  rsa_fixed_dh: 3,
  dss_fixed_dh: 4,
  ecdsa_sign: 64,
  rsa_fixed_ecdh: 65,
  ecdsa_fixed_ecdh: 66,
});

/** Certificate types of the cert_type extension (RFC 6091); the seed's `CertificateType`. */
export const CertificateType = named({
  x509: 0,
  openpgp: 1,
});

/** EC point formats (RFC 8422 5.1.2). */
export const ECPointFormat = named({
  uncompressed: 0,
  ansiX962_compressed_prime: 1,
  ansiX962_compressed_char2: 2,
});

/** ECCurveType in ServerKeyExchange (RFC 8422 5.4). */
export const ECCurveType = named({
  explicit_prime: 1,
  explicit_char2: 2,
  named_curve: 3,
});

/** server_name NameType (RFC 6066 3). */
export const NameType = named({
  host_name: 0,
});

/** status_request CertificateStatusType (RFC 6066 8). */
export const CertificateStatusType = named({
  ocsp: 1,
});

/** Heartbeat extension modes (RFC 6520 2). */
export const HeartbeatMode = named({
  peer_allowed_to_send: 1,
  peer_not_allowed_to_send: 2,
});

/** Heartbeat message types (RFC 6520 3). */
export const HeartbeatMessageType = named({
  heartbeat_request: 1,
  heartbeat_response: 2,
});

/** KeyUpdateRequest (RFC 8446 4.6.3). */
export const KeyUpdateMessageType = named({
  update_not_requested: 0,
  update_requested: 1,
});

/** PskKeyExchangeMode (RFC 8446 4.2.9). */
export const PskKeyExchangeMode = named({
  psk_ke: 0,
  psk_dhe_ke: 1,
});

/** max_fragment_length values (RFC 6066 4): 2^9 to 2^12. */
export const MaxFragmentLength = named({
  '2^9': 1,
  '2^10': 2,
  '2^11': 3,
  '2^12': 4,
});

/** Record size limits (RFC 8446 5.1, RFC 5246 6.2). */
export const RecordLimits = Object.freeze({
  /** TLSPlaintext.fragment at most 2^14 bytes. */
  maxPlaintext: 1 << 14,
  /** TLSCiphertext.fragment at most 2^14 + 2048 bytes (TLS 1.2 and earlier). */
  maxCiphertext: (1 << 14) + 2048,
  /** TLSCiphertext.fragment at most 2^14 + 256 bytes in TLS 1.3. */
  maxCiphertextTLS13: (1 << 14) + 256,
  /** Handshake messages larger than this are refused (the seed's default); a certificate chain can be large. */
  maxHandshakeMessage: 1 << 18,
});

// ===================================================================
// CipherSuite (owned by the messages/suites work; append-only section)
// ===================================================================

/**
 * Cipher suite numbers: every suite the seed's `CipherSuite` lists, with
 * the seed's spelling (so `CipherSuite.TLS_DH_ANON_WITH_AES_128_CBC_SHA`
 * reads as in tlslite-ng; IANA spells it `TLS_DH_anon_...`, see
 * `src/suites.ts` for the IANA names and per-suite metadata).
 *
 * Sources: RFC 5246 A.5, RFC 4492/8422, RFC 5054 (SRP), RFC 5288 and
 * RFC 5289 (GCM), RFC 6655 and RFC 7251 (CCM), RFC 7905 and
 * draft-ietf-tls-chacha20-poly1305-00 (ChaCha20), RFC 8446 B.4 (TLS 1.3),
 * RFC 5746 and RFC 7507 (the two signalling values), and the SSLv2
 * CIPHER-KINDs of draft-hickman-netscape-ssl-00 (24-bit values, seen only
 * in an SSLv2-compatible ClientHello).
 */
export const CipherSuite = named(
  {
    // SSLv2 CIPHER-KINDs (3 bytes on the wire)
    SSL_CK_RC4_128_WITH_MD5: 0x010080,
    SSL_CK_RC4_128_EXPORT40_WITH_MD5: 0x020080,
    SSL_CK_RC2_128_CBC_WITH_MD5: 0x030080,
    SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5: 0x040080,
    SSL_CK_IDEA_128_CBC_WITH_MD5: 0x050080,
    SSL_CK_DES_64_CBC_WITH_MD5: 0x060040,
    SSL_CK_DES_192_EDE3_CBC_WITH_MD5: 0x0700c0,

    // RFC 5246
    TLS_RSA_WITH_NULL_MD5: 0x0001,
    TLS_RSA_WITH_NULL_SHA: 0x0002,
    TLS_RSA_WITH_RC4_128_MD5: 0x0004,
    TLS_RSA_WITH_RC4_128_SHA: 0x0005,
    TLS_RSA_WITH_3DES_EDE_CBC_SHA: 0x000a,
    TLS_DH_DSS_WITH_3DES_EDE_CBC_SHA: 0x000d,
    TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA: 0x0013,
    TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA: 0x0016,
    TLS_DH_ANON_WITH_RC4_128_MD5: 0x0018,
    TLS_DH_ANON_WITH_3DES_EDE_CBC_SHA: 0x001b,
    TLS_RSA_WITH_AES_128_CBC_SHA: 0x002f,
    TLS_DH_DSS_WITH_AES_128_CBC_SHA: 0x0030,
    TLS_DHE_DSS_WITH_AES_128_CBC_SHA: 0x0032,
    TLS_DHE_RSA_WITH_AES_128_CBC_SHA: 0x0033,
    TLS_DH_ANON_WITH_AES_128_CBC_SHA: 0x0034,
    TLS_RSA_WITH_AES_256_CBC_SHA: 0x0035,
    TLS_DH_DSS_WITH_AES_256_CBC_SHA: 0x0036,
    TLS_DHE_DSS_WITH_AES_256_CBC_SHA: 0x0038,
    TLS_DHE_RSA_WITH_AES_256_CBC_SHA: 0x0039,
    TLS_DH_ANON_WITH_AES_256_CBC_SHA: 0x003a,
    TLS_RSA_WITH_NULL_SHA256: 0x003b,
    TLS_RSA_WITH_AES_128_CBC_SHA256: 0x003c,
    TLS_RSA_WITH_AES_256_CBC_SHA256: 0x003d,
    TLS_DH_DSS_WITH_AES_128_CBC_SHA256: 0x003e,
    TLS_DHE_DSS_WITH_AES_128_CBC_SHA256: 0x0040,
    TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: 0x0067,
    TLS_DH_DSS_WITH_AES_256_CBC_SHA256: 0x0068,
    TLS_DHE_DSS_WITH_AES_256_CBC_SHA256: 0x006a,
    TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: 0x006b,
    TLS_DH_ANON_WITH_AES_128_CBC_SHA256: 0x006c,
    TLS_DH_ANON_WITH_AES_256_CBC_SHA256: 0x006d,

    // RFC 5288 (AES-GCM)
    TLS_RSA_WITH_AES_128_GCM_SHA256: 0x009c,
    TLS_RSA_WITH_AES_256_GCM_SHA384: 0x009d,
    TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 0x009e,
    TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: 0x009f,
    TLS_DHE_DSS_WITH_AES_128_GCM_SHA256: 0x00a2,
    TLS_DHE_DSS_WITH_AES_256_GCM_SHA384: 0x00a3,
    TLS_DH_DSS_WITH_AES_128_GCM_SHA256: 0x00a4,
    TLS_DH_DSS_WITH_AES_256_GCM_SHA384: 0x00a5,
    TLS_DH_ANON_WITH_AES_128_GCM_SHA256: 0x00a6,
    TLS_DH_ANON_WITH_AES_256_GCM_SHA384: 0x00a7,

    // RFC 5746: signals secure renegotiation support (not a real suite)
    TLS_EMPTY_RENEGOTIATION_INFO_SCSV: 0x00ff,

    // RFC 8446 B.4 (TLS 1.3)
    TLS_AES_128_GCM_SHA256: 0x1301,
    TLS_AES_256_GCM_SHA384: 0x1302,
    TLS_CHACHA20_POLY1305_SHA256: 0x1303,
    TLS_AES_128_CCM_SHA256: 0x1304,
    TLS_AES_128_CCM_8_SHA256: 0x1305,

    // RFC 7507: a downgraded retry (not a real suite)
    TLS_FALLBACK_SCSV: 0x5600,

    // RFC 4492 / RFC 8422
    TLS_ECDH_ECDSA_WITH_NULL_SHA: 0xc001,
    TLS_ECDH_ECDSA_WITH_RC4_128_SHA: 0xc002,
    TLS_ECDH_ECDSA_WITH_3DES_EDE_CBC_SHA: 0xc003,
    TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA: 0xc004,
    TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA: 0xc005,
    TLS_ECDHE_ECDSA_WITH_NULL_SHA: 0xc006,
    TLS_ECDHE_ECDSA_WITH_RC4_128_SHA: 0xc007,
    TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA: 0xc008,
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 0xc009,
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 0xc00a,
    TLS_ECDH_RSA_WITH_NULL_SHA: 0xc00b,
    TLS_ECDH_RSA_WITH_RC4_128_SHA: 0xc00c,
    TLS_ECDH_RSA_WITH_3DES_EDE_CBC_SHA: 0xc00d,
    TLS_ECDH_RSA_WITH_AES_128_CBC_SHA: 0xc00e,
    TLS_ECDH_RSA_WITH_AES_256_CBC_SHA: 0xc00f,
    TLS_ECDHE_RSA_WITH_NULL_SHA: 0xc010,
    TLS_ECDHE_RSA_WITH_RC4_128_SHA: 0xc011,
    TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 0xc012,
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 0xc013,
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 0xc014,
    TLS_ECDH_ANON_WITH_NULL_SHA: 0xc015,
    TLS_ECDH_ANON_WITH_RC4_128_SHA: 0xc016,
    TLS_ECDH_ANON_WITH_3DES_EDE_CBC_SHA: 0xc017,
    TLS_ECDH_ANON_WITH_AES_128_CBC_SHA: 0xc018,
    TLS_ECDH_ANON_WITH_AES_256_CBC_SHA: 0xc019,

    // RFC 5054 (SRP)
    TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA: 0xc01a,
    TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA: 0xc01b,
    TLS_SRP_SHA_DSS_WITH_3DES_EDE_CBC_SHA: 0xc01c,
    TLS_SRP_SHA_WITH_AES_128_CBC_SHA: 0xc01d,
    TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA: 0xc01e,
    TLS_SRP_SHA_DSS_WITH_AES_128_CBC_SHA: 0xc01f,
    TLS_SRP_SHA_WITH_AES_256_CBC_SHA: 0xc020,
    TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA: 0xc021,
    TLS_SRP_SHA_DSS_WITH_AES_256_CBC_SHA: 0xc022,

    // RFC 5289 (SHA-256/384 HMAC and AES-GCM with ECC)
    TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 0xc023,
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384: 0xc024,
    TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256: 0xc025,
    TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384: 0xc026,
    TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 0xc027,
    TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: 0xc028,
    TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256: 0xc029,
    TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384: 0xc02a,
    TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 0xc02b,
    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 0xc02c,
    TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256: 0xc02d,
    TLS_ECDH_ECDSA_WITH_AES_256_GCM_SHA384: 0xc02e,
    TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 0xc02f,
    TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 0xc030,
    TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256: 0xc031,
    TLS_ECDH_RSA_WITH_AES_256_GCM_SHA384: 0xc032,

    // RFC 6655 (AES-CCM)
    TLS_RSA_WITH_AES_128_CCM: 0xc09c,
    TLS_RSA_WITH_AES_256_CCM: 0xc09d,
    TLS_DHE_RSA_WITH_AES_128_CCM: 0xc09e,
    TLS_DHE_RSA_WITH_AES_256_CCM: 0xc09f,
    TLS_RSA_WITH_AES_128_CCM_8: 0xc0a0,
    TLS_RSA_WITH_AES_256_CCM_8: 0xc0a1,
    TLS_DHE_RSA_WITH_AES_128_CCM_8: 0xc0a2,
    TLS_DHE_RSA_WITH_AES_256_CCM_8: 0xc0a3,

    // RFC 7251 (AES-CCM with ECC)
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM: 0xc0ac,
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM: 0xc0ad,
    TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8: 0xc0ae,
    TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8: 0xc0af,

    // draft-ietf-tls-chacha20-poly1305-00 (pre-RFC 7905 nonce construction)
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_draft_00: 0xcca1,
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_draft_00: 0xcca2,
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_draft_00: 0xcca3,

    // RFC 7905 (ChaCha20-Poly1305)
    TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca8,
    TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 0xcca9,
    TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 0xccaa,
  },
  4,
);
