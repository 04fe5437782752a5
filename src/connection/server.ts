/**
 * `createServer()`: a TLS server in the shape of node:tls.createServer.
 * Each accepted TCP connection becomes a TLSConnection that runs a server
 * handshake; 'secureConnection' gets it once the handshake completed,
 * 'tlsClientError' gets the error (and the connection) when it failed.
 * One failed or hostile client never affects the others.
 *
 * @module
 */
import net from 'node:net';
import { TLSConnection, type TLSConnectionOptions } from './tls-connection.js';
import { resolveCredentials, type CredentialOptions } from './credentials.js';
import type { ServerHandshakeOptions } from '../handshake/options.js';
import { SessionCache } from '../session/session-cache.js';

/** Options of `createServer()`: node:tls names where node:tls has one, the seed's otherwise. */
export interface TLSServerOptions
  extends Omit<TLSConnectionOptions, 'handshakeErrorEvents'>,
    CredentialOptions,
    Omit<ServerHandshakeOptions, 'certChain' | 'privateKey' | 'alpn'> {
  /** ALPN protocols the server accepts, in its preference order (node:tls `ALPNProtocols`). */
  readonly ALPNProtocols?: ReadonlyArray<string | Uint8Array>;
  /** Handshake time limit in ms. Default 120 000, as node:tls. */
  readonly handshakeTimeout?: number;
  /** net.Server options. */
  readonly pauseOnConnect?: boolean;
}

/** A TLS server: a net.Server whose connections are TLSConnections. */
export class TLSServer extends net.Server {
  readonly #options: TLSServerOptions;
  readonly #handshake: ServerHandshakeOptions;

  constructor(options: TLSServerOptions = {}, listener?: (connection: TLSConnection) => void) {
    super({ pauseOnConnect: options.pauseOnConnect ?? false });
    // Fail at creation, not at the first client, when the certificate or key is unusable.
    const credentials = resolveCredentials(options);
    if (credentials.certChain === undefined && (options.certificates?.length ?? 0) === 0 && !options.anon && options.verifierDB === undefined) {
      throw new TypeError('createServer() needs a certificate (certChain and privateKey, cert and key, or certificates) unless anon or verifierDB');
    }
    this.#options = options;
    const {
      ALPNProtocols,
      handshakeTimeout: _t,
      pauseOnConnect: _p,
      provider: _provider,
      closeSocket: _c,
      ignoreAbruptClose: _i,
      highWaterMark: _h,
      readableHighWaterMark: _r,
      writableHighWaterMark: _w,
      cert: _cert,
      key: _key,
      ...handshake
    } = options;
    this.#handshake = {
      // As node:tls, a server resumes sessions by id out of the box; pass
      // sessionCache to share or bound the cache (ticketKeys enables tickets).
      sessionCache: new SessionCache(),
      ...handshake,
      ...credentials,
      ...(ALPNProtocols !== undefined && { alpn: ALPNProtocols }),
    };
    if (listener) this.on('secureConnection', listener);
    this.on('connection', (socket: net.Socket) => this.#accept(socket));
  }

  #accept(socket: net.Socket): void {
    const o = this.#options;
    const connection = new TLSConnection(socket, {
      ...(o.provider !== undefined && { provider: o.provider }),
      ...(o.closeSocket !== undefined && { closeSocket: o.closeSocket }),
      ...(o.ignoreAbruptClose !== undefined && { ignoreAbruptClose: o.ignoreAbruptClose }),
      ...(o.highWaterMark !== undefined && { highWaterMark: o.highWaterMark }),
      ...(o.readableHighWaterMark !== undefined && { readableHighWaterMark: o.readableHighWaterMark }),
      ...(o.writableHighWaterMark !== undefined && { writableHighWaterMark: o.writableHighWaterMark }),
    });
    // node:tls's server 'keylog' (line, connection): the handshake runs before
    // 'secureConnection'. Only when someone listens as the connection comes
    // (as node:tls, which turns key logging on with the listener): key log
    // lines cost hex encoding of every secret.
    if (this.listenerCount('keylog') > 0) {
      connection.on('keylog', (line: Buffer) => {
        if (this.listenerCount('keylog') > 0) this.emit('keylog', line, connection);
      });
    }
    // An error on a socket whose handshake failed must not crash the server.
    socket.on('error', () => {});
    const timeout = o.handshakeTimeout ?? 120_000;
    connection.handshakeServer({ ...this.#handshake, ...(timeout > 0 && { timeout }) }).then(
      () => this.emit('secureConnection', connection),
      (error: unknown) => {
        // node:tls: without a listener, a client's failure is silent (it is the client's problem).
        if (this.listenerCount('tlsClientError') > 0) this.emit('tlsClientError', error, connection);
      },
    );
  }
}

/**
 * Creates a TLS server (node:tls.createServer's shape). `listener` is
 * added to 'secureConnection'.
 */
export function createServer(options: TLSServerOptions, listener?: (connection: TLSConnection) => void): TLSServer {
  return new TLSServer(options, listener);
}
