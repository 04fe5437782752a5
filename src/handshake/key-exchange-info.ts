/**
 * What a report needs to say about a key exchange (tls.py prints it):
 * the ServerKeyExchange's signature scheme, the ECDHE group, and the
 * size of a finite-field group, read from the message both sides hold.
 *
 * @module
 */
import type { ServerKeyExchange } from '../messages/server-key-exchange.js';

/** The key exchange's group and signature, as far as the handshake had them. */
export interface KeyExchangeInfo {
  /** The SignatureScheme / (hash, signature) pair that signed the ServerKeyExchange (TLS 1.2 only: earlier versions name none). */
  readonly signatureScheme?: number;
  /** The named group of an ECDHE or ECDH_anon exchange (the seed's `ecdhCurve`). */
  readonly group?: number;
  /** Bits of the finite-field prime of a DHE or DH_anon exchange (the seed's `dhGroupSize`). */
  readonly dhGroupSize?: number;
}

/** Reads the info from a ServerKeyExchange; empty when there was none (RSA, resumption). */
export function keyExchangeInfo(ske: ServerKeyExchange | undefined): KeyExchangeInfo {
  if (ske === undefined) return {};
  const params = ske.params;
  const signatureScheme = ske.signature?.algorithm;
  return {
    ...(signatureScheme !== undefined && { signatureScheme }),
    ...(params.kind === 'ecdh' && { group: params.namedCurve }),
    ...(params.kind === 'dh' && { dhGroupSize: bitLength(params.p) }),
  };
}

function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i]!));
}
