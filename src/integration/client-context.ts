/**
 * `ClientContext`: what every client integration (TLSAgent, the undici
 * connector, STARTTLS helpers) shares: validated TLS client options and
 * a session cache, and one way to start a client handshake over a
 * transport that offers the cached session for the destination and
 * stores the new one (as node:https.Agent and undici keep theirs).
 *
 * @module
 */
import net from 'node:net';
import { createHash } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { TLSConnection, type ClientCertHandshakeOptions } from '../connection/tls-connection.js';
import { resolveCredentials, type CredentialOptions } from '../connection/credentials.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { HandshakeSettings } from '../settings.js';
import type { CheckerLike } from '../handshake/options.js';
import type { Session } from '../session/session.js';
import { SessionCache } from '../session/session-cache.js';

/** TLS client options shared by the integrations (the options of `connect()` that are not about the transport). */
export interface TLSClientOptions extends CredentialOptions {
  /** Protocol versions, suites and extensions. Default `new HandshakeSettings()`. */
  readonly settings?: HandshakeSettings;
  /** Authenticates the server after each handshake (e.g. a fingerprint `Checker`); throwing fails the connection. */
  readonly checker?: CheckerLike;
  /** The crypto provider. Default: per the settings, else `defaultProvider()`. */
  readonly provider?: CryptoProvider;
  /** SNI name for every connection, instead of the destination's host name (`''`: send none). */
  readonly servername?: string;
  /** ALPN protocols to offer, in preference order. */
  readonly ALPNProtocols?: ReadonlyArray<string | Uint8Array>;
  /** Handshake time limit in ms (the connection fails with a TimeoutError). Default 120 000, as `connect()`; 0: none. */
  readonly handshakeTimeout?: number;
  /** Accept a transport end without close_notify as a normal end (the seed's `ignoreAbruptClose`). Default false. */
  readonly ignoreAbruptClose?: boolean;
  /**
   * How many TLS sessions to keep for resumption, one per destination
   * (host:port:servername), the oldest going when full, as node:https's
   * `maxCachedSessions`. Default 100; 0 turns session reuse off.
   */
  readonly maxCachedSessions?: number;
  /**
   * SRP username (RFC 5054), with `srpPassword`: connections then use the
   * seed's `handshakeClientSRP` instead of a certificate handshake. Needs
   * a build whose TLSConnection has `handshakeClientSRP`; construction
   * throws otherwise.
   */
  readonly srpUsername?: string;
  /** SRP password; see `srpUsername`. */
  readonly srpPassword?: string;
}

/** The option names of `TLSClientOptions` (to split them from other options). */
export const TLS_CLIENT_OPTION_NAMES = [
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

/** Where a connection goes: the session cache key, and the default SNI name. */
export interface Destination {
  /** Host name or address (SNI defaults to it unless it is an IP address, RFC 6066 3). */
  readonly host?: string;
  readonly port?: number;
  /** A Unix socket path, when that is the transport. */
  readonly path?: string;
  /** SNI name for this connection (overridden by the context's `servername`); '' for none. */
  readonly servername?: string;
}

/** Per-connection choices of `ClientContext.connect`. */
export interface ConnectExtras {
  /** Close the transport with the connection (TLSConnection's `closeSocket`). Default true. */
  readonly closeSocket?: boolean;
  /** Report a failed handshake as the connection's 'error' event too (as node:tls). Default true. */
  readonly errorEvents?: boolean;
}

/** `TLSConnection.handshakeClientSRP`, as the SRP work adds it (RFC 5054). */
type SRPHandshake = (username: string, password: string, options: ClientCertHandshakeOptions) => Promise<void>;

/** Validated client options plus a session cache; starts client handshakes over given transports. */
export class ClientContext {
  /** Sessions for resumption, keyed by a hash of "host:port:servername"; undefined when turned off. */
  readonly sessionCache: SessionCache | undefined;
  readonly options: TLSClientOptions;
  readonly #credentials: ReturnType<typeof resolveCredentials>;
  readonly #handshakeTimeout: number;

  constructor(options: TLSClientOptions = {}) {
    if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
    // Fail here, not at the first connection, when the certificate or key is unusable.
    this.#credentials = resolveCredentials(options);
    const { maxCachedSessions = 100, handshakeTimeout = 120_000, srpUsername, srpPassword, servername } = options;
    if (!Number.isSafeInteger(maxCachedSessions) || maxCachedSessions < 0) {
      throw new RangeError('maxCachedSessions must be a non-negative integer');
    }
    if (typeof handshakeTimeout !== 'number' || !(handshakeTimeout >= 0)) {
      throw new RangeError('handshakeTimeout must be a non-negative number of milliseconds (0: no limit)');
    }
    if (servername !== undefined && typeof servername !== 'string') throw new TypeError('servername must be a string');
    if ((srpUsername === undefined) !== (srpPassword === undefined)) throw new TypeError('srpUsername and srpPassword go together');
    if (srpUsername !== undefined) {
      if (typeof srpUsername !== 'string' || typeof srpPassword !== 'string') throw new TypeError('srpUsername and srpPassword must be strings');
      // SRP is added to TLSConnection separately (RFC 5054); fail clearly where it is missing.
      if (typeof (TLSConnection.prototype as { handshakeClientSRP?: unknown }).handshakeClientSRP !== 'function') {
        throw new TypeError('srpUsername needs SRP support (TLSConnection.handshakeClientSRP), which this build lacks');
      }
    }
    this.options = options;
    this.#handshakeTimeout = handshakeTimeout;
    this.sessionCache = maxCachedSessions > 0 ? new SessionCache(maxCachedSessions) : undefined;
  }

  /** The SNI name for a destination: the context's, else the destination's, else its host unless that is an IP address. */
  servername(destination: Destination): string | undefined {
    if (this.options.servername !== undefined) return this.options.servername;
    if (destination.servername !== undefined) return destination.servername;
    const host = destination.host;
    return host !== undefined && net.isIP(host) === 0 ? host : undefined;
  }

  /**
   * Wraps `transport` in a TLSConnection and starts the client handshake,
   * offering the cached session for `destination`; the new session is
   * cached once the handshake succeeded, and a failed handshake drops the
   * cached one (RFC 5246 7.2.2). The connection emits 'secureConnect'
   * when done and 'error' if it failed, as node:tls; `handshakePromise`
   * says the same.
   */
  connect(transport: Duplex, destination: Destination, extra: ConnectExtras = {}): TLSConnection {
    const o = this.options;
    const servername = this.servername(destination);
    const connection = new TLSConnection(transport, {
      handshakeErrorEvents: extra.errorEvents ?? true,
      ...(o.provider !== undefined && { provider: o.provider }),
      ...(o.ignoreAbruptClose !== undefined && { ignoreAbruptClose: o.ignoreAbruptClose }),
      ...(extra.closeSocket !== undefined && { closeSocket: extra.closeSocket }),
    });
    const key = this.#sessionKey(destination, servername);
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
        const made: Session | undefined = connection.session;
        if (key !== undefined && made !== undefined && made.valid()) this.sessionCache!.set(key, made);
        connection.emit('secureConnect');
      },
      () => {
        if (key !== undefined) this.sessionCache!.delete(key);
        // The error itself is the handshake promise's rejection, and the connection's 'error' with errorEvents.
      },
    );
    return connection;
  }

  /** The session cache key (SessionCache takes 1-32 byte IDs: a SHA-256 of "host:port:servername"). */
  #sessionKey(destination: Destination, servername: string | undefined): Uint8Array | undefined {
    if (this.sessionCache === undefined) return undefined;
    const where = destination.path ? `unix:${destination.path}` : `${destination.host ?? 'localhost'}:${destination.port ?? 443}`;
    return createHash('sha256').update(`${where}:${servername ?? ''}`).digest();
  }
}
