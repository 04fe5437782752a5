/**
 * cert_type (RFC 6091 3.1): the client lists the certificate types it
 * supports, `CertificateType certificate_types<1..2^8-1>`; the server
 * answers with the one it chose, a single `CertificateType`. The seed's
 * ClientCertTypeExtension / ServerCertTypeExtension.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { CertificateType, ExtensionType } from '../../constants.js';
import { fromServer, type Extension, type ExtensionContext } from './extension.js';

export class CertTypeExtension implements Extension {
  static readonly type = ExtensionType.cert_type;
  readonly type = ExtensionType.cert_type;

  /** The client's list, or the server's single choice as a one-element list (`fromServer` true). */
  constructor(
    readonly certTypes: readonly number[],
    readonly selected = false,
  ) {}

  static read(p: Parser, ctx: ExtensionContext): CertTypeExtension {
    if (fromServer(ctx)) return new CertTypeExtension([p.u8('certificate_type')], true);
    return new CertTypeExtension(p.u8List(1, 'certificate_types', 1));
  }

  write(w: Writer): void {
    if (this.selected) w.u8(this.certTypes[0]!);
    else w.u8List(1, this.certTypes);
  }

  toString(): string {
    return `cert_type(${this.certTypes.map((c) => CertificateType.nameOf(c)).join(', ')})`;
  }
}
