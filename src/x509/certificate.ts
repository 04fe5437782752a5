/**
 * `X509`: an X.509 certificate (RFC 5280 4.1) read as far as TLS needs it
 * (the seed's `tlslite.x509.X509`): the DER bytes, the to-be-signed part,
 * serial number, issuer and subject (DER and a readable RFC 4514 string),
 * validity, the subject public key as a usable key, the raw extensions,
 * the signature, and the SHA-1 / SHA-256 fingerprints.
 *
 * Nothing here decides whether a certificate is trustworthy: chain and
 * hostname validation come later. A malformed certificate throws
 * `X509Error`, a `TLSBadCertificate`, so a certificate from the peer that
 * cannot be read ends the handshake with bad_certificate.
 *
 * @module
 */
import type { CryptoProvider, HashName } from '../crypto/provider.js';
import { defaultProvider } from '../crypto/select.js';
import { toHex } from '../crypto/bytes.js';
import { TLSBadCertificate } from '../errors.js';
import type { CertificateAlgorithm } from '../suites.js';
import { DERError, DERReader, Tag, contextTag, readDER } from './der.js';
import { HASH_OIDS, KeyParseError, parseDERKey, type Key } from './keys.js';
import { PEMError, pemDecode, pemEncode } from './pem.js';

/** A certificate that cannot be read (malformed DER, unsupported structure or key). */
export class X509Error extends TLSBadCertificate {
  override name = 'X509Error';
}

/** One certificate extension (RFC 5280 4.1: Extension), its value left encoded. */
export interface X509Extension {
  /** The extension's OID, dotted. */
  readonly oid: string;
  readonly critical: boolean;
  /** The contents of extnValue (the DER of the extension's own structure). */
  readonly value: Uint8Array;
}

/** The certificate's signatureAlgorithm. */
export interface X509SignatureAlgorithm {
  /** OID, dotted. */
  readonly oid: string;
  /** A readable name ("sha256WithRSAEncryption", "ecdsa-with-SHA256", "Ed25519", "rsassaPss"), when known. */
  readonly name: string | undefined;
  /** The hash it signs with (for RSASSA-PSS, from its parameters; undefined for EdDSA and unknown OIDs). */
  readonly hash: HashName | undefined;
  /** The DER of the parameters, if present. */
  readonly parameters: Uint8Array | undefined;
}

/** Options for reading a certificate. */
export interface X509Options {
  /** The provider the public key is bound to (default: `defaultProvider()`). */
  readonly provider?: CryptoProvider;
}

// RFC 5280 4.1.2.7 / RFC 3279 / RFC 4055 / RFC 5480 / RFC 8410.
const KEY_ALGORITHMS: Record<string, CertificateAlgorithm> = {
  '1.2.840.113549.1.1.1': 'rsa',
  '1.2.840.113549.1.1.10': 'rsa-pss',
  '1.2.840.10040.4.1': 'dsa',
  '1.2.840.10045.2.1': 'ecdsa',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: HashName | undefined }> = {
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'sha224' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: undefined }, // hash from the parameters
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'sha224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
  '2.16.840.1.101.3.4.3.1': { name: 'dsa-with-sha224', hash: 'sha224' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa-with-sha256', hash: 'sha256' },
  '1.3.101.112': { name: 'Ed25519', hash: undefined },
  '1.3.101.113': { name: 'Ed448', hash: undefined },
};

// Attribute short names for readable names: RFC 4514 3 plus the common
// ones OpenSSL and Node print.
const ATTRIBUTE_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.12': 'title',
  '2.5.4.42': 'GN',
  '2.5.4.46': 'dnQualifier',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'emailAddress',
};

/**
 * An X.509 certificate. Read one with `X509.fromPEM`, `X509.fromDER`, or
 * as in the seed `new X509().parse(pem)` / `.parseBinary(der)`.
 */
export class X509 {
  /** The DER-encoded certificate (the seed's `bytes`). */
  bytes: Uint8Array = new Uint8Array(0);
  /** The DER of tbsCertificate: what the issuer signed. */
  tbsCertificate: Uint8Array = new Uint8Array(0);
  /** 1, 2 or 3 (the encoded value plus one). */
  version = 0;
  /** The serial number (the seed's `serial_number`); may be negative in broken certificates. */
  serialNumber = 0n;
  /** The issuer Name, DER (the seed's `issuer`). */
  issuer: Uint8Array = new Uint8Array(0);
  /** The subject Name, DER (the seed's `subject`). */
  subject: Uint8Array = new Uint8Array(0);
  /** The issuer as an RFC 4514 string ("CN=Test CA,O=Example"). */
  issuerName = '';
  /** The subject as an RFC 4514 string. */
  subjectName = '';
  notBefore: Date = new Date(NaN);
  notAfter: Date = new Date(NaN);
  /** The DER of subjectPublicKeyInfo. */
  subjectPublicKeyInfo: Uint8Array = new Uint8Array(0);
  /** The seed's `certAlg`: "rsa", "rsa-pss", "ecdsa", "Ed25519", "Ed448" or "dsa". */
  certAlg: CertificateAlgorithm | undefined = undefined;
  /**
   * The subject public key, bound to the provider given when parsing
   * (null for DSA, whose keys this library does not implement, and before parsing).
   */
  publicKey: Key | null = null;
  /** The certificate's signature algorithm (the seed's `sigalg`, as data). */
  signatureAlgorithm: X509SignatureAlgorithm | undefined = undefined;
  /** The signature bits. */
  signatureValue: Uint8Array = new Uint8Array(0);
  /** The extensions, in certificate order (empty for v1/v2). */
  extensions: readonly X509Extension[] = [];

  /** Parses `der` if given; otherwise an empty object for `parse`/`parseBinary` (the seed's style). */
  constructor(der?: Uint8Array, options: X509Options = {}) {
    if (der !== undefined) this.parseBinary(der, options);
  }

  /** The first CERTIFICATE block of `pem`. */
  static fromPEM(pem: string, options: X509Options = {}): X509 {
    return new X509().parse(pem, options);
  }

  /** A DER-encoded certificate. */
  static fromDER(der: Uint8Array, options: X509Options = {}): X509 {
    return new X509(der, options);
  }

  /**
   * Reads the first "CERTIFICATE" PEM block of `pem` (the seed's `parse`).
   * @throws X509Error when there is none or it is malformed.
   */
  parse(pem: string, options: X509Options = {}): this {
    if (typeof pem !== 'string') throw new TypeError('pem must be a string');
    let der: Uint8Array;
    try {
      der = pemDecode(pem, 'CERTIFICATE');
    } catch (err) {
      if (err instanceof PEMError) throw new X509Error(`cannot read the PEM certificate: ${err.message}`);
      throw err;
    }
    return this.parseBinary(der, options);
  }

  /**
   * Reads a DER-encoded certificate (the seed's `parseBinary`). The bytes
   * are copied, so the caller may reuse its buffer.
   * @throws X509Error when it is malformed or its key type is not supported.
   */
  parseBinary(der: Uint8Array, options: X509Options = {}): this {
    if (!(der instanceof Uint8Array)) throw new TypeError('der must be a Uint8Array');
    const bytes = Uint8Array.from(der);
    try {
      readCertificate(this, bytes, options.provider);
    } catch (err) {
      if (err instanceof DERError) throw new X509Error(`malformed certificate: ${err.message}`);
      if (err instanceof KeyParseError) throw new X509Error(`certificate public key: ${err.message}`);
      throw err;
    }
    return this;
  }

  /**
   * The hex fingerprint of the DER certificate (the seed's `getFingerprint`:
   * SHA-1 by default; lower-case hex without separators).
   */
  getFingerprint(hash: 'sha1' | 'sha256' | 'sha384' | 'sha512' = 'sha1'): string {
    if (!['sha1', 'sha256', 'sha384', 'sha512'].includes(hash)) throw new RangeError(`hash: unsupported fingerprint hash ${JSON.stringify(hash)}`);
    if (this.bytes.length === 0) throw new RangeError('no certificate parsed');
    return toHex(defaultProvider().hashes[hash].digest(this.bytes));
  }

  /** The DER bytes (the seed's `writeBytes`). */
  writeBytes(): Uint8Array {
    return this.bytes;
  }

  /** The certificate as PEM. */
  toPEM(): string {
    return pemEncode(this.bytes, 'CERTIFICATE');
  }

  /** The extension with `oid`, if present. */
  getExtension(oid: string): X509Extension | undefined {
    return this.extensions.find((e) => e.oid === oid);
  }

  /** The subject public key re-bound to `provider` (parsing binds it to one provider). */
  publicKeyFor(provider: CryptoProvider): Key {
    if (this.certAlg === 'dsa') throw new X509Error('DSA certificate keys are not supported');
    if (this.subjectPublicKeyInfo.length === 0) throw new RangeError('no certificate parsed');
    return parseDERKey(this.subjectPublicKeyInfo, { format: 'spki', provider });
  }

  /** Same DER bytes (the seed's `__eq__`). */
  equals(other: X509): boolean {
    if (!(other instanceof X509) || other.bytes.length !== this.bytes.length) return false;
    return this.bytes.every((b, i) => b === other.bytes[i]);
  }
}

// ---------------------------------------------------------------- reading

function readCertificate(cert: X509, bytes: Uint8Array, provider: CryptoProvider | undefined): void {
  // RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
  const outer = readDER(bytes, Tag.SEQUENCE, 'Certificate');
  const tbsElement = outer.read(Tag.SEQUENCE, 'tbsCertificate');
  const signatureAlgorithmElement = outer.read(Tag.SEQUENCE, 'signatureAlgorithm');
  const signatureValue = outer.bitStringBytes('signatureValue');
  outer.end();

  const tbs = new DERReader(tbsElement.value, 'tbsCertificate');
  // version [0] EXPLICIT Version DEFAULT v1: DER omits the default, so an explicit v1 is not DER.
  const versionReader = tbs.optionalContext(0, 'version');
  let version = 1;
  if (versionReader) {
    const encoded = versionReader.smallInteger('version', 2);
    versionReader.end();
    if (encoded === 0) throw new DERError('tbsCertificate: version v1 must be omitted in DER');
    version = encoded + 1;
  }
  const serialNumber = tbs.integer('serialNumber');
  const innerSignature = tbs.read(Tag.SEQUENCE, 'signature');
  const issuer = tbs.read(Tag.SEQUENCE, 'issuer');
  const validity = tbs.sequence('validity');
  const notBefore = validity.time('notBefore');
  const notAfter = validity.time('notAfter');
  validity.end();
  const subject = tbs.read(Tag.SEQUENCE, 'subject');
  const spki = tbs.read(Tag.SEQUENCE, 'subjectPublicKeyInfo');
  // issuerUniqueID [1] and subjectUniqueID [2] (IMPLICIT BIT STRING), v2 and v3 only (4.1.2.8).
  for (const n of [1, 2]) {
    const tag = tbs.peekTag();
    if (tag === contextTag(n, false) || tag === contextTag(n, true)) {
      if (version < 2) throw new DERError(`tbsCertificate: unique identifier [${n}] in a v1 certificate`);
      tbs.readAny(`uniqueID [${n}]`);
    }
  }
  const extensionsReader = tbs.optionalContext(3, 'extensions');
  if (extensionsReader && version !== 3) throw new DERError('tbsCertificate: extensions in a certificate that is not v3 (RFC 5280 4.1.2.9)');
  const extensions = extensionsReader ? readExtensions(extensionsReader) : [];
  tbs.end();

  // RFC 5280 4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!sameBytes(innerSignature.encoded, signatureAlgorithmElement.encoded)) {
    throw new DERError('signatureAlgorithm differs from tbsCertificate.signature (RFC 5280 4.1.1.2)');
  }

  const certAlg = readKeyAlgorithm(spki.value);
  const publicKey = certAlg === 'dsa' ? null : parseDERKey(spki.encoded, { format: 'spki', provider });

  cert.bytes = bytes;
  cert.tbsCertificate = tbsElement.encoded;
  cert.version = version;
  cert.serialNumber = serialNumber;
  cert.issuer = issuer.encoded;
  cert.subject = subject.encoded;
  cert.issuerName = nameToString(issuer.encoded);
  cert.subjectName = nameToString(subject.encoded);
  cert.notBefore = notBefore;
  cert.notAfter = notAfter;
  cert.subjectPublicKeyInfo = spki.encoded;
  cert.certAlg = certAlg;
  cert.publicKey = publicKey;
  cert.signatureAlgorithm = readSignatureAlgorithm(signatureAlgorithmElement.value);
  cert.signatureValue = signatureValue;
  cert.extensions = extensions;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (RFC 5280 4.1, 4.2). */
function readExtensions(explicit: DERReader): X509Extension[] {
  const list = explicit.sequence('Extensions');
  explicit.end();
  const extensions: X509Extension[] = [];
  while (!list.atEnd()) {
    const ext = list.sequence('Extension');
    const oid = ext.oid('extnID');
    // critical BOOLEAN DEFAULT FALSE: DER omits the default (X.690 11.5).
    let critical = false;
    if (ext.peekTag() === Tag.BOOLEAN) {
      critical = ext.boolean('critical');
      if (!critical) throw new DERError(`Extension ${oid}: critical FALSE must be omitted in DER`);
    }
    const value = ext.octetString('extnValue');
    ext.end();
    // RFC 5280 4.2: a certificate MUST NOT include more than one instance of an extension.
    if (extensions.some((e) => e.oid === oid)) throw new DERError(`Extension ${oid} appears twice (RFC 5280 4.2)`);
    extensions.push({ oid, critical, value });
  }
  if (extensions.length === 0) throw new DERError('Extensions: empty (SIZE (1..MAX))');
  return extensions;
}

function readKeyAlgorithm(spkiContents: Uint8Array): CertificateAlgorithm {
  const spki = new DERReader(spkiContents, 'subjectPublicKeyInfo');
  const algorithm = spki.sequence('algorithm');
  const oid = algorithm.oid('algorithm');
  const certAlg = KEY_ALGORITHMS[oid];
  if (!certAlg) throw new KeyParseError(`unrecognized public key algorithm ${oid}`);
  return certAlg;
}

function readSignatureAlgorithm(contents: Uint8Array): X509SignatureAlgorithm {
  const reader = new DERReader(contents, 'signatureAlgorithm');
  const oid = reader.oid('algorithm');
  const parameters = reader.atEnd() ? undefined : reader.readAny('parameters').encoded;
  reader.end();
  const known = SIGNATURE_ALGORITHMS[oid];
  let hash = known?.hash;
  if (oid === '1.2.840.113549.1.1.10') hash = pssHash(parameters);
  return { oid, name: known?.name, hash, parameters };
}

/** RSASSA-PSS-params hashAlgorithm [0], SHA-1 when absent (RFC 4055 3.1). */
function pssHash(parameters: Uint8Array | undefined): HashName | undefined {
  if (!parameters) return 'sha1';
  const params = readDER(parameters, Tag.SEQUENCE, 'RSASSA-PSS-params');
  const hashAlgorithm = params.optionalContext(0, 'hashAlgorithm');
  if (!hashAlgorithm) return 'sha1';
  return HASH_OIDS[hashAlgorithm.sequence('AlgorithmIdentifier').oid('hash')];
}

// ---------------------------------------------------------------- names

/**
 * A DER Name as an RFC 4514 string: RDNs last to first, separated by
 * commas, multi-valued RDNs joined with "+"; unknown attribute types as
 * dotted OIDs with "#" and the hex of the value's encoding (RFC 4514 2.4).
 */
export function nameToString(nameDer: Uint8Array): string {
  const name = readDER(nameDer, Tag.SEQUENCE, 'Name');
  const rdns: string[] = [];
  while (!name.atEnd()) {
    const rdn = name.set('RelativeDistinguishedName');
    const parts: string[] = [];
    while (!rdn.atEnd()) {
      const atv = rdn.sequence('AttributeTypeAndValue');
      const type = atv.oid('type');
      const short = ATTRIBUTE_NAMES[type];
      const tag = atv.peekTag();
      const isString = tag !== undefined && STRING_TAGS.has(tag);
      if (short && isString) {
        parts.push(`${short}=${escapeValue(atv.string('value'))}`);
      } else {
        parts.push(`${short ?? type}=#${toHex(atv.readAny('value').encoded)}`);
      }
      atv.end();
    }
    if (parts.length === 0) throw new DERError('Name: empty RelativeDistinguishedName');
    rdns.push(parts.join('+'));
  }
  return rdns.reverse().join(',');
}

const STRING_TAGS = new Set<number>([
  Tag.UTF8_STRING,
  Tag.PRINTABLE_STRING,
  Tag.IA5_STRING,
  Tag.TELETEX_STRING,
  Tag.BMP_STRING,
  Tag.UNIVERSAL_STRING,
  Tag.NUMERIC_STRING,
  Tag.VISIBLE_STRING,
]);

/** RFC 4514 2.4 escaping of an attribute value. */
function escapeValue(value: string): string {
  let out = value.replace(/[\\"+,;<>]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && !out.endsWith('\\ ')) out = `${out.slice(0, -1)}\\ `;
  return out;
}
