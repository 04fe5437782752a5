/**
 * What a message parser may need to know about the connection: the
 * wire format of several messages depends on the negotiated version and
 * key exchange (a ServerKeyExchange cannot even be split into fields
 * without knowing the key exchange), as in the seed, whose parse()
 * methods take the cipher suite and version.
 *
 * @module
 */
import { ProtocolVersion } from '../constants.js';
import type { KeyExchangeName } from '../suites.js';

/** Connection facts a message parser or writer may need. */
export interface MessageContext {
  /** The negotiated protocol version (wire value); undefined before the ServerHello. */
  readonly version?: number;
  /** The negotiated key exchange, for ServerKeyExchange and ClientKeyExchange. */
  readonly keyExchange?: KeyExchangeName;
  /** TLS 1.3: the hash length of the cipher suite (Finished verify_data length, RFC 8446 4.4.4). */
  readonly hashLength?: number;
}

/** True when `ctx` says TLS 1.2 or later (SignatureAndHashAlgorithm fields are present). */
export function atLeastTLS12(ctx: MessageContext): boolean {
  return (ctx.version ?? ProtocolVersion.TLS1_2) >= ProtocolVersion.TLS1_2;
}

/** True when `ctx` says TLS 1.3 or later. */
export function isTLS13(ctx: MessageContext): boolean {
  return (ctx.version ?? 0) >= ProtocolVersion.TLS1_3;
}

/** True when `ctx` says SSL 3.0. */
export function isSSL3(ctx: MessageContext): boolean {
  return ctx.version === ProtocolVersion.SSL3;
}

/** Length of `Random` in the hellos (RFC 5246 7.4.1.2). */
export const RANDOM_LENGTH = 32;

/** Longest `SessionID` (RFC 5246 7.4.1.2: `opaque SessionID<0..32>`). */
export const MAX_SESSION_ID_LENGTH = 32;
