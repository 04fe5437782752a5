/**
 * The handshake message header (RFC 5246 7.4, RFC 8446 4):
 *
 *     struct { HandshakeType msg_type; uint24 length; select (msg_type) { ... } body; } Handshake;
 *
 * `HandshakeMessage.read` reads one message from a parser positioned at
 * a header (several messages may follow each other in a reassembled
 * handshake stream), dispatches on the type, and requires that the body
 * parser consumes exactly `length` bytes: a shorter or longer body is a
 * decode_error (RFC 8446 4: "a message with ... trailing data"). A type
 * this registry does not parse is an unexpected_message (RFC 5246 7.4:
 * messages must arrive in the order the protocol defines; an unknown one
 * never fits it).
 *
 * TLS 1.3 messages slot in by adding their class to the registry.
 *
 * @module
 */
import { Parser } from '../codec/parser.js';
import { encode } from './encode.js';
import { HandshakeType } from '../constants.js';
import { TLSUnexpectedMessage } from '../errors.js';
import { Certificate } from './certificate.js';
import { CertificateRequest } from './certificate-request.js';
import { CertificateStatus } from './certificate-status.js';
import { CertificateVerify } from './certificate-verify.js';
import { ClientHello } from './client-hello.js';
import { ClientKeyExchange } from './client-key-exchange.js';
import type { MessageContext } from './context.js';
import { EncryptedExtensions } from './encrypted-extensions.js';
import { EndOfEarlyData } from './end-of-early-data.js';
import { Finished } from './finished.js';
import { HelloRequest } from './hello-request.js';
import { KeyUpdate } from './key-update.js';
import type { HandshakeBody, HandshakeClass } from './message.js';
import { NewSessionTicket } from './new-session-ticket.js';
import { NextProtocol } from './next-protocol.js';
import { ServerHello } from './server-hello.js';
import { ServerHelloDone } from './server-hello-done.js';
import { ServerKeyExchange } from './server-key-exchange.js';

/** Length of the header: type (1) + uint24 length (3). */
export const HANDSHAKE_HEADER_LENGTH = 4;

/** The message classes by HandshakeType. */
export const handshakeRegistry: ReadonlyMap<number, HandshakeClass> = new Map<number, HandshakeClass>(
  [
    HelloRequest,
    ClientHello,
    ServerHello,
    NewSessionTicket,
    EncryptedExtensions,
    Certificate,
    CertificateStatus,
    ServerKeyExchange,
    CertificateRequest,
    ServerHelloDone,
    CertificateVerify,
    ClientKeyExchange,
    Finished,
    NextProtocol,
    KeyUpdate,
    EndOfEarlyData,
  ].map((cls) => [cls.handshakeType, cls as HandshakeClass]),
);

/** One handshake message: its parsed body and the exact bytes (header included) for the transcript. */
export class HandshakeMessage<M extends HandshakeBody = HandshakeBody> {
  constructor(
    /** The parsed body. */
    readonly body: M,
    /** The whole message as on the wire, header included (what the handshake hash covers). */
    readonly bytes: Uint8Array,
  ) {}

  get type(): number {
    return this.body.handshakeType;
  }

  /** Reads one message (header and body) from `p`, leaving `p` after it. */
  static read(p: Parser, ctx: MessageContext = {}, registry = handshakeRegistry): HandshakeMessage {
    const header = p.fixed(HANDSHAKE_HEADER_LENGTH, 'handshake header');
    const type = header.u8();
    const length = header.u24();
    const raw = p.bytes(length, `${HandshakeType.nameOf(type)} body`);
    const cls = registry.get(type);
    if (!cls) throw new TLSUnexpectedMessage(`handshake message type ${HandshakeType.nameOf(type)} not handled`);
    const body = new Parser(raw);
    const message = cls.read(body, ctx);
    body.end(HandshakeType.nameOf(type));
    // The header has one encoding, so writing it again reproduces the
    // received bytes exactly; the body is copied as received.
    const bytes = new Uint8Array(HANDSHAKE_HEADER_LENGTH + length);
    bytes[0] = type;
    bytes[1] = length >>> 16;
    bytes[2] = (length >>> 8) & 0xff;
    bytes[3] = length & 0xff;
    bytes.set(raw, HANDSHAKE_HEADER_LENGTH);
    return new HandshakeMessage(message, bytes);
  }

  /** Parses `bytes` as exactly one handshake message; anything after it is a decode_error. */
  static parse(bytes: Uint8Array, ctx: MessageContext = {}, registry = handshakeRegistry): HandshakeMessage {
    const p = new Parser(bytes);
    const message = HandshakeMessage.read(p, ctx, registry);
    p.end('handshake message');
    return message;
  }

  /** Builds the wire form of `body`. */
  static of<M extends HandshakeBody>(body: M): HandshakeMessage<M> {
    return new HandshakeMessage(body, serialize(body));
  }

  toString(): string {
    return this.body.toString();
  }
}

/** The whole message, header included. */
export function serialize(body: HandshakeBody): Uint8Array {
  return encode((w) => w.u8(body.handshakeType).prefixed(3, (w) => body.write(w)));
}
