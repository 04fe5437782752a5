/**
 * Finished: `opaque verify_data[verify_data_length];`
 *
 * The length is fixed by the version: 36 bytes in SSLv3 (MD5 then SHA-1
 * hash, RFC 6101 5.6.9), 12 in TLS 1.0-1.2 (RFC 5246 7.4.9: every suite
 * we know keeps the default), the suite's hash length in TLS 1.3
 * (RFC 8446 4.4.4). Any other length is a decode_error.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType, ProtocolVersion } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { TLSDecodeError } from '../errors.js';
import { isSSL3, isTLS13, type MessageContext } from './context.js';
import type { HandshakeBody } from './message.js';

/** The verify_data length for `ctx`. */
export function verifyDataLength(ctx: MessageContext): number {
  if (isSSL3(ctx)) return 36;
  if (isTLS13(ctx)) {
    if (ctx.hashLength === undefined) throw new RangeError('a TLS 1.3 Finished needs ctx.hashLength');
    return ctx.hashLength;
  }
  return 12;
}

export class Finished implements HandshakeBody {
  static readonly handshakeType = HandshakeType.finished;
  readonly handshakeType = HandshakeType.finished;
  readonly verifyData: Uint8Array;

  constructor(verifyData: Uint8Array) {
    this.verifyData = verifyData.slice();
  }

  static read(p: Parser, ctx: MessageContext): Finished {
    const length = verifyDataLength(ctx);
    if (p.remaining !== length) {
      throw new TLSDecodeError(
        `Finished: verify_data is ${p.remaining} bytes, ${ProtocolVersion.nameOf(ctx.version ?? 0)} needs ${length}`,
      );
    }
    return new Finished(p.bytes(length, 'verify_data'));
  }

  write(w: Writer): void {
    w.bytes(this.verifyData);
  }

  toString(): string {
    return `Finished(${toHex(this.verifyData)})`;
  }
}
