/**
 * renegotiation_info (RFC 5746 3.2): `opaque renegotiated_connection<0..255>`,
 * empty on an initial handshake, the previous verify_data on a renegotiation.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { toHex } from '../../crypto/bytes.js';
import type { Extension } from './extension.js';

export class RenegotiationInfoExtension implements Extension {
  static readonly type = ExtensionType.renegotiation_info;
  readonly type = ExtensionType.renegotiation_info;
  readonly renegotiatedConnection: Uint8Array;

  constructor(renegotiatedConnection: Uint8Array = new Uint8Array(0)) {
    this.renegotiatedConnection = renegotiatedConnection.slice();
  }

  static read(p: Parser): RenegotiationInfoExtension {
    return new RenegotiationInfoExtension(p.vector8('renegotiated_connection'));
  }

  write(w: Writer): void {
    w.vector8(this.renegotiatedConnection);
  }

  toString(): string {
    return `renegotiation_info(${toHex(this.renegotiatedConnection)})`;
  }
}
