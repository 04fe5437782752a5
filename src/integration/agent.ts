/**
 * `TLSAgent`: an `http.Agent` whose connections are this library's
 * TLSConnections, so `http.request`, `http.get` and anything that takes
 * an Agent speak HTTPS through tlslite-ng (the seed's HTTPTLSConnection,
 * the Node way). Keep-alive and socket pooling are http.Agent's own; the
 * agent adds TLS session reuse: every new connection to the same
 * host:port:servername offers the last session made with it, so only the
 * first connection pays for a full handshake.
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
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TLSConnection, type ClientCertHandshakeOptions } from '../connection/tls-connection.js';
import { resolveCredentials, type CredentialOptions } from '../connection/credentials.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { HandshakeSettings } from '../settings.js';
import type { CheckerLike } from '../handshake/options.js';
import { SessionCache } from '../session/session-cache.js';

/** Options of `TLSAgent`: http.Agent's, plus the TLS client options of `connect()` and the seed's HTTPTLSConnection. */
export interface TLSAgentOptions extends http.AgentOptions, CredentialOptions {
  /** Protocol versions, suites and extensions. Default `new HandshakeSettings()`. */
  readonly settings?: HandshakeSettings;
  /** Authenticates the server after each handshake (e.g. a fingerprint `Checker`); throwing fails the request. */
  readonly checker?: CheckerLike;
  /** The crypto provider. Default: per the settings, else `defaultProvider()`. */
  readonly provider?: CryptoProvider;
  /** SNI name for every connection, instead of the request's host (`''`: send none). */
  readonly servername?: string;
  /** ALPN protocols to offer (HTTP/1.1 only is spoken over them: offer at most "http/1.1"). */
  readonly ALPNProtocols?: ReadonlyArray<string | Uint8Array>;
  /** Handshake time limit in ms (the request fails with a TimeoutError). Default 120 000, as `connect()`. */
  readonly handshakeTimeout?: number;
  /** Accept a transport end without close_notify as a normal end (the seed's `ignoreAbruptClose`). Default false. */
  readonly ignoreAbruptClose?: boolean;
  /**
   * How many TLS sessions to keep for resumption (one per
   * host:port:servername; the oldest goes when full), as https.Agent's
   * `maxCachedSessions`. Default 100; 0 turns session reuse off.
   */
  readonly maxCachedSessions?: number;
  /**
   * SRP username (RFC 5054), with `srpPassword`: connections then use the
   * seed's `handshakeClientSRP` instead of a certificate handshake. Needs
   * a build whose TLSConnection has `handshakeClientSRP`; the constructor
   * throws otherwise.
   */
  readonly srpUsername?: string;
  /** SRP password; see `srpUsername`. */
  readonly srpPassword?: string;
}

/** The options http.Agent hands to `createConnection` (net.connect's, plus the SNI name it computed). */
export type TLSAgentConnectOptions = net.NetConnectOpts & { servername?: string; host?: string; port?: number };

/** `TLSConnection.handshakeClientSRP`, as the SRP work adds it (RFC 5054). */
type SRPHandshake = (username: string, password: string, options: ClientCertHandshakeOptions) => Promise<void>;

/** The names of the options that are ours, not http.Agent's (kept out of what http.Agent copies into every request). */
const TLS_OPTION_NAMES = [
  'settings',
  'checker',
  'provider',
  'servername',
  'ALPNProtocols',
  'handshakeTimeout',
  'ignoreAbruptClose',
  'maxCachedSessions',
  'srpUsername',
  'srpPassword',
  'cert',
  'key',
  'certChain',
  'privateKey',
] as const;

/**
 * An `http.Agent` for `https:` URLs whose sockets are TLSConnections.
 *
 * ```ts
 * const agent = new TLSAgent({ keepAlive: true, checker: new Checker({ x509Fingerprint }) });
 * https.get('https://example.test/', { agent }, (res) => ...); // or http.get with an https: URL
 * ```
 *
 * Events beyond http.Agent's: 'session' (session, name) when a connection
 * produced a session that later connections to `name` will offer.
 */
export class TLSAgent extends http.Agent {
  /** Default port of `https:` (http.ClientRequest reads it). */
  defaultPort = 443;
  /** The URL protocol this agent serves: http.ClientRequest refuses URLs of any other. */
  readonly protocol = 'https:';
  /** Sessions for resumption, keyed by a hash of "host:port:servername"; undefined when turned off. */
  readonly sessionCache: SessionCache | undefined;

  readonly #tls: TLSAgentOptions;
  readonly #credentials: ReturnType<typeof resolveCredentials>;
  readonly #handshakeTimeout: number;

  constructor(options: TLSAgentOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    const agentOptions: Record<string, unknown> = { ...options };
    for (const name of TLS_OPTION_NAMES) delete agentOptions[name];
    super(agentOptions as http.AgentOptions);
    this.#tls = options;
    // Fail here, not at the first request, when the certificate or key is unusable.
    this.#credentials = resolveCredentials(options);
    const { maxCachedSessions = 100, handshakeTimeout = 120_000, srpUsername, srpPassword } = options;
    if (!Number.isSafeInteger(maxCachedSessions) || maxCachedSessions < 0) {
      throw new RangeError('maxCachedSessions must be a non-negative integer');
    }
    if (typeof handshakeTimeout !== 'number' || !(handshakeTimeout >= 0)) {
      throw new RangeError('handshakeTimeout must be a non-negative number of milliseconds (0: no limit)');
    }
    this.#handshakeTimeout = handshakeTimeout;
    if ((srpUsername === undefined) !== (srpPassword === undefined)) {
      throw new TypeError('srpUsername and srpPassword go together');
    }
    if (srpUsername !== undefined) {
      if (typeof srpUsername !== 'string' || typeof srpPassword !== 'string') throw new TypeError('srpUsername and srpPassword must be strings');
      // SRP is added to TLSConnection separately (RFC 5054); fail clearly where it is missing.
      if (typeof (TLSConnection.prototype as { handshakeClientSRP?: unknown }).handshakeClientSRP !== 'function') {
        throw new TypeError('srpUsername needs SRP support (TLSConnection.handshakeClientSRP), which this build lacks');
      }
    }
    if (options.servername !== undefined && typeof options.servername !== 'string') throw new TypeError('servername must be a string');
    this.sessionCache = maxCachedSessions > 0 ? new SessionCache(maxCachedSessions) : undefined;
  }

  /**
   * The pool key: http.Agent's (host, port, local address, family) plus
   * the SNI name, so connections for different names never share a socket.
   */
  override getName(options: http.ClientRequestArgs & { servername?: string } = {}): string {
    return `${super.getName(options)}:${this.#servername(options) ?? ''}`;
  }

  /**
   * Opens the TCP connection and starts the client handshake over it,
   * offering the cached session for this host:port:servername. http.Agent
   * calls this; the returned connection queues the request until the
   * handshake completed, and a failed handshake is the request's 'error'.
   */
  override createConnection(options: TLSAgentConnectOptions, _callback?: (error: Error | null, socket: Duplex) => void): Duplex {
    // Returning the connection is the synchronous form http.Agent accepts; the callback is then unused.
    const o = this.#tls;
    const servername = this.#servername(options);
    const socket = net.connect({ ...options, ...(options.host === undefined && { host: 'localhost' }) } as net.NetConnectOpts);
    const connection = new TLSConnection(socket, {
      handshakeErrorEvents: true,
      ...(o.provider !== undefined && { provider: o.provider }),
      ...(o.ignoreAbruptClose !== undefined && { ignoreAbruptClose: o.ignoreAbruptClose }),
    });
    const key = this.#sessionKey(options, servername);
    const session = key === undefined ? undefined : this.sessionCache!.get(key);
    const handshake: ClientCertHandshakeOptions = {
      ...(o.settings !== undefined && { settings: o.settings }),
      ...(o.checker !== undefined && { checker: o.checker }),
      ...(o.ALPNProtocols !== undefined && { alpn: o.ALPNProtocols }),
      ...(servername !== undefined && servername !== '' && { serverName: servername }),
      ...(session !== undefined && { session }),
      ...(this.#handshakeTimeout > 0 && { timeout: this.#handshakeTimeout }),
    };
    const started =
      o.srpUsername !== undefined
        ? (connection as unknown as { handshakeClientSRP: SRPHandshake }).handshakeClientSRP(o.srpUsername, o.srpPassword!, handshake)
        : connection.handshakeClientCert(this.#credentials.certChain, this.#credentials.privateKey, handshake);
    started.then(
      () => {
        const made = connection.session;
        if (key !== undefined && made !== undefined && made.valid()) {
          this.sessionCache!.set(key, made);
          this.emit('session', made, `${options.host}:${options.port}:${servername ?? ''}`);
        }
        connection.emit('secureConnect');
      },
      () => {
        // RFC 5246 7.2.2: a session whose connection failed is not offered again.
        if (key !== undefined) this.sessionCache!.delete(key);
        // The error itself reaches the request as the connection's 'error' (handshakeErrorEvents).
      },
    );
    return connection;
  }

  /** The SNI name: the agent's, else the one http.Agent derived from the Host header ('' for IP addresses). */
  #servername(options: { servername?: string; host?: string | null }): string | undefined {
    if (this.#tls.servername !== undefined) return this.#tls.servername;
    if (options.servername !== undefined) return options.servername;
    const host = options.host ?? undefined;
    return host !== undefined && net.isIP(host) === 0 ? host : undefined;
  }

  /** The session cache key for a destination (SessionCache takes 1-32 byte IDs: a SHA-256 of the name). */
  #sessionKey(options: TLSAgentConnectOptions, servername: string | undefined): Uint8Array | undefined {
    if (this.sessionCache === undefined) return undefined;
    const where = 'path' in options && options.path ? `unix:${options.path}` : `${options.host ?? 'localhost'}:${options.port ?? 443}`;
    return createHash('sha256').update(`${where}:${servername ?? ''}`).digest();
  }

  /** Forgets every cached session (e.g. after the server's keys changed). */
  clearSessions(): void {
    this.sessionCache?.clear();
  }
}
