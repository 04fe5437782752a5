/**
 * TLS 1.3 client authentication, the part the handshake and
 * post-handshake authentication (RFC 8446 4.6.2) share: the client's
 * Certificate and CertificateVerify answering a CertificateRequest
 * (4.4.2, 4.4.3), and the server's checks of them. The two uses differ
 * only in the certificate_request_context (empty in the handshake, the
 * request's own after it) and the transcript they extend (4.4: the
 * handshake so far, or the whole handshake plus the CertificateRequest).
 *
 * @module
 */
import { TLSCertificateRequired, TLSDecodeError, TLSHandshakeFailure, TLSIllegalParameterException, TLSMissingExtension } from '../errors.js';
import { Certificate } from '../messages/certificate.js';
import type { CertificateRequest } from '../messages/certificate-request.js';
import type { CertificateVerify } from '../messages/certificate-verify.js';
import { Extensions } from '../messages/extensions/list.js';
import { HandshakeMessage } from '../messages/handshake-message.js';
import type { ValidatedSettings } from '../settings.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { Key } from '../x509/keys.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import { certificateChainFromDER, chainToDER, peerPublicKey, type PeerChain } from './bridge.js';
import { checkPeerKeySize } from './key-exchange/index.js';
import { preferCandidate } from './certificate-select.js';
import type { CertificateCandidate } from './options.js';
import { equalBytes } from './shared.js';
import { chooseScheme13, signCertificateVerify13, tls13SignatureSchemes, verifyCertificateVerify13 } from './signatures13.js';
import type { Transcript13 } from './transcript13.js';

/** The client's answer to a CertificateRequest, in sending order. */
export interface ClientAuthAnswer13 {
  readonly certificate: Certificate;
  /** Absent when the certificate list is empty. */
  readonly certificateVerify?: CertificateVerify;
  /** The chain sent, absent when the list is empty. */
  readonly chain?: X509CertChain;
}

/** RFC 8446 4.3.2: signature_algorithms is mandatory in a CertificateRequest. */
export function requestedSchemes13(request: CertificateRequest): readonly number[] {
  const schemes = request.extensions?.signatureAlgorithms?.schemes;
  if (schemes === undefined) throw new TLSMissingExtension('CertificateRequest without signature_algorithms');
  return schemes;
}

/**
 * The client's Certificate (with the request's context) and
 * CertificateVerify for `request`, each added to `transcript` in order.
 * Of several chains, the first whose key can sign a scheme the server
 * lists, preferably one from a CA it names (RFC 8446 4.2.4). RFC 8446
 * 4.4.2.4: without such a chain the Certificate is empty and no
 * CertificateVerify follows.
 */
export async function answerCertificateRequest13(
  provider: CryptoProvider,
  settings: ValidatedSettings,
  candidates: readonly CertificateCandidate[],
  request: CertificateRequest,
  transcript: Transcript13,
): Promise<ClientAuthAnswer13> {
  const schemes = requestedSchemes13(request);
  const chosen = preferCandidate(
    candidates,
    (c) => schemeFor(settings, c.privateKey, schemes) !== undefined,
    request.extensions?.certificateAuthorities?.authorities,
  );
  const chain = chosen?.certChain;
  const key = chosen?.privateKey;
  const scheme = key !== undefined ? schemeFor(settings, key, schemes) : undefined;
  const context = request.certificateRequestContext ?? new Uint8Array(0);
  const entries = scheme === undefined ? [] : chainToDER(chain!).map((certData) => ({ certData, extensions: Extensions.of([]) }));
  const certificate = new Certificate(entries, context);
  transcript.update(HandshakeMessage.of(certificate).bytes);
  if (scheme === undefined) return { certificate };
  const certificateVerify = await signCertificateVerify13(provider, key!, scheme, 'client', transcript.digest());
  transcript.update(HandshakeMessage.of(certificateVerify).bytes);
  return { certificate, certificateVerify, chain };
}

function schemeFor(settings: ValidatedSettings, key: Key, schemes: readonly number[]): number | undefined {
  try {
    return chooseScheme13(settings, key, schemes);
  } catch (error) {
    if (error instanceof TLSHandshakeFailure) return undefined;
    throw error;
  }
}

/**
 * The server's checks of the client's Certificate (RFC 8446 4.4.2): the
 * context of our request comes back (illegal_parameter otherwise), no
 * entry carries extensions we did not ask for, and an empty list is
 * certificate_required when `required` (4.4.2.4). Adds the message to
 * `transcript` and returns the chain (undefined for an empty list).
 */
export function acceptClientCertificate13(
  provider: CryptoProvider,
  settings: ValidatedSettings,
  message: HandshakeMessage<Certificate>,
  context: Uint8Array,
  transcript: Transcript13,
  required: boolean,
): PeerChain | undefined {
  const certificate = message.body;
  if (!equalBytes(certificate.certificateRequestContext ?? new Uint8Array(0), context)) {
    throw new TLSIllegalParameterException('client Certificate with a wrong request context');
  }
  transcript.update(message.bytes);
  if (certificate.entries.length === 0) {
    if (required) throw new TLSCertificateRequired('the client sent no certificate');
    return undefined;
  }
  for (const entry of certificate.entries) {
    if ((entry.extensions?.length ?? 0) > 0) throw new TLSDecodeError('client certificate entry with extensions we did not request');
  }
  const chain = certificateChainFromDER(certificate.certificates, provider);
  checkPeerKeySize(peerPublicKey(chain), settings);
  return chain;
}

/** RFC 8446 4.4.3: the client's CertificateVerify over `transcript`, which it then joins. */
export function verifyClientCertificateVerify13(
  provider: CryptoProvider,
  settings: ValidatedSettings,
  chain: PeerChain,
  message: HandshakeMessage<CertificateVerify>,
  transcript: Transcript13,
): void {
  verifyCertificateVerify13(provider, peerPublicKey(chain), message.body, 'client', transcript.digest(), tls13SignatureSchemes(settings));
  transcript.update(message.bytes);
}
