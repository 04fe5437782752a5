/**
 * The SSLv3 to TLS 1.2 server handshake (RFC 5246 7.3). Work in progress.
 * @module
 */
import type { HandshakeIO } from '../io.js';
import type { ServerHandshakeOptions } from '../options.js';
import type { HandshakeResult } from '../result.js';

/** Runs a server handshake over `io`. */
export async function serverHandshake(io: HandshakeIO, options: ServerHandshakeOptions): Promise<HandshakeResult> {
  void io;
  void options;
  throw new Error('not implemented yet');
}
