/**
 * signature_algorithms_cert (RFC 8446 4.2.3): the same body as
 * signature_algorithms, naming what the peer accepts in certificates.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType, SignatureScheme } from '../../constants.js';
import type { Extension } from './extension.js';

export class SignatureAlgorithmsCertExtension implements Extension {
  static readonly type = ExtensionType.signature_algorithms_cert;
  readonly type = ExtensionType.signature_algorithms_cert;

  constructor(readonly schemes: readonly number[]) {}

  static read(p: Parser): SignatureAlgorithmsCertExtension {
    return new SignatureAlgorithmsCertExtension(p.u16List(2, 'supported_signature_algorithms', 2, 0xfffe));
  }

  write(w: Writer): void {
    w.u16List(2, this.schemes);
  }

  toString(): string {
    return `signature_algorithms_cert(${this.schemes.map((s) => SignatureScheme.nameOf(s)).join(', ')})`;
  }
}
