/**
 * `SMTPClient`: just enough SMTP (RFC 5321) to greet a server, upgrade
 * with STARTTLS (RFC 3207), authenticate (AUTH PLAIN, RFC 4954/4616) and
 * send commands: the seed's SMTP_TLS (smtplib.SMTP with
 * `starttls(...)` taking tlslite's authentication options), for Node.
 *
 * ```ts
 * const smtp = await SMTPClient.connect({ host: 'mail.example', port: 587 });
 * await smtp.starttls({ checker: new Checker({ x509Fingerprint }) });
 * await smtp.login('user', 'password');
 * await smtp.quit();
 * ```
 *
 * @module
 */
import type { TLSConnection } from '../../connection/tls-connection.js';
import { LineClient, openLineChannel, type LineClientOptions } from './line-client.js';
import type { LineChannel } from './line-channel.js';
import { MailProtocolError } from './line-channel.js';
import type { StartTLSClientOptions } from './upgrade.js';

/** A server reply: the code and each line's text (after "250-" / "250 "). */
export interface SMTPReply {
  readonly code: number;
  readonly lines: readonly string[];
}

/** Options of `SMTPClient.connect`. */
export interface SMTPClientOptions extends LineClientOptions {
  /** The name we give in EHLO. Default "localhost". */
  readonly localName?: string;
}

/** An SMTP client connection. */
export class SMTPClient extends LineClient {
  /** The server's greeting (220). */
  readonly greeting: SMTPReply;
  /** The EHLO name. */
  readonly localName: string;
  /** The extensions from the last EHLO (keyword in upper case -> parameters); empty before EHLO and right after STARTTLS. */
  readonly extensions = new Map<string, string>();

  private constructor(channel: LineChannel, host: string, port: number, greeting: SMTPReply, localName: string) {
    super(channel, host, port);
    this.greeting = greeting;
    this.localName = localName;
  }

  /**
   * Connects (port 25 by default) and reads the greeting.
   * @throws MailProtocolError when the server does not greet with 220.
   */
  static async connect(options: SMTPClientOptions = {}): Promise<SMTPClient> {
    const localName = options.localName ?? 'localhost';
    if (typeof localName !== 'string' || !/^[\x21-\x7e]+$/.test(localName)) throw new TypeError('localName must be a host name or address literal');
    const { channel, host, port } = await openLineChannel(options, 25);
    try {
      const greeting = await readReply(channel);
      if (greeting.code !== 220) throw new MailProtocolError('the SMTP server did not greet with 220', formatReply(greeting));
      return new SMTPClient(channel, host, port, greeting, localName);
    } catch (error) {
      channel.destroy();
      throw error;
    }
  }

  /** Sends one command line and reads the reply (whatever its code). */
  async command(line: string): Promise<SMTPReply> {
    await this.channel.writeLine(line);
    return readReply(this.channel);
  }

  /** EHLO (RFC 5321 4.1.1.1); records the extensions the server lists. @throws MailProtocolError unless 250. */
  async ehlo(): Promise<SMTPReply> {
    const reply = await this.#expect(`EHLO ${this.localName}`, 250);
    this.extensions.clear();
    for (const line of reply.lines.slice(1)) {
      const [keyword = '', ...params] = line.split(' ');
      this.extensions.set(keyword.toUpperCase(), params.join(' '));
    }
    return reply;
  }

  /** Whether the last EHLO listed `name` (e.g. "STARTTLS", "AUTH"). */
  hasExtension(name: string): boolean {
    return this.extensions.has(name.toUpperCase());
  }

  /**
   * STARTTLS (RFC 3207): EHLO first if not done, the STARTTLS command,
   * then the TLS handshake over the same socket; then EHLO again, since
   * RFC 3207 4.2 makes the client forget what it learnt in plaintext.
   * @throws MailProtocolError when the server does not offer or refuses STARTTLS; the handshake's errors.
   */
  async starttls(options: StartTLSClientOptions = {}): Promise<TLSConnection> {
    if (this.secure) throw new Error('the connection already runs TLS');
    if (this.extensions.size === 0) await this.ehlo();
    if (!this.hasExtension('STARTTLS')) throw new MailProtocolError('the SMTP server does not offer STARTTLS');
    await this.#expect('STARTTLS', 220);
    this.extensions.clear();
    const connection = await this.upgrade(options);
    await this.ehlo();
    return connection;
  }

  /**
   * AUTH PLAIN (RFC 4616) with the username and password. Refused before
   * STARTTLS: the password would cross the network in the clear.
   * @throws MailProtocolError unless the server answers 235.
   */
  async login(username: string, password: string): Promise<SMTPReply> {
    if (typeof username !== 'string' || typeof password !== 'string') throw new TypeError('username and password must be strings');
    if (!this.secure) throw new MailProtocolError('login() before starttls() would send the password in the clear');
    const token = Buffer.from(`\0${username}\0${password}`, 'utf8').toString('base64');
    return this.#expect(`AUTH PLAIN ${token}`, 235, 'AUTH PLAIN');
  }

  /** QUIT (expects 221) and closes the connection. */
  async quit(): Promise<SMTPReply> {
    try {
      return await this.#expect('QUIT', 221);
    } finally {
      await this.connection?.close(1000).catch(() => {});
      this.close();
    }
  }

  async #expect(line: string, code: number, shown = line): Promise<SMTPReply> {
    const reply = await this.command(line);
    if (reply.code !== code) throw new MailProtocolError(`${shown} was answered with ${reply.code}, not ${code}`, formatReply(reply));
    return reply;
  }
}

/** Reads one reply, multi-line or not (RFC 5321 4.2: "250-text" continues, "250 text" ends). */
async function readReply(channel: LineChannel): Promise<SMTPReply> {
  const lines: string[] = [];
  let code: number | undefined;
  // Bounded: a server cannot keep one reply going for ever.
  for (let n = 0; n < 1000; n++) {
    const line = await channel.readLine();
    const m = /^([2-5]\d\d)([ -]|$)(.*)$/.exec(line);
    if (!m) throw new MailProtocolError('not an SMTP reply line', line);
    const lineCode = Number(m[1]);
    if (code !== undefined && lineCode !== code) throw new MailProtocolError('an SMTP reply changed its code midway', line);
    code = lineCode;
    lines.push(m[3]!);
    if (m[2] !== '-') return { code, lines };
  }
  throw new MailProtocolError('an SMTP reply of more than 1000 lines');
}

function formatReply(reply: SMTPReply): string {
  return reply.lines.map((l) => `${reply.code} ${l}`).join('\n');
}
