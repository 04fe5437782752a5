/**
 * What every extension codec shares: the message it appears in (the
 * same extension type has a different body in a ClientHello and in a
 * ServerHello), the interface of a parsed extension, and small helpers.
 *
 * An extension class reads and writes only its `extension_data` (the
 * body); the type and the 2-byte length around it belong to the list
 * (`./list.ts`), which also checks that the body was consumed entirely.
 *
 * @module
 */
import type { Parser } from '../../codec/parser.js';
import type { Writer } from '../../codec/writer.js';
import { ExtensionType } from '../../constants.js';
import { toHex } from '../../crypto/bytes.js';

/** The handshake messages that carry an extension block (RFC 8446 4.2 table, RFC 5246 7.4.1.4). */
export type ExtensionMessage =
  | 'client_hello'
  | 'server_hello'
  | 'hello_retry_request'
  | 'encrypted_extensions'
  | 'certificate_request'
  | 'certificate'
  | 'new_session_ticket';

/** What a parser needs to know about where the extension appears. */
export interface ExtensionContext {
  /** The message that carries the block. */
  readonly message: ExtensionMessage;
  /** The negotiated (or offered, for a ClientHello) protocol version, when known. */
  readonly version?: number;
}

/** A parsed or locally built extension. */
export interface Extension {
  /** The extension type (see `ExtensionType`). */
  readonly type: number;
  /** Writes the `extension_data` (the body, without type or length). */
  write(w: Writer, ctx?: ExtensionContext): void;
  /** A readable one-line description. */
  toString(): string;
}

/** The static side of an extension class: its type and its body parser. */
export interface ExtensionClass<E extends Extension = Extension> {
  readonly type: number;
  /**
   * Parses the body from `p`, a parser bounded to the body. The caller
   * checks that nothing is left over (RFC 8446 4: a message with
   * trailing data is a decode_error).
   */
  read(p: Parser, ctx: ExtensionContext): E;
}

/** The extension's name for toString(). */
export function extensionName(type: number): string {
  return ExtensionType.nameOf(type);
}

/** Hex for toString(), shortened when long. */
export function shortHex(bytes: Uint8Array, max = 32): string {
  return bytes.length > max ? `${toHex(bytes.subarray(0, max))}...(${bytes.length} bytes)` : toHex(bytes);
}

/** True when the extension appears in a server's first flight or reply (not the ClientHello). */
export function fromServer(ctx: ExtensionContext): boolean {
  return ctx.message !== 'client_hello';
}

/** Bytes as latin1 text (every byte one character), for names that are ASCII by spec. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}
