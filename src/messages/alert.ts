/**
 * Alert (RFC 5246 7.2, RFC 8446 6): `struct { AlertLevel level; AlertDescription description; }`,
 * exactly two bytes. Unknown levels and descriptions are kept: what they
 * mean for the connection is the record layer's decision.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { AlertDescription, AlertLevel } from '../constants.js';
import { TLSDecodeError } from '../errors.js';

export class Alert {
  constructor(
    readonly level: number,
    readonly description: number,
  ) {}

  /** Reads a whole alert (one alert per call; a record may hold several, RFC 5246 6.2.1). */
  static read(p: Parser): Alert {
    if (p.remaining < 2) throw new TLSDecodeError(`Alert of ${p.remaining} bytes`);
    return new Alert(p.u8('AlertLevel'), p.u8('AlertDescription'));
  }

  write(w: Writer): void {
    w.u8(this.level).u8(this.description);
  }

  toString(): string {
    return `Alert(${AlertLevel.nameOf(this.level)}, ${AlertDescription.nameOf(this.description)})`;
  }
}
