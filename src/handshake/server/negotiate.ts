/**
 * The server's choices from a ClientHello (SSLv3 to TLS 1.2): the
 * version (with downgrade protection), the cipher suite by the server's
 * preference and certificate, and which extensions to answer.
 *
 * @module
 */
import { CipherSuite, GroupName, ProtocolVersion } from '../../constants.js';
import {
  TLSHandshakeFailure,
  TLSIllegalParameterException,
  TLSInappropriateFallback,
  TLSNoApplicationProtocol,
  TLSProtocolVersionError,
} from '../../errors.js';
import type { ClientHello } from '../../messages/client-hello.js';
import { MAX_IMPLEMENTED_VERSION, type ValidatedSettings } from '../../settings.js';
import {
  filterForCertificate,
  getAnonSuites,
  getCertSuites,
  getDheCertSuites,
  getEcdheCertSuites,
  getEcdhAnonSuites,
  getEcdsaSuites,
  getSrpCertSuites,
  getSrpSuites,
  suiteInfo,
  type CertificateAlgorithm,
  type CipherSuiteInfo,
} from '../../suites.js';
import { equalBytes, groupIds, MAX_TLS12_VERSION } from '../shared.js';
import { ECDSAKey } from '../../crypto/ecdsa-key.js';
import type { Key } from '../../x509/keys.js';

/** The version, suite and key exchange groups the server settled on. */
export interface Negotiated {
  readonly version: number;
  readonly suite: CipherSuiteInfo;
  /** Named curves the client accepts that we support, client's order kept; default curve when it named none. */
  readonly curves: readonly number[];
  /** FFDHE groups (RFC 7919) offered by the client that we support; empty when it offered none. */
  readonly ffdheGroups: readonly number[];
  /** True when the client named FFDHE groups at all (RFC 7919 4 changes the rules). */
  readonly clientNamedFfdhe: boolean;
}

/** What the server has to offer. */
export interface ServerCapabilities {
  readonly settings: ValidatedSettings;
  /** The certificate's algorithm; undefined for an anonymous server. */
  readonly certAlgorithm: CertificateAlgorithm | undefined;
  /** The certificate's key (an ECDSA key's curve must suit the client, RFC 8422 5.1). */
  readonly certKey?: Key;
  readonly anon: boolean;
  /** The client sent the srp extension and we have verifiers: SRP suites first (RFC 5054 2.5.1). */
  readonly srp?: boolean;
}

const FFDHE_MIN = GroupName.ffdhe2048;
const FFDHE_MAX = 0x01ff; // RFC 7919 2: 256..511 are FFDHE groups

/**
 * RFC 5246 E.1: the server answers with the highest version both support;
 * a client below our minimum gets protocol_version. RFC 7507 3: a
 * fallback hello below our highest version gets inappropriate_fallback.
 */
export function negotiateVersion(hello: ClientHello, settings: ValidatedSettings): number {
  const ours = Math.min(settings.maxVersion, MAX_TLS12_VERSION);
  const version = Math.min(hello.clientVersion, ours);
  if (hello.clientVersion < settings.minVersion || version < ProtocolVersion.SSL3) {
    throw new TLSProtocolVersionError(`client version ${ProtocolVersion.nameOf(hello.clientVersion)} is below our minimum`);
  }
  // RFC 7507 3: "the highest protocol version supported by the server", TLS 1.3 included.
  if (hello.cipherSuites.includes(CipherSuite.TLS_FALLBACK_SCSV) && hello.clientVersion < Math.min(settings.maxVersion, MAX_IMPLEMENTED_VERSION)) {
    throw new TLSInappropriateFallback('TLS_FALLBACK_SCSV in a hello below our highest version');
  }
  return version;
}

/**
 * The suite: the first of the server's preference list (the seed's order:
 * ECDSA, ECDHE-RSA, DHE-RSA, RSA; or the anonymous suites) that the
 * client offered, usable with our certificate and the groups the client
 * supports. RFC 8422 5.1: ECC suites only with a common curve; RFC 7919 4:
 * DHE only with a common FFDHE group when the client named any.
 */
export function negotiateSuite(hello: ClientHello, version: number, server: ServerCapabilities): Negotiated {
  const { settings } = server;
  const offeredGroups = hello.extensions?.supportedGroups?.groups;
  const ourCurves = groupIds(settings.eccCurves);
  const curves =
    offeredGroups === undefined
      ? groupIds([settings.defaultCurve])
      : offeredGroups.filter((g) => ourCurves.includes(g));
  const clientFfdhe = (offeredGroups ?? []).filter((g) => g >= FFDHE_MIN && g <= FFDHE_MAX);
  const ourFfdhe = groupIds(settings.dhGroups);
  const ffdheGroups = clientFfdhe.filter((g) => ourFfdhe.includes(g));
  const clientNamedFfdhe = clientFfdhe.length > 0;

  const candidates: number[] = [];
  if (server.anon) {
    if (curves.length > 0) candidates.push(...getEcdhAnonSuites(settings, version));
    if (!clientNamedFfdhe || ffdheGroups.length > 0 || settings.dhParams !== null) candidates.push(...getAnonSuites(settings, version));
  } else {
    // RFC 8422 5.1, 5.3: ECDSA suites only when the certificate's curve is
    // one the client lists in supported_groups (any, when it sends none).
    const certCurve = server.certKey instanceof ECDSAKey ? GroupName[server.certKey.curveName] : undefined;
    const curveFits = certCurve === undefined || offeredGroups === undefined || offeredGroups.includes(certCurve);
    if (curves.length > 0) candidates.push(...(curveFits ? getEcdsaSuites(settings, version) : []), ...getEcdheCertSuites(settings, version));
    if (!clientNamedFfdhe || ffdheGroups.length > 0) candidates.push(...getDheCertSuites(settings, version));
    candidates.push(...getCertSuites(settings, version));
  }
  // SRP_SHA_RSA needs an RSA certificate (filterForCertificate), SRP_SHA none; the seed's order.
  const srp = server.srp
    ? [...filterForCertificate(getSrpCertSuites(settings, version), server.certAlgorithm), ...getSrpSuites(settings, version)]
    : [];
  const usable = [...srp, ...(server.anon ? candidates : filterForCertificate(candidates, server.certAlgorithm))];
  for (const id of usable) {
    if (!hello.cipherSuites.includes(id)) continue;
    const suite = suiteInfo(id)!;
    if (version < suite.minVersion || version > suite.maxVersion) continue;
    return { version, suite, curves, ffdheGroups, clientNamedFfdhe };
  }
  throw new TLSHandshakeFailure('no cipher suite in common');
}

/**
 * ALPN (RFC 7301 3.2): the first of our protocols the client offered;
 * no_application_protocol when the client offered some and none fits.
 */
export function selectAlpn(offered: readonly Uint8Array[] | undefined, ours: readonly Uint8Array[]): Uint8Array | undefined {
  if (offered === undefined || ours.length === 0) return undefined;
  for (const protocol of ours) {
    if (offered.some((p) => equalBytes(p, protocol))) return protocol;
  }
  throw new TLSNoApplicationProtocol('no ALPN protocol in common');
}

/** RFC 5246 7.4.1.2: the compression list must hold null; we use nothing else. */
export function checkCompression(hello: ClientHello): void {
  if (!hello.compressionMethods.includes(0)) throw new TLSIllegalParameterException('no null compression offered');
}

