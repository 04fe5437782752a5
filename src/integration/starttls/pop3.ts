/**
 * `POP3Client`: just enough POP3 (RFC 1939) to upgrade with STLS
 * (RFC 2595 4), log in (USER/PASS) and read the mailbox's size: the
 * seed's POP3_TLS, for Node.
 *
 * ```ts
 * const pop = await POP3Client.connect({ host: 'mail.example' });
 * await pop.stls({ checker });
 * await pop.login('user', 'password');
 * const { count, size } = await pop.stat();
 * await pop.quit();
 * ```
 *
 * @module
 */
import type { TLSConnection } from '../../connection/tls-connection.js';
import { LineClient, openLineChannel, type LineClientOptions } from './line-client.js';
import { MailProtocolError, type LineChannel } from './line-channel.js';
import type { StartTLSClientOptions } from './upgrade.js';

/** Options of `POP3Client.connect` (port 110 by default). */
export type POP3ClientOptions = LineClientOptions;

/** A POP3 client connection. */
export class POP3Client extends LineClient {
  /** The server's greeting, after "+OK". */
  readonly greeting: string;
  /** The capabilities from the last CAPA (upper case); empty right after STLS until asked again. */
  capabilities: readonly string[] = [];

  private constructor(channel: LineChannel, host: string, port: number, greeting: string) {
    super(channel, host, port);
    this.greeting = greeting;
  }

  /** Connects and reads the greeting. @throws MailProtocolError unless it is +OK. */
  static async connect(options: POP3ClientOptions = {}): Promise<POP3Client> {
    const { channel, host, port } = await openLineChannel(options, 110);
    try {
      const line = await channel.readLine();
      if (!/^\+OK\b/.test(line)) throw new MailProtocolError('the POP3 server did not greet with +OK', line);
      return new POP3Client(channel, host, port, line.slice(3).trim());
    } catch (error) {
      channel.destroy();
      throw error;
    }
  }

  /** Sends a command and returns the text after "+OK". @throws MailProtocolError on -ERR. */
  async command(command: string, shown = command): Promise<string> {
    await this.channel.writeLine(command);
    const line = await this.channel.readLine();
    if (/^\+OK\b/.test(line)) return line.slice(3).trim();
    throw new MailProtocolError(`${shown} was refused`, line);
  }

  /** A command with a multi-line answer (RFC 1939 3: ends with ".", leading dots unstuffed). */
  async multiline(command: string): Promise<string[]> {
    await this.command(command);
    const lines: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const line = await this.channel.readLine();
      if (line === '.') return lines;
      lines.push(line.startsWith('.') ? line.slice(1) : line);
    }
    throw new MailProtocolError('a POP3 answer of more than 100000 lines');
  }

  /** CAPA (RFC 2449); returns (and keeps) the capabilities. */
  async capa(): Promise<readonly string[]> {
    this.capabilities = (await this.multiline('CAPA')).map((c) => c.toUpperCase());
    return this.capabilities;
  }

  /** Whether the last CAPA listed `name` (its first word, e.g. "STLS", "USER"). */
  hasCapability(name: string): boolean {
    const n = name.toUpperCase();
    return this.capabilities.some((c) => c.split(' ')[0] === n);
  }

  /**
   * STLS (RFC 2595 4), then the TLS handshake over the same socket; the
   * capabilities are asked again afterwards (RFC 2595 4: they may differ).
   * @throws MailProtocolError when STLS is not offered or refused; the handshake's errors.
   */
  async stls(options: StartTLSClientOptions = {}): Promise<TLSConnection> {
    if (this.secure) throw new Error('the connection already runs TLS');
    if (this.capabilities.length === 0) await this.capa();
    if (!this.hasCapability('STLS')) throw new MailProtocolError('the POP3 server does not offer STLS', this.capabilities.join(' '));
    await this.command('STLS');
    this.capabilities = [];
    const connection = await this.upgrade(options);
    await this.capa();
    return connection;
  }

  /**
   * USER and PASS (RFC 1939 7). Refused before STLS: the password would
   * cross the network in the clear.
   */
  async login(username: string, password: string): Promise<string> {
    if (typeof username !== 'string' || typeof password !== 'string') throw new TypeError('username and password must be strings');
    if (!this.secure) throw new MailProtocolError('login() before stls() would send the password in the clear');
    await this.command(`USER ${username}`);
    return this.command(`PASS ${password}`, 'PASS');
  }

  /** STAT: the number of messages and their total size in octets. */
  async stat(): Promise<{ count: number; size: number }> {
    const text = await this.command('STAT');
    const m = /^(\d+) (\d+)/.exec(text);
    if (!m) throw new MailProtocolError('STAT gave no count and size', text);
    return { count: Number(m[1]), size: Number(m[2]) };
  }

  /** QUIT and close the connection. */
  async quit(): Promise<string> {
    try {
      return await this.command('QUIT');
    } finally {
      await this.connection?.close(1000).catch(() => {});
      this.close();
    }
  }
}
