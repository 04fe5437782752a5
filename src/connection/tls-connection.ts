/**
 * TLSConnection: the Node adaptor around the sans-I/O Engine. It is a
 * `stream.Duplex` over any connected Duplex (a net.Socket, an upgraded
 * STARTTLS socket, a WebSocket stream), so pipe, `for await`,
 * `stream.pipeline` and backpressure work; and it keeps the seed's
 * promise methods (`handshakeClientCert`, `handshakeServer`, `send`,
 * `recv`, `close`, `keyingMaterialExporter`, ...).
 *
 * Flow of bytes:
 * - transport 'data' -> `engine.receive()`; the engine's `data` callback
 *   pushes plaintext to our readable side. When `push()` says the reader
 *   is full, the transport is paused; `_read()` resumes it. During a
 *   handshake the transport is never paused (the handshake must progress).
 * - `_write()` -> `engine.send()`; the engine's `output` callback writes
 *   records to the transport. When the transport's buffer is full, the
 *   write callback waits for its 'drain': backpressure reaches the writer.
 *   Writes made before the handshake completed wait for it (as node:tls).
 *
 * Ends:
 * - the peer's close_notify ends our readable side (the engine has
 *   already answered with its own close_notify, RFC 5246 7.2.1);
 * - `end()` sends close_notify and then ends the transport (a TLS
 *   connection cannot be half-closed: after close_notify nothing more may
 *   be written, but reading continues until the peer's close_notify);
 * - the transport ending without close_notify is a possible truncation
 *   attack: after any buffered data the reader gets TLSAbruptCloseError,
 *   unless `ignoreAbruptClose` is set (then it is a normal end, as
 *   node:tls treats it);
 * - a fatal alert, sent or received, destroys the stream with
 *   TLSLocalAlert / TLSRemoteAlert.
 *
 * @module
 */
import net from 'node:net';
import { Duplex, type DuplexOptions } from 'node:stream';
import { Engine, type RequestPostHandshakeAuthOptions } from './engine.js';
import { releaseOutput } from '../record/index.js';
import { keyLogFileWriter } from './keylog-file.js';
import type { ClientHandshakeOptions, ServerHandshakeOptions } from '../handshake/options.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { Session } from '../session/session.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import type { X509 } from '../x509/certificate.js';
import type { Key } from '../x509/keys.js';
import { TLSAbruptCloseError, TLSClosedConnectionError, TLSError } from '../errors.js';
import { checkSrpCredentials } from '../handshake/key-exchange/srp.js';

/** Cancellation of a handshake. */
export interface HandshakeControl {
  /** Aborts the handshake: the promise rejects with `signal.reason` and the connection closes. */
  readonly signal?: AbortSignal;
  /**
   * Milliseconds the whole handshake may take; then it rejects with a
   * `TimeoutError` DOMException (as `AbortSignal.timeout`) and the
   * connection closes. Default: no limit.
   */
  readonly timeout?: number;
}

/** Options of `handshakeClientCert` (the certificate and key are its positional arguments). */
export type ClientCertHandshakeOptions = Omit<ClientHandshakeOptions, 'certChain' | 'privateKey' | 'anon'> & HandshakeControl;

/** Options of `handshakeClientAnonymous`. */
export type ClientAnonymousHandshakeOptions = Omit<ClientHandshakeOptions, 'certChain' | 'privateKey' | 'anon'> &
  HandshakeControl;

/** Options of `handshakeClientSRP` (the user name and password are its positional arguments). */
export type ClientSRPHandshakeOptions = Omit<ClientHandshakeOptions, 'anon' | 'srpUsername' | 'srpPassword'> & HandshakeControl;

/** Options of `handshakeServer`. */
export type ServerHandshakeControlOptions = ServerHandshakeOptions & HandshakeControl;

/** Options of a TLSConnection. */
export interface TLSConnectionOptions extends Pick<DuplexOptions, 'highWaterMark' | 'readableHighWaterMark' | 'writableHighWaterMark'> {
  /** The crypto provider; default: per the settings' cipherImplementations, else defaultProvider(). */
  readonly provider?: CryptoProvider;
  /** Close (end/destroy) the transport when the connection closes. Default true (the seed's `closeSocket`). */
  readonly closeSocket?: boolean;
  /** Treat the transport's end without close_notify as a normal end. Default false (the seed's `ignoreAbruptClose`). */
  readonly ignoreAbruptClose?: boolean;
  /**
   * TLS 1.3 half-close (RFC 8446 6.1): after the peer's close_notify keep
   * the writable side open until `end()`. Default false: as node:tls (and
   * net's allowHalfOpen), the connection ends its side itself once what
   * was written has gone out. Up to TLS 1.2 a close_notify is answered at
   * once (RFC 5246 7.2.1) whatever this says.
   */
  readonly allowHalfOpen?: boolean;
  /**
   * Also report a failed handshake as the stream's 'error' (what
   * `connect()` and `createServer()` do, as node:tls). Default false: the
   * handshake method's promise is the report.
   */
  readonly handshakeErrorEvents?: boolean;
}

/** The peer certificate as `getPeerCertificate()` gives it (node:tls's field names). */
export interface PeerCertificate {
  /** The DER encoding. */
  readonly raw: Buffer;
  /** SHA-1 of the DER, upper-case hex with colons (node:tls's format). */
  readonly fingerprint: string;
  /** SHA-256 of the DER, upper-case hex with colons. */
  readonly fingerprint256: string;
  /** The parsed certificate. */
  readonly x509: X509;
}

/** The listener that keeps a transport we closed from throwing a late error. */
const ignoreError = (): void => {};

/** The transport half of a Duplex we need (a net.Socket satisfies it). */
type Transport = Duplex;

/** A TLS connection over a connected Duplex: the seed's TLSConnection, as a Node stream. */
export class TLSConnection extends Duplex {
  /** The transport underneath. */
  readonly socket: Transport;
  /** Close the transport when this connection closes (the seed's attribute). */
  closeSocket: boolean;
  /** Accept the transport's end without close_notify as a normal end (the seed's attribute). */
  ignoreAbruptClose: boolean;
  /** TLS 1.3: keep writing after the peer's close_notify until end() (see TLSConnectionOptions). */
  readonly #halfOpen: boolean;

  readonly #engine: Engine;
  #handshake: Promise<void> | null = null;
  #handshakeDone = false;
  /** Writes made before the handshake completed. */
  #pendingWrites: Array<() => void> = [];
  #transportPaused = false;
  #transportEnded = false;
  /** We turned on the transport's allowHalfOpen, so ending it after the peer's FIN is ours to do. */
  #endTransportAtEOF = false;
  /** The transport is a plain net.Socket: written records are handed back to the output pool. */
  readonly #recycleOutput: boolean;
  /** The transport's buffer was full at our last write: the next write callback waits for 'drain'. */
  #needDrain = false;
  #abrupt: TLSAbruptCloseError | null = null;
  #transportError: Error | null = null;
  #readableEnded = false;
  #closeWaiters: Array<() => void> = [];
  /** The client's accepted early data, in pieces (see `earlyData`). */
  #earlyData: Buffer[] = [];
  readonly #handshakeErrorEvents: boolean;
  /** Appends to the file SSLKEYLOGFILE named when this connection was created. */
  readonly #keyLogFile: ((line: string) => void) | undefined;

  readonly #onTransportData = (chunk: Buffer | Uint8Array | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    this.#engine.receive(bytes);
  };
  readonly #onTransportEnd = () => {
    this.#transportEnded = true;
    this.#engine.receiveEOF();
    this.#endTransportIfDone();
  };
  readonly #onTransportError = (error: Error) => {
    this.#transportError = error;
    if (!this.#handshakeDone) {
      // The handshake then fails with TLSAbruptCloseError, whose cause is this error.
      this.#engine.receiveEOF();
    } else {
      this.destroy(error);
    }
  };
  readonly #onTransportClose = () => {
    if (!this.#transportEnded) this.#onTransportEnd();
  };

  /**
   * Wraps a connected transport. Nothing is read from it until a
   * handshake method is called.
   */
  constructor(socket: Transport, options: TLSConnectionOptions = {}) {
    if (socket === null || typeof socket !== 'object' || typeof (socket as Duplex).write !== 'function') {
      throw new TypeError('socket must be a connected Duplex stream');
    }
    super({
      // A TLS connection cannot be half-closed (see the module comment); the
      // stream machinery still calls _final on end(), which sends close_notify.
      allowHalfOpen: true,
      ...(options.highWaterMark !== undefined && { highWaterMark: options.highWaterMark }),
      ...(options.readableHighWaterMark !== undefined && { readableHighWaterMark: options.readableHighWaterMark }),
      ...(options.writableHighWaterMark !== undefined && { writableHighWaterMark: options.writableHighWaterMark }),
    });
    this.socket = socket;
    this.#recycleOutput = Object.getPrototypeOf(socket) === net.Socket.prototype;
    this.closeSocket = options.closeSocket ?? true;
    // The peer's TCP FIN must not end our side of a socket we own: in TLS
    // 1.3 we may still have to send after it (RFC 8446 6.1: data before
    // our close_notify, a post-handshake answer still being signed). A
    // net.Socket without allowHalfOpen would end at once; we end it
    // ourselves instead, after our close_notify (_final) or once the engine
    // is closed (#endTransportIfDone).
    if (this.closeSocket && socket instanceof net.Socket && !socket.allowHalfOpen) {
      socket.allowHalfOpen = true;
      this.#endTransportAtEOF = true;
    }
    this.ignoreAbruptClose = options.ignoreAbruptClose ?? false;
    this.#halfOpen = options.allowHalfOpen ?? false;
    this.#handshakeErrorEvents = options.handshakeErrorEvents ?? false;
    // As a tls.TLSSocket over a connecting net.Socket: 'connect' when TCP is up
    // (http.ClientRequest waits for it before calling setNoDelay and the like).
    if ((socket as Partial<net.Socket>).connecting === true) socket.once('connect', () => this.emit('connect'));
    this.#engine = new Engine({
      ...(options.provider !== undefined && { provider: options.provider }),
      output: (bytes) => this.#writeTransport(bytes),
      data: (data) => this.#onPlaintext(data),
      close: ({ clean }) => this.#onPeerClose(clean),
      error: (error) => this.destroy(error),
      keylog: (line) => this.#onKeyLog(line),
      keylogWanted: () => this.#keyLogFile !== undefined || this.listenerCount('keylog') > 0,
      earlyData: (data) => this.#onEarlyData(data),
    });
    this.#keyLogFile = keyLogFileWriter();
  }

  // ------------------------------------------------------------------ handshakes

  /**
   * Client handshake, with a certificate for client authentication if the
   * server asks for one (the seed's handshakeClientCert).
   * @throws TLSLocalAlert / TLSRemoteAlert / TLSAbruptCloseError on failure,
   *   a TLSAuthenticationError from the checker, the signal's reason on abort,
   *   a TimeoutError DOMException on timeout.
   */
  handshakeClientCert(certChain?: X509CertChain, privateKey?: Key, options: ClientCertHandshakeOptions = {}): Promise<void> {
    const { signal, timeout, ...rest } = options;
    return this.#runHandshake(
      () =>
        this.#engine.handshakeClient({
          ...rest,
          ...(certChain !== undefined && { certChain }),
          ...(privateKey !== undefined && { privateKey }),
        }),
      signal,
      timeout,
    );
  }

  /** Client handshake offering only anonymous suites (the seed's handshakeClientAnonymous). */
  handshakeClientAnonymous(options: ClientAnonymousHandshakeOptions = {}): Promise<void> {
    const { signal, timeout, ...rest } = options;
    return this.#runHandshake(() => this.#engine.handshakeClient({ ...rest, anon: true }), signal, timeout);
  }

  /**
   * Client handshake authenticated by an SRP user name and password (RFC
   * 5054; the seed's handshakeClientSRP): only SRP suites are offered.
   * `session.srpUsername` is set once it completed.
   * @throws TypeError/RangeError for a bad user name or password (before
   *   anything is sent); otherwise as `handshakeClientCert` — a wrong
   *   password ends in TLSRemoteAlert(bad_record_mac), an unknown user in
   *   TLSRemoteAlert(unknown_psk_identity).
   */
  handshakeClientSRP(username: string, password: string | Uint8Array, options: ClientSRPHandshakeOptions = {}): Promise<void> {
    const { signal, timeout, ...rest } = options;
    try {
      // Bad arguments are the caller's, reported before anything is sent.
      if (username === undefined || password === undefined) throw new TypeError('handshakeClientSRP needs username and password');
      checkSrpCredentials(username, password);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#runHandshake(
      () => this.#engine.handshakeClient({ ...rest, srpUsername: username, srpPassword: password }),
      signal,
      timeout,
    );
  }

  /** Server handshake (the seed's handshakeServer). */
  handshakeServer(options: ServerHandshakeControlOptions = {}): Promise<void> {
    const { signal, timeout, ...rest } = options;
    return this.#runHandshake(() => this.#engine.handshakeServer(rest), signal, timeout);
  }

  /** Resolves when the handshake (started by one of the handshake methods) completed. */
  get handshakePromise(): Promise<void> | null {
    return this.#handshake;
  }

  #runHandshake(start: () => Promise<void>, signal: AbortSignal | undefined, timeout: number | undefined): Promise<void> {
    if (this.#handshake !== null) return Promise.reject(new Error('a handshake was already started on this connection'));
    if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
      return Promise.reject(new RangeError('timeout must be a positive number of milliseconds'));
    }
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.#attachTransport();
    const run = this.#guard(start(), signal, timeout).then(
      () => {
        this.#handshakeDone = true;
        const pending = this.#pendingWrites;
        this.#pendingWrites = [];
        for (const write of pending) write();
        if (this.ocspResponse !== undefined) this.emit('OCSPResponse', this.ocspResponse);
        this.emit('secure');
      },
      (error: unknown) => {
        const reported = this.#withTransportCause(error);
        this.#failPendingWrites(reported);
        this.#closeAfterFailure(this.#handshakeErrorEvents && reported instanceof Error ? reported : undefined);
        throw reported;
      },
    );
    this.#handshake = run;
    // The promise is the report; a caller who ignores it must not get an unhandled rejection twice.
    run.catch(() => {});
    return run;
  }

  /** Races the handshake against the signal and the timeout. */
  #guard(handshake: Promise<void>, signal: AbortSignal | undefined, timeout: number | undefined): Promise<void> {
    if (signal === undefined && timeout === undefined) return handshake;
    return new Promise<void>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const stop = (reason: unknown) => {
        cleanup();
        // close_notify aborts the engine's handshake; its own rejection is then superseded by ours.
        void this.#engine.close();
        handshake.catch(() => {});
        reject(reason);
      };
      const onAbort = () => stop(signal!.reason);
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeout !== undefined) {
        timer = setTimeout(() => stop(new DOMException(`the TLS handshake took more than ${timeout} ms`, 'TimeoutError')), timeout);
      }
      handshake.then(
        () => {
          cleanup();
          resolve();
        },
        (error: unknown) => {
          cleanup();
          reject(error);
        },
      );
    });
  }

  /** A handshake ended by a transport error (ECONNREFUSED, ECONNRESET ...) reports that error itself. */
  #withTransportCause(error: unknown): unknown {
    if (error instanceof TLSAbruptCloseError && this.#transportError !== null) return this.#transportError;
    return error;
  }

  #attachTransport(): void {
    const s = this.socket;
    s.on('data', this.#onTransportData);
    s.on('end', this.#onTransportEnd);
    s.on('error', this.#onTransportError);
    s.on('close', this.#onTransportClose);
    if (s.isPaused()) s.resume();
  }

  #detachTransport(): void {
    const s = this.socket;
    s.off('data', this.#onTransportData);
    s.off('end', this.#onTransportEnd);
    s.off('error', this.#onTransportError);
    s.off('close', this.#onTransportClose);
    if (this.#forwardTimeout !== null) {
      s.off('timeout', this.#forwardTimeout);
      this.#forwardTimeout = null;
    }
  }

  #closeAfterFailure(error: Error | undefined): void {
    this.#detachTransport();
    if (this.closeSocket) this.socket.destroy();
    // Without handshakeErrorEvents the handshake's promise is the report, so no 'error' event.
    if (!this.destroyed) this.destroy(error);
  }

  #failPendingWrites(error: unknown): void {
    const pending = this.#pendingWrites;
    this.#pendingWrites = [];
    this.#pendingError = error instanceof Error ? error : new TLSError('the handshake failed');
    for (const write of pending) write();
  }
  #pendingError: Error | null = null;

  /** Early data the server accepted: kept for `earlyData` and emitted as 'earlyData' (a view, as #onPlaintext's). */
  #onEarlyData(data: Uint8Array): void {
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.#earlyData.push(chunk);
    this.emit('earlyData', chunk);
  }

  /**
   * A key log line from the engine: to SSLKEYLOGFILE, and as node:tls's
   * 'keylog' event (a Buffer with the line and its newline).
   */
  #onKeyLog(line: string): void {
    this.#keyLogFile?.(line);
    if (this.listenerCount('keylog') > 0) this.emit('keylog', Buffer.from(`${line}\n`, 'latin1'));
  }

  // ------------------------------------------------------------------ transport side

  #writeTransport(bytes: Uint8Array): void {
    const s = this.socket;
    if (s.destroyed || s.writableEnded) return;
    if (!this.#recycleOutput) {
      // Any Duplex but a plain net.Socket may still hold the very buffer (a
      // PassThrough hands it to its reader): its records are left to the GC.
      if (!s.write(bytes)) this.#needDrain = true;
      return;
    }
    // A net.Socket is done with the bytes once the kernel has copied them:
    // then the record's memory goes back to the output pool (output-pool.ts).
    // Nothing left queued right after write() means that happened already;
    // otherwise the write callback says when (it runs only on a later tick,
    // so a writer that never yields would otherwise hold every record).
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      releaseOutput(bytes);
    };
    if (!s.write(bytes, release)) this.#needDrain = true;
    if (s.writableLength === 0) release();
  }

  #onPlaintext(data: Uint8Array): void {
    if (this.#readableEnded) return;
    const chunk = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (!this.push(chunk) && this.#handshakeDone && !this.#transportPaused) {
      this.#transportPaused = true;
      this.socket.pause();
    }
  }

  #onPeerClose(clean: boolean): void {
    this.#endTransportIfDone();
    if (!clean && !this.ignoreAbruptClose) {
      // Deliver what was received first; the reader meets the error after it (see _read).
      this.#abrupt = new TLSAbruptCloseError('the transport closed without close_notify (possible truncation)');
      if (this.readableLength === 0) this.destroy(this.#abrupt);
      return;
    }
    // TLS 1.3 leaves our side open after the peer's close_notify (RFC 8446
    // 6.1). Unless half-open was asked for, end it once the reader has
    // seen the end, as a Duplex without allowHalfOpen does: what was
    // written goes out first, then our close_notify.
    if (clean && !this.#halfOpen && (this.#engine.version ?? 0) >= 0x0304) {
      this.once('end', () => {
        if (!this.writableEnded && !this.destroyed) this.end();
      });
    }
    this.#endReadable();
  }

  /** After the peer's FIN, ends the transport once the engine has nothing more to send (see the constructor). */
  #endTransportIfDone(): void {
    const s = this.socket;
    if (this.#endTransportAtEOF && this.#transportEnded && this.#engine.state === 'closed' && !s.writableEnded && !s.destroyed) s.end();
  }

  #endReadable(): void {
    if (this.#readableEnded) return;
    this.#readableEnded = true;
    this.push(null);
    const waiters = this.#closeWaiters;
    this.#closeWaiters = [];
    for (const w of waiters) w();
  }

  // ------------------------------------------------------------------ Duplex implementation

  /** @internal */
  override _read(): void {
    if (this.#abrupt !== null) {
      if (this.readableLength === 0) this.destroy(this.#abrupt);
      return;
    }
    if (this.#transportPaused) {
      this.#transportPaused = false;
      this.socket.resume();
    }
  }

  /** @internal */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (!this.#handshakeDone) {
      if (this.#pendingError !== null) return callback(this.#pendingError);
      this.#pendingWrites.push(() => this._write(chunk, _encoding, callback));
      return;
    }
    try {
      this.#engine.send(chunk);
    } catch (error) {
      return callback(error as Error);
    }
    this.#afterDrain(callback);
  }

  /** @internal */
  override _writev(chunks: Array<{ chunk: Buffer }>, callback: (error?: Error | null) => void): void {
    if (!this.#handshakeDone) {
      if (this.#pendingError !== null) return callback(this.#pendingError);
      this.#pendingWrites.push(() => this._writev(chunks, callback));
      return;
    }
    try {
      // One buffer, so small writes share records instead of costing one each.
      const total = chunks.reduce((n, c) => n + c.chunk.length, 0);
      this.#engine.send(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk), total));
    } catch (error) {
      return callback(error as Error);
    }
    this.#afterDrain(callback);
  }

  #afterDrain(callback: (error?: Error | null) => void): void {
    if (!this.#needDrain) return callback();
    this.#needDrain = false;
    const s = this.socket;
    const done = () => {
      s.off('drain', done);
      s.off('close', done);
      callback(s.destroyed && !s.writableFinished ? new TLSClosedConnectionError('the transport closed') : null);
    };
    s.on('drain', done);
    s.on('close', done);
  }

  /** @internal */
  override _final(callback: (error?: Error | null) => void): void {
    const endTransport = () => {
      if (this.closeSocket && !this.socket.writableEnded) this.socket.end();
      callback();
    };
    // The close_notify may wait for a post-handshake answer being signed (Engine.close).
    const finish = () => {
      const closing = this.#engine.close();
      if (closing === undefined) endTransport();
      else closing.then(endTransport, endTransport);
    };
    if (this.#handshakeDone || this.#handshake === null) return finish();
    this.#handshake.then(finish, () => callback());
  }

  /** @internal */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#detachTransport();
    if (this.#pendingWrites.length > 0) this.#failPendingWrites(error ?? new TLSClosedConnectionError('destroyed'));
    if (this.closeSocket && !this.socket.destroyed) {
      // The transport is ours to close and nobody listens to it any more: a
      // late ECONNRESET from the peer must not become an uncaught 'error'.
      this.socket.on('error', ignoreError);
      if (error === null && this.#engine.handshakeComplete) {
        // A plain destroy() still tells the peer we are done, as node:tls does
        // (at once: an answer still being signed is dropped).
        void this.#engine.close();
        this.socket.end();
      } else {
        this.socket.destroy();
      }
    }
    const waiters = this.#closeWaiters;
    this.#closeWaiters = [];
    for (const w of waiters) w();
    callback(error);
  }

  // ------------------------------------------------------------------ net.Socket-like surface

  // http.Agent, http.ClientRequest and undici treat their connection as a
  // net.Socket/tls.TLSSocket: they set timeouts, Nagle and keep-alive, ref
  // and unref it, and read its addresses. These pass through to the
  // transport when it has them (a net.Socket does) and do nothing otherwise.

  /** Always true: this is a TLS connection (node:tls's TLSSocket property, which http checks). */
  readonly encrypted = true;

  /** The idle timeout set by `setTimeout` in ms (0: none), as net.Socket's `timeout`. */
  timeout: number | undefined = undefined;

  #forwardTimeout: (() => void) | null = null;

  /**
   * Emits 'timeout' after `ms` milliseconds without transport activity, as
   * net.Socket (the transport's own timer, so TLS records count as activity);
   * 0 turns it off. `callback` is added as a one-time 'timeout' listener
   * (removed when `ms` is 0).
   */
  setTimeout(ms: number, callback?: () => void): this {
    if (typeof ms !== 'number' || !(ms >= 0)) throw new RangeError('ms must be a non-negative number');
    if (callback !== undefined && typeof callback !== 'function') throw new TypeError('callback must be a function');
    this.timeout = ms;
    const s = this.socket as Partial<net.Socket> & Duplex;
    if (typeof s.setTimeout === 'function') {
      if (this.#forwardTimeout === null) {
        this.#forwardTimeout = () => this.emit('timeout');
        s.on('timeout', this.#forwardTimeout);
      }
      s.setTimeout(ms);
    }
    if (callback !== undefined) {
      if (ms === 0) this.off('timeout', callback);
      else this.once('timeout', callback);
    }
    return this;
  }

  /** Passes through to the transport's `setNoDelay` (net.Socket). */
  setNoDelay(noDelay = true): this {
    (this.socket as Partial<net.Socket>).setNoDelay?.(noDelay);
    return this;
  }

  /** Passes through to the transport's `setKeepAlive` (net.Socket). */
  setKeepAlive(enable = false, initialDelay = 0): this {
    (this.socket as Partial<net.Socket>).setKeepAlive?.(enable, initialDelay);
    return this;
  }

  /** Lets the transport keep the event loop alive again (net.Socket's `ref`). */
  ref(): this {
    (this.socket as Partial<net.Socket>).ref?.();
    return this;
  }

  /** Lets the process exit while this connection is open (net.Socket's `unref`). */
  unref(): this {
    (this.socket as Partial<net.Socket>).unref?.();
    return this;
  }

  /** True while the transport is still connecting (net.Socket's `connecting`); 'connect' follows. */
  get connecting(): boolean {
    return (this.socket as Partial<net.Socket>).connecting === true;
  }

  /** The transport's remote address, if it has one. */
  get remoteAddress(): string | undefined {
    return (this.socket as Partial<net.Socket>).remoteAddress;
  }

  /** The transport's remote port, if it has one. */
  get remotePort(): number | undefined {
    return (this.socket as Partial<net.Socket>).remotePort;
  }

  /** The transport's remote address family ("IPv4", "IPv6"), if it has one. */
  get remoteFamily(): string | undefined {
    return (this.socket as Partial<net.Socket>).remoteFamily;
  }

  /** The transport's local address, if it has one. */
  get localAddress(): string | undefined {
    return (this.socket as Partial<net.Socket>).localAddress;
  }

  /** The transport's local port, if it has one. */
  get localPort(): number | undefined {
    return (this.socket as Partial<net.Socket>).localPort;
  }

  /**
   * The protocol in node:tls's naming ("TLSv1.2", "TLSv1", "SSLv3"), or
   * null before the handshake (node:tls's `getProtocol`).
   */
  getProtocol(): string | null {
    const name = this.getVersionName();
    if (name === undefined) return null;
    return name === 'SSL 3.0' ? 'SSLv3' : name.replace(/^TLS (\d)\.(\d)$/, (_m, major: string, minor: string) => (minor === '0' ? `TLSv${major}` : `TLSv${major}.${minor}`));
  }

  /**
   * The peer's end-entity certificate in the part of node:tls's shape
   * that does not need chain validation: `raw` (DER) and the colon-
   * separated upper-case `fingerprint` (SHA-1) and `fingerprint256`, plus
   * our parsed `x509`. An empty object when the peer sent none, as node:tls.
   */
  getPeerCertificate(): PeerCertificate | Record<string, never> {
    const session = this.#engine.session;
    const chain = this.#engine.isClient ? session?.serverCertChain : session?.clientCertChain;
    if (chain === null || chain === undefined || chain.getNumCerts() === 0) return {};
    const x509 = chain.getEndEntity();
    const colons = (hex: string) => hex.toUpperCase().match(/../g)!.join(':');
    return {
      raw: Buffer.from(x509.bytes),
      fingerprint: colons(x509.getFingerprint('sha1')),
      fingerprint256: colons(x509.getFingerprint('sha256')),
      x509,
    };
  }

  // ------------------------------------------------------------------ the seed's methods

  /**
   * Sends data (the seed's send): resolves with the number of bytes once
   * they were handed to the transport (after 'drain' if it was full).
   */
  send(data: Uint8Array | string): Promise<number> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    return new Promise((resolve, reject) => {
      this.write(bytes, (error) => (error ? reject(error) : resolve(bytes.length)));
    });
  }

  /** Sends all of `data` (the seed's sendall). */
  async sendall(data: Uint8Array | string): Promise<void> {
    await this.send(data);
  }

  /**
   * Receives up to `max` bytes (the seed's recv): waits until some data is
   * available; resolves with an empty array once the peer closed cleanly.
   * @throws TLSAbruptCloseError, TLSRemoteAlert, TLSLocalAlert
   */
  async recv(max = 16384): Promise<Uint8Array> {
    if (!Number.isInteger(max) || max < 1) throw new RangeError('max must be a positive integer');
    for (;;) {
      const errored = this.errored;
      if (errored) throw errored;
      const chunk = this.read() as Buffer | null;
      if (chunk !== null) {
        if (chunk.length > max) {
          this.unshift(chunk.subarray(max));
          return chunk.subarray(0, max);
        }
        return chunk;
      }
      if (this.readableEnded || this.#readableEnded) {
        if (this.#abrupt !== null) throw this.#abrupt;
        return new Uint8Array(0);
      }
      if (this.destroyed) throw this.errored ?? new TLSClosedConnectionError('the connection is closed');
      await new Promise<void>((resolve) => {
        const done = () => {
          this.off('readable', done);
          this.off('end', done);
          this.off('close', done);
          resolve();
        };
        this.on('readable', done);
        this.on('end', done);
        this.on('close', done);
      });
    }
  }

  /**
   * Closes the connection (the seed's close): sends close_notify, waits
   * (at most `timeout` ms) for the peer's, then closes the transport if
   * `closeSocket` is set.
   */
  async close(timeout = 5000): Promise<void> {
    if (this.destroyed) return;
    const peerClosed = new Promise<void>((resolve) => {
      if (this.#readableEnded || this.#transportEnded || !this.#engine.handshakeComplete) return resolve();
      this.#closeWaiters.push(resolve);
    });
    void this.#engine.close();
    // Unread data would stop 'end' from coming; the caller asked to close, so it is discarded.
    this.resume();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([peerClosed, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]);
    clearTimeout(timer);
    if (!this.writableEnded) this.end();
    if (this.closeSocket) {
      this.socket.end();
    } else {
      this.#detachTransport();
    }
    this.destroy();
  }

  /**
   * Keying material (RFC 5705; the seed's keyingMaterialExporter).
   * @param context null for none (RFC 5705 4: no context differs from an empty one)
   */
  keyingMaterialExporter(label: string | Uint8Array, length = 20, context: Uint8Array | null = null): Uint8Array {
    return this.#engine.exportKeyingMaterial(label, context, length);
  }

  /** Same as node:tls `exportKeyingMaterial(length, label, context)`. */
  exportKeyingMaterial(length: number, label: string, context?: Uint8Array): Buffer {
    const out = this.#engine.exportKeyingMaterial(label, context ?? null, length);
    return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
  }

  /**
   * TLS 1.3: sends a KeyUpdate and moves to the next write keys (RFC 8446
   * 4.6.3); `requestPeer` asks the peer to update its keys too.
   * @throws Error when the connection is not an open TLS 1.3 one.
   */
  keyUpdate(requestPeer = false): void {
    this.#engine.keyUpdate(requestPeer);
  }

  /**
   * TLS 1.3 server: post-handshake client authentication (RFC 8446
   * 4.6.2, tlslite-ng's request_post_handshake_auth): sends a
   * CertificateRequest and resolves with the client's chain (null when it
   * sent none) once verified; `session.clientCertChain` holds it then.
   * See `Engine.requestPostHandshakeAuth`. The connection must keep
   * reading (flowing or `read()`) for the answer to arrive.
   * @throws Error when the connection is not an open TLS 1.3 server one
   *   or the client did not offer post_handshake_auth.
   */
  requestPostHandshakeAuth(options?: RequestPostHandshakeAuthOptions): Promise<X509CertChain | null> {
    return this.#engine.requestPostHandshakeAuth(options);
  }

  /**
   * Sends a HeartbeatRequest (RFC 6520; tlslite-ng's send_heartbeat_request)
   * with `paddingLength` (at least 16) random padding bytes; the response
   * goes to the settings' `heartbeatResponseCallback`. Only on a
   * connection that negotiated the heartbeat extension.
   * @throws as Engine.sendHeartbeatRequest.
   */
  sendHeartbeatRequest(payload: Uint8Array, paddingLength = 16): void {
    this.#engine.sendHeartbeatRequest(payload, paddingLength);
  }

  /** "SSL 3.0", "TLS 1.0" ... "TLS 1.3"; undefined before the handshake (the seed's getVersionName). */
  getVersionName(): string | undefined {
    return this.#engine.versionName;
  }

  /** The bulk cipher's name, e.g. "aes128gcm" (the seed's getCipherName). */
  getCipherName(): string | undefined {
    return this.#engine.cipherName;
  }

  /** "native" or "pure" (the seed's getCipherImplementation). */
  getCipherImplementation(): string | undefined {
    return this.#engine.cipherImplementation;
  }

  /** The session (for resumption, and the peer's certificates). */
  get session(): Session | undefined {
    return this.#engine.session;
  }

  /** The negotiated version's wire value, e.g. 0x0303. */
  get version(): number | undefined {
    return this.#engine.version;
  }

  /** The IANA name of the suite, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256". */
  get cipherSuiteName(): string | undefined {
    return this.#engine.cipherSuiteName;
  }

  /** True when the handshake resumed a session. */
  get resumed(): boolean {
    return this.#engine.resumed;
  }

  /**
   * TLS 1.3 early data (0-RTT): on a server, true when the client's was
   * accepted (it is in `earlyData`); on a client, true when the server
   * took the `earlyData` option's bytes. When a client's early data was
   * rejected, none of it was delivered and it is not resent: send it
   * again yourself if that is safe for your protocol.
   */
  get earlyDataAccepted(): boolean {
    return this.#engine.earlyDataAccepted;
  }

  /**
   * Server: the client's accepted early data (0-RTT), empty when none.
   * It is complete once the handshake has completed; each piece is also
   * emitted as an 'earlyData' event (a Buffer) as it arrives. It never
   * appears in the readable stream. It may be a REPLAY (RFC 8446 8, E.5):
   * act on it only where repeating it does no harm.
   */
  get earlyData(): Buffer {
    return Buffer.concat(this.#earlyData);
  }

  /** The ALPN (or NPN) protocol, as a string, or false (node:tls's `alpnProtocol`). */
  get alpnProtocol(): string | false {
    const p = this.#engine.nextProto;
    return p === undefined ? false : Buffer.from(p).toString('latin1');
  }

  /** The SignatureScheme that signed the ServerKeyExchange (TLS 1.2; the seed's `serverSigAlg`), else undefined. */
  get serverSigAlg(): number | undefined {
    return this.#engine.keyExchangeInfo?.signatureScheme;
  }

  /** The named group of the (EC)DHE exchange (the seed's `ecdhCurve`), else undefined. */
  get ecdhCurve(): number | undefined {
    return this.#engine.keyExchangeInfo?.group;
  }

  /** Bits of the finite-field DH prime (the seed's `dhGroupSize`), else undefined. */
  get dhGroupSize(): number | undefined {
    return this.#engine.keyExchangeInfo?.dhGroupSize;
  }

  /**
   * Client: the DER OCSPResponse the server stapled when asked with
   * `requestOCSP` (also emitted as node:tls's 'OCSPResponse' event before
   * 'secure'); undefined when none came. This library does not validate it.
   */
  get ocspResponse(): Buffer | undefined {
    const r = this.#engine.ocspResponse;
    return r === undefined ? undefined : Buffer.from(r.buffer, r.byteOffset, r.byteLength);
  }

  /** SNI: the name the client asked for. */
  get serverName(): string | undefined {
    return this.#engine.serverName;
  }

  /** True once the handshake completed (node:tls's name for it is `encrypted` + 'secure'). */
  get handshakeComplete(): boolean {
    return this.#handshakeDone;
  }

  /** True on the client side. */
  get isClient(): boolean {
    return this.#engine.isClient;
  }

  /** The protocol engine (for tests and integrations). */
  get engine(): Engine {
    return this.#engine;
  }
}
