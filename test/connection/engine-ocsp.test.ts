/**
 * OCSP stapling in memory (status_request; RFC 6066 8 for TLS 1.2, RFC
 * 8446 4.4.2.1 for TLS 1.3), both providers: the server staples only when
 * asked and only what it was given, the client exposes it, and a staple
 * nobody asked for ends with the RFC's alert. The responses are the
 * fixtures made with `openssl ocsp` (test/fixtures/certs/generate-extra.sh).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { AlertDescription, CertificateStatusType, ExtensionType, HandshakeType, ProtocolVersion } from '../../src/constants.js';
import { TLSLocalAlert } from '../../src/errors.js';
import { Parser } from '../../src/codec/parser.js';
import { CertificateStatus } from '../../src/messages/certificate-status.js';
import { HandshakeMessage, serialize } from '../../src/messages/handshake-message.js';
import { HandshakeSettings } from '../../src/settings.js';
import { SessionCache } from '../../src/session/session-cache.js';
import { StatusRequestExtension } from '../../src/messages/extensions/status-request.js';
import * as ocsp from '../../src/handshake/ocsp.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair } from './engine-pair.js';
import { addExtension, editHello, removeExtension } from './flight-edit.js';

const CERTS = fileURLToPath(new URL('../fixtures/certs/', import.meta.url));
const rsaOcsp = new Uint8Array(readFileSync(`${CERTS}server-rsa.ocsp.der`));
const ecdsaOcsp = new Uint8Array(readFileSync(`${CERTS}server-ecdsa.ocsp.der`));
const V = ProtocolVersion;
const versions = [
  ['TLS 1.2', () => new HandshakeSettings({ maxVersion: V.TLS1_2 })],
  ['TLS 1.3', () => new HandshakeSettings()],
] as const;
const descriptionOf = (e: unknown) => (e as TLSLocalAlert).description;

t.test('CertificateStatus: encodes and parses (RFC 6066 8)', async (t) => {
  const bytes = serialize(CertificateStatus.ocsp(rsaOcsp));
  t.equal(bytes[0], HandshakeType.certificate_status);
  t.equal(bytes[4], CertificateStatusType.ocsp);
  const back = HandshakeMessage.parse(bytes).body as CertificateStatus;
  t.same(back.response, rsaOcsp);
  // An empty OCSPResponse is not allowed (OCSPResponse<1..2^24-1>).
  t.throws(() => CertificateStatus.read(new Parser(Uint8Array.of(1, 0, 0, 0))), { name: 'TLSDecodeError' });
});

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);
  const ecdsa = credentials('server-ecdsa', provider);

  for (const [label, settings] of versions) {
    t.test(`${name} ${label}: the client asks, the server staples, the client gets the bytes`, async (t) => {
      const sides = pair({ provider });
      const r = await handshake(sides, { settings: settings(), requestOCSP: true }, { settings: settings(), ...rsa, ocspResponse: rsaOcsp });
      t.same(r, { client: undefined, server: undefined });
      t.equal(sides.client.engine.version, label === 'TLS 1.3' ? V.TLS1_3 : V.TLS1_2);
      t.same(sides.client.engine.ocspResponse, rsaOcsp, 'the stapled response, byte for byte');
      t.equal(sides.server.engine.ocspResponse, undefined, 'the server side has none of its own');
    });

    t.test(`${name} ${label}: no staple unless asked, none when the server has none`, async (t) => {
      const unasked = pair({ provider });
      const r1 = await handshake(unasked, { settings: settings() }, { settings: settings(), ...rsa, ocspResponse: rsaOcsp });
      t.same(r1, { client: undefined, server: undefined });
      t.equal(unasked.client.engine.ocspResponse, undefined, 'not asked: nothing stapled');
      const none = pair({ provider });
      const r2 = await handshake(none, { settings: settings(), requestOCSP: true }, { settings: settings(), ...rsa });
      t.same(r2, { client: undefined, server: undefined });
      t.equal(none.client.engine.ocspResponse, undefined, 'asked, but the server has no response');
    });

    t.test(`${name} ${label}: of several certificates, each with its response, the one chosen is stapled`, async (t) => {
      // The client accepts ECDSA signatures only: the server must use the ECDSA chain.
      const s = new HandshakeSettings({ ...(label === 'TLS 1.2' && { maxVersion: V.TLS1_2 }), rsaSigHashes: [], rsaSchemes: ['pss'], moreSigSchemes: [] });
      const sides = pair({ provider });
      const r = await handshake(
        sides,
        { settings: s, requestOCSP: true },
        {
          settings: settings(),
          certificates: [
            { ...rsa, ocspResponse: rsaOcsp },
            { ...ecdsa, ocspResponse: ecdsaOcsp },
          ],
        },
      );
      t.same(r, { client: undefined, server: undefined });
      t.equal(sides.client.engine.session?.serverCertChain?.getFingerprint(), ecdsa.certChain.getFingerprint(), 'the ECDSA chain');
      t.same(sides.client.engine.ocspResponse, ecdsaOcsp, "and the ECDSA chain's response");
    });

  }

  t.test(`${name} TLS 1.2: status_request in a ServerHello that we did not ask for is unsupported_extension`, async (t) => {
    // RFC 5246 7.4.1.4: the server may answer only extensions the client sent.
    const s = () => new HandshakeSettings({ maxVersion: V.TLS1_2 });
    const sides = pair({ provider, toClient: editHello(2, addExtension(ExtensionType.status_request, new Uint8Array(0))) });
    const r = await handshake(sides, { settings: s() }, { settings: s(), ...rsa });
    t.equal(descriptionOf(r.client), AlertDescription.unsupported_extension, String(r.client));
  });

  t.test(`${name} TLS 1.3: a certificate status of another type than ocsp is illegal_parameter`, async (t) => {
    t.throws(() => ocsp.ocspFromEntry(new StatusRequestExtension(2, [], new Uint8Array(0), undefined, rsaOcsp)), { name: 'TLSIllegalParameterException' });
    t.same(ocsp.ocspFromEntry(StatusRequestExtension.ocspResponse(rsaOcsp)), rsaOcsp);
    t.equal(ocsp.ocspFromEntry(undefined), undefined);
  });

  t.test(`${name} TLS 1.2: a CertificateStatus without status_request in the ServerHello is unexpected_message`, async (t) => {
    const s = () => new HandshakeSettings({ maxVersion: V.TLS1_2 });
    const sides = pair({ provider, toClient: editHello(2, removeExtension(ExtensionType.status_request)) });
    const r = await handshake(sides, { settings: s(), requestOCSP: true }, { settings: s(), ...rsa, ocspResponse: rsaOcsp });
    t.equal(descriptionOf(r.client), AlertDescription.unexpected_message, String(r.client));
  });

  t.test(`${name} TLS 1.2: the server may answer status_request and send no CertificateStatus (RFC 6066 8)`, async (t) => {
    const s = () => new HandshakeSettings({ maxVersion: V.TLS1_2 });
    for (const kx of ['ecdhe_rsa', 'rsa']) {
      // The answer is added on the wire; the server (given no response) sends no CertificateStatus.
      // The transcripts then differ, so only the client's reading of the flight is checked: it
      // goes past the missing CertificateStatus and fails at Finished (decrypt_error / bad_record_mac),
      // not with unexpected_message.
      const sides = pair({ provider, toClient: editHello(2, addExtension(ExtensionType.status_request, new Uint8Array(0))) });
      const r = await handshake(
        sides,
        { settings: new HandshakeSettings({ maxVersion: V.TLS1_2, keyExchangeNames: [kx] }), requestOCSP: true },
        { settings: s(), ...rsa },
      );
      t.not(descriptionOf(r.client), AlertDescription.unexpected_message, `${kx}: ${String(r.client)}`);
      t.not(descriptionOf(r.server), AlertDescription.unexpected_message, `${kx}: ${String(r.server)}`);
      t.ok(r.client !== undefined || r.server !== undefined, `${kx}: the altered ServerHello is caught by Finished`);
    }
  });

  t.test(`${name} TLS 1.2: no staple on resumption`, async (t) => {
    const s = () => new HandshakeSettings({ maxVersion: V.TLS1_2 });
    const cache = new SessionCache();
    const first = pair({ provider });
    await handshake(first, { settings: s(), requestOCSP: true }, { settings: s(), ...rsa, ocspResponse: rsaOcsp, sessionCache: cache });
    t.same(first.client.engine.ocspResponse, rsaOcsp);
    const again = pair({ provider });
    const r = await handshake(
      again,
      { settings: s(), requestOCSP: true, session: first.client.engine.session },
      { settings: s(), ...rsa, ocspResponse: rsaOcsp, sessionCache: cache },
    );
    t.same(r, { client: undefined, server: undefined });
    t.ok(again.client.engine.resumed, 'resumed');
    t.equal(again.client.engine.ocspResponse, undefined, 'an abbreviated handshake has no Certificate, so no staple');
  });
}

t.test('bad OCSP options are TypeErrors / RangeErrors naming the option', async (t) => {
  const provider = providerOf('pure');
  const rsa = credentials('server-rsa', provider);
  await t.rejects(pair({ provider }).server.engine.handshakeServer({ ...rsa, ocspResponse: 'DER' as unknown as Uint8Array }), {
    name: 'TypeError',
    message: /ocspResponse/,
  });
  await t.rejects(pair({ provider }).server.engine.handshakeServer({ ...rsa, ocspResponse: new Uint8Array(0) }), { name: 'RangeError', message: /ocspResponse/ });
  await t.rejects(pair({ provider }).server.engine.handshakeServer({ certificates: [{ ...rsa, ocspResponse: [1] as unknown as Uint8Array }] }), {
    name: 'TypeError',
    message: /certificates\[0\]\.ocspResponse/,
  });
  await t.rejects(pair({ provider }).client.engine.handshakeClient({ requestOCSP: 'yes' as unknown as boolean }), { name: 'TypeError', message: /requestOCSP/ });
});
