/**
 * The SSLv3 to TLS 1.2 client handshake (RFC 5246 7.3). Work in progress.
 * @module
 */
import type { HandshakeIO } from '../io.js';
import type { ClientHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';

/** Runs a client handshake over `io`. */
export async function clientHandshake(io: HandshakeIO, options: ClientHandshakeOptions): Promise<HandshakeResult> {
  void io;
  void options;
  throw new Error('not implemented yet');
}
