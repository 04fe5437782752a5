/**
 * `IMAPClient`: just enough IMAP4rev1 (RFC 3501) to upgrade with
 * STARTTLS (RFC 3501 6.2.1, RFC 2595), log in and run simple commands:
 * the seed's IMAP4_TLS, for Node. Responses are read whole, literals
 * ({n}) included, within the channel's size bound.
 *
 * ```ts
 * const imap = await IMAPClient.connect({ host: 'mail.example' });
 * await imap.starttls({ checker });
 * await imap.login('user', 'password');
 * await imap.command('SELECT INBOX');
 * await imap.logout();
 * ```
 *
 * @module
 */
import type { TLSConnection } from '../../connection/tls-connection.js';
import { LineClient, openLineChannel, type LineClientOptions } from './line-client.js';
import { MailProtocolError, type LineChannel } from './line-channel.js';
import type { StartTLSClientOptions } from './upgrade.js';

/** A tagged command's completion, with the untagged responses that came before it. */
export interface IMAPResponse {
  /** OK, NO or BAD. */
  readonly status: 'OK' | 'NO' | 'BAD';
  /** The text after the status. */
  readonly text: string;
  /** Untagged responses ("* ..."), without the "* ", literals joined in. */
  readonly untagged: readonly string[];
}

/** Options of `IMAPClient.connect` (port 143 by default). */
export type IMAPClientOptions = LineClientOptions;

/** An IMAP client connection. */
export class IMAPClient extends LineClient {
  /** The server's greeting, without "* ". */
  readonly greeting: string;
  /** The capabilities from the last CAPABILITY (upper case); empty right after STARTTLS until asked again. */
  capabilities: readonly string[] = [];
  #tag = 0;

  private constructor(channel: LineChannel, host: string, port: number, greeting: string) {
    super(channel, host, port);
    this.greeting = greeting;
  }

  /**
   * Connects and reads the greeting.
   * @throws MailProtocolError unless the greeting is "* OK" (a PREAUTH
   *   connection cannot start TLS any more, RFC 3501 6.2.1; BYE refuses us).
   */
  static async connect(options: IMAPClientOptions = {}): Promise<IMAPClient> {
    const { channel, host, port } = await openLineChannel(options, 143);
    try {
      const greeting = await readResponseLine(channel);
      if (!/^\* OK\b/i.test(greeting)) throw new MailProtocolError('the IMAP server did not greet with * OK', greeting);
      const client = new IMAPClient(channel, host, port, greeting.slice(2));
      client.#capabilitiesFrom(greeting);
      return client;
    } catch (error) {
      channel.destroy();
      throw error;
    }
  }

  /**
   * Runs one command (without its tag; this adds one) and reads up to its
   * tagged completion. Resolves for NO and BAD too: check `status`.
   */
  async command(command: string): Promise<IMAPResponse> {
    const tag = `A${String(++this.#tag).padStart(4, '0')}`;
    await this.channel.writeLine(`${tag} ${command}`);
    const untagged: string[] = [];
    for (let n = 0; n < 100_000; n++) {
      const line = await readResponseLine(this.channel);
      if (line.startsWith('* ')) {
        untagged.push(line.slice(2));
        this.#capabilitiesFrom(line);
        continue;
      }
      if (line.startsWith('+')) throw new MailProtocolError('the IMAP server asked for a continuation we did not announce', line);
      const m = /^(\S+) (OK|NO|BAD)\b ?(.*)$/i.exec(line);
      if (!m || m[1] !== tag) throw new MailProtocolError(`expected the completion of ${tag}`, line);
      this.#capabilitiesFrom(m[3]!);
      return { status: m[2]!.toUpperCase() as IMAPResponse['status'], text: m[3]!, untagged };
    }
    throw new MailProtocolError('an IMAP response of more than 100000 lines');
  }

  /** CAPABILITY; returns (and keeps) the list. */
  async capability(): Promise<readonly string[]> {
    const r = await this.#ok('CAPABILITY');
    if (!r.untagged.some((u) => /^CAPABILITY\b/i.test(u))) throw new MailProtocolError('CAPABILITY gave no capability list', r.text);
    return this.capabilities;
  }

  /** Whether the last capability list has `name` (e.g. "STARTTLS", "AUTH=PLAIN"). */
  hasCapability(name: string): boolean {
    return this.capabilities.includes(name.toUpperCase());
  }

  /**
   * STARTTLS (RFC 3501 6.2.1), then the TLS handshake over the same
   * socket; the capabilities are asked again afterwards, since the
   * plaintext ones must be forgotten (RFC 3501 6.2.1, RFC 2595 3.1).
   * @throws MailProtocolError when STARTTLS is not offered or refused; the handshake's errors.
   */
  async starttls(options: StartTLSClientOptions = {}): Promise<TLSConnection> {
    if (this.secure) throw new Error('the connection already runs TLS');
    if (this.capabilities.length === 0) await this.capability();
    if (!this.hasCapability('STARTTLS')) throw new MailProtocolError('the IMAP server does not offer STARTTLS', this.capabilities.join(' '));
    await this.#ok('STARTTLS');
    this.capabilities = [];
    const connection = await this.upgrade(options);
    await this.capability();
    return connection;
  }

  /**
   * LOGIN (RFC 3501 6.2.3) with quoted strings. Refused before STARTTLS:
   * the password would cross the network in the clear.
   * @throws MailProtocolError unless OK.
   */
  async login(username: string, password: string): Promise<IMAPResponse> {
    if (typeof username !== 'string' || typeof password !== 'string') throw new TypeError('username and password must be strings');
    if (!this.secure) throw new MailProtocolError('login() before starttls() would send the password in the clear');
    return this.#ok(`LOGIN ${quoted(username)} ${quoted(password)}`, 'LOGIN');
  }

  /** LOGOUT (expects BYE and OK) and closes the connection. */
  async logout(): Promise<IMAPResponse> {
    try {
      return await this.#ok('LOGOUT');
    } finally {
      await this.connection?.close(1000).catch(() => {});
      this.close();
    }
  }

  async #ok(command: string, shown = command): Promise<IMAPResponse> {
    const r = await this.command(command);
    if (r.status !== 'OK') throw new MailProtocolError(`${shown} was answered with ${r.status}`, r.text);
    return r;
  }

  /** Picks up a capability list from "* CAPABILITY ..." or a "[CAPABILITY ...]" response code. */
  #capabilitiesFrom(text: string): void {
    const m = /^\* CAPABILITY (.*)$/i.exec(text) ?? /\[CAPABILITY ([^\]]*)\]/i.exec(text);
    if (m) this.capabilities = m[1]!.trim().split(/\s+/).map((c) => c.toUpperCase());
  }
}

/** A response line with any literals ({n} or {n+} at a line end, RFC 3501 4.3 / RFC 7888) read and joined in. */
async function readResponseLine(channel: LineChannel): Promise<string> {
  let line = await channel.readLine();
  let total = line.length;
  for (let m = /\{(\d+)\+?\}$/.exec(line); m !== null; m = /\{(\d+)\+?\}$/.exec(line)) {
    const length = Number(m[1]);
    total += length;
    if (total > channel.maxLineLength) throw new MailProtocolError(`an IMAP response longer than ${channel.maxLineLength} bytes`);
    const literal = await channel.readBytes(length);
    const rest = await channel.readLine();
    total += rest.length;
    line = `${line}\r\n${literal.toString('utf8')}${rest}`;
  }
  return line;
}

/** An IMAP quoted string (RFC 3501 9: quoted-specials escaped); CR, LF and NUL cannot be quoted. */
function quoted(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new RangeError('IMAP strings cannot contain CR, LF or NUL');
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
