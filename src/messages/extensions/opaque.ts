/**
 * An extension kept as raw bytes: any type this library does not parse
 * (or does not parse in this message). Unknown extensions must be
 * ignored, not rejected (RFC 8446 4.2: "Implementations MUST ignore
 * unrecognized extensions"; RFC 5246 7.4.1.4), and they still count in
 * the transcript, so they survive a round trip byte for byte.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { extensionName, shortHex, type Extension } from './extension.js';

/** An extension of any type, body unparsed. */
export class OpaqueExtension implements Extension {
  /** The body (a copy owned by this object). */
  readonly data: Uint8Array;

  constructor(
    readonly type: number,
    data: Uint8Array = new Uint8Array(0),
  ) {
    this.data = data.slice();
  }

  /** Reads the whole body as opaque bytes. */
  static readAs(type: number, p: Parser): OpaqueExtension {
    return new OpaqueExtension(type, p.rest());
  }

  write(w: Writer): void {
    w.bytes(this.data);
  }

  toString(): string {
    return `${extensionName(this.type)}(${shortHex(this.data)})`;
  }
}
