/**
 * heartbeat extension negotiation (RFC 6520 2), as tlslite-ng does it:
 * SSLv3 excluded, TLS 1.0 to TLS 1.2 only.
 *
 * - With `settings.useHeartbeatExtension` (default true, the seed's
 *   default) a client offering TLS 1.2 or below sends
 *   `heartbeat(peer_allowed_to_send)`: we always answer requests.
 * - A TLS 1.2 server with the setting on answers a client's extension in
 *   ServerHello with `peer_allowed_to_send`.
 * - Each side may send requests only when the peer's mode is
 *   `peer_allowed_to_send`.
 *
 * TLS 1.3: RFC 8446 4.2 lists the extension for CH and EE, but its record
 * ContentType (RFC 8446 5.1) has no heartbeat(24), and tlslite-ng
 * negotiates heartbeats only up to TLS 1.2. So do we: a TLS 1.3 server
 * does not answer the extension, and a TLS 1.3 client that finds it in
 * EncryptedExtensions ignores it; a heartbeat record in TLS 1.3 is
 * unexpected_message.
 *
 * @module
 */
import { HeartbeatMode, ProtocolVersion } from '../constants.js';
import { HeartbeatExtension } from '../messages/extensions/heartbeat.js';
import type { ValidatedSettings } from '../settings.js';

/** What a handshake agreed on about heartbeats (absent: not negotiated). */
export interface HeartbeatAgreement {
  /** The peer said peer_allowed_to_send: we may send it HeartbeatRequests. */
  readonly peerAllowsRequests: boolean;
}

/** The extension a client puts in its ClientHello (only when it offers some version from TLS 1.0 to 1.2). */
export function offerHeartbeat(settings: ValidatedSettings, offersTLS12OrBelow: boolean): HeartbeatExtension | undefined {
  if (!settings.useHeartbeatExtension || !offersTLS12OrBelow) return undefined;
  return new HeartbeatExtension(HeartbeatMode.peer_allowed_to_send);
}

/** Server: the answer for ServerHello and the agreement, for a TLS 1.0 to 1.2 handshake. */
export function answerHeartbeat(
  settings: ValidatedSettings,
  client: HeartbeatExtension | undefined,
  version: number,
): { readonly extension: HeartbeatExtension; readonly agreement: HeartbeatAgreement } | undefined {
  if (client === undefined || !settings.useHeartbeatExtension) return undefined;
  if (version <= ProtocolVersion.SSL3 || version >= ProtocolVersion.TLS1_3) return undefined;
  return {
    extension: new HeartbeatExtension(HeartbeatMode.peer_allowed_to_send),
    agreement: { peerAllowsRequests: client.mode === HeartbeatMode.peer_allowed_to_send },
  };
}

/**
 * Client: the agreement from the ServerHello's extension (TLS 1.0 to 1.2).
 * That we offered it is checked with the other extensions.
 */
export function acceptHeartbeat(server: HeartbeatExtension | undefined): HeartbeatAgreement | undefined {
  if (server === undefined) return undefined;
  return { peerAllowsRequests: server.mode === HeartbeatMode.peer_allowed_to_send };
}
