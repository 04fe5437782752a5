/**
 * The server handshake entry: reads the ClientHello, then runs the TLS
 * 1.3 flow (tls13.ts) when the client offers TLS 1.3 in
 * supported_versions and the settings allow it (RFC 8446 4.2.1), else
 * the SSLv3-TLS 1.2 flow (tls12.ts), whose ServerHello.random then
 * carries the downgrade sentinel when we could have spoken TLS 1.3
 * (RFC 8446 4.1.3).
 *
 * @module
 */
import { ProtocolVersion } from '../../constants.js';
import { TLSProtocolVersionError } from '../../errors.js';
import type { ValidatedSettings } from '../../settings.js';
import type { HandshakeIO } from '../io.js';
import type { ServerHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { continueServerHandshake, serverHandshake as serverHandshake12 } from './tls12.js';
import { offersTls13, serverHandshake13 } from './tls13.js';
import { candidatesOf } from '../certificate-select.js';
import { checkOcspResponse } from '../ocsp.js';
import { withChosenCertificate } from './certificate-select.js';

/** Runs a server handshake over `io`, any version the settings allow. */
export async function serverHandshake(io: HandshakeIO, options: ServerHandshakeOptions, settings: ValidatedSettings): Promise<HandshakeResult> {
  checkOcspResponse(options.ocspResponse);
  const several = options.certificates !== undefined && candidatesOf(options).length > 0;
  // TLS 1.3 has no anonymous suites: an anonymous server stays TLS 1.2.
  if (options.anon || (settings.maxVersion < ProtocolVersion.TLS1_3 && !several)) return serverHandshake12(io, options, settings);
  const hasCertificate = several || (options.certChain !== undefined && options.privateKey !== undefined);
  if (!hasCertificate && options.verifierDB === undefined) {
    throw new TypeError('handshakeServer needs certChain and privateKey (or verifierDB, or anon: true)');
  }
  const received = await io.expectClientHello();
  const hello = received.message.body;
  // SRP (RFC 5054) exists up to TLS 1.2 only. A client that asks for it
  // with the srp extension gets it, and without the downgrade sentinel:
  // the client itself chose a TLS 1.2 mechanism (the Finished messages
  // cover the extension, so no one else can make that choice for it).
  const srp = options.verifierDB !== undefined && hello.extensions?.srp !== undefined;
  const tls13 =
    !srp && hasCertificate && !received.ssl2 && offersTls13(hello) && settings.versions.includes(ProtocolVersion.TLS1_3);
  // Several chains: the one this client can use (certificate-select.ts).
  const chosen = several ? withChosenCertificate(options, hello, settings, tls13) : options;
  if (tls13) return serverHandshake13(io, chosen, settings, received.message);
  if (settings.minVersion >= ProtocolVersion.TLS1_3) {
    throw new TLSProtocolVersionError('the client does not offer TLS 1.3, which we require');
  }
  const downgrade = !srp && hasCertificate && settings.maxVersion >= ProtocolVersion.TLS1_3;
  return continueServerHandshake(io, chosen, settings, received, downgrade);
}
