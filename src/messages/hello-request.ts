/**
 * HelloRequest (RFC 5246 7.4.1.1): `struct { } HelloRequest;`
 *
 * @module
 */
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import type { HandshakeBody } from './message.js';

export class HelloRequest implements HandshakeBody {
  static readonly handshakeType = HandshakeType.hello_request;
  readonly handshakeType = HandshakeType.hello_request;

  /** Reads nothing; a non-empty body is rejected by the header codec (decode_error). */
  static read(): HelloRequest {
    return new HelloRequest();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'HelloRequest()';
  }
}
