/**
 * record_size_limit negotiation (RFC 8449), for both sides and both
 * protocol families; the flows call these at the point the RFC says the
 * limits take effect and hand the result to `io.setRecordSizeLimit`.
 *
 * - The client offers `settings.recordSizeLimit` (2^14 + 1 by default, as
 *   tlslite-ng; cut to 2^14 when nothing above TLS 1.2 is offered).
 * - A server that received the extension and has a limit of its own
 *   answers it: in ServerHello for TLS 1.2, in EncryptedExtensions for
 *   TLS 1.3 (RFC 8449 4), with its limit cut to the version's maximum.
 * - Each side then sends protected records no larger than the peer's value
 *   and refuses (record_overflow) protected records larger than its own.
 *   Unprotected records (the TLS 1.2 hellos, certificates) are exempt.
 * - A value below 64 is illegal_parameter (the extension's codec); a
 *   server's value above the version's maximum is illegal_parameter too
 *   (RFC 8449 4 lets a client abort; tlslite-ng does), while a server takes
 *   a client's large value as "the protocol maximum" (it MUST NOT refuse it).
 * - max_fragment_length (RFC 6066) is not implemented, so RFC 8449 5's rule
 *   (a server that negotiates record_size_limit ignores max_fragment_length)
 *   holds trivially: we never answer max_fragment_length.
 *
 * @module
 */
import { ProtocolVersion, RecordLimits } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';
import { RecordSizeLimitExtension } from '../messages/extensions/record-size-limit.js';
import type { ValidatedSettings } from '../settings.js';

/** The limits a handshake agreed on: `send` is the peer's value, `receive` ours. */
export interface RecordSizeLimits {
  readonly send: number;
  readonly receive: number;
}

/** The largest value meaningful in `version` (RFC 8449 4: 2^14, or 2^14 + 1 with TLS 1.3's type byte). */
export function maxRecordSizeLimit(version: number): number {
  return version >= ProtocolVersion.TLS1_3 ? RecordLimits.maxPlaintext + 1 : RecordLimits.maxPlaintext;
}

/** The extension a client puts in its ClientHello, or undefined when the setting is off. */
export function offerRecordSizeLimit(settings: ValidatedSettings): RecordSizeLimitExtension | undefined {
  if (settings.recordSizeLimit === null) return undefined;
  return new RecordSizeLimitExtension(Math.min(settings.recordSizeLimit, maxRecordSizeLimit(settings.maxVersion)));
}

/**
 * Server: what to answer and the limits to apply, given the client's
 * extension (undefined: none sent) and the negotiated version.
 */
export function answerRecordSizeLimit(
  settings: ValidatedSettings,
  client: RecordSizeLimitExtension | undefined,
  version: number,
): { readonly extension: RecordSizeLimitExtension; readonly limits: RecordSizeLimits } | undefined {
  if (client === undefined || settings.recordSizeLimit === null || version <= ProtocolVersion.SSL3) return undefined;
  const ours = Math.min(settings.recordSizeLimit, maxRecordSizeLimit(version));
  // RFC 8449 4: a larger value than the version allows means the maximum; never an error on a server.
  const peer = Math.min(client.recordSizeLimit, maxRecordSizeLimit(version));
  return { extension: new RecordSizeLimitExtension(ours), limits: { send: peer, receive: ours } };
}

/**
 * Client: the limits the server's answer (ServerHello in TLS 1.2,
 * EncryptedExtensions in TLS 1.3) sets. That we offered the extension is
 * checked with the other extensions (unsupported_extension otherwise).
 */
export function acceptRecordSizeLimit(
  settings: ValidatedSettings,
  server: RecordSizeLimitExtension | undefined,
  version: number,
): RecordSizeLimits | undefined {
  if (server === undefined) return undefined;
  if (settings.recordSizeLimit === null) throw new TLSIllegalParameterException('record_size_limit answered although we did not offer it');
  const max = maxRecordSizeLimit(version);
  if (server.recordSizeLimit > max) {
    throw new TLSIllegalParameterException(`record_size_limit ${server.recordSizeLimit} is above ${max}, the maximum of ${ProtocolVersion.nameOf(version)}`);
  }
  return { send: server.recordSizeLimit, receive: Math.min(settings.recordSizeLimit, max) };
}
