/**
 * EncryptedExtensions (RFC 8446 4.3.1): `struct { Extension extensions<0..2^16-1>; } EncryptedExtensions;`
 * TLS 1.3 only; the extensions are parsed in the encrypted_extensions context.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import type { MessageContext } from './context.js';
import { Extensions } from './extensions/list.js';
import type { HandshakeBody } from './message.js';

export class EncryptedExtensions implements HandshakeBody {
  static readonly handshakeType = HandshakeType.encrypted_extensions;
  readonly handshakeType = HandshakeType.encrypted_extensions;

  constructor(readonly extensions: Extensions) {}

  static read(p: Parser, ctx: MessageContext = {}): EncryptedExtensions {
    return new EncryptedExtensions(Extensions.read(p, { message: 'encrypted_extensions', version: ctx.version }));
  }

  write(w: Writer): void {
    this.extensions.write(w);
  }

  toString(): string {
    return `EncryptedExtensions(${this.extensions})`;
  }
}
