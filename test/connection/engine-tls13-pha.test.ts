/**
 * TLS 1.3 post-handshake client authentication (RFC 8446 4.2.6, 4.6.2)
 * between two engines in memory, on both providers: the extension
 * offered by default with a certificate, the request answered and
 * verified, the empty answer (request vs require), a client that did
 * not offer it, a CertificateVerify that does not verify, a Finished
 * altered on the wire (re-sealed with the client's key-logged secret),
 * the checker, application data interleaved with the flight, several
 * requests, and the end of the connection while one is outstanding.
 * The server half's message checks (wrong context, wrong order, bad
 * Finished) are driven directly at the end with real keys.
 */
import t from 'tap';
import { AlertDescription, CipherSuite, ContentType, ExtensionType, HandshakeType, ProtocolVersion } from '../../src/constants.js';
import { TLSDecryptError, TLSFingerprintError, TLSIllegalParameterException, TLSLocalAlert, TLSRemoteAlert, TLSUnexpectedMessage } from '../../src/errors.js';
import { Checker } from '../../src/handshake/checker.js';
import { answerCertificateRequest13 } from '../../src/handshake/client-auth13.js';
import type { HandshakeIO } from '../../src/handshake/io.js';
import { ClientPostHandshakeAuth13, ServerPostHandshakeAuth13, offersPostHandshakeAuth } from '../../src/handshake/post-handshake-auth13.js';
import { PostHandshake13, trafficState } from '../../src/handshake/tls13-shared.js';
import { Transcript13 } from '../../src/handshake/transcript13.js';
import { Certificate } from '../../src/messages/certificate.js';
import { CertificateRequest } from '../../src/messages/certificate-request.js';
import { Extensions } from '../../src/messages/extensions/list.js';
import { SignatureAlgorithmsExtension } from '../../src/messages/extensions/signature-algorithms.js';
import { Finished } from '../../src/messages/finished.js';
import { HandshakeMessage } from '../../src/messages/handshake-message.js';
import type { HandshakeBody } from '../../src/messages/message.js';
import { HandshakeSettings } from '../../src/settings.js';
import { suiteInfo } from '../../src/suites.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, joined, pair, settle } from './engine-pair.js';
import { Forger } from './forge.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (chunks: readonly Uint8Array[]) => new TextDecoder().decode(joined(chunks));
const ok = { client: undefined, server: undefined };
const CLIENT_SHA256 = '6b37308e305c0716c2dadf93a8518a7f2bc7da27f2beb5e3f79ec03f830c64b7';

/** The ClientHello (first record the client wrote) carries post_handshake_auth. */
function helloOffersPha(wire: readonly Uint8Array[]): boolean {
  const first = wire[0]!;
  const raw = first.subarray(5, 5 + ((first[3]! << 8) | first[4]!));
  const hello = HandshakeMessage.parse(raw, {}).body as import('../../src/messages/client-hello.js').ClientHello;
  return hello.extensions?.types.includes(ExtensionType.post_handshake_auth) ?? false;
}

/** Resolves to the error a promise rejects with (or 'resolved'). */
const outcome = (p: Promise<unknown>) => p.then(() => 'resolved' as unknown, (e: unknown) => e);

t.test('offersPostHandshakeAuth: the setting, else whether there is a certificate', async (t) => {
  t.equal(offersPostHandshakeAuth({}), false);
  t.equal(offersPostHandshakeAuth({ certChain: {}, privateKey: {} }), true);
  t.equal(offersPostHandshakeAuth({ certChain: {}, privateKey: {}, postHandshakeAuth: false }), false);
  t.equal(offersPostHandshakeAuth({ postHandshakeAuth: true }), true);
  t.throws(() => offersPostHandshakeAuth({ postHandshakeAuth: 'yes' as unknown as boolean }), TypeError);
});

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);
  const client = credentials('client-rsa', provider);

  t.test(`${name}: request answered with the client's certificate`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    t.ok(helloOffersPha(sides.client.wire), 'a client with a certificate offers post_handshake_auth');
    t.equal(sides.server.engine.session!.clientCertChain, null, 'no certificate in the handshake');
    t.equal(sides.client.engine.session!.clientCertChain, null);
    const chain = await sides.server.engine.requestPostHandshakeAuth();
    t.equal(chain?.getFingerprint('sha256'), CLIENT_SHA256, 'resolves with the client chain');
    t.equal(sides.server.engine.session!.clientCertChain, chain, 'the session holds it');
    await settle();
    t.equal(sides.client.engine.session!.clientCertChain, client.certChain, 'the client records what it sent');
    sides.client.engine.send(text('after'));
    sides.server.engine.send(text('back'));
    await settle();
    t.equal(str(sides.server.received), 'after');
    t.equal(str(sides.client.received), 'back');
    t.same([sides.client.errors, sides.server.errors], [[], []]);
    // A later request starts again from the handshake transcript (RFC 8446 4.4).
    t.equal((await sides.server.engine.requestPostHandshakeAuth())?.getFingerprint('sha256'), CLIENT_SHA256, 'a second request after the first');
  });

  t.test(`${name}: ECDSA and Ed25519 client certificates, SHA-384 suite`, async (t) => {
    for (const cert of ['server-ecdsa', 'server-ed25519']) {
      const sides = pair({ provider });
      const settings = new HandshakeSettings({ cipherNames: ['aes256gcm'] });
      t.same(await handshake(sides, { ...credentials(cert, provider), settings }, { ...rsa }), ok);
      t.equal(sides.client.engine.cipherSuite, CipherSuite.TLS_AES_256_GCM_SHA384);
      const chain = await sides.server.engine.requestPostHandshakeAuth();
      t.equal(chain?.getFingerprint('sha256'), credentials(cert, provider).certChain.getFingerprint('sha256'), cert);
    }
  });

  t.test(`${name}: an empty Certificate: null when requested, certificate_required when required`, async (t) => {
    let sides = pair({ provider });
    t.same(await handshake(sides, { postHandshakeAuth: true }, { ...rsa }), ok);
    t.ok(helloOffersPha(sides.client.wire), 'postHandshakeAuth: true offers it without a certificate');
    t.equal(await sides.server.engine.requestPostHandshakeAuth(), null, 'request: resolves with null');
    sides.client.engine.send(text('still open'));
    await settle();
    t.equal(str(sides.server.received), 'still open');
    t.same(sides.server.errors, []);

    sides = pair({ provider });
    t.same(await handshake(sides, { postHandshakeAuth: true }, { ...rsa }), ok);
    const error = await outcome(sides.server.engine.requestPostHandshakeAuth({ require: true }));
    t.type(error, TLSLocalAlert);
    t.equal((error as TLSLocalAlert).description, AlertDescription.certificate_required, 'require: certificate_required');
    await settle();
    t.equal((sides.client.errors[0] as TLSRemoteAlert).description, AlertDescription.certificate_required, 'the client hears it');
    t.equal(sides.server.engine.state, 'closed');
  });

  t.test(`${name}: a client that did not offer post_handshake_auth`, async (t) => {
    for (const options of [{}, { ...client, postHandshakeAuth: false }]) {
      const sides = pair({ provider });
      t.same(await handshake(sides, options, { ...rsa }), ok);
      t.notOk(helloOffersPha(sides.client.wire), 'not offered');
      t.throws(() => sides.server.engine.requestPostHandshakeAuth(), /did not offer post-handshake authentication/, 'the server cannot ask');
      sides.client.engine.send(text('fine'));
      await settle();
      t.equal(str(sides.server.received), 'fine', 'the connection is unaffected');
    }
  });

  t.test(`${name}: API misuse`, async (t) => {
    const sides = pair({ provider });
    t.throws(() => sides.server.engine.requestPostHandshakeAuth(), /open TLS 1.3 server/, 'before the handshake');
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    t.throws(() => sides.client.engine.requestPostHandshakeAuth(), /open TLS 1.3 server/, 'on a client');
    t.throws(() => sides.server.engine.requestPostHandshakeAuth({ require: 'yes' as unknown as boolean }), TypeError);
    t.throws(() => sides.server.engine.requestPostHandshakeAuth({ reqCAs: ['x' as unknown as Uint8Array] }), TypeError);
    t.throws(() => sides.server.engine.requestPostHandshakeAuth({ checker: 5 as unknown as Checker }), TypeError);
    t.throws(() => sides.server.engine.requestPostHandshakeAuth(null as unknown as {}), TypeError);
    const tls12 = pair({ provider });
    const settings = new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2 });
    t.same(await handshake(tls12, { ...client, settings }, { ...rsa, settings }), ok);
    t.throws(() => tls12.server.engine.requestPostHandshakeAuth(), /TLS 1.3/, 'TLS 1.2 has no post-handshake authentication');
  });

  t.test(`${name}: a CertificateVerify that does not verify is decrypt_error`, async (t) => {
    // The client's chain with another key: its signature cannot verify.
    const sides = pair({ provider });
    t.same(await handshake(sides, { certChain: client.certChain, privateKey: rsa.privateKey }, { ...rsa }), ok);
    const error = await outcome(sides.server.engine.requestPostHandshakeAuth());
    t.equal((error as TLSLocalAlert).description, AlertDescription.decrypt_error);
    await settle();
    t.equal((sides.client.errors[0] as TLSRemoteAlert).description, AlertDescription.decrypt_error, 'the client hears it');
    t.equal(sides.server.engine.session!.clientCertChain, null, 'nothing recorded');
  });

  t.test(`${name}: a Finished that does not verify is decrypt_error`, async (t) => {
    // The client's records after the handshake are opened with its traffic
    // secret (from its key log), the verify_data of its Finished altered,
    // and sealed again: only the Finished check can notice.
    let tamper: ((bytes: Uint8Array) => Uint8Array) | undefined;
    const sides = pair({ provider, toServer: (bytes) => (tamper === undefined ? bytes : tamper(bytes)) });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const line = sides.client.keylog.find((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '))!;
    const secret = Uint8Array.from(Buffer.from(line.split(' ')[2]!, 'hex'));
    const suite = suiteInfo(sides.client.engine.cipherSuite!)!;
    const read = trafficState(provider, suite, secret, 'read');
    const write = trafficState(provider, suite, secret, 'write');
    let altered = 0;
    tamper = (bytes) => {
      const out: Uint8Array[] = [];
      for (let i = 0; i + 5 <= bytes.length; ) {
        const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
        const opened = read.open(bytes[i]!, 0x0303, bytes.slice(i + 5, i + 5 + length));
        const data = opened.data.slice();
        // The last message of a handshake record: a Finished gets its last byte flipped.
        let at = 0;
        let last = -1;
        while (opened.contentType === 22 && at + 4 <= data.length) {
          last = at;
          at += 4 + ((data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!);
        }
        if (last >= 0 && data[last] === HandshakeType.finished) {
          data[data.length - 1]! ^= 1;
          altered++;
        }
        out.push(write.seal(opened.contentType, 0x0303, data));
        i += 5 + length;
      }
      return joined(out);
    };
    const error = await outcome(sides.server.engine.requestPostHandshakeAuth());
    t.equal(altered, 1, 'the Finished was altered');
    t.equal((error as TLSLocalAlert).description, AlertDescription.decrypt_error, 'decrypt_error');
    await settle();
    t.equal((sides.client.errors[0] as TLSRemoteAlert).description, AlertDescription.decrypt_error, 'the client hears it');
    t.equal(sides.server.engine.session!.clientCertChain, null, 'nothing recorded');
  });

  t.test(`${name}: after KeyUpdates the Finished key is client_application_traffic_secret_N`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    sides.client.engine.keyUpdate(true);
    sides.client.engine.send(text('x'));
    await settle();
    sides.server.engine.keyUpdate(false);
    sides.client.engine.keyUpdate(false);
    t.equal((await sides.server.engine.requestPostHandshakeAuth())?.getFingerprint('sha256'), CLIENT_SHA256, 'secret_2 on both sides');
    t.same([sides.client.errors, sides.server.errors], [[], []]);
  });

  t.test(`${name}: the checker runs on the answer`, async (t) => {
    let sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const good = new Checker({ x509Fingerprint: CLIENT_SHA256 });
    t.ok(await sides.server.engine.requestPostHandshakeAuth({ checker: good }), 'the pinned certificate passes');

    sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const bad = new Checker({ x509Fingerprint: '00'.repeat(32) });
    const error = await outcome(sides.server.engine.requestPostHandshakeAuth({ checker: bad }));
    t.type(error, TLSFingerprintError, 'rejects with the checker error');
    await settle();
    t.equal((sides.client.errors[0] as TLSRemoteAlert).description, AlertDescription.access_denied, 'the client gets access_denied');
    t.equal((sides.server.errors[0] as TLSLocalAlert).description, AlertDescription.access_denied);

    // The handshake's checker is the default.
    sides = pair({ provider });
    const checks: unknown[] = [];
    t.same(await handshake(sides, { ...client }, { ...rsa, checker: (c) => void checks.push(c.session?.clientCertChain ?? null) }), ok);
    await sides.server.engine.requestPostHandshakeAuth();
    t.equal(checks.length, 2, 'after the handshake and after the answer');
    t.equal(checks[0], null);
    t.equal((checks[1] as typeof client.certChain).getFingerprint('sha256'), CLIENT_SHA256);
  });

  t.test(`${name}: application data interleaved with the flight is kept, in order`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const answered = sides.server.engine.requestPostHandshakeAuth();
    sides.server.engine.send(text('s1,'));
    sides.client.engine.send(text('c1,'));
    // Once the client holds the request (its answer is being signed), more data both ways.
    await new Promise((resolve) => queueMicrotask(() => resolve(undefined)));
    await Promise.resolve();
    sides.client.engine.send(text('c2,'));
    sides.server.engine.send(text('s2,'));
    const chain = await answered;
    sides.client.engine.send(text('c3'));
    sides.server.engine.send(text('s3'));
    await settle();
    t.ok(chain);
    t.equal(str(sides.server.received), 'c1,c2,c3');
    t.equal(str(sides.client.received), 's1,s2,s3');
    t.same([sides.client.errors, sides.server.errors], [[], []]);
  });

  t.test(`${name}: two requests outstanding at once`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const [a, b] = await Promise.all([sides.server.engine.requestPostHandshakeAuth(), sides.server.engine.requestPostHandshakeAuth({ require: true })]);
    t.equal(a?.getFingerprint('sha256'), CLIENT_SHA256);
    t.equal(b?.getFingerprint('sha256'), CLIENT_SHA256);
    // Each request carried its own certificate_request_context: the client's two answers were both accepted.
    t.same([sides.client.errors, sides.server.errors], [[], []]);
  });

  t.test(`${name}: a close_notify right behind the request does not overtake the answer`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const answered = sides.server.engine.requestPostHandshakeAuth();
    sides.server.engine.close();
    t.equal((await answered)?.getFingerprint('sha256'), CLIENT_SHA256, 'the client answered before its close_notify');
    await settle();
    t.same(sides.client.closed, { clean: true });
    // RFC 8446 6.1: the client closes its own side when it chooses to.
    t.equal(sides.server.closed, undefined);
    sides.client.engine.close();
    await settle();
    t.same(sides.server.closed, { clean: true });
  });

  t.test(`${name}: the client's close() while its answer is being signed sends the answer first`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    const engine = sides.client.engine;
    const receive = engine.receive.bind(engine);
    let closing: Promise<void> | undefined | 'not called';
    engine.receive = (bytes) => {
      receive(bytes);
      // The CertificateRequest was read; its answer is being signed.
      if (closing === undefined) closing = engine.close() ?? 'not called';
    };
    const answered = sides.server.engine.requestPostHandshakeAuth();
    t.equal((await answered)?.getFingerprint('sha256'), CLIENT_SHA256, 'the answer went out before the close_notify');
    t.type(closing, Promise, 'close() waits for the answer');
    t.throws(() => engine.send(text('late')), { name: 'TLSClosedConnectionError' }, 'nothing more is sent after close()');
    await closing;
    await settle();
    t.same(sides.server.closed, { clean: true }, 'then the close_notify');
    t.same([sides.client.errors, sides.server.errors], [[], []]);
  });

  t.test(`${name}: outstanding requests reject when the connection ends`, async (t) => {
    let cut = false;
    const sides = pair({ provider, toServer: (b) => (cut ? null : b) });
    t.same(await handshake(sides, { ...client }, { ...rsa }), ok);
    // The client's answers never arrive, so the request stays outstanding until EOF.
    cut = true;
    const pending = outcome(sides.server.engine.requestPostHandshakeAuth());
    await settle();
    sides.server.engine.receiveEOF();
    t.type(await pending, Error, 'rejected on EOF');
  });
}

// ---------------------------------------------------------------- the message checks, driven directly

/** A minimal HandshakeIO: what the handlers send is collected. */
function stubIO(provider: ReturnType<typeof providerOf>): HandshakeIO & { sent: HandshakeMessage[] } {
  const sent: HandshakeMessage[] = [];
  return {
    provider,
    context: {},
    sent,
    send<M extends HandshakeBody>(body: M) {
      const m = HandshakeMessage.of(body);
      sent.push(m);
      return m;
    },
  } as unknown as HandshakeIO & { sent: HandshakeMessage[] };
}

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const suite = suiteInfo(CipherSuite.TLS_AES_128_GCM_SHA256)!;
  const settings = new HandshakeSettings().validate();
  const secret = new Uint8Array(32).fill(7);

  const setup = () => {
    const io = stubIO(provider);
    const transcript = new Transcript13(provider);
    transcript.select('sha256');
    transcript.update(text('the handshake'));
    const server = new ServerPostHandshakeAuth13({ io, settings, suite, transcript, clientSecret: () => secret });
    const answers: unknown[] = [];
    const results: unknown[] = [];
    const p = server.request({}, (chain) => answers.push(chain));
    p.then((c) => results.push(c ?? null), (e: unknown) => results.push(e));
    const request = io.sent[0] as HandshakeMessage<CertificateRequest>;
    // The client's view: the same transcript plus the request.
    const clientTranscript = transcript.copy().update(request.bytes);
    return { io, server, request: request.body, clientTranscript, answers, results };
  };

  t.test(`${name}: server half: a Finished that does not verify is decrypt_error`, async (t) => {
    const { server, request, clientTranscript, results } = setup();
    const answer = await answerCertificateRequest13(provider, settings, [], request, clientTranscript);
    server.handle(HandshakeMessage.of(answer.certificate).bytes);
    const good = HandshakeMessage.of(new Finished(new Uint8Array(32))).bytes;
    t.throws(() => server.handle(good), TLSDecryptError, 'wrong verify_data');
    server.abort(new Error('closed'));
    await settle();
    t.type(results[0], Error, 'the request rejects once the connection fails');
  });

  t.test(`${name}: server half: the right Finished resolves`, async (t) => {
    const { server, request, clientTranscript, results, answers } = setup();
    const answer = await answerCertificateRequest13(provider, settings, [], request, clientTranscript);
    server.handle(HandshakeMessage.of(answer.certificate).bytes);
    const { finishedVerifyData13 } = await import('../../src/handshake/key-schedule13.js');
    const verifyData = finishedVerifyData13(provider, 'sha256', secret, clientTranscript.digest());
    server.handle(HandshakeMessage.of(new Finished(verifyData)).bytes);
    await settle();
    t.same(results, [null]);
    t.same(answers, [undefined]);
  });

  t.test(`${name}: server half: context and order`, async (t) => {
    const { server, request } = setup();
    const certificate = (context: Uint8Array) => HandshakeMessage.of(new Certificate([], context)).bytes;
    t.throws(() => server.handle(certificate(new Uint8Array(16))), TLSIllegalParameterException, 'a context we did not send');
    t.throws(() => server.handle(HandshakeMessage.of(new Finished(new Uint8Array(32))).bytes), TLSUnexpectedMessage, 'Finished without Certificate');
    server.handle(certificate(request.certificateRequestContext!));
    t.throws(() => server.handle(certificate(request.certificateRequestContext!)), TLSUnexpectedMessage, 'a second Certificate');
    const { server: fresh } = setup();
    fresh.abort(new Error('x'));
    t.throws(() => fresh.handle(certificate(new Uint8Array(0))), TLSUnexpectedMessage, 'Certificate without any request');
  });

  t.test(`${name}: a client that did not offer it: CertificateRequest is unexpected_message`, async (t) => {
    const io = stubIO(provider);
    const post = new PostHandshake13(io, suite, true, secret, secret);
    const request = new CertificateRequest({
      certificateRequestContext: Uint8Array.of(1, 2),
      extensions: Extensions.of([new SignatureAlgorithmsExtension([0x0804])], { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }),
    });
    t.throws(() => post.handle(HandshakeMessage.of(request).bytes), TLSUnexpectedMessage);
  });

  t.test(`${name}: end to end, an uninvited CertificateRequest is unexpected_message`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...credentials('server-rsa', provider) }), ok);
    t.notOk(helloOffersPha(sides.client.wire), 'no certificate: post_handshake_auth not offered');
    // What a server that ignores RFC 8446 4.6.2 would send, under its real keys.
    const request = new CertificateRequest({
      certificateRequestContext: Uint8Array.of(7),
      extensions: Extensions.of([new SignatureAlgorithmsExtension([0x0804])], { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }),
    });
    const forger = new Forger(provider, sides.server, sides.server);
    sides.client.engine.receive(forger.seal(ContentType.handshake, HandshakeMessage.of(request).bytes));
    await settle();
    t.equal((sides.client.errors[0] as TLSLocalAlert | undefined)?.description, AlertDescription.unexpected_message, 'the client fails with unexpected_message');
    t.equal((sides.server.errors[0] as TLSRemoteAlert | undefined)?.description, AlertDescription.unexpected_message, 'and tells the server');
    t.equal(sides.client.engine.state, 'closed');
  });

  t.test(`${name}: client half: a repeated certificate_request_context is illegal_parameter`, async (t) => {
    const io = stubIO(provider);
    const transcript = new Transcript13(provider);
    transcript.select('sha256');
    const pha = new ClientPostHandshakeAuth13({ io, settings, suite, transcript, clientSecret: () => secret }, [], () => {});
    const request = (context: Uint8Array) =>
      HandshakeMessage.of(
        new CertificateRequest({
          certificateRequestContext: context,
          extensions: Extensions.of([new SignatureAlgorithmsExtension([0x0804])], { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }),
        }),
      ).bytes;
    const commit = await pha.handle(request(Uint8Array.of(1)));
    (commit as () => void)();
    t.same(io.sent.map((m) => m.body.handshakeType), [HandshakeType.certificate, HandshakeType.finished], 'empty Certificate and Finished');
    t.throws(() => pha.handle(request(Uint8Array.of(1))), TLSIllegalParameterException, 'the same context again');
    await pha.handle(request(Uint8Array.of(2)));
    const noSchemes = HandshakeMessage.of(
      new CertificateRequest({ certificateRequestContext: Uint8Array.of(3), extensions: Extensions.of([], { message: 'certificate_request', version: ProtocolVersion.TLS1_3 }) }),
    ).bytes;
    t.throws(() => pha.handle(noSchemes), /empty extensions|signature_algorithms/, 'signature_algorithms is mandatory');
  });
}
