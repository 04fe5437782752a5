/**
 * ServerHelloDone (RFC 5246 7.4.5): `struct { } ServerHelloDone;`
 *
 * @module
 */
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import type { HandshakeBody } from './message.js';

export class ServerHelloDone implements HandshakeBody {
  static readonly handshakeType = HandshakeType.server_hello_done;
  readonly handshakeType = HandshakeType.server_hello_done;

  /** Reads nothing; a non-empty body is rejected by the header codec (decode_error). */
  static read(): ServerHelloDone {
    return new ServerHelloDone();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'ServerHelloDone()';
  }
}
