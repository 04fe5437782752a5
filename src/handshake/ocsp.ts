/**
 * OCSP stapling (status_request, RFC 6066 8; RFC 8446 4.4.2.1): when a
 * server staples, and what a client accepts. The OCSPResponse itself is
 * opaque DER here: this library carries it and does not validate it
 * (signature, responder, freshness, certificate id are the application's
 * to check, e.g. with a dedicated OCSP library).
 *
 * @module
 */
import { CertificateStatusType } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';
import type { ClientHello } from '../messages/client-hello.js';
import type { StatusRequestExtension } from '../messages/extensions/status-request.js';

/**
 * The response a server staples for this client: `response` when the
 * client asked for OCSP in status_request (RFC 6066 8: the server "MAY
 * return a suitable certificate status response"; never unasked), else
 * undefined.
 */
export function stapleFor(hello: ClientHello, response: Uint8Array | undefined): Uint8Array | undefined {
  if (response === undefined) return undefined;
  return hello.extensions?.statusRequest?.statusType === CertificateStatusType.ocsp ? response : undefined;
}

/**
 * The OCSP response of a TLS 1.3 end-entity CertificateEntry's
 * status_request (RFC 8446 4.4.2.1). Its presence without our request is
 * the caller's unsupported_extension check; a status type we did not ask
 * for is illegal_parameter.
 */
export function ocspFromEntry(extension: StatusRequestExtension | undefined): Uint8Array | undefined {
  if (extension === undefined) return undefined;
  if (extension.statusType !== CertificateStatusType.ocsp || extension.ocspResponse === undefined) {
    throw new TLSIllegalParameterException('certificate status of a type we did not request');
  }
  return extension.ocspResponse;
}

/**
 * Checks a server's `ocspResponse` (and each of `certificates`') before
 * the handshake reads anything: bad API input is a TypeError/RangeError.
 */
export function checkOcspResponse(response: unknown, name = 'ocspResponse'): void {
  if (response === undefined) return;
  if (!(response instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array (a DER OCSPResponse)`);
  // RFC 6066 8: opaque OCSPResponse<1..2^24-1>.
  if (response.length === 0 || response.length > 0xffffff) throw new RangeError(`${name} must be 1 to 16777215 bytes, not ${response.length}`);
}
