/**
 * The report printed after each handshake: tls.py's printGoodConnection
 * and printExporter, line for line in the same format (tools that parse
 * tls.py's output keep working), then our additions: which
 * implementation ran each primitive of the connection.
 *
 * @module
 */
import { GroupName, ProtocolVersion, SignatureScheme } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { suiteInfo } from '../suites.js';
import { ECDSAKey } from '../crypto/ecdsa-key.js';
import type { TLSConnection } from '../connection/tls-connection.js';

/** One primitive of a connection and who ran it. */
export interface PrimitiveUse {
  /** What it did: "bulk", "PRF", "key exchange", "signature". */
  readonly role: string;
  /** The algorithm, e.g. "aes128gcm", "sha256", "x25519", "rsa". */
  readonly algorithm: string;
  /** "native" or "pure". */
  readonly implementation: string;
}

const ECDH_GROUPS = new Set(['secp256r1', 'secp384r1', 'secp521r1', 'x25519', 'x448']);

/**
 * The primitives a completed connection used and the implementation the
 * connection's provider serves each with (the bulk cipher as the
 * connection reports it).
 */
export function primitivesOf(connection: TLSConnection): PrimitiveUse[] {
  const provider: CryptoProvider | undefined = connection.engine.provider;
  const suite = connection.session === undefined ? undefined : suiteInfo(connection.session.cipherSuite);
  if (provider === undefined || suite === undefined) return [];
  const uses: PrimitiveUse[] = [];
  uses.push({ role: 'bulk', algorithm: suite.cipher, implementation: connection.getCipherImplementation() ?? '?' });
  const prfHash = (connection.version ?? 0) >= ProtocolVersion.TLS1_2 ? suite.prfHash : 'md5+sha1';
  const prfImpl =
    prfHash === 'md5+sha1' ? provider.hmacs.md5.implementation : provider.hmacs[prfHash as 'sha256' | 'sha384'].implementation;
  uses.push({ role: 'PRF', algorithm: prfHash, implementation: prfImpl });
  if (connection.resumed) return uses;
  const group = connection.ecdhCurve === undefined ? undefined : GroupName.nameOf(connection.ecdhCurve);
  if (group !== undefined && ECDH_GROUPS.has(group)) {
    uses.push({ role: 'key exchange', algorithm: group, implementation: provider.ecdh[group as 'x25519'].implementation });
  } else if (group !== undefined && group.startsWith('ffdhe')) {
    uses.push({ role: 'key exchange', algorithm: group, implementation: provider.ffdh.implementation });
  } else if (connection.dhGroupSize !== undefined) {
    uses.push({ role: 'key exchange', algorithm: `ffdh-${connection.dhGroupSize}`, implementation: provider.ffdh.implementation });
  } else if (suite.keyExchange.startsWith('srp_')) {
    // SRP's exponentiations go through the provider's finite-field DH (srp/modexp.ts).
    uses.push({ role: 'key exchange', algorithm: 'srp', implementation: provider.ffdh.implementation });
  } else if (suite.keyExchange === 'rsa') {
    uses.push({ role: 'key exchange', algorithm: 'rsa', implementation: provider.rsa.implementation });
  }
  const signature = signatureAlgorithm(connection, suite.keyExchange);
  if (signature !== undefined) {
    const implementation = signature.startsWith('ecdsa-')
      ? provider.ecdsa[signature.slice(6) as 'secp256r1'].implementation
      : signature === 'ed25519' || signature === 'ed448'
        ? provider.eddsa[signature].implementation
        : provider.rsa.implementation;
    uses.push({ role: 'signature', algorithm: signature, implementation });
  }
  return uses;
}

/** The signature algorithm of the key exchange: from the scheme (TLS 1.2) or the suite and the server's key. */
function signatureAlgorithm(connection: TLSConnection, keyExchange: string): string | undefined {
  if (keyExchange === 'rsa' || keyExchange.endsWith('_anon') || keyExchange === 'srp_sha') return undefined;
  const scheme = connection.serverSigAlg;
  if (scheme !== undefined) {
    const name = SignatureScheme.nameOf(scheme);
    if (name.startsWith('rsa_')) return 'rsa';
    if (name === 'ed25519' || name === 'ed448') return name;
    // In TLS 1.2 the scheme names a hash, not the curve: the key says which curve signed.
    if (!name.startsWith('ecdsa_')) return undefined;
  }
  if (keyExchange.endsWith('_rsa')) return 'rsa';
  const key = connection.session?.serverCertChain?.getEndEntity().publicKey;
  if (keyExchange.endsWith('_ecdsa') && key instanceof ECDSAKey) return `ecdsa-${key.curveName}`;
  return undefined;
}

/** Options of `formatReport`. */
export interface ReportOptions {
  /** Seconds the handshake took. */
  readonly seconds: number;
  /** -l: the exporter label (RFC 5705). */
  readonly exporterLabel?: string;
  /** -L: bytes of keying material (default 20, as the seed's keyingMaterialExporter). */
  readonly exporterLength?: number;
}

/** The report's lines (no trailing newline on each). */
export function formatReport(connection: TLSConnection, options: ReportOptions): string[] {
  const session = connection.session;
  const lines: string[] = [];
  const line = (s: string) => lines.push(`  ${s}`);
  line(`Handshake time: ${options.seconds.toFixed(3)} seconds`);
  line(`Version: ${connection.getVersionName() ?? 'unknown'}`);
  line(`Cipher: ${connection.getCipherName() ?? 'unknown'} ${connection.getCipherImplementation() ?? ''}`.trimEnd());
  line(`Ciphersuite: ${connection.cipherSuiteName ?? 'unknown'}`);
  if (session?.srpUsername) line(`Client SRP username: ${session.srpUsername}`);
  if (session?.clientCertChain) line(`Client X.509 SHA1 fingerprint: ${session.clientCertChain.getFingerprint()}`);
  else line('No client certificate provided by peer');
  if (session?.serverCertChain) line(`Server X.509 SHA1 fingerprint: ${session.serverCertChain.getFingerprint()}`);
  if ((connection.version ?? 0) >= ProtocolVersion.TLS1_2 && connection.serverSigAlg !== undefined) {
    line(`Key exchange signature: ${SignatureScheme.nameOf(connection.serverSigAlg)}`);
  }
  if (connection.ecdhCurve !== undefined) line(`Group used for key exchange: ${GroupName.nameOf(connection.ecdhCurve)}`);
  if (connection.dhGroupSize !== undefined) line(`DH group size: ${connection.dhGroupSize} bits`);
  if (session?.serverName) line(`SNI: ${session.serverName}`);
  const proto = connection.alpnProtocol;
  const viaAlpn = session !== undefined && session.appProto.length > 0;
  if (viaAlpn) line(`Application Layer Protocol negotiated: ${Buffer.from(session.appProto).toString('utf8')}`);
  line(`Next-Protocol Negotiated: ${proto === false ? 'None' : proto}`);
  line(`Encrypt-then-MAC: ${pyBool(session?.encryptThenMAC ?? false)}`);
  line(`Extended Master Secret: ${pyBool(session?.extendedMasterSecret ?? false)}`);
  line(`Session Resumed: ${pyBool(connection.resumed)}`);
  if (options.exporterLabel !== undefined) {
    const length = options.exporterLength ?? 20;
    const material = connection.keyingMaterialExporter(options.exporterLabel, length);
    line(`Exporter label: ${options.exporterLabel}`);
    line(`Exporter length: ${length}`);
    line(`Keying material: ${toHex(material).toUpperCase()}`);
  }
  // Our additions, after tls.py's lines.
  const uses = primitivesOf(connection);
  if (uses.length > 0) line(`Implementations: ${uses.map((u) => `${u.role} ${u.algorithm} ${u.implementation}`).join(', ')}`);
  return lines;
}

/** Python's spelling of a boolean, as tls.py prints it. */
function pyBool(value: boolean): string {
  return value ? 'True' : 'False';
}
