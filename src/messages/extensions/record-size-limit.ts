/**
 * record_size_limit (RFC 8449 4): `uint16 RecordSizeLimit`.
 *
 * "Endpoints MUST NOT send a value lower than 64. An endpoint MUST treat
 * receipt of a smaller value as a fatal error and generate an
 * illegal_parameter alert." (RFC 8449 4). The upper bound depends on the
 * version (2^14, or 2^14+1 in TLS 1.3) and is the handshake's business:
 * a larger value is allowed and means "no smaller than the maximum".
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { TLSIllegalParameterException } from '../../errors.js';
import type { Extension } from './extension.js';

/** The smallest limit a peer may announce (RFC 8449 4). */
export const MIN_RECORD_SIZE_LIMIT = 64;

export class RecordSizeLimitExtension implements Extension {
  static readonly type = ExtensionType.record_size_limit;
  readonly type = ExtensionType.record_size_limit;

  constructor(readonly recordSizeLimit: number) {}

  static read(p: Parser): RecordSizeLimitExtension {
    const limit = p.u16('RecordSizeLimit');
    if (limit < MIN_RECORD_SIZE_LIMIT) {
      throw new TLSIllegalParameterException(`record_size_limit ${limit} is below ${MIN_RECORD_SIZE_LIMIT}`);
    }
    return new RecordSizeLimitExtension(limit);
  }

  write(w: Writer): void {
    w.u16(this.recordSizeLimit);
  }

  toString(): string {
    return `record_size_limit(${this.recordSizeLimit})`;
  }
}
