/**
 * Choosing among several certificate chains (`certificates` in the
 * handshake options), for both sides, and the certificate_authorities
 * match that guides the choice (RFC 8446 4.2.4: the names "SHOULD be used
 * by the receiving endpoint to guide certificate selection"; RFC 5246
 * 7.4.4 for the TLS 1.2 CertificateRequest's list).
 *
 * @module
 */
import { X509 } from '../x509/certificate.js';
import { X509CertChain } from '../x509/cert-chain.js';
import type { CertificateCandidate, CommonHandshakeOptions } from './options.js';
import { equalBytes } from './shared.js';
import { checkOcspResponse } from './ocsp.js';

/**
 * The chains on offer: `certChain`/`privateKey` first (with the server's
 * `ocspResponse`), then `certificates` in order.
 * @throws TypeError for a malformed `certificates` list (API misuse).
 */
export function candidatesOf(options: CommonHandshakeOptions & { readonly ocspResponse?: Uint8Array }): CertificateCandidate[] {
  const out: CertificateCandidate[] = [];
  if (options.certChain !== undefined && options.privateKey !== undefined) {
    out.push({
      certChain: options.certChain,
      privateKey: options.privateKey,
      ...(options.ocspResponse !== undefined && { ocspResponse: options.ocspResponse }),
    });
  }
  const more = options.certificates;
  if (more === undefined) return out;
  if (!Array.isArray(more)) throw new TypeError('certificates must be an array of { certChain, privateKey }');
  more.forEach((c: CertificateCandidate, i: number) => {
    if (c === null || typeof c !== 'object' || !(c.certChain instanceof X509CertChain) || c.privateKey === undefined) {
      throw new TypeError(`certificates[${i}] must be { certChain: X509CertChain, privateKey: Key }`);
    }
    checkOcspResponse(c.ocspResponse, `certificates[${i}].ocspResponse`);
    out.push(c);
  });
  return out;
}

/**
 * True when one of the chain's certificates was issued by (or is) a CA
 * named in `authorities` (DER distinguished names, compared as bytes).
 */
export function chainMatchesAuthorities(chain: X509CertChain, authorities: readonly Uint8Array[]): boolean {
  return chain.x509List.some((cert) => authorities.some((dn) => equalBytes(dn, cert.issuer) || equalBytes(dn, cert.subject)));
}

/**
 * The first usable candidate issued by a named CA, else the first usable
 * one, else undefined. `authorities` undefined or empty: no preference.
 */
export function preferCandidate(
  candidates: readonly CertificateCandidate[],
  usable: (candidate: CertificateCandidate) => boolean,
  authorities: readonly Uint8Array[] | undefined,
): CertificateCandidate | undefined {
  const fit = candidates.filter(usable);
  if (authorities !== undefined && authorities.length > 0) {
    const named = fit.find((c) => chainMatchesAuthorities(c.certChain, authorities));
    if (named !== undefined) return named;
  }
  return fit[0];
}

/**
 * The DER subject names of CA certificates, for the client's
 * `certificateAuthorities` or the server's `reqCAs`.
 * @throws TypeError for anything but X509 certificates or chains.
 */
export function certificateAuthoritiesOf(cas: X509 | X509CertChain | ReadonlyArray<X509 | X509CertChain>): Uint8Array[] {
  const list = Array.isArray(cas) ? (cas as ReadonlyArray<X509 | X509CertChain>) : [cas as X509 | X509CertChain];
  const out: Uint8Array[] = [];
  for (const item of list) {
    if (item instanceof X509) out.push(item.subject.slice());
    else if (item instanceof X509CertChain) out.push(...item.x509List.map((c) => c.subject.slice()));
    else throw new TypeError('cas must be X509 certificates or X509CertChains');
  }
  return out;
}
