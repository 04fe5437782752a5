/**
 * Upgrading a connected plaintext socket to TLS in place (STARTTLS,
 * RFC 2595 / 3207), for either side: the bytes the line protocol read
 * past its last line are handed to TLS, and a TLSConnection replaces the
 * socket for everything that follows.
 *
 * @module
 */
import type { Duplex } from 'node:stream';
import { TLSConnection, type ServerHandshakeControlOptions } from '../../connection/tls-connection.js';
import { resolveCredentials, type CredentialOptions } from '../../connection/credentials.js';
import type { CryptoProvider } from '../../crypto/provider.js';
import { ClientContext, type Destination, type TLSClientOptions } from '../client-context.js';
import { LineChannel } from './line-channel.js';

/** Options of `startTLSClient`: the TLS client options, where the connection goes (SNI and session reuse), or a shared context. */
export interface StartTLSClientOptions extends TLSClientOptions, Destination {
  /**
   * A context to take TLS options and cached sessions from (so several
   * STARTTLS connections to one server resume); the TLS options here are
   * then ignored.
   */
  readonly context?: ClientContext;
}

/** Options of `startTLSServer`: our certificate (objects or PEM) and the server handshake options. */
export interface StartTLSServerOptions extends CredentialOptions, Omit<ServerHandshakeControlOptions, 'certChain' | 'privateKey'> {
  /** The crypto provider. Default: per the settings, else `defaultProvider()`. */
  readonly provider?: CryptoProvider;
  /** Handshake time limit in ms. Default 120 000, as createServer(); 0: none. */
  readonly handshakeTimeout?: number;
  /** Accept a transport end without close_notify as a normal end. Default false. */
  readonly ignoreAbruptClose?: boolean;
}

/** Takes the transport out of a LineChannel, putting back the bytes it read ahead. */
function transportOf(from: Duplex | LineChannel): Duplex {
  if (!(from instanceof LineChannel)) return from;
  const rest = from.release();
  // unshift puts them in front of anything still buffered; TLSConnection reads them first.
  if (rest.length > 0) from.stream.unshift(rest);
  return from.stream;
}

/**
 * Runs a client handshake over an already connected socket (or the
 * socket of a LineChannel, after the server accepted STARTTLS) and
 * resolves with the TLSConnection to use from then on; it owns the
 * socket and closes it when closed.
 * @throws what the handshake throws (TLSLocalAlert, TLSRemoteAlert, a
 *   checker's TLSAuthenticationError, TimeoutError); the socket is then closed.
 */
export async function startTLSClient(from: Duplex | LineChannel, options: StartTLSClientOptions = {}): Promise<TLSConnection> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const context = options.context ?? new ClientContext(options);
  const { host, port, path, servername } = options;
  const connection = context.connect(
    transportOf(from),
    {
      ...(host !== undefined && { host }),
      ...(port !== undefined && { port }),
      ...(path !== undefined && { path }),
      ...(servername !== undefined && { servername }),
    },
    { errorEvents: false },
  );
  await connection.handshakePromise;
  return connection;
}

/**
 * Runs a server handshake over an already connected socket (or a
 * LineChannel's, after we answered STARTTLS) and resolves with the
 * TLSConnection to use from then on.
 * @throws what the handshake throws; the socket is then closed.
 */
export async function startTLSServer(from: Duplex | LineChannel, options: StartTLSServerOptions): Promise<TLSConnection> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { provider, handshakeTimeout = 120_000, ignoreAbruptClose, cert: _cert, key: _key, ...handshake } = options;
  const credentials = resolveCredentials(options);
  if (credentials.certChain === undefined && !options.anon) {
    throw new TypeError('startTLSServer() needs a certificate (certChain and privateKey, or cert and key) unless anon');
  }
  if (typeof handshakeTimeout !== 'number' || !(handshakeTimeout >= 0)) throw new RangeError('handshakeTimeout must be a non-negative number');
  const connection = new TLSConnection(transportOf(from), {
    ...(provider !== undefined && { provider }),
    ...(ignoreAbruptClose !== undefined && { ignoreAbruptClose }),
  });
  await connection.handshakeServer({ ...handshake, ...credentials, ...(handshakeTimeout > 0 && { timeout: handshakeTimeout }) });
  return connection;
}
