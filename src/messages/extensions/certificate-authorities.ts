/**
 * certificate_authorities (RFC 8446 4.2.4):
 * `DistinguishedName authorities<3..2^16-1>; opaque DistinguishedName<1..2^16-1>;` (DER, kept as bytes).
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class CertificateAuthoritiesExtension implements Extension {
  static readonly type = ExtensionType.certificate_authorities;
  readonly type = ExtensionType.certificate_authorities;

  constructor(readonly authorities: readonly Uint8Array[]) {}

  static read(p: Parser): CertificateAuthoritiesExtension {
    return new CertificateAuthoritiesExtension(p.items(2, (q) => q.vector(2, 'DistinguishedName', 1).slice(), 'authorities', 3));
  }

  write(w: Writer): void {
    w.prefixed(2, (w) => {
      for (const dn of this.authorities) w.vector16(dn);
    });
  }

  toString(): string {
    return `certificate_authorities(${this.authorities.length} names)`;
  }
}
