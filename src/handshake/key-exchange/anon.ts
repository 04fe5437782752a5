/**
 * The anonymous key exchanges DH_anon (RFC 5246 A.5) and ECDH_anon
 * (RFC 8422 2.5): the same ephemeral exchange as DHE and ECDHE, with an
 * unsigned ServerKeyExchange and no certificate at all. They offer no
 * protection against an active attacker, which is why the seed (and
 * this library) enables them only through the anonymous handshake.
 *
 * @module
 */
import { ServerKeyExchange } from '../../messages/server-key-exchange.js';
import type { ServerKeyShare } from './types.js';

/** The key exchanges without authentication. */
export type AnonKeyExchange = 'dh_anon' | 'ecdh_anon';

/** True for the anonymous key exchanges, whose ServerKeyExchange carries no signature. */
export function isAnonymous(keyExchange: string): keyExchange is AnonKeyExchange {
  return keyExchange === 'dh_anon' || keyExchange === 'ecdh_anon';
}

/**
 * The unsigned ServerKeyExchange of an anonymous exchange.
 * @throws RangeError when `share` holds the wrong kind of parameters
 *   (DH for dh_anon, a curve for ecdh_anon).
 */
export function anonServerKeyExchange(keyExchange: AnonKeyExchange, share: ServerKeyShare): ServerKeyExchange {
  return new ServerKeyExchange(keyExchange, share.params);
}
