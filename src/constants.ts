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
