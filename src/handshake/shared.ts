/**
 * Small helpers both sides of the handshakes use.
 *
 * @module
 */
import { GroupName, ProtocolVersion } from '../constants.js';
import { TLSIllegalParameterException } from '../errors.js';

/** The highest version the TLS 1.2 handshake implements. */
export const MAX_TLS12_VERSION = ProtocolVersion.TLS1_2;

/** Group code points of curve and FFDHE names from the settings (unknown names are skipped; validate() refuses them). */
export function groupIds(names: readonly string[]): number[] {
  const table = GroupName as unknown as Record<string, number>;
  return names.map((n) => table[n]).filter((v): v is number => typeof v === 'number');
}

/** Byte equality for public values (protocol names, session IDs); not for secrets. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * The protocol in the server's ALPN answer (ServerHello up to TLS 1.2,
 * EncryptedExtensions in TLS 1.3), or undefined when it sent none.
 * RFC 7301 3.1: exactly one protocol, one we offered.
 */
export function serverAlpnChoice(offered: readonly Uint8Array[], answer: { readonly protocols: readonly Uint8Array[] } | undefined): Uint8Array | undefined {
  if (answer === undefined) return undefined;
  const chosen = answer.protocols;
  if (chosen.length !== 1 || !offered.some((p) => equalBytes(p, chosen[0]!))) {
    throw new TLSIllegalParameterException('server chose an ALPN protocol we did not offer');
  }
  return chosen[0];
}

/** A protocol name as bytes (ALPN, NPN). */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
