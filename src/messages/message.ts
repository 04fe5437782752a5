/**
 * The shape every handshake message codec has: a class with a static
 * `handshakeType` and `read(p, ctx)` (the body only; the 4-byte header
 * belongs to `HandshakeMessage`), and instances with `write(w)` (body
 * only) and a readable `toString()`.
 *
 * @module
 */
import type { Parser } from '../codec/parser.js';
import type { Writer } from '../codec/writer.js';
import type { MessageContext } from './context.js';

/** A parsed or locally built handshake message body. */
export interface HandshakeBody {
  /** The HandshakeType of the message. */
  readonly handshakeType: number;
  /** Writes the body (without the handshake header). */
  write(w: Writer): void;
  toString(): string;
}

/** The static side of a handshake message class. */
export interface HandshakeClass<M extends HandshakeBody = HandshakeBody> {
  readonly handshakeType: number;
  /** Parses a body from `p`, a parser bounded to the body; the caller checks nothing trails. */
  read(p: Parser, ctx: MessageContext): M;
}
