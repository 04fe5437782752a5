/**
 * The sans-I/O TLS engine: one connection's protocol state, with bytes in
 * (`receive`) and bytes out (the `output` callback), and no sockets,
 * timers or files. TLSConnection (a stream.Duplex), the in-memory tests and
 * any other transport drive it the same way:
 *
 *     const engine = new Engine({ output: (b) => socket.write(b), data: (d) => app(d) });
 *     socket.on('data', (b) => engine.receive(b));
 *     socket.on('end', () => engine.receiveEOF());
 *     await engine.handshakeClient({ serverName: 'example.com' });
 *     engine.send(request);
 *
 * One handshake runs per engine, as an async flow (handshake/client/*,
 * handshake/server/*) that awaits the peer's messages through the
 * HandshakeIO this class implements. After it, the engine delivers
 * application data, answers close_notify, and refuses renegotiation the
 * way tlslite-ng does: a HelloRequest (client) or ClientHello (server)
 * after the handshake gets a no_renegotiation warning alert and is
 * otherwise ignored (RFC 5746 4.2, 4.4; RFC 5246 7.2.2).
 *
 * Failure: whatever fails (a malformed message, a bad MAC, a signature
 * that does not verify) is an error object; `alertFor(error)` names the
 * alert, which is sent once, and the application sees a TLSLocalAlert
 * (or the TLSRemoteAlert the peer sent). After that the engine is closed.
 *
 * @module
 */
import { AlertDescription, AlertLevel, CipherSuite, HandshakeType, ProtocolVersion, versionName } from '../constants.js';
import type { CryptoProvider } from '../crypto/provider.js';
import { HandshakeSettings, type ValidatedSettings } from '../settings.js';
import {
  alertFor,
  TLSAbruptCloseError,
  TLSClosedConnectionError,
  TLSError,
  TLSInternalError,
  TLSLocalAlert,
  TLSProtocolException,
  TLSRemoteAlert,
  TLSUnexpectedMessage,
} from '../errors.js';
import type { Certificate } from '../messages/certificate.js';
import { ClientHello } from '../messages/client-hello.js';
import { HelloRequest } from '../messages/hello-request.js';
import type { MessageContext } from '../messages/context.js';
import type { EarlyDataSkipMode } from '../record/early-data-skip.js';
import type { ProtectionState } from '../record/types.js';
import { HandshakeMessage } from '../messages/handshake-message.js';
import type { HandshakeBody, HandshakeClass } from '../messages/message.js';
import { Parser } from '../codec/parser.js';
import { RecordLayer, type KeyBlockParams } from '../record/record-layer.js';
import type { RecordEvent } from '../record/types.js';
import { canonicalCipherName } from '../suites.js';
import type { HandshakeIO, ReceivedClientHello } from '../handshake/io.js';
import type { HandshakeResult } from '../handshake/result.js';
import type { KeyExchangeInfo } from '../handshake/key-exchange-info.js';
import type { ClientHandshakeOptions, ServerHandshakeOptions } from '../handshake/options.js';
import { clientHandshake } from '../handshake/client/handshake.js';
import { serverHandshake } from '../handshake/server/handshake.js';
import { export13 } from '../handshake/tls13-shared.js';
import type { CheckerLike } from '../handshake/options.js';
import { checkPostHandshakeAuthOptions, ServerPostHandshakeAuth13, type Commit, type PostHandshakeAuthOptions } from '../handshake/post-handshake-auth13.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import type { Session } from '../session/session.js';
import { exportKeyingMaterial } from '../handshake/key-schedule.js';
import { keyLogLine } from './keylog.js';
import { HeartbeatHandler } from './heartbeat.js';

export type { ClientHandshakeOptions, ServerHandshakeOptions } from '../handshake/options.js';

/** Options of `Engine.requestPostHandshakeAuth` (TLS 1.3 post-handshake authentication). */
export interface RequestPostHandshakeAuthOptions extends PostHandshakeAuthOptions {
  /** Checks the answer instead of the handshake's checker (which is the default). */
  readonly checker?: CheckerLike;
}

/** Where the engine sends what it produces. Only `output` is required. */
export interface EngineCallbacks {
  /**
   * Bytes to write to the transport, in order. Called synchronously from
   * `receive`, `send`, `close` and while a handshake runs. The engine does
   * not touch `bytes` after the call.
   */
  output(bytes: Uint8Array): void;
  /** Application data from the peer (a view the receiver may keep). */
  data?(data: Uint8Array): void;
  /**
   * The peer ended the connection: `clean` after its close_notify, false
   * when the transport ended without one (possible truncation; whether
   * that matters is the application's call, see `receiveEOF`). Up to TLS
   * 1.2 the engine has already answered with its own close_notify (RFC
   * 5246 7.2.1). In TLS 1.3 close_notify closes the peer's side only (RFC
   * 8446 6.1): `send` still works until `close()`, which the application
   * calls when it is done.
   */
  close?(info: { readonly clean: boolean }): void;
  /**
   * The connection failed after the handshake (a failed handshake rejects
   * its promise instead): a TLSLocalAlert (we sent the alert) or a
   * TLSRemoteAlert. The engine is closed afterwards.
   */
  error?(error: TLSError): void;
  /**
   * A line for the NSS key log format (SSLKEYLOGFILE), without its
   * newline: `CLIENT_RANDOM <client random> <master secret>` for SSLv3 to
   * TLS 1.2 (at each key installation, so resumptions too), and the
   * TLS 1.3 secret labels once TLS 1.3 runs. Only for debugging with a
   * protocol analyser: the line is enough to decrypt the connection.
   */
  keylog?(line: string): void;
  /**
   * Whether `keylog` has anyone to give lines to right now (default:
   * whenever it is set). A line costs hex encoding of secrets; a
   * connection whose key log nobody reads skips it.
   */
  keylogWanted?(): boolean;
  /**
   * TLS 1.3 server: early data (0-RTT, RFC 8446 2.3) the server accepted,
   * in order, while the handshake still runs (a view the receiver may
   * keep). It may be a replay: see
   * `ServerHandshakeOptions.acceptEarlyData`.
   */
  earlyData?(data: Uint8Array): void;
}

/** Options of an engine. */
export interface EngineOptions extends EngineCallbacks {
  /**
   * The crypto provider. Default: the one the handshake settings'
   * `cipherImplementations` name, else `defaultProvider()`.
   */
  readonly provider?: CryptoProvider;
}

/** Where an engine is in its life. */
export type EngineState = 'idle' | 'handshaking' | 'open' | 'closed';

/** A waiter for input: resolved when bytes arrive, rejected on EOF or failure. */
interface InputWaiter {
  resolve(): void;
  reject(error: unknown): void;
}

/** A sans-I/O TLS connection (SSLv3 to TLS 1.2). */
export class Engine {
  readonly #callbacks: EngineCallbacks;
  #provider: CryptoProvider | undefined;
  #record: RecordLayer | undefined;
  /** Bytes received before a handshake created the record layer. */
  #early: Uint8Array[] = [];
  #state: EngineState = 'idle';
  #isClient = false;
  #waiter: InputWaiter | null = null;
  #eof = false;
  /** Set once we sent or received a fatal alert or close_notify. */
  #closeNotifySent = false;
  #closeNotifyReceived = false;
  #result: HandshakeResult | undefined;
  #acceptSSLv2 = false;
  /** The ClientHello.random of this connection (the key log's key), once seen. */
  #clientRandom: Uint8Array | undefined;
  /** Reentrancy guard: `receive` may be called from an output callback. */
  #pumping = false;
  /** The handshake's checker, run again after post-handshake authentication. */
  #checker: CheckerLike | undefined;
  /** A post-handshake answer being prepared: records after its request wait for it. */
  #blockedBy: Promise<void> | undefined;
  /** A close() waiting for that answer (see close()): the application may send nothing more. */
  #closing: Promise<void> | undefined;
  #settings: ValidatedSettings | undefined;
  /** Heartbeats (RFC 6520), once a handshake negotiated them. */
  #heartbeat: HeartbeatHandler | undefined;

  constructor(options: EngineOptions) {
    if (typeof options?.output !== 'function') throw new TypeError('options.output must be a function');
    this.#callbacks = options;
    this.#provider = options.provider;
  }

  // ------------------------------------------------------------------ state

  /** Where the engine is: idle (no handshake yet), handshaking, open (data flows), closed. */
  get state(): EngineState {
    return this.#state;
  }

  /** True once a handshake completed (until the engine closes). */
  get handshakeComplete(): boolean {
    return this.#result !== undefined;
  }

  /** True when this side is the client. */
  get isClient(): boolean {
    return this.#isClient;
  }

  /** True after the peer's close_notify. */
  get closeNotifyReceived(): boolean {
    return this.#closeNotifyReceived;
  }

  /** The negotiated protocol version (wire value, e.g. 0x0303), once the handshake completed. */
  get version(): number | undefined {
    return this.#result?.version;
  }

  /** The seed's getVersionName(): "SSL 3.0", "TLS 1.0" ... "TLS 1.2"; undefined before the handshake. */
  get versionName(): string | undefined {
    const v = this.version;
    return v === undefined ? undefined : versionName(v);
  }

  /** The negotiated cipher suite (code point). */
  get cipherSuite(): number | undefined {
    return this.#result?.cipherSuite;
  }

  /** The IANA name of the negotiated suite, e.g. "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256". */
  get cipherSuiteName(): string | undefined {
    const s = this.cipherSuite;
    return s === undefined ? undefined : CipherSuite.nameOf(s);
  }

  /** The seed's getCipherName(): the bulk cipher, e.g. "aes128gcm", "chacha20-poly1305", "3des". */
  get cipherName(): string | undefined {
    const s = this.cipherSuite;
    return s === undefined ? undefined : canonicalCipherName(s);
  }

  /**
   * The seed's getCipherImplementation(): which implementation serves the
   * bulk cipher of this connection, "native" or "pure".
   */
  get cipherImplementation(): string | undefined {
    return this.#result?.cipherImplementation;
  }

  /** The session: what resumption needs, plus the peer's certificates, SNI, ALPN/NPN protocol, EMS/ETM flags. */
  get session(): Session | undefined {
    return this.#result?.session;
  }

  /** True when the handshake resumed a session (abbreviated handshake). */
  get resumed(): boolean {
    return this.#result?.resumed ?? false;
  }

  /**
   * TLS 1.3: true when early data (0-RTT) was accepted: on a server, the
   * client's (delivered through the `earlyData` callback); on a client,
   * the `earlyData` it sent. False otherwise, and before the handshake.
   */
  get earlyDataAccepted(): boolean {
    return this.#result?.earlyDataAccepted ?? false;
  }

  /** The protocol chosen through ALPN or NPN, if any. */
  get nextProto(): Uint8Array | undefined {
    return this.#result?.nextProto;
  }

  /**
   * Client: the DER OCSPResponse the server stapled (status_request, asked
   * for with `requestOCSP`); undefined when none came. Not validated.
   */
  get ocspResponse(): Uint8Array | undefined {
    return this.#result?.ocspResponse;
  }

  /** The key exchange's signature scheme and group (for reports such as tls.py's); undefined before the handshake. */
  get keyExchangeInfo(): KeyExchangeInfo | undefined {
    return this.#result?.keyExchange;
  }

  /** The server name the client asked for (SNI): on a server, what the client sent. */
  get serverName(): string | undefined {
    return this.#result?.serverName;
  }

  /** The crypto provider the connection uses (known once a handshake has started). */
  get provider(): CryptoProvider | undefined {
    return this.#provider;
  }

  /**
   * True while the record layer holds a ChangeCipherSpec it cannot act on
   * until the handshake installs keys: an adaptor may stop reading from
   * the transport meanwhile (bytes passed to `receive` are still kept).
   */
  get awaitingKeys(): boolean {
    return this.#record?.awaitingKeys ?? false;
  }

  // ------------------------------------------------------------------ handshakes

  /**
   * Runs a client handshake (SSLv3 to TLS 1.2 per settings). Resolves once
   * the server's Finished verified (and the checker, if any, passed).
   * @throws TLSLocalAlert (we sent that alert), TLSRemoteAlert (the peer
   *   did), TLSAbruptCloseError (transport closed), TLSAuthenticationError
   *   (the checker refused the peer; nothing is sent), TypeError/RangeError
   *   for bad options.
   */
  async handshakeClient(options: ClientHandshakeOptions = {}): Promise<void> {
    const settings = (options.settings ?? new HandshakeSettings()).validate();
    this.#begin(true, settings, false);
    await this.#run(() => clientHandshake(this.#io, options, settings), options.checker);
  }

  /**
   * Runs a server handshake. Resolves once the client's Finished verified
   * (and the checker, if any, passed).
   * @throws as `handshakeClient`.
   */
  async handshakeServer(options: ServerHandshakeOptions = {}): Promise<void> {
    const settings = (options.settings ?? new HandshakeSettings()).validate();
    this.#begin(false, settings, options.acceptSSLv2Hello ?? true);
    await this.#run(() => serverHandshake(this.#io, options, settings), options.checker);
  }

  #begin(isClient: boolean, settings: ValidatedSettings, acceptSSLv2: boolean): void {
    if (this.#state !== 'idle') throw new Error(`cannot start a handshake: the engine is ${this.#state}`);
    this.#isClient = isClient;
    this.#acceptSSLv2 = acceptSSLv2 && !isClient;
    this.#provider ??= settings.getProvider();
    this.#settings = settings;
    this.#record = new RecordLayer({ provider: this.#provider, acceptSSLv2Hello: this.#acceptSSLv2 });
    for (const bytes of this.#early) this.#record.push(bytes);
    this.#early = [];
    this.#state = 'handshaking';
  }

  async #run(flow: () => Promise<HandshakeResult>, checker: CheckerLike | undefined): Promise<void> {
    let result: HandshakeResult;
    try {
      result = await flow();
      this.#flush();
    } catch (error) {
      throw this.#failHandshake(error);
    }
    this.#result = result;
    this.#state = 'open';
    this.#checker = checker;
    if (result.heartbeat !== undefined) this.#startHeartbeat(result.heartbeat.peerAllowsRequests);
    if (checker !== undefined) {
      try {
        if (typeof checker === 'function') checker(this);
        else checker.check(this);
      } catch (error) {
        // As the seed: an authentication failure closes the connection
        // without an alert (the handshake itself succeeded).
        this.#state = 'closed';
        throw error;
      }
    }
    // Records that followed the peer's Finished (data, alerts) are waiting.
    this.#pump();
  }

  // ------------------------------------------------------------------ transport side

  /**
   * Hands over bytes received from the transport. The engine takes
   * ownership (records are decrypted in place). Application data, the
   * peer's close and post-handshake failures are reported through the
   * callbacks; during a handshake the bytes feed the handshake.
   */
  receive(bytes: Uint8Array): void {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
    if (this.#state === 'closed' || bytes.length === 0) return;
    // TLS 1.3 after the peer's close_notify: still open for sending, but
    // nothing more is read (RFC 8446 6.1), not even decrypted or buffered.
    if (this.#closeNotifyReceived) return;
    if (this.#record === undefined) {
      this.#early.push(bytes);
      return;
    }
    this.#record.push(bytes);
    if (this.#state === 'handshaking') {
      this.#wake();
    } else {
      this.#pump();
    }
  }

  /**
   * The transport ended (no more bytes will come). During a handshake the
   * handshake fails with TLSAbruptCloseError; afterwards `close({clean})`
   * reports whether the peer had sent close_notify first.
   */
  receiveEOF(): void {
    if (this.#eof) return;
    this.#eof = true;
    if (this.#state === 'handshaking') {
      this.#wake(new TLSAbruptCloseError('the transport closed during the handshake'));
      return;
    }
    // Records still queued behind a post-handshake answer are read first.
    if (this.#state === 'open' && this.#blockedBy !== undefined) return;
    this.#endAtEOF();
  }

  #endAtEOF(): void {
    // TLS 1.3 half-close: the peer's close_notify already ended its side
    // (and was reported); ours stays open until close().
    if (this.#state === 'open' && this.#closeNotifyReceived && !this.#closeNotifySent) return;
    if (this.#state === 'open') {
      this.#state = 'closed';
      this.#abortPostHandshake(() => new TLSAbruptCloseError('the transport closed'));
      this.#callbacks.close?.({ clean: this.#closeNotifyReceived });
    } else {
      this.#state = 'closed';
    }
  }

  // ------------------------------------------------------------------ application side

  /** Our side is closed to the application: close_notify sent, or a close() waiting to send it. */
  get #writeClosed(): boolean {
    return this.#closeNotifySent || this.#closing !== undefined;
  }

  /**
   * Sends application data (split into records of at most 2^14 bytes, or
   * the negotiated limit). The bytes are not modified.
   * @throws Error before the handshake completed; TLSClosedConnectionError after close.
   */
  send(data: Uint8Array): void {
    if (!(data instanceof Uint8Array)) throw new TypeError('data must be a Uint8Array');
    if (this.#state === 'closed' || this.#writeClosed) throw new TLSClosedConnectionError('the connection is closed');
    if (this.#state !== 'open') throw new Error('send() before the handshake completed');
    if (data.length === 0) return;
    this.#record!.sendApplicationData(data);
    this.#flush();
  }

  /**
   * Sends close_notify (RFC 5246 7.2.1). Reading continues until the peer
   * answers with its own (reported through `close({clean: true})`) or the
   * transport ends. Idempotent. During a handshake it aborts it
   * (user_canceled is not used: tlslite-ng sends close_notify).
   *
   * While a post-handshake answer is being prepared (TLS 1.3 client
   * authentication: the signature is asynchronous) the close_notify waits
   * for it, since nothing can be sent after it (RFC 8446 6.1): `close()`
   * then returns a promise, resolved once the close_notify went out;
   * `send` fails from the call on.
   */
  close(): Promise<void> | undefined {
    if (this.#closeNotifySent || this.#state === 'closed') return undefined;
    if (this.#state === 'open' && this.#blockedBy !== undefined) {
      return (this.#closing ??= this.#blockedBy.then(() => {
        this.#closing = undefined;
        return this.close();
      }));
    }
    if (this.#record === undefined) {
      this.#state = 'closed';
      return;
    }
    this.#closeNotifySent = true;
    this.#record.sendAlert(AlertLevel.warning, AlertDescription.close_notify);
    this.#flush();
    if (this.#state === 'handshaking') {
      this.#wake(new TLSClosedConnectionError('close() during the handshake'));
    }
    if (this.#closeNotifyReceived) this.#state = 'closed';
  }

  /**
   * Server only: sends a HelloRequest (RFC 5246 7.4.1.1), inviting the
   * client to renegotiate. This library never renegotiates: a ClientHello
   * that answers it is refused with a no_renegotiation warning, as any
   * other; the message exists for testing peers' refusal.
   * @throws Error on a client or before the handshake completed.
   */
  sendHelloRequest(): void {
    if (this.#isClient || this.#state !== 'open') throw new Error('sendHelloRequest() needs an open server connection');
    this.#record!.sendHandshake(HandshakeMessage.of(new HelloRequest()).bytes);
    this.#flush();
  }

  /**
   * Derives keying material (RFC 5705) from the master secret:
   * PRF(master_secret, label, client_random || server_random [|| context_length || context]).
   * @param label an ASCII label (RFC 5705 4: labels beginning "EXPERIMENTAL" are for private use)
   * @param context null for none (distinct from an empty context)
   * @throws Error before the handshake completed; RangeError in SSLv3 (no
   *   exporter), for a reserved label or a context over 65535 bytes
   */
  exportKeyingMaterial(label: string | Uint8Array, context: Uint8Array | null, length: number): Uint8Array {
    const result = this.#result;
    if (result === undefined) throw new Error('exportKeyingMaterial() before the handshake completed');
    if (result.tls13 !== undefined) return export13(this.#provider!, result.tls13, label, context ?? undefined, length);
    return exportKeyingMaterial(
      this.#provider!,
      result.prfAlgorithm,
      result.masterSecret,
      result.clientRandom,
      result.serverRandom,
      label,
      context ?? undefined,
      length,
    );
  }

  /**
   * TLS 1.3: sends a KeyUpdate and switches to the next write keys (RFC
   * 8446 4.6.3). With `requestPeer` the peer is asked to update its keys
   * too (update_requested).
   * @throws Error when the connection is not an open TLS 1.3 one.
   */
  keyUpdate(requestPeer = false): void {
    const tls13 = this.#result?.tls13;
    if (this.#state !== 'open' || tls13 === undefined) throw new Error('keyUpdate() needs an open TLS 1.3 connection');
    if (this.#writeClosed) throw new TLSClosedConnectionError('the connection is closed');
    tls13.post.sendKeyUpdate(requestPeer);
    this.#flush();
  }

  /**
   * TLS 1.3 server: asks the client for a certificate after the handshake
   * (a post-handshake CertificateRequest, RFC 8446 4.6.2) and resolves
   * with the chain it sends once its CertificateVerify and Finished
   * verified (null for an empty Certificate). The chain then is the
   * session's `clientCertChain`, and the handshake's checker (or
   * `options.checker`) has passed; a refusal sends access_denied and
   * rejects with the checker's error. With `require`, an empty
   * Certificate fails the connection with certificate_required.
   * Application data keeps flowing meanwhile. Several requests may be
   * outstanding; each has its own certificate_request_context. The
   * promise rejects when the connection fails or closes first; it never
   * times out by itself (close the connection to give up).
   * @throws Error (synchronously) on a client, before the handshake, on
   *   a connection that is not TLS 1.3, or when the client did not offer
   *   post_handshake_auth (RFC 8446 4.2.6); TLSClosedConnectionError
   *   after close; TypeError for bad options.
   */
  requestPostHandshakeAuth(options: RequestPostHandshakeAuthOptions = {}): Promise<X509CertChain | null> {
    checkPostHandshakeAuthOptions(options);
    const checker = options.checker ?? this.#checker;
    const tls13 = this.#result?.tls13;
    if (this.#isClient || this.#state !== 'open' || tls13 === undefined) throw new Error('requestPostHandshakeAuth() needs an open TLS 1.3 server connection');
    if (this.#writeClosed) throw new TLSClosedConnectionError('the connection is closed');
    const pha = tls13.post.pha;
    if (!(pha instanceof ServerPostHandshakeAuth13)) {
      throw new Error('the client did not offer post-handshake authentication (post_handshake_auth, RFC 8446 4.2.6)');
    }
    const session = this.#result!.session;
    const onAnswer = (chain: X509CertChain | undefined) => {
      if (chain !== undefined) session.clientCertChain = chain;
      if (checker === undefined) return;
      if (typeof checker === 'function') checker(this);
      else checker.check(this);
    };
    const answered = pha.request({ require: options.require, reqCAs: options.reqCAs }, onAnswer);
    this.#flush();
    return answered.then((chain) => chain ?? null);
  }

  /**
   * True when the handshake negotiated the heartbeat extension (RFC 6520;
   * TLS 1.0 to 1.3). `canSendRequests`: the peer allows our requests.
   */
  get heartbeat(): { readonly negotiated: boolean; readonly canSendRequests: boolean } {
    return { negotiated: this.#heartbeat !== undefined, canSendRequests: this.#heartbeat?.canSendRequests ?? false };
  }

  /**
   * The record_size_limit values in force (RFC 8449): `send` is the
   * peer's (bounding our records), `receive` ours; null where none was
   * negotiated.
   */
  get recordSizeLimit(): { readonly send: number | null; readonly receive: number | null } {
    return this.#record?.recordSizeLimit ?? { send: null, receive: null };
  }

  /**
   * Sends a HeartbeatRequest (RFC 6520 3; tlslite-ng's
   * send_heartbeat_request): `payload` is echoed back by the peer, and the
   * response reaches the settings' `heartbeatResponseCallback`. The
   * padding is `paddingLength` random bytes (at least 16).
   * @throws Error when the connection is not open, heartbeats were not
   *   negotiated, the peer does not allow requests or a
   *   request is already in flight; TLSClosedConnectionError after close;
   *   TypeError/RangeError for bad arguments.
   */
  sendHeartbeatRequest(payload: Uint8Array, paddingLength = 16): void {
    if (this.#state === 'closed' || this.#writeClosed) throw new TLSClosedConnectionError('the connection is closed');
    if (this.#state !== 'open') throw new Error('sendHeartbeatRequest() before the handshake completed');
    if (this.#heartbeat === undefined) throw new Error('the heartbeat extension was not negotiated');
    this.#heartbeat.request(payload, paddingLength);
    this.#flush();
  }

  #startHeartbeat(peerAllowsRequests: boolean): void {
    const engine = this;
    this.#heartbeat = new HeartbeatHandler(
      { peerAllowsRequests },
      {
        provider: this.#provider!,
        maxRecord: () => engine.#record!.maxSendFragment,
        send: (message) => engine.#record!.sendHeartbeat(message),
        canSend: () => !engine.#closeNotifySent,
      },
      this.#settings?.heartbeatResponseCallback ?? null,
    );
  }

  // ------------------------------------------------------------------ internals: output

  #keyLog(label: string, secret: Uint8Array): void {
    const keylog = this.#callbacks.keylog;
    if (keylog === undefined || this.#clientRandom === undefined || this.#callbacks.keylogWanted?.() === false) return;
    keylog(keyLogLine(label, this.#clientRandom, secret));
  }

  #flush(): void {
    const record = this.#record;
    if (record === undefined) return;
    const out = record.takeOutputBytes();
    if (out.length > 0) this.#callbacks.output(out);
  }

  // ------------------------------------------------------------------ internals: handshake input

  #wake(error?: unknown): void {
    const waiter = this.#waiter;
    if (waiter === null) return;
    this.#waiter = null;
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }

  /** The next record event for the running handshake, waiting for bytes as needed. */
  async #nextEvent(): Promise<RecordEvent> {
    for (;;) {
      if (this.#state === 'closed') throw new TLSClosedConnectionError('the connection is closed');
      const event = this.#record!.next();
      if (event !== null) return event;
      if (this.#eof) throw new TLSAbruptCloseError('the transport closed during the handshake');
      // The flight so far goes out before we wait for the answer.
      this.#flush();
      await new Promise<void>((resolve, reject) => {
        this.#waiter = { resolve, reject };
      });
    }
  }

  /**
   * The next handshake-relevant event: handshake messages and
   * ChangeCipherSpec; alerts and data are judged here. With
   * `noCertificate`, SSLv3's no_certificate warning is an event too.
   */
  async #nextHandshakeEvent(noCertificate = false, earlyData = false): Promise<RecordEvent> {
    for (;;) {
      const event = await this.#nextEvent();
      switch (event.type) {
        case 'handshake':
          // RFC 5246 7.4.1.1: a client ignores HelloRequest while it
          // negotiates; HelloRequest is never in the handshake hash.
          if (event.msgType === HandshakeType.hello_request && this.#isClient) {
            if (event.body.length !== 0) throw new TLSUnexpectedMessage('HelloRequest with a body');
            continue;
          }
          return event;
        case 'change_cipher_spec':
          // RFC 8446 5: in TLS 1.3 the compatibility ChangeCipherSpec (one
          // unprotected byte 1, checked by the record layer) is dropped
          // until the handshake ends.
          if (this.#record!.version >= ProtocolVersion.TLS1_3) continue;
          return event;
        case 'ssl2_client_hello':
          return event;
        case 'alert':
          if (noCertificate && event.level === AlertLevel.warning && event.description === AlertDescription.no_certificate) {
            return event;
          }
          this.#receivedAlertInHandshake(event.level, event.description);
          continue;
        case 'application_data':
          if (earlyData) return event;
          throw new TLSUnexpectedMessage('application data during the handshake');
        case 'heartbeat':
          // RFC 6520 2: heartbeat messages are not allowed during the handshake.
          throw new TLSUnexpectedMessage('heartbeat during the handshake');
      }
    }
  }

  #receivedAlertInHandshake(level: number, description: number): never {
    if (description === AlertDescription.close_notify) this.#closeNotifyReceived = true;
    throw new TLSRemoteAlert(description, level);
  }

  #parse(event: RecordEvent & { type: 'handshake' }, context: MessageContext): HandshakeMessage {
    return HandshakeMessage.parse(event.raw, context);
  }

  #unexpected(event: RecordEvent, wanted: string): TLSUnexpectedMessage {
    const got =
      event.type === 'handshake'
        ? HandshakeType.nameOf(event.msgType)
        : event.type === 'ssl2_client_hello'
          ? 'SSLv2 ClientHello'
          : event.type;
    return new TLSUnexpectedMessage(`expected ${wanted}, received ${got}`);
  }

  /**
   * The HandshakeIO the flows use: a class inside Engine (so it reaches
   * the engine's private state) whose methods are shared. It was an
   * object literal of closures with a getter, which V8 builds slowly:
   * 40 µs per engine, an engine per connection.
   */
  static readonly #IO = class EngineIO implements HandshakeIO {
    readonly #engine: Engine;
    context: MessageContext = {};

    constructor(engine: Engine) {
      this.#engine = engine;
    }

    get provider() {
      return this.#engine.#provider!;
    }
    async expect<M extends HandshakeBody>(cls: HandshakeClass<M>) {
      return (await this.expectOneOf([cls])) as HandshakeMessage<M>;
    }
    async expectOneOf(classes: readonly HandshakeClass[]) {
      const event = await this.#engine.#nextHandshakeEvent();
      if (event.type !== 'handshake' || !classes.some((c) => c.handshakeType === event.msgType)) {
        throw this.#engine.#unexpected(event, classes.map((c) => HandshakeType.nameOf(c.handshakeType)).join(' or '));
      }
      return this.#engine.#parse(event, this.context);
    }
    async expectCertificateOrNoCertificate() {
      const event = await this.#engine.#nextHandshakeEvent(true);
      if (event.type === 'alert') return null;
      if (event.type !== 'handshake' || event.msgType !== HandshakeType.certificate) {
        throw this.#engine.#unexpected(event, 'Certificate');
      }
      return this.#engine.#parse(event, this.context) as HandshakeMessage<Certificate>;
    }
    async expectChangeCipherSpec() {
      const event = await this.#engine.#nextHandshakeEvent();
      if (event.type !== 'change_cipher_spec') throw this.#engine.#unexpected(event, 'ChangeCipherSpec');
    }
    async expectClientHello(): Promise<ReceivedClientHello> {
      const event = await this.#engine.#nextHandshakeEvent();
      if (event.type === 'ssl2_client_hello') {
        const hello = ClientHello.readSSLv2(new Parser(event.body));
        this.#engine.#clientRandom = hello.random;
        return { message: new HandshakeMessage(hello, event.body), ssl2: true };
      }
      if (event.type !== 'handshake' || event.msgType !== HandshakeType.client_hello) {
        throw this.#engine.#unexpected(event, 'ClientHello');
      }
      const message = this.#engine.#parse(event, this.context) as HandshakeMessage<ClientHello>;
      this.#engine.#clientRandom = message.body.random;
      return { message, ssl2: false };
    }
    send<M extends HandshakeBody>(body: M) {
      const message = HandshakeMessage.of(body);
      this.#engine.#record!.sendHandshake(message.bytes);
      if (body instanceof ClientHello) this.#engine.#clientRandom = body.random;
      return message;
    }
    sendChangeCipherSpec() {
      this.#engine.#record!.sendChangeCipherSpec();
    }
    sendAlert(level: number, description: number) {
      this.#engine.#record!.sendAlert(level, description);
    }
    setRecordVersion(version: number, negotiated: boolean) {
      this.#engine.#record!.version = version;
      this.#engine.#record!.checkRecordVersion = negotiated;
    }
    setRecordSizeLimit(send: number, receive: number) {
      this.#engine.#record!.setRecordSizeLimit(send, receive);
    }
    installKeyBlock(params: KeyBlockParams) {
      this.#engine.#record!.installKeyBlock(params);
    }
    setReadState(state: ProtectionState) {
      this.#engine.#record!.setReadState(state);
    }
    setWriteState(state: ProtectionState) {
      this.#engine.#record!.setWriteState(state);
    }
    skipEarlyData(mode: EarlyDataSkipMode, limit: number) {
      this.#engine.#record!.skipEarlyData(mode, limit);
    }
    async expectEarlyData<M extends HandshakeBody>(cls: HandshakeClass<M>) {
      const event = await this.#engine.#nextHandshakeEvent(false, true);
      if (event.type === 'application_data') return event.data;
      if (event.type !== 'handshake' || event.msgType !== cls.handshakeType) {
        throw this.#engine.#unexpected(event, `early data or ${HandshakeType.nameOf(cls.handshakeType)}`);
      }
      return this.#engine.#parse(event, this.context) as HandshakeMessage<M>;
    }
    deliverEarlyData(data: Uint8Array) {
      this.#engine.#callbacks.earlyData?.(data);
    }
    sendEarlyData(data: Uint8Array) {
      this.#engine.#record!.sendApplicationData(data);
    }
    keyLog(label: string, secret: Uint8Array) {
      this.#engine.#keyLog(label, secret);
    }
    flush() {
      this.#engine.#flush();
    }
    flushBeforeKeyChange() {
      this.#engine.#record!.keepQueued();
    }
  };

  readonly #io: HandshakeIO = new Engine.#IO(this);

  /**
   * Ends a failed handshake: sends the alert `alertFor(error)` names
   * (unless the peer's alert or the transport ended it) and returns what
   * the application sees.
   */
  #failHandshake(error: unknown): unknown {
    const wasClosed = this.#state === 'closed';
    this.#state = 'closed';
    this.#waiter = null;
    if (error instanceof TLSRemoteAlert || error instanceof TLSAbruptCloseError || wasClosed) return error;
    if (error instanceof TLSClosedConnectionError) return error;
    const description = alertFor(error);
    this.#sendFatal(description);
    if (error instanceof TLSProtocolException || error instanceof TLSInternalError) {
      const local = new TLSLocalAlert(description, AlertLevel.fatal, error.message);
      (local as { cause?: unknown }).cause = error;
      return local;
    }
    return error;
  }

  #sendFatal(description: number): void {
    const record = this.#record;
    if (record === undefined || this.#closeNotifySent) return;
    this.#closeNotifySent = true;
    try {
      // Whatever was queued (half a flight) is dropped: only the alert goes
      // out, after what had to precede it (see flushBeforeKeyChange).
      record.dropUnkept();
      record.sendAlert(AlertLevel.fatal, description);
      this.#flush();
    } catch {
      // The write state itself failed (e.g. sequence number exhausted): nothing more can be sent.
    }
  }

  // ------------------------------------------------------------------ internals: after the handshake

  /** Processes every record available once the handshake is over. */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#state === 'open' && this.#blockedBy === undefined && !this.#closeNotifyReceived) {
        const event = this.#record!.next();
        if (event === null) break;
        this.#onEvent(event);
      }
    } catch (error) {
      this.#failOpen(error);
    } finally {
      this.#pumping = false;
    }
    this.#flush();
  }

  #onEvent(event: RecordEvent): void {
    // RFC 8446 6.1: "Any data received after a closure alert has been
    // received MUST be ignored" (only TLS 1.3 reads on after close_notify).
    if (this.#closeNotifyReceived) return;
    switch (event.type) {
      case 'application_data':
        this.#result?.tls13?.post.dataReceived();
        this.#callbacks.data?.(event.data);
        return;
      case 'alert':
        this.#onAlert(event.level, event.description);
        return;
      case 'handshake':
        // TLS 1.3: NewSessionTicket, KeyUpdate, post-handshake authentication (RFC 8446 4.6).
        if (this.#result?.tls13 !== undefined) this.#afterPostHandshake(this.#result.tls13.post.handle(event.raw));
        else this.#onPostHandshakeMessage(event.msgType);
        return;
      case 'change_cipher_spec':
        throw new TLSUnexpectedMessage('ChangeCipherSpec after the handshake');
      case 'heartbeat':
        // RFC 6520 2, RFC 8446 5: a record type that no extension
        // negotiated is unexpected_message.
        if (this.#heartbeat === undefined) throw new TLSUnexpectedMessage('heartbeat record, but heartbeats were not negotiated');
        this.#heartbeat.receive(event.data);
        return;
      case 'ssl2_client_hello':
        throw new TLSUnexpectedMessage('SSLv2 ClientHello after the handshake');
    }
  }

  /**
   * A post-handshake message whose answer is asynchronous (the client's
   * CertificateVerify is signed off the record loop): its commit sends
   * the answer if the connection can still write; a failure fails it.
   */
  #afterPostHandshake(pending: void | Promise<Commit | void>): void {
    if (pending === undefined) return;
    // Records after the request wait until the answer is out, so that
    // what follows (a close_notify, say) cannot overtake it.
    const done = pending
      .then((commit) => {
        if (commit === undefined || this.#state !== 'open' || this.#closeNotifySent) return;
        commit();
        this.#flush();
      })
      .catch((error: unknown) => {
        if (this.#state === 'open') this.#failOpen(error);
      })
      .finally(() => {
        if (this.#blockedBy !== done) return;
        this.#blockedBy = undefined;
        this.#pump();
        if (this.#eof && this.#blockedBy === undefined) this.#endAtEOF();
      });
    this.#blockedBy = done;
  }

  /**
   * The connection ended: outstanding post-handshake authentication fails
   * with `reason()` (made only when there is some: an error is not free,
   * and most connections end without any).
   */
  #abortPostHandshake(reason: () => unknown): void {
    const post = this.#result?.tls13?.post;
    if (post?.pha !== undefined) post.abort(reason());
  }

  #onAlert(level: number, description: number): void {
    if (description === AlertDescription.close_notify) {
      this.#closeNotifyReceived = true;
      if (this.#result?.tls13 !== undefined) {
        // RFC 8446 6.1: close_notify closes the peer's write side only. We
        // may go on sending until our own close() (half-close); what
        // arrives from now on is ignored.
        if (this.#closeNotifySent) this.#state = 'closed';
        // A peer that closed its side can no longer answer a CertificateRequest.
        this.#abortPostHandshake(() => new TLSClosedConnectionError('the peer closed the connection'));
        this.#callbacks.close?.({ clean: true });
        return;
      }
      // RFC 5246 7.2.1: answer with our own close_notify and stop reading.
      if (!this.#closeNotifySent) {
        this.#closeNotifySent = true;
        this.#record!.sendAlert(AlertLevel.warning, AlertDescription.close_notify);
        this.#flush();
      }
      this.#state = 'closed';
      this.#abortPostHandshake(() => new TLSClosedConnectionError('the peer closed the connection'));
      this.#callbacks.close?.({ clean: true });
      return;
    }
    if (level === AlertLevel.warning) return; // RFC 5246 7.2: warnings may be ignored
    this.#state = 'closed';
    this.#result?.session.setResumable(false); // RFC 5246 7.2.2
    const alert = new TLSRemoteAlert(description, level);
    this.#abortPostHandshake(() => alert);
    this.#callbacks.error?.(alert);
  }

  /**
   * Renegotiation is refused, as tlslite-ng refuses it: the client answers
   * HelloRequest and the server answers a ClientHello with a
   * no_renegotiation warning (RFC 5246 7.2.2) and carries on. Any other
   * handshake message after the handshake is unexpected_message.
   */
  #onPostHandshakeMessage(msgType: number): void {
    const refused = this.#isClient ? HandshakeType.hello_request : HandshakeType.client_hello;
    if (msgType !== refused) throw new TLSUnexpectedMessage(`${HandshakeType.nameOf(msgType)} after the handshake`);
    if (this.#closeNotifySent) return;
    this.#record!.sendAlert(AlertLevel.warning, AlertDescription.no_renegotiation);
  }

  #failOpen(error: unknown): void {
    this.#state = 'closed';
    // RFC 5246 7.2.2: a connection ended by a fatal alert leaves a session
    // that must not be resumed (caches hold this very object).
    this.#result?.session.setResumable(false);
    const description = alertFor(error);
    this.#sendFatal(description);
    const reported =
      error instanceof TLSError && !(error instanceof TLSProtocolException)
        ? error
        : new TLSLocalAlert(description, AlertLevel.fatal, error instanceof Error ? error.message : undefined);
    this.#abortPostHandshake(() => reported);
    this.#callbacks.error?.(reported);
  }
}
