/**
 * The client handshake entry: one ClientHello offering every version the
 * settings allow, then the TLS 1.3 flow (tls13.ts) or the SSLv3-TLS 1.2
 * flow (tls12.ts) depending on what the server chose (RFC 8446 4.1.3,
 * 4.2.1; D.1: a client offering TLS 1.3 falls back when the server
 * answers with TLS 1.2 or below, unless that answer carries the downgrade
 * sentinel).
 *
 * @module
 */
import { ProtocolVersion } from '../../constants.js';
import { TLSHandshakeFailure, TLSIllegalParameterException, TLSProtocolVersionError } from '../../errors.js';
import { ServerHello } from '../../messages/server-hello.js';
import type { ValidatedSettings } from '../../settings.js';
import type { HandshakeIO } from '../io.js';
import type { ClientHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';
import { hasDowngradeSentinel } from '../tls13-shared.js';
import { HandshakeTranscript } from '../transcript.js';
import { buildClientHello } from './hello.js';
import { clientHandshake as clientHandshake12, continueClientHandshake } from './tls12.js';
import { clientHandshake13 } from './tls13.js';
import { sendEarlyData } from '../early-data13.js';
import { offersPostHandshakeAuth } from '../post-handshake-auth13.js';

/** Runs a client handshake over `io`, any version the settings allow. */
export async function clientHandshake(io: HandshakeIO, options: ClientHandshakeOptions, settings: ValidatedSettings): Promise<HandshakeResult> {
  // TLS 1.3 has no anonymous or SRP suites: those handshakes stay TLS 1.2.
  if (settings.maxVersion < ProtocolVersion.TLS1_3 || options.anon || options.srpUsername !== undefined || options.srpPassword !== undefined) {
    return clientHandshake12(io, options, settings);
  }
  const offer = buildClientHello({
    settings,
    provider: io.provider,
    serverName: options.serverName,
    session: options.session,
    alpn: options.alpn,
    nextProtos: options.nextProtos,
    earlyData: options.earlyData,
    postHandshakeAuth: offersPostHandshakeAuth(options),
    requestOCSP: options.requestOCSP,
    certificateAuthorities: options.certificateAuthorities,
  });
  if (offer.suites.length === 0 && (offer.tls13?.suites.length ?? 0) === 0) {
    throw new TLSHandshakeFailure('the settings leave no cipher suite to offer');
  }
  // RFC 8446 5.1: the first ClientHello may carry 0x0301 for compatibility.
  io.setRecordVersion(ProtocolVersion.TLS1_0, false);
  const sent = io.send(offer.hello);
  const early = offer.tls13?.early;
  if (early !== undefined) sendEarlyData(io, early, sent.bytes, offer.hello.sessionId.length > 0, settings);
  const message = await io.expect(ServerHello);
  // RFC 8446 4.2.1: supported_versions in the answer means TLS 1.3 (its checks are tls13.ts's).
  if (message.body.extensions?.supportedVersions !== undefined) {
    return clientHandshake13({ io, options, settings, offer, helloBytes: sent.bytes, serverHello: message });
  }
  // Our early data went under TLS 1.3 keys; a server that resumes a TLS 1.3 ticket with TLS 1.2 is broken or an attacker.
  if (early !== undefined) throw new TLSProtocolVersionError(`the server chose ${ProtocolVersion.nameOf(message.body.serverVersion)} after we sent TLS 1.3 early data`);
  if (settings.minVersion >= ProtocolVersion.TLS1_3) {
    throw new TLSProtocolVersionError(`the server chose ${ProtocolVersion.nameOf(message.body.serverVersion)}; we require TLS 1.3`);
  }
  // RFC 8446 4.1.3: a TLS 1.3 server negotiating less says so in its random; that is an attack.
  if (hasDowngradeSentinel(message.body.random)) {
    throw new TLSIllegalParameterException('downgrade sentinel in the ServerHello random');
  }
  const transcript = new HandshakeTranscript(io.provider);
  transcript.update(sent.bytes);
  return continueClientHandshake(io, options, settings, offer, transcript, message);
}
