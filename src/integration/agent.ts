/**
 * `TLSAgent`: an `http.Agent` whose connections are this library's
 * TLSConnections, so `http.request`, `http.get`, `https.request` and
 * anything that takes an Agent speak HTTPS through tlslite-ng (the seed's
 * HTTPTLSConnection, the Node way). Keep-alive and socket pooling are
 * http.Agent's own; the agent adds TLS session reuse: a new connection to
 * the same host:port:servername offers the last session made with it, so
 * only the first connection pays for a full handshake.
 *
 * AUTHENTICATION: as with `connect()`, certificate chains and host names
 * are not validated in this release. Pin the server with a `checker`
 * (e.g. `new Checker({ x509Fingerprint })`); without one any server
 * certificate is accepted.
 *
 * @module
 */
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ClientContext, TLS_CLIENT_OPTION_NAMES, type TLSClientOptions } from './client-context.js';
import type { SessionCache } from '../session/session-cache.js';

/** Options of `TLSAgent`: http.Agent's, plus the TLS client options (the seed's HTTPTLSConnection arguments). */
export interface TLSAgentOptions extends http.AgentOptions, TLSClientOptions {}

/** The options http.Agent hands to `createConnection` (net.connect's, plus the SNI name it derived from the Host header). */
export type TLSAgentConnectOptions = net.NetConnectOpts & { servername?: string; host?: string; port?: number };

/**
 * An `http.Agent` for `https:` URLs whose sockets are TLSConnections.
 *
 * ```ts
 * const agent = new TLSAgent({ keepAlive: true, checker: new Checker({ x509Fingerprint }) });
 * https.get('https://example.test/', { agent }, (res) => ...); // http.get takes it too
 * ```
 */
export class TLSAgent extends http.Agent {
  /** Default port of `https:` (http.ClientRequest reads it). */
  defaultPort = 443;
  /** The URL protocol this agent serves: http.ClientRequest refuses URLs of any other. */
  readonly protocol = 'https:';
  /** The TLS options and the session cache. */
  readonly context: ClientContext;

  constructor(options: TLSAgentOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    // http.Agent copies its options into every request: keep ours (keys, checkers) out of them.
    const agentOptions: Record<string, unknown> = { ...options };
    for (const name of TLS_CLIENT_OPTION_NAMES) delete agentOptions[name];
    super(agentOptions as http.AgentOptions);
    this.context = new ClientContext(options);
  }

  /** Sessions kept for resumption (one per host:port:servername); undefined when `maxCachedSessions` is 0. */
  get sessionCache(): SessionCache | undefined {
    return this.context.sessionCache;
  }

  /**
   * The pool key: http.Agent's (host, port, local address, family) plus
   * the SNI name, so connections for different names never share a socket.
   */
  override getName(options: http.ClientRequestArgs & { servername?: string } = {}): string {
    const { host, servername } = options;
    return `${super.getName(options)}:${this.context.servername({ ...(host != null && { host }), ...(servername !== undefined && { servername }) }) ?? ''}`;
  }

  /**
   * Opens the TCP connection and starts the client handshake over it.
   * http.Agent calls this; the returned connection queues the request
   * until the handshake completed, and a failed handshake becomes the
   * request's 'error'.
   */
  override createConnection(options: TLSAgentConnectOptions, _callback?: (error: Error | null, socket: Duplex) => void): Duplex {
    // Returning the connection is the synchronous form http.Agent accepts; the callback is then unused.
    const socket = net.connect({ ...options, ...(options.host === undefined && { host: 'localhost' }) } as net.NetConnectOpts);
    const path = 'path' in options && typeof options.path === 'string' ? options.path : undefined;
    return this.context.connect(socket, {
      ...(options.host !== undefined && { host: options.host }),
      ...(options.port !== undefined && { port: options.port }),
      ...(path !== undefined && { path }),
      ...(options.servername !== undefined && { servername: options.servername }),
    });
  }

  /** Forgets every cached session (e.g. after the server's keys changed). */
  clearSessions(): void {
    this.context.sessionCache?.clear();
  }
}
