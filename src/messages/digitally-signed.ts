/**
 * The signature that ends a ServerKeyExchange and forms a
 * CertificateVerify.
 *
 * TLS 1.2 (RFC 5246 4.7): `struct { SignatureAndHashAlgorithm algorithm;
 * opaque signature<0..2^16-1>; } DigitallySigned;` (TLS 1.3 the same
 * with a SignatureScheme, RFC 8446 4.4.3). TLS 1.0/1.1 (RFC 4346 4.7)
 * and SSLv3 (RFC 6101 4.3) have no algorithm field: the element is just
 * `opaque signature<0..2^16-1>`.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { SignatureScheme } from '../constants.js';
import { toHex } from '../crypto/bytes.js';

/** A signature with its algorithm (TLS 1.2+) or without (earlier). */
export class DigitallySigned {
  readonly signature: Uint8Array;

  /** `algorithm` is the 16-bit SignatureScheme / (hash, signature) pair; undefined before TLS 1.2. */
  constructor(
    readonly algorithm: number | undefined,
    signature: Uint8Array,
  ) {
    this.signature = signature.slice();
  }

  /** Reads the TLS 1.2+ form when `withAlgorithm`, the bare form otherwise. */
  static read(p: Parser, withAlgorithm: boolean): DigitallySigned {
    const algorithm = withAlgorithm ? p.u16('SignatureAndHashAlgorithm') : undefined;
    return new DigitallySigned(algorithm, p.vector16('signature'));
  }

  write(w: Writer): void {
    if (this.algorithm !== undefined) w.u16(this.algorithm);
    w.vector16(this.signature);
  }

  toString(): string {
    const alg = this.algorithm === undefined ? '' : `${SignatureScheme.nameOf(this.algorithm)}, `;
    const sig = toHex(this.signature);
    return `${alg}${sig.length > 32 ? sig.slice(0, 32) + '...' : sig}`;
  }
}
