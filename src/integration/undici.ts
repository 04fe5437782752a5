/**
 * undici integration: a `connect` function for undici's `Agent`/`Client`/
 * `Pool` (`new Agent({ connect })`), so requests and `fetch` made through
 * such a dispatcher run their TLS through this library, with session
 * reuse per host:port:servername.
 *
 * undici is an optional peer dependency: `undiciConnector` does not load
 * it at all (it only has to match undici's connector signature), and
 * `createUndiciAgent` imports it when called, so the rest of the library
 * works without undici installed.
 *
 * ```ts
 * import { fetch } from 'undici';
 * const dispatcher = await createUndiciAgent({ checker: new Checker({ x509Fingerprint }) });
 * const res = await fetch('https://example.test/', { dispatcher });
 * ```
 *
 * Only HTTP/1.1 is spoken (ALPN offers "http/1.1"); AUTHENTICATION is the
 * `checker`'s, as everywhere in this release.
 *
 * @module
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { ClientContext, type TLSClientOptions } from './client-context.js';

/** What undici passes to a connector (undici's `buildConnector.Options`). */
export interface UndiciConnectParams {
  readonly hostname: string;
  readonly host?: string;
  readonly protocol: string;
  readonly port: string | number;
  readonly servername?: string | null;
  readonly localAddress?: string | null;
  /** An already connected socket to run TLS over (undici's proxy tunnel). */
  readonly httpSocket?: Duplex;
}

/**
 * undici's connector callback. undici types the socket as a net.Socket;
 * what it gets is a TLSConnection, which has the part of net.Socket's
 * surface undici uses (setNoDelay, setKeepAlive, ref/unref, alpnProtocol,
 * read/write/destroy and their events).
 */
export type UndiciConnectCallback = (...args: [null, net.Socket] | [Error, null]) => void;

/** A connector in undici's shape (`connect` of Agent, Client and Pool options). */
export type UndiciConnector = (params: UndiciConnectParams, callback: UndiciConnectCallback) => void;

/** Options of `undiciConnector`: the TLS client options (handshakeTimeout defaults to undici's 10 s connect timeout). */
export type UndiciConnectorOptions = TLSClientOptions;

/**
 * A connector for undici: `https:` origins get a TLSConnection (offering
 * ALPN "http/1.1" unless `ALPNProtocols` says otherwise), `http:` origins
 * a plain TCP socket, as undici's own connector does.
 */
export function undiciConnector(options: UndiciConnectorOptions = {}): UndiciConnector {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const context = new ClientContext({ handshakeTimeout: 10_000, ALPNProtocols: ['http/1.1'], ...options });
  return (params, callback) => {
    if (typeof callback !== 'function') throw new TypeError('callback must be a function');
    const port = Number(params.port) || (params.protocol === 'https:' ? 443 : 80);
    // undici gives IPv6 hosts without brackets in hostname.
    const connectTo: net.NetConnectOpts = { host: params.hostname, port, ...(params.localAddress ? { localAddress: params.localAddress } : {}) };
    let settled = false;
    const settle = (error: Error | null, socket: Duplex | null) => {
      if (settled) return;
      settled = true;
      if (error !== null) callback(error, null);
      else callback(null, socket as net.Socket);
    };
    if (params.protocol !== 'https:') {
      const socket = net.connect(connectTo);
      socket.setNoDelay(true);
      socket.once('connect', () => settle(null, socket)).once('error', (error) => settle(error, null));
      return;
    }
    const transport = params.httpSocket ?? net.connect(connectTo);
    const connection = context.connect(transport, {
      host: params.hostname,
      port,
      ...(params.servername ? { servername: params.servername } : {}),
    });
    connection.setNoDelay(true);
    connection.once('secureConnect', () => settle(null, connection));
    connection.once('error', (error) => settle(error, null));
  };
}

/** The part of undici's module `createUndiciAgent` uses. */
interface UndiciModule {
  Agent: new (options: { connect: UndiciConnector } & Record<string, unknown>) => unknown;
}

/**
 * Imports undici (an optional peer dependency) and returns an undici
 * `Agent` whose TLS is ours: pass it as `dispatcher` to undici's `fetch`
 * or `request`, or to `setGlobalDispatcher`. `agentOptions` are undici
 * Agent options (connections, keepAliveTimeout, ...).
 * @throws Error naming undici when it is not installed.
 */
export async function createUndiciAgent<A = unknown>(options: UndiciConnectorOptions = {}, agentOptions: Record<string, unknown> = {}): Promise<A> {
  const connect = undiciConnector(options);
  let undici: UndiciModule;
  try {
    undici = (await import('undici' as string)) as UndiciModule;
  } catch (error) {
    throw new Error('createUndiciAgent needs the optional peer dependency undici (npm install undici)', { cause: error });
  }
  return new undici.Agent({ ...agentOptions, connect }) as A;
}
