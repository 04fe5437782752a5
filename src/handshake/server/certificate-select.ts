/**
 * The server's choice among several certificate chains (`certificates`),
 * made from the ClientHello before the handshake goes on with that chain
 * alone:
 *
 * - TLS 1.3: a chain whose key can make a signature scheme the client
 *   lists in signature_algorithms (RFC 8446 4.4.2.2; ECDSA schemes are
 *   bound to their curve, 4.2.3);
 * - TLS 1.2 and earlier: a chain for which a suite can be negotiated
 *   (suites, an ECDSA key's curve in supported_groups, RFC 8422 5.1) and,
 *   for signed key exchanges in TLS 1.2, a scheme in signature_algorithms
 *   (RFC 5246 7.4.1.4.1);
 *
 * preferring a chain issued by a CA the client names in
 * certificate_authorities (RFC 8446 4.2.4). When none fits, the first is
 * kept and the handshake fails with the alert its own checks name
 * (handshake_failure).
 *
 * @module
 */
import { ProtocolVersion } from '../../constants.js';
import type { ClientHello } from '../../messages/client-hello.js';
import type { ValidatedSettings } from '../../settings.js';
import { certificateAlgorithmOf } from '../bridge.js';
import { candidatesOf, preferCandidate } from '../certificate-select.js';
import type { CertificateCandidate, ServerHandshakeOptions } from '../options.js';
import { chooseSignatureScheme } from '../signatures.js';
import { chooseScheme13 } from '../signatures13.js';
import { negotiateSuite, negotiateVersion } from './negotiate.js';

/** Whether a TLS 1.3 client that sent `hello` can verify a signature of `candidate`'s key. */
function fitsTls13(hello: ClientHello, candidate: CertificateCandidate, settings: ValidatedSettings): boolean {
  try {
    chooseScheme13(settings, candidate.privateKey, hello.extensions?.signatureAlgorithms?.schemes);
    return true;
  } catch {
    return false;
  }
}

/** Whether a TLS 1.2 (or earlier) handshake in `version` with `candidate` can be negotiated. */
function fitsTls12(hello: ClientHello, candidate: CertificateCandidate, settings: ValidatedSettings, version: number): boolean {
  try {
    const { suite } = negotiateSuite(hello, version, {
      settings,
      certAlgorithm: certificateAlgorithmOf(candidate.privateKey),
      certKey: candidate.privateKey,
      anon: false,
    });
    if (version >= ProtocolVersion.TLS1_2 && suite.keyExchange !== 'rsa') {
      chooseSignatureScheme(settings, candidate.privateKey, hello.extensions?.signatureAlgorithms?.schemes);
    }
    return true;
  } catch {
    return false;
  }
}

function negotiableVersion(hello: ClientHello, settings: ValidatedSettings): number | undefined {
  try {
    return negotiateVersion(hello, settings);
  } catch {
    return undefined;
  }
}

/**
 * `options` with `certChain`, `privateKey` and `ocspResponse` set to the
 * chain chosen for `hello` (`tls13`: the handshake will be TLS 1.3).
 * Unchanged when there is at most one chain.
 */
export function withChosenCertificate(
  options: ServerHandshakeOptions,
  hello: ClientHello,
  settings: ValidatedSettings,
  tls13: boolean,
): ServerHandshakeOptions {
  if (options.certificates === undefined) return options;
  const candidates = candidatesOf(options);
  if (candidates.length === 0) return options;
  // The version does not depend on the chain: negotiated once (a failure fails every chain, and the handshake says why).
  const version = tls13 ? undefined : negotiableVersion(hello, settings);
  const fits = (c: CertificateCandidate) =>
    tls13 ? fitsTls13(hello, c, settings) : version !== undefined && fitsTls12(hello, c, settings, version);
  const chosen = preferCandidate(candidates, fits, hello.extensions?.certificateAuthorities?.authorities) ?? candidates[0]!;
  const { ocspResponse: _o, ...rest } = options;
  return {
    ...rest,
    certChain: chosen.certChain,
    privateKey: chosen.privateKey,
    ...(chosen.ocspResponse !== undefined && { ocspResponse: chosen.ocspResponse }),
  };
}
