/**
 * `connect()`: a TLS client connection in the shape of node:tls.connect,
 * so a Node user can switch with few changes.
 *
 * AUTHENTICATION: this release does not validate certificate chains or
 * host names (that comes in a later release). The server is authenticated
 * only if you pass a `checker` (e.g. the seed's Checker with an
 * `x509Fingerprint`); without one, any server certificate is accepted, as
 * in tlslite-ng. node:tls's `rejectUnauthorized`/`ca` have no effect here.
 *
 * @module
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { TLSConnection, type TLSConnectionOptions } from './tls-connection.js';
import { resolveCredentials, type CredentialOptions } from './credentials.js';
import type { ClientHandshakeOptions } from '../handshake/options.js';

/** Options of `connect()`: node:tls names where node:tls has one, the seed's otherwise. */
export interface ConnectOptions
  extends TLSConnectionOptions,
    CredentialOptions,
    Omit<ClientHandshakeOptions, 'certChain' | 'privateKey' | 'alpn' | 'serverName'> {
  /** Host to connect to. Default "localhost". */
  readonly host?: string;
  /** Port to connect to (required unless `socket` or `path` is given). */
  readonly port?: number;
  /** A Unix socket path instead of host and port. */
  readonly path?: string;
  /** An already connected transport to run TLS over (STARTTLS, proxies); host/port are then ignored. */
  readonly socket?: Duplex;
  /**
   * SNI host name (node:tls `servername`). Default: `host` when it is a
   * DNS name (RFC 6066 3: IP addresses are never sent).
   */
  readonly servername?: string;
  /** ALPN protocols in preference order (node:tls `ALPNProtocols`). */
  readonly ALPNProtocols?: ReadonlyArray<string | Uint8Array>;
  /** Handshake time limit in ms (rejects with a TimeoutError). Default 120 000, as node:tls's server. */
  readonly timeout?: number;
  /** Aborts the connection attempt. */
  readonly signal?: AbortSignal;
}

/**
 * Opens a TCP connection (or uses `options.socket`) and runs a client
 * handshake over it. Returns the TLSConnection at once; it emits
 * 'secureConnect' when the handshake completed (`listener` is added for
 * it) and 'error' if it failed, as node:tls.
 */
export function connect(options: ConnectOptions, listener?: () => void): TLSConnection {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const {
    host = 'localhost',
    port,
    path,
    socket: given,
    servername,
    ALPNProtocols,
    timeout = 120_000,
    signal,
    provider,
    closeSocket,
    ignoreAbruptClose,
    highWaterMark,
    readableHighWaterMark,
    writableHighWaterMark,
    cert: _cert,
    key: _key,
    certChain: _certChain,
    privateKey: _privateKey,
    ...handshake
  } = options;
  const credentials = resolveCredentials(options);
  let socket: Duplex;
  if (given !== undefined) socket = given;
  else if (path !== undefined) socket = net.connect(path);
  else if (port !== undefined) socket = net.connect(port, host);
  else throw new TypeError('connect() needs port, path or socket');

  const connection = new TLSConnection(socket, {
    handshakeErrorEvents: true,
    ...(provider !== undefined && { provider }),
    ...(closeSocket !== undefined && { closeSocket }),
    ...(ignoreAbruptClose !== undefined && { ignoreAbruptClose }),
    ...(highWaterMark !== undefined && { highWaterMark }),
    ...(readableHighWaterMark !== undefined && { readableHighWaterMark }),
    ...(writableHighWaterMark !== undefined && { writableHighWaterMark }),
  });
  if (listener) connection.once('secureConnect', listener);
  const name = servername ?? (given === undefined && path === undefined && net.isIP(host) === 0 ? host : undefined);
  // The ClientHello may be written before TCP connects: the socket queues it.
  connection
    .handshakeClientCert(credentials.certChain, credentials.privateKey, {
      ...handshake,
      ...(name !== undefined && name !== '' && { serverName: name }),
      ...(ALPNProtocols !== undefined && { alpn: ALPNProtocols }),
      ...(timeout > 0 && { timeout }),
      ...(signal !== undefined && { signal }),
    })
    .then(
      () => connection.emit('secureConnect'),
      () => {
        // Reported as the stream's 'error' (handshakeErrorEvents).
      },
    );
  return connection;
}
