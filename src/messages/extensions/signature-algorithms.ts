/**
 * signature_algorithms (RFC 5246 7.4.1.4.1, RFC 8446 4.2.3):
 * `SignatureScheme supported_signature_algorithms<2..2^16-2>`.
 *
 * In TLS 1.2 each entry is a (hash, signature) pair; the 16-bit
 * SignatureScheme of TLS 1.3 has the same code points, so one number
 * serves both (`SignatureScheme.nameOf`).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, SignatureScheme } from '../../constants.js';
import type { Extension } from './extension.js';

export class SignatureAlgorithmsExtension implements Extension {
  static readonly type = ExtensionType.signature_algorithms;
  readonly type = ExtensionType.signature_algorithms;

  /** The schemes, most preferred first. */
  constructor(readonly schemes: readonly number[]) {}

  static read(p: Parser): SignatureAlgorithmsExtension {
    return new SignatureAlgorithmsExtension(p.u16List(2, 'supported_signature_algorithms', 2, 0xfffe));
  }

  write(w: Writer): void {
    w.u16List(2, this.schemes);
  }

  toString(): string {
    return `signature_algorithms(${this.schemes.map((s) => SignatureScheme.nameOf(s)).join(', ')})`;
  }
}
