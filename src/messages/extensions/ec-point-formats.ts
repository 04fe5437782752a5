/**
 * ec_point_formats (RFC 8422 5.1.2): `ECPointFormat ec_point_format_list<1..2^8-1>`.
 *
 * RFC 8422 5.1.2 requires the list to contain `uncompressed` (0); that
 * is checked by the handshake, which knows whether an EC suite is in use.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ECPointFormat, ExtensionType } from '../../constants.js';
import type { Extension } from './extension.js';

export class ECPointFormatsExtension implements Extension {
  static readonly type = ExtensionType.ec_point_formats;
  readonly type = ExtensionType.ec_point_formats;

  constructor(readonly formats: readonly number[] = [ECPointFormat.uncompressed]) {}

  static read(p: Parser): ECPointFormatsExtension {
    return new ECPointFormatsExtension(p.u8List(1, 'ec_point_format_list', 1));
  }

  write(w: Writer): void {
    w.u8List(1, this.formats);
  }

  toString(): string {
    return `ec_point_formats(${this.formats.map((f) => ECPointFormat.nameOf(f)).join(', ')})`;
  }
}
