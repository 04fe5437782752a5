/**
 * An HTTPS server: our `createServer()` for TLS and Node's own
 * `http.Server` for HTTP (the seed's TLSSocketServerMixIn and
 * tests/httpsserver.py, the Node way). Every connection that completes
 * its handshake is handed to an `http.Server` that never listens itself,
 * so requests, responses, keep-alive, pipelining and its timeouts are
 * Node's.
 *
 *     const server = createHTTPSServer({ cert, key }, (req, res) => res.end('hello'));
 *     server.listen(8443, '127.0.0.1');
 *
 * `attachHTTP(httpServer, connection)` serves one established
 * TLSConnection with an `http.Server` (what the `tlslite server` command
 * does after printing its report).
 *
 * @module
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import { TLSServer, type TLSServerOptions } from '../connection/server.js';
import type { TLSConnection } from '../connection/tls-connection.js';

/** Options of `createHTTPSServer()`: the TLS server's, plus Node's http.Server options. */
export interface HTTPSServerOptions extends TLSServerOptions {
  /** Passed to `http.createServer` (e.g. `keepAliveTimeout`, `requestTimeout`, `maxHeaderSize`). */
  readonly http?: http.ServerOptions;
}

/** The parts of net.Socket that http.Server calls on its connections. */
interface SocketLike {
  setTimeout(ms: number, callback?: () => void): unknown;
  setNoDelay(noDelay?: boolean): unknown;
  setKeepAlive(enable?: boolean, delay?: number): unknown;
  destroySoon(): void;
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly localAddress?: string;
  readonly localPort?: number;
}

/**
 * Gives a TLSConnection the net.Socket methods http.Server uses (node:tls's
 * TLSSocket inherits them from net.Socket): idle timeouts and socket
 * options go to the transport, and the transport's 'timeout' is
 * re-emitted on the connection. Methods the connection already has are
 * left alone.
 */
export function adaptForHTTP(connection: TLSConnection): TLSConnection & SocketLike {
  const c = connection as TLSConnection & Partial<SocketLike> & Record<string, unknown>;
  const transport = connection.socket as Partial<Socket>;
  const define = (name: string, value: unknown) => {
    if (!(name in c)) Object.defineProperty(c, name, { value, configurable: true, writable: true });
  };
  const getter = (name: keyof SocketLike & string) => {
    if (!(name in c)) Object.defineProperty(c, name, { get: () => (transport as Record<string, unknown>)[name], configurable: true });
  };
  let forwarding = false;
  define('setTimeout', (ms: number, callback?: () => void) => {
    if (typeof transport.setTimeout === 'function') {
      if (!forwarding) {
        forwarding = true;
        transport.on?.('timeout', () => c.emit('timeout'));
      }
      transport.setTimeout(ms);
    }
    if (callback !== undefined) {
      if (ms === 0) c.removeListener('timeout', callback);
      else c.once('timeout', callback);
    }
    return c;
  });
  define('setNoDelay', (noDelay?: boolean) => {
    transport.setNoDelay?.(noDelay);
    return c;
  });
  define('setKeepAlive', (enable?: boolean, delay?: number) => {
    transport.setKeepAlive?.(enable, delay);
    return c;
  });
  // Ends after what is queued has been written: close_notify, then the transport.
  define('destroySoon', () => {
    if (c.writable) c.end();
    else c.destroy();
  });
  getter('remoteAddress');
  getter('remotePort');
  getter('localAddress');
  getter('localPort');
  return c as TLSConnection & SocketLike;
}

/** Serves an established TLSConnection with `httpServer` (which need not listen). */
export function attachHTTP(httpServer: http.Server, connection: TLSConnection): void {
  httpServer.emit('connection', adaptForHTTP(connection));
}

/** A TLS server whose connections speak HTTP/1.1 through Node's http.Server. */
export class HTTPSServer extends TLSServer {
  /** The http.Server that serves the requests (it never listens itself). */
  readonly httpServer: http.Server;

  constructor(options: HTTPSServerOptions = {}, requestListener?: http.RequestListener) {
    const { http: httpOptions, ...tlsOptions } = options;
    super({ ALPNProtocols: ['http/1.1'], ...tlsOptions });
    this.httpServer = http.createServer(httpOptions ?? {});
    // Events a user of node:https listens for on the server itself are forwarded from the http.Server.
    const forwarded = new Set(['request', 'checkContinue', 'checkExpectation', 'upgrade', 'clientError', 'connect']);
    this.on('newListener', (name: string | symbol) => {
      if (typeof name === 'string' && forwarded.has(name)) {
        forwarded.delete(name);
        this.httpServer.on(name, (...args: unknown[]) => this.emit(name, ...args));
      }
    });
    if (requestListener !== undefined) this.on('request', requestListener);
    this.on('secureConnection', (connection: TLSConnection) => attachHTTP(this.httpServer, connection));
  }

  /** Closes every HTTP connection (node:http's closeAllConnections). */
  closeAllConnections(): void {
    this.httpServer.closeAllConnections();
  }

  /** Closes the HTTP connections that carry no request (node:http's closeIdleConnections). */
  closeIdleConnections(): void {
    this.httpServer.closeIdleConnections();
  }

  /** Stops accepting connections and closes the idle ones (as node:http's close since Node 19). */
  override close(callback?: (error?: Error) => void): this {
    super.close(callback);
    this.httpServer.closeIdleConnections();
    return this;
  }
}

/**
 * Creates an HTTPS server (node:https.createServer's shape): TLS through
 * this library, HTTP through Node's http.Server. `requestListener` is
 * added to 'request'.
 */
export function createHTTPSServer(options: HTTPSServerOptions, requestListener?: http.RequestListener): HTTPSServer {
  return new HTTPSServer(options, requestListener);
}
