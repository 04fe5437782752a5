/**
 * EndOfEarlyData (RFC 8446 4.5): `struct {} EndOfEarlyData;`
 *
 * Sent by a client whose early data the server accepted, after the
 * server's Finished, under the client_early_traffic_secret keys; it says
 * that the records after it are under the handshake traffic keys. A
 * non-empty body is a decode_error (the header codec checks it).
 *
 * @module
 */
import type { Writer } from '../codec/writer.js';
import { HandshakeType } from '../constants.js';
import type { HandshakeBody } from './message.js';

export class EndOfEarlyData implements HandshakeBody {
  static readonly handshakeType = HandshakeType.end_of_early_data;
  readonly handshakeType = HandshakeType.end_of_early_data;

  static read(): EndOfEarlyData {
    return new EndOfEarlyData();
  }

  write(_w: Writer): void {}

  toString(): string {
    return 'EndOfEarlyData()';
  }
}
