/**
 * Small helpers both sides of the SSLv3-TLS 1.2 handshake use.
 *
 * @module
 */
import { GroupName, ProtocolVersion } from '../constants.js';

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

/** A protocol name as bytes (ALPN, NPN). */
export function toBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? new TextEncoder().encode(value) : value;
}
