/**
 * early_data (RFC 8446 4.2.10): empty in the ClientHello and in
 * EncryptedExtensions; in a NewSessionTicket `uint32 max_early_data_size`.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import type { Extension, ExtensionContext } from './extension.js';

export class EarlyDataExtension implements Extension {
  static readonly type = ExtensionType.early_data;
  readonly type = ExtensionType.early_data;

  /** `maxEarlyDataSize` only in a NewSessionTicket. */
  constructor(readonly maxEarlyDataSize?: number) {}

  static read(p: Parser, ctx: ExtensionContext): EarlyDataExtension {
    if (ctx.message === 'new_session_ticket') return new EarlyDataExtension(p.u32('max_early_data_size'));
    return new EarlyDataExtension(); // must be empty
  }

  write(w: Writer): void {
    if (this.maxEarlyDataSize !== undefined) w.u32(this.maxEarlyDataSize);
  }

  toString(): string {
    return `early_data(${this.maxEarlyDataSize ?? ''})`;
  }
}
