/**
 * TLS 1.3 post-handshake client authentication (RFC 8446 4.2.6, 4.6.2).
 * A client that sent the post_handshake_auth extension may get a
 * CertificateRequest at any time after the handshake and answers with
 *
 *     Certificate, CertificateVerify (when the Certificate is not empty), Finished
 *
 * computed over the transcript of the whole handshake (through the
 * client's Finished) plus that CertificateRequest (RFC 8446 4.4), with
 * the Finished key derived from the current client_application_traffic_secret_N.
 * Each request is independent: a second one starts again from the end
 * of the handshake, not from the first request's messages.
 *
 * Both halves plug into PostHandshake13 (its `pha`): the engine hands
 * them the post-handshake messages it reads. The client's answer needs
 * a signature, which may be asynchronous, so `handle` returns a promise
 * that resolves to a `commit` the engine calls (synchronously, in the
 * order the requests arrived) while the connection is still writable:
 * the three messages then go out together, and the Finished uses the
 * write secret in force at that moment.
 *
 * @module
 */
import { HandshakeType, ProtocolVersion } from '../constants.js';
import { toHex } from '../crypto/bytes.js';
import { TLSAccessDenied, TLSIllegalParameterException, TLSUnexpectedMessage } from '../errors.js';
import type { Certificate } from '../messages/certificate.js';
import { CertificateRequest } from '../messages/certificate-request.js';
import type { CertificateVerify } from '../messages/certificate-verify.js';
import { CertificateAuthoritiesExtension } from '../messages/extensions/certificate-authorities.js';
import type { Extension } from '../messages/extensions/extension.js';
import { Extensions } from '../messages/extensions/list.js';
import { SignatureAlgorithmsExtension } from '../messages/extensions/signature-algorithms.js';
import { Finished } from '../messages/finished.js';
import { HandshakeMessage } from '../messages/handshake-message.js';
import type { HandshakeBody } from '../messages/message.js';
import type { ValidatedSettings } from '../settings.js';
import type { CipherSuiteInfo } from '../suites.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import type { PeerChain } from './bridge.js';
import type { CertificateCandidate } from './options.js';
import { acceptClientCertificate13, answerCertificateRequest13, requestedSchemes13, verifyClientCertificateVerify13 } from './client-auth13.js';
import type { HandshakeIO } from './io.js';
import { checkFinished13, finishedVerifyData13 } from './key-schedule13.js';
import { tls13SignatureSchemes } from './signatures13.js';
import type { Transcript13 } from './transcript13.js';

/** Most CertificateRequests a client answers on one connection (a flood is unexpected_message). */
export const MAX_POST_HANDSHAKE_REQUESTS = 256;

/** Bytes of a certificate_request_context we generate (random, so unique per connection; RFC 8446 4.3.2). */
const CONTEXT_LENGTH = 16;

/** What a post-handshake handler returns when it has something to send once the connection allows it. */
export type Commit = () => void;

/** The handler PostHandshake13 routes CertificateRequest (client) or Certificate, CertificateVerify, Finished (server) to. */
export interface PostHandshakeAuthHandler {
  /** One post-handshake message (header included). */
  handle(raw: Uint8Array): void | Promise<Commit | void>;
  /** The connection ended (failed or closed): outstanding work is dropped, waiters rejected with `error`. */
  abort(error: unknown): void;
}

/** What both halves need of the connection. */
export interface PostHandshakeAuthContext {
  readonly io: HandshakeIO;
  readonly settings: ValidatedSettings;
  readonly suite: CipherSuiteInfo;
  /** The transcript through the client's Finished (copied for each request). */
  readonly transcript: Transcript13;
  /** The current client_application_traffic_secret_N (the Finished base key, RFC 8446 4.4). */
  clientSecret(): Uint8Array;
}

/**
 * Whether a client offers post_handshake_auth: `postHandshakeAuth` when
 * set, else (as tlslite-ng) when it has a certificate and key to answer with.
 */
export function offersPostHandshakeAuth(options: { readonly postHandshakeAuth?: boolean; readonly certChain?: unknown; readonly privateKey?: unknown }): boolean {
  if (options.postHandshakeAuth !== undefined) {
    if (typeof options.postHandshakeAuth !== 'boolean') throw new TypeError('postHandshakeAuth must be true or false');
    return options.postHandshakeAuth;
  }
  return options.certChain !== undefined && options.privateKey !== undefined;
}

/** Parses a post-handshake message of the type the caller checked (raw[0]). */
function parse13<M extends HandshakeBody>(ctx: PostHandshakeAuthContext, raw: Uint8Array): HandshakeMessage<M> {
  const hashLength = ctx.io.provider.hashes[ctx.suite.prfHash].outputLength;
  return HandshakeMessage.parse(raw, { version: ProtocolVersion.TLS1_3, hashLength }) as HandshakeMessage<M>;
}

// ---------------------------------------------------------------- client

/** The client half: answers each CertificateRequest with our certificate (or an empty one). */
export class ClientPostHandshakeAuth13 implements PostHandshakeAuthHandler {
  #queue: Promise<unknown> = Promise.resolve();
  #answered = 0;
  #contexts = new Set<string>();
  #aborted = false;

  constructor(
    private readonly ctx: PostHandshakeAuthContext,
    /** Our chains (certChain/privateKey and `certificates`), chosen from per request. */
    private readonly candidates: readonly CertificateCandidate[],
    /** Called when we sent a chain (the session records it). */
    private readonly onCertificateSent: (chain: X509CertChain) => void,
  ) {}

  handle(raw: Uint8Array): Promise<Commit | void> {
    if (raw[0] !== HandshakeType.certificate_request) {
      throw new TLSUnexpectedMessage(`${HandshakeType.nameOf(raw[0]!)} after the TLS 1.3 handshake`);
    }
    if (++this.#answered > MAX_POST_HANDSHAKE_REQUESTS) throw new TLSUnexpectedMessage(`more than ${MAX_POST_HANDSHAKE_REQUESTS} post-handshake CertificateRequests`);
    const message = parse13<CertificateRequest>(this.ctx, raw);
    const context = message.body.certificateRequestContext ?? new Uint8Array(0);
    // RFC 8446 4.3.2: the context is unique within the connection, so a
    // CertificateVerify cannot be replayed; a repeated one is an attack.
    const key = toHex(context);
    if (this.#contexts.has(key)) throw new TLSIllegalParameterException('post-handshake CertificateRequest repeats a certificate_request_context');
    this.#contexts.add(key);
    requestedSchemes13(message.body);
    const transcript = this.ctx.transcript.copy().update(message.bytes);
    // One answer at a time, in the order the requests came (RFC 8446 4.6.2).
    const answer = this.#queue.then(() => this.#answer(message.body, transcript));
    this.#queue = answer.catch(() => {});
    return answer;
  }

  async #answer(request: CertificateRequest, transcript: Transcript13): Promise<Commit | void> {
    if (this.#aborted) return;
    const { io, settings, suite } = this.ctx;
    const answer = await answerCertificateRequest13(io.provider, settings, this.candidates, request, transcript);
    return () => {
      if (this.#aborted) return;
      io.send(answer.certificate);
      if (answer.certificateVerify !== undefined) io.send(answer.certificateVerify);
      // RFC 8446 4.4: the Finished key comes from the client's current application secret.
      const verifyData = finishedVerifyData13(io.provider, suite.prfHash, this.ctx.clientSecret(), transcript.digest());
      io.send(new Finished(verifyData));
      if (answer.chain !== undefined) this.onCertificateSent(answer.chain);
    };
  }

  abort(): void {
    this.#aborted = true;
  }
}

// ---------------------------------------------------------------- server

/** Options of `Engine.requestPostHandshakeAuth`. */
export interface PostHandshakeAuthOptions {
  /** Fail the connection with certificate_required (RFC 8446 4.4.2.4) when the client sends an empty Certificate. Default false. */
  readonly require?: boolean;
  /** DER distinguished names for the request's certificate_authorities extension (RFC 8446 4.2.4). */
  readonly reqCAs?: readonly Uint8Array[];
}

/**
 * Checks what an application passes to `requestPostHandshakeAuth`
 * (TypeError naming the field), `checker` included.
 */
export function checkPostHandshakeAuthOptions(options: PostHandshakeAuthOptions & { readonly checker?: unknown }): void {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  if (options.require !== undefined && typeof options.require !== 'boolean') throw new TypeError('options.require must be true or false');
  if (options.reqCAs !== undefined && (!Array.isArray(options.reqCAs) || !options.reqCAs.every((dn) => dn instanceof Uint8Array))) {
    throw new TypeError('options.reqCAs must be an array of Uint8Array (DER distinguished names)');
  }
  const checker = options.checker;
  if (checker !== undefined && typeof checker !== 'function' && typeof (checker as { check?: unknown } | null)?.check !== 'function') {
    throw new TypeError('options.checker must be a function or have check(connection)');
  }
}

interface PendingRequest {
  readonly context: Uint8Array;
  readonly transcript: Transcript13;
  readonly required: boolean;
  /** Runs once the answer verified (the session and the checker); a throw fails the connection. */
  readonly onAnswer: (chain: PeerChain | undefined) => void;
  resolve(chain: PeerChain | undefined): void;
  reject(error: unknown): void;
}

/** The answer being read: the request it belongs to, what came so far. */
interface AnswerInProgress {
  readonly request: PendingRequest;
  readonly chain: PeerChain | undefined;
  expecting: 'certificate_verify' | 'finished';
}

/**
 * The server half: sends CertificateRequests and reads the answers. Several
 * requests may be outstanding; each answer names its request by its
 * context, and the messages of one answer come in a row (RFC 8446 4.4).
 */
export class ServerPostHandshakeAuth13 implements PostHandshakeAuthHandler {
  readonly #pending = new Map<string, PendingRequest>();
  #current: AnswerInProgress | undefined;
  #ended: unknown;

  constructor(private readonly ctx: PostHandshakeAuthContext) {}

  /**
   * Queues a CertificateRequest with a fresh context (the caller flushes)
   * and returns a promise for the client's chain (undefined for an
   * empty Certificate), rejected when the connection fails first.
   */
  request(options: PostHandshakeAuthOptions, onAnswer: (chain: PeerChain | undefined) => void): Promise<PeerChain | undefined> {
    if (this.#ended !== undefined) return Promise.reject(this.#ended);
    const { io, settings } = this.ctx;
    let context: Uint8Array;
    do context = io.provider.random.bytes(CONTEXT_LENGTH);
    while (this.#pending.has(toHex(context)));
    const extensions: Extension[] = [new SignatureAlgorithmsExtension(tls13SignatureSchemes(settings))];
    if ((options.reqCAs?.length ?? 0) > 0) extensions.push(new CertificateAuthoritiesExtension(options.reqCAs!));
    const request = new CertificateRequest({
      certificateRequestContext: context,
      extensions: Extensions.of(extensions, { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }),
    });
    const sent = io.send(request);
    return new Promise<PeerChain | undefined>((resolve, reject) => {
      this.#pending.set(toHex(context), {
        context,
        transcript: this.ctx.transcript.copy().update(sent.bytes),
        required: options.require ?? false,
        onAnswer,
        resolve,
        reject,
      });
    });
  }

  handle(raw: Uint8Array): void {
    switch (raw[0]) {
      case HandshakeType.certificate:
        return this.#certificate(parse13<Certificate>(this.ctx, raw));
      case HandshakeType.certificate_verify:
        return this.#certificateVerify(parse13<CertificateVerify>(this.ctx, raw));
      case HandshakeType.finished:
        return this.#finished(parse13<Finished>(this.ctx, raw));
      default:
        throw new TLSUnexpectedMessage(`${HandshakeType.nameOf(raw[0]!)} after the TLS 1.3 handshake`);
    }
  }

  #certificate(message: HandshakeMessage<Certificate>): void {
    if (this.#current !== undefined) throw new TLSUnexpectedMessage(`expected ${this.#current.expecting}, received certificate`);
    // RFC 8446 4.6.2: a client sends Certificate after the handshake only to answer a request.
    if (this.#pending.size === 0) throw new TLSUnexpectedMessage('Certificate without a post-handshake CertificateRequest');
    const request = this.#pending.get(toHex(message.body.certificateRequestContext ?? new Uint8Array(0)));
    // RFC 8446 4.4.2: the context is that of the request it answers.
    if (request === undefined) throw new TLSIllegalParameterException('client Certificate with a certificate_request_context we did not send');
    const { io, settings } = this.ctx;
    const chain = acceptClientCertificate13(io.provider, settings, message, request.context, request.transcript, request.required);
    this.#current = { request, chain, expecting: chain === undefined ? 'finished' : 'certificate_verify' };
  }

  #certificateVerify(message: HandshakeMessage<CertificateVerify>): void {
    const current = this.#current;
    if (current?.expecting !== 'certificate_verify') throw new TLSUnexpectedMessage(`CertificateVerify ${current === undefined ? 'without a Certificate' : 'after an empty Certificate'}`);
    verifyClientCertificateVerify13(this.ctx.io.provider, this.ctx.settings, current.chain!, message, current.request.transcript);
    current.expecting = 'finished';
  }

  #finished(message: HandshakeMessage<Finished>): void {
    const current = this.#current;
    if (current?.expecting !== 'finished') throw new TLSUnexpectedMessage(`Finished ${current === undefined ? 'without a Certificate' : 'before CertificateVerify'}`);
    const { io, suite } = this.ctx;
    const expected = finishedVerifyData13(io.provider, suite.prfHash, this.ctx.clientSecret(), current.request.transcript.digest());
    checkFinished13(expected, message.body.verifyData, 'post-handshake client Finished');
    this.#current = undefined;
    const request = current.request;
    this.#pending.delete(toHex(request.context));
    try {
      request.onAnswer(current.chain);
    } catch (error) {
      // The checker refused the certificate: the caller learns why, the client gets access_denied (RFC 8446 6.2).
      request.reject(error);
      const denied = new TLSAccessDenied(error instanceof Error ? error.message : 'the client certificate was refused');
      (denied as { cause?: unknown }).cause = error;
      throw denied;
    }
    request.resolve(current.chain);
  }

  abort(error: unknown): void {
    this.#ended ??= error;
    this.#current = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const request of pending) request.reject(error);
  }
}

/** The view of PostHandshake13 the factories need (no import cycle with tls13-shared.ts). */
interface PostHandshakeHost {
  pha: PostHandshakeAuthHandler | undefined;
  readonly clientSecret: Uint8Array;
}

function contextFor(post: PostHandshakeHost, io: HandshakeIO, settings: ValidatedSettings, suite: CipherSuiteInfo, transcript: Transcript13): PostHandshakeAuthContext {
  return { io, settings, suite, transcript: transcript.copy(), clientSecret: () => post.clientSecret };
}

/**
 * Client, at the end of the handshake: answer CertificateRequests on
 * `post` when we offered post_handshake_auth (RFC 8446 4.2.6; else they
 * stay unexpected_message, 4.6.2). `transcript` runs through our Finished.
 */
export function enableClientPostHandshakeAuth13(
  post: PostHandshakeHost,
  offered: boolean,
  io: HandshakeIO,
  settings: ValidatedSettings,
  suite: CipherSuiteInfo,
  transcript: Transcript13,
  candidates: readonly CertificateCandidate[],
  session: { clientCertChain: X509CertChain | null },
): void {
  if (!offered) return;
  post.pha = new ClientPostHandshakeAuth13(contextFor(post, io, settings, suite, transcript), candidates, (chain) => {
    session.clientCertChain = chain;
  });
}

/**
 * Server, at the end of the handshake: allow `requestPostHandshakeAuth`
 * on `post` when the client offered post_handshake_auth (RFC 8446 4.2.6).
 * `transcript` runs through the client's Finished.
 */
export function enableServerPostHandshakeAuth13(
  post: PostHandshakeHost,
  offered: boolean,
  io: HandshakeIO,
  settings: ValidatedSettings,
  suite: CipherSuiteInfo,
  transcript: Transcript13,
): void {
  if (!offered) return;
  post.pha = new ServerPostHandshakeAuth13(contextFor(post, io, settings, suite, transcript));
}
