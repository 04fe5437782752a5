/**
 * What a verifier database holds per user (the seed's `(N, g, salt,
 * verifier)` tuple).
 *
 * @module
 */

/** One user's SRP verifier: the group, the salt and v = g^x mod N. */
export interface SRPVerifierEntry {
  /** The group's prime (one of RFC 5054's). */
  readonly N: bigint;
  /** The group's generator. */
  readonly g: bigint;
  /** The salt (RFC 5054 2.5.3: 1 to 255 bytes; makeVerifier draws 16). */
  readonly salt: Uint8Array;
  /** v = g^x mod N, x = SHA1(salt | SHA1(user | ":" | password)). */
  readonly verifier: bigint;
}
