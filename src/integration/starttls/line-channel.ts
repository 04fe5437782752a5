/**
 * `LineChannel`: the plaintext half of a STARTTLS protocol (SMTP, IMAP,
 * POP3): reads CRLF-terminated lines (and IMAP literals) from a Duplex
 * with bounded buffers and bounded waits, writes lines, and at the switch
 * to TLS hands back whatever it had read past the last line, so that not
 * one byte is lost or misread.
 *
 * Reading is pull-based ('readable' + read()): bytes stay in the stream
 * until a line is asked for, and once `release()` is called nothing more
 * is consumed. Bytes read past the STARTTLS reply go to the TLS layer
 * (where plaintext that an attacker injected fails the handshake), never
 * back to the line parser: that is what keeps the STARTTLS command
 * injection of CVE-2011-0411 out.
 *
 * @module
 */
import type { Duplex } from 'node:stream';

/** A peer broke the line protocol: a line too long, an unexpected reply, or the connection closed mid-dialogue. */
export class MailProtocolError extends Error {
  /** The reply (or the line) that was not what the protocol expects, if any. */
  readonly reply: string | undefined;
  constructor(message: string, reply?: string, options?: ErrorOptions) {
    super(reply === undefined ? message : `${message}: ${JSON.stringify(reply.length > 200 ? `${reply.slice(0, 200)}...` : reply)}`, options);
    this.name = 'MailProtocolError';
    this.reply = reply;
  }
}

/** Options of `LineChannel`. */
export interface LineChannelOptions {
  /**
   * Longest line (and IMAP literal) accepted, in bytes. Default 65 536:
   * far above SMTP's 512 (RFC 5321 4.5.3.1.5) and what mail servers send
   * in greetings and capability lists, and small enough to bound memory.
   */
  readonly maxLineLength?: number;
  /** Milliseconds to wait for a line before failing with a TimeoutError. Default 30 000; 0: no limit. */
  readonly timeout?: number;
}

const EMPTY = Buffer.alloc(0);

/** Line-oriented reading and writing over a Duplex, until the switch to TLS. */
export class LineChannel {
  /** The stream underneath. */
  readonly stream: Duplex;
  readonly maxLineLength: number;
  readonly timeout: number;
  #buffer: Buffer = EMPTY;
  #ended = false;
  #error: Error | null = null;
  #released = false;
  #wake: (() => void) | null = null;

  readonly #onReadable = () => {
    let chunk: Buffer | string | null;
    while ((chunk = this.stream.read() as Buffer | string | null) !== null) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
      this.#buffer = this.#buffer.length === 0 ? bytes : Buffer.concat([this.#buffer, bytes]);
      // Bounded: a peer that never sends a line end cannot make us buffer more than one line's worth.
      if (this.#buffer.length > this.maxLineLength + 2 && this.#buffer.indexOf(0x0a) < 0) {
        this.#error = new MailProtocolError(`the peer sent more than ${this.maxLineLength} bytes without a line end`);
        break;
      }
    }
    this.#notify();
  };
  readonly #onEnd = () => {
    this.#ended = true;
    this.#notify();
  };
  readonly #onError = (error: Error) => {
    this.#error = error;
    this.#notify();
  };

  constructor(stream: Duplex, options: LineChannelOptions = {}) {
    if (stream === null || typeof stream !== 'object' || typeof stream.read !== 'function') throw new TypeError('stream must be a Duplex stream');
    const { maxLineLength = 65_536, timeout = 30_000 } = options;
    if (!Number.isSafeInteger(maxLineLength) || maxLineLength < 1) throw new RangeError('maxLineLength must be a positive integer');
    if (typeof timeout !== 'number' || !(timeout >= 0)) throw new RangeError('timeout must be a non-negative number of milliseconds');
    this.stream = stream;
    this.maxLineLength = maxLineLength;
    this.timeout = timeout;
    stream.on('readable', this.#onReadable);
    stream.on('end', this.#onEnd);
    stream.on('close', this.#onEnd);
    stream.on('error', this.#onError);
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  /** Waits until `take` returns a value (it is re-run whenever bytes arrive), bounded by the timeout. */
  async #until<T>(take: () => T | undefined, what: string): Promise<T> {
    if (this.#released) throw new Error('the line channel was released to TLS');
    if (this.#wake !== null) throw new Error('one read at a time on a line channel');
    const started = Date.now();
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (this.#error !== null) throw this.#error;
      if (this.#ended) throw new MailProtocolError(`the connection closed while waiting for ${what}`);
      const left = this.timeout === 0 ? Infinity : this.timeout - (Date.now() - started);
      if (left <= 0) throw new DOMException(`no ${what} within ${this.timeout} ms`, 'TimeoutError');
      await new Promise<void>((resolve) => {
        const timer = left === Infinity ? undefined : setTimeout(() => {
          this.#wake = null;
          resolve();
        }, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /**
   * The next line, without its line end (CRLF, or a bare LF as lenient
   * peers send), decoded as UTF-8.
   * @throws MailProtocolError when the line is too long or the stream ends first; TimeoutError.
   */
  readLine(): Promise<string> {
    return this.#until(() => {
      const at = this.#buffer.indexOf(0x0a);
      if (at < 0) return undefined;
      const end = at > 0 && this.#buffer[at - 1] === 0x0d ? at - 1 : at;
      if (end > this.maxLineLength) throw new MailProtocolError(`a line longer than ${this.maxLineLength} bytes`);
      const line = this.#buffer.subarray(0, end).toString('utf8');
      this.#buffer = this.#buffer.subarray(at + 1);
      return line;
    }, 'a line');
  }

  /** Exactly `length` bytes (an IMAP literal, RFC 3501 4.3). */
  readBytes(length: number): Promise<Buffer> {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError('length must be a non-negative integer');
    if (length > this.maxLineLength) return Promise.reject(new MailProtocolError(`a literal of ${length} bytes is more than ${this.maxLineLength}`));
    return this.#until(() => {
      if (this.#buffer.length < length) return undefined;
      const bytes = Buffer.from(this.#buffer.subarray(0, length));
      this.#buffer = this.#buffer.subarray(length);
      return bytes;
    }, `${length} bytes`);
  }

  /** Writes `line` followed by CRLF; resolves when the stream took it. */
  writeLine(line: string): Promise<void> {
    if (typeof line !== 'string') throw new TypeError('line must be a string');
    // A CR or LF inside would start another command: refuse rather than let callers inject one.
    if (/[\r\n]/.test(line)) throw new RangeError('line must not contain CR or LF');
    if (this.#released) return Promise.reject(new Error('the line channel was released to TLS'));
    return new Promise((resolve, reject) => this.stream.write(`${line}\r\n`, (error) => (error ? reject(error) : resolve())));
  }

  /**
   * Stops reading and returns the bytes received past the last line read
   * (to be fed to TLS, e.g. by `socket.unshift`). The stream is left with
   * nothing consumed beyond them.
   */
  release(): Buffer {
    if (this.#released) return EMPTY;
    this.#released = true;
    this.stream.off('readable', this.#onReadable);
    this.stream.off('end', this.#onEnd);
    this.stream.off('close', this.#onEnd);
    this.stream.off('error', this.#onError);
    const rest = this.#buffer;
    this.#buffer = EMPTY;
    return rest;
  }

  /** Stops reading (as release) and closes the stream. */
  destroy(): void {
    this.release();
    this.stream.destroy();
  }
}
