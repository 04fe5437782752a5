/**
 * The shapes the key exchanges share: the server's half, alive between
 * its ServerKeyExchange and the client's ClientKeyExchange, and the
 * client's result.
 *
 * @module
 */
import type { DHParams, ECDHParams } from '../../messages/server-key-exchange.js';

/** The server's ephemeral key (DHE, ECDHE, DH_anon, ECDH_anon). */
export interface ServerKeyShare {
  /** What the ServerKeyExchange carries (RFC 5246 7.4.3, RFC 8422 5.4). */
  readonly params: DHParams | ECDHParams;
  /**
   * The premaster secret from the client's public value (the
   * ClientKeyExchange's `value`).
   * @throws TLSIllegalParameterException for an invalid value.
   */
  premaster(clientValue: Uint8Array): Uint8Array;
}

/** The client's side of any key exchange, once done. */
export interface ClientKeyShare {
  /** The ClientKeyExchange's value: the encrypted premaster (RSA), Yc (DH) or the point (ECDH). */
  readonly value: Uint8Array;
  /** The premaster secret. */
  readonly premaster: Uint8Array;
}

/** The peer-key size limits of `HandshakeSettings`. */
export interface KeySizeLimits {
  /** Smallest RSA or DH modulus, in bits, accepted from the peer (seed default 1023). */
  readonly minKeySize: number;
  /** Largest RSA or DH modulus, in bits, accepted from the peer (seed default 8193). */
  readonly maxKeySize: number;
}
