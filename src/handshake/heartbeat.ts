/**
 * heartbeat extension negotiation (RFC 6520 2), TLS 1.0 to TLS 1.3
 * (SSLv3 has no extensions).
 *
 * - With `settings.useHeartbeatExtension` (default true, the seed's
 *   default) a client sends `heartbeat(peer_allowed_to_send)`: we always
 *   answer requests.
 * - A server with the setting on answers a client's extension with
 *   `peer_allowed_to_send`: in ServerHello up to TLS 1.2, in
 *   EncryptedExtensions in TLS 1.3.
 * - Each side may send requests only when the peer's mode is
 *   `peer_allowed_to_send`.
 *
 * TLS 1.3: RFC 8446 4.2 lists heartbeat among the extensions of CH and EE,
 * and RFC 8446 5 allows record types "negotiated by some extension", so a
 * heartbeat record (inner content type 24) is legal once negotiated. GnuTLS
 * negotiates and sends heartbeats in TLS 1.3; tlslite-ng only up to TLS 1.2
 * (its TLS 1.3 client offers the extension, ignores the server's answer and
 * then refuses the server's requests). We follow RFC 8446 and GnuTLS.
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

/** The extension a client puts in its ClientHello, or undefined when the setting is off. */
export function offerHeartbeat(settings: ValidatedSettings): HeartbeatExtension | undefined {
  if (!settings.useHeartbeatExtension) return undefined;
  return new HeartbeatExtension(HeartbeatMode.peer_allowed_to_send);
}

/** Server: the answer (ServerHello or EncryptedExtensions) and the agreement. */
export function answerHeartbeat(
  settings: ValidatedSettings,
  client: HeartbeatExtension | undefined,
  version: number,
): { readonly extension: HeartbeatExtension; readonly agreement: HeartbeatAgreement } | undefined {
  if (client === undefined || !settings.useHeartbeatExtension || version <= ProtocolVersion.SSL3) return undefined;
  return {
    extension: new HeartbeatExtension(HeartbeatMode.peer_allowed_to_send),
    agreement: { peerAllowsRequests: client.mode === HeartbeatMode.peer_allowed_to_send },
  };
}

/**
 * Client: the agreement from the server's answer. That we offered the
 * extension is checked with the other extensions (unsupported_extension).
 */
export function acceptHeartbeat(server: HeartbeatExtension | undefined): HeartbeatAgreement | undefined {
  if (server === undefined) return undefined;
  return { peerAllowsRequests: server.mode === HeartbeatMode.peer_allowed_to_send };
}
