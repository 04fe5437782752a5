/**
 * ChangeCipherSpec (RFC 5246 7.1): `struct { enum { change_cipher_spec(1), (255) } type; }`,
 * the only message of its content type; not a handshake message.
 *
 * A body that is not one byte is a decode_error. A byte other than 1:
 * TLS 1.3 names unexpected_message (RFC 8446 5: "An implementation which
 * receives any other change_cipher_spec value ... MUST abort the handshake
 * with an unexpected_message alert"); earlier versions name no alert, and
 * we send illegal_parameter (a field outside its one-value domain,
 * RFC 5246 7.2.2), as OpenSSL does.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { TLSDecodeError, TLSIllegalParameterException, TLSUnexpectedMessage } from '../errors.js';
import { isTLS13, type MessageContext } from './context.js';

export class ChangeCipherSpec {
  /** Always 1. */
  readonly value = 1;

  /** Reads a whole record fragment. */
  static read(p: Parser, ctx: MessageContext = {}): ChangeCipherSpec {
    if (p.remaining !== 1) throw new TLSDecodeError(`ChangeCipherSpec of ${p.remaining} bytes`);
    const value = p.u8('change_cipher_spec');
    if (value !== 1) {
      const message = `ChangeCipherSpec value ${value}`;
      throw isTLS13(ctx) ? new TLSUnexpectedMessage(message) : new TLSIllegalParameterException(message);
    }
    return new ChangeCipherSpec();
  }

  write(w: Writer): void {
    w.u8(1);
  }

  toString(): string {
    return 'ChangeCipherSpec()';
  }
}
