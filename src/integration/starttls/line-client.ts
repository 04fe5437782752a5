/**
 * What the SMTP, IMAP and POP3 clients share: opening the connection (or
 * adopting a connected socket), the line channel, the switch to TLS in
 * place, and closing.
 *
 * @module
 */
import net from 'node:net';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import type { TLSConnection } from '../../connection/tls-connection.js';
import { LineChannel, type LineChannelOptions } from './line-channel.js';
import { startTLSClient, type StartTLSClientOptions } from './upgrade.js';

/** How a protocol client reaches its server. */
export interface LineClientOptions extends LineChannelOptions {
  /** Server host. Default "localhost". */
  readonly host?: string;
  /** Server port (the protocol's plaintext port by default: SMTP 25, IMAP 143, POP3 110). */
  readonly port?: number;
  /** An already connected socket to speak over instead (host/port then only name the server for SNI and session reuse). */
  readonly socket?: Duplex;
}

/** Opens (or adopts) the connection and wraps it in a LineChannel. */
export async function openLineChannel(options: LineClientOptions, defaultPort: number): Promise<{ channel: LineChannel; host: string; port: number }> {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  const { host = 'localhost', port = defaultPort, socket: given } = options;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new RangeError('port must be an integer from 1 to 65535');
  let socket = given;
  if (socket === undefined) {
    const s = net.connect(port, host);
    const timeout = options.timeout ?? 30_000;
    const timer = timeout > 0 ? setTimeout(() => s.destroy(new DOMException(`no connection to ${host}:${port} within ${timeout} ms`, 'TimeoutError')), timeout) : undefined;
    try {
      await once(s, 'connect');
    } finally {
      clearTimeout(timer);
    }
    socket = s;
  }
  return { channel: new LineChannel(socket, options), host, port };
}

/** The base of the protocol clients: a line channel that can be switched to TLS in place. */
export abstract class LineClient {
  /** Server host (SNI and session cache key). */
  readonly host: string;
  /** Server port. */
  readonly port: number;
  #channel: LineChannel;
  #connection: TLSConnection | undefined;

  protected constructor(channel: LineChannel, host: string, port: number) {
    this.#channel = channel;
    this.host = host;
    this.port = port;
  }

  /** The channel commands go over: plaintext before STARTTLS, TLS after. */
  protected get channel(): LineChannel {
    return this.#channel;
  }

  /** True once the connection was upgraded to TLS. */
  get secure(): boolean {
    return this.#connection !== undefined;
  }

  /** The TLS connection after the upgrade (version, cipher, session, peer certificate), else undefined. */
  get connection(): TLSConnection | undefined {
    return this.#connection;
  }

  /**
   * Switches the connection to TLS in place, after the server accepted
   * the protocol's STARTTLS command.
   */
  protected async upgrade(options: StartTLSClientOptions): Promise<TLSConnection> {
    if (this.#connection !== undefined) throw new Error('the connection already runs TLS');
    const old = this.#channel;
    const connection = await startTLSClient(old, { host: this.host, port: this.port, ...options });
    this.#connection = connection;
    this.#channel = new LineChannel(connection, { maxLineLength: old.maxLineLength, timeout: old.timeout });
    return connection;
  }

  /** Closes the connection at once (after TLS: with close_notify). Prefer the protocol's own quit/logout. */
  close(): void {
    this.#channel.destroy();
  }
}
