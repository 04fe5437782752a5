/**
 * In-memory handshakes exercising the extensions and options: client
 * certificates (every version), EMS, encrypt-then-MAC, ALPN, NPN, SNI,
 * RSA-PSS and Ed25519 server keys, fallback SCSV, renegotiation refusal.
 */
import t from 'tap';
import { AlertDescription, ContentType, ProtocolVersion } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { defaultProvider } from '../../src/crypto/select.js';
import { TLSAlert, TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { suiteInfo } from '../../src/suites.js';
import { ffdhGroup } from '../../src/crypto/ffdhe.js';
import { credentials, handshake12 as handshake, joined, pair, settle } from './engine-pair.js';

const V = ProtocolVersion;
const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array | undefined) => (b === undefined ? undefined : new TextDecoder().decode(b));

function alertOf(e: unknown): [string, number] | undefined {
  if (!(e instanceof TLSAlert)) return undefined;
  return [e instanceof TLSLocalAlert ? 'local' : e instanceof TLSRemoteAlert ? 'remote' : 'alert', e.description];
}

for (const [pname, provider] of [
  ['pure', pureProvider],
  ['native', defaultProvider()],
] as ReadonlyArray<[string, CryptoProvider]>) {
  const server = credentials('server-rsa', provider);
  const settings = (init: HandshakeSettingsInit = {}) => new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2, ...init });

  t.test(`${pname}: client certificates in every version`, async (t) => {
    const client = credentials('client-rsa', provider);
    const ecClient = credentials('server-ecdsa', provider);
    for (const version of [V.TLS1_2, V.TLS1_1, V.TLS1_0, V.SSL3]) {
      for (const [name, creds] of [['rsa', client], ['ecdsa', ecClient]] as const) {
        const s = settings({ minVersion: V.SSL3, maxVersion: version, keyExchangeNames: ['ecdhe_rsa', 'rsa'] });
        const sides = pair({ provider });
        const r = await handshake(sides, { settings: s, ...creds }, { settings: s, ...server, reqCert: true });
        t.equal(r.client, undefined, `${V.nameOf(version)} ${name}: client ok (${String(r.client)})`);
        t.equal(r.server, undefined, `${V.nameOf(version)} ${name}: server ok (${String(r.server)})`);
        const chain = sides.server.engine.session?.clientCertChain;
        t.equal(chain?.getFingerprint(), creds.certChain.getFingerprint(), 'server saw the client certificate');
      }
    }
  });

  t.test(`${pname}: certificate requested, none sent`, async (t) => {
    const sides = pair({ provider });
    const r = await handshake(sides, {}, { ...server, reqCert: true });
    t.equal(r.client, undefined);
    t.equal(r.server, undefined);
    t.notOk(sides.server.engine.session?.clientCertChain, 'no client chain');
    const ssl3 = settings({ minVersion: V.SSL3, maxVersion: V.SSL3 });
    const old = pair({ provider });
    const r3 = await handshake(old, { settings: ssl3 }, { ...server, settings: ssl3, reqCert: true });
    t.equal(r3.client, undefined, `SSLv3: the no_certificate warning is accepted (${String(r3.server)})`);
    t.ok(old.client.wire.slice(1).some((b) => b[0] === ContentType.alert), 'SSLv3: the client sent an alert record');
    const sides2 = pair({ provider });
    const r2 = await handshake(sides2, {}, { ...server, requireCert: true });
    t.same(alertOf(r2.server), ['local', AlertDescription.handshake_failure], 'requireCert: handshake_failure');
    t.same(alertOf(r2.client), ['remote', AlertDescription.handshake_failure]);
  });

  t.test(`${pname}: extended master secret and encrypt-then-MAC`, async (t) => {
    const cbc = { cipherNames: ['aes128'], macNames: ['sha'] };
    let sides = pair({ provider });
    await handshake(sides, { settings: settings(cbc) }, { ...server, settings: settings(cbc) });
    t.equal(sides.client.engine.session?.extendedMasterSecret, true, 'EMS by default');
    t.equal(sides.server.engine.session?.extendedMasterSecret, true);
    t.equal(sides.client.engine.session?.encryptThenMAC, true, 'ETM by default for CBC');
    t.equal(sides.server.engine.session?.encryptThenMAC, true);

    sides = pair({ provider });
    await handshake(sides, { settings: settings({ ...cbc, useExtendedMasterSecret: false, useEncryptThenMAC: false }) }, { ...server, settings: settings(cbc) });
    t.equal(sides.server.engine.session?.extendedMasterSecret, false, 'client without EMS');
    t.equal(sides.server.engine.session?.encryptThenMAC, false, 'client without ETM');
    sides.client.engine.send(text('still works'));
    await settle();
    t.equal(str(joined(sides.server.received)), 'still works');

    sides = pair({ provider });
    await handshake(sides, {}, { ...server });
    t.equal(sides.client.engine.session?.encryptThenMAC, false, 'no ETM with AEAD');

    sides = pair({ provider });
    const r = await handshake(
      sides,
      { settings: settings({ useExtendedMasterSecret: false }) },
      { ...server, settings: settings({ requireExtendedMasterSecret: true }) },
    );
    t.same(alertOf(r.server), ['local', AlertDescription.insufficient_security], 'EMS required by the server');
    t.same(alertOf(r.client), ['remote', AlertDescription.insufficient_security]);
  });

  t.test(`${pname}: ALPN, NPN, SNI`, async (t) => {
    let sides = pair({ provider });
    await handshake(sides, { alpn: ['h2', 'http/1.1'], serverName: 'example.com' }, { ...server, alpn: ['http/1.1', 'h2'] });
    t.equal(str(sides.client.engine.nextProto), 'http/1.1', 'ALPN: the server preference');
    t.equal(str(sides.server.engine.nextProto), 'http/1.1');
    t.equal(sides.server.engine.serverName, 'example.com', 'SNI seen by the server');
    t.equal(sides.server.engine.session?.serverName, 'example.com');

    sides = pair({ provider });
    const r = await handshake(sides, { alpn: ['h2'] }, { ...server, alpn: ['http/1.1'] });
    t.same(alertOf(r.server), ['local', AlertDescription.no_application_protocol], 'no ALPN in common');

    sides = pair({ provider });
    await handshake(sides, { nextProtos: ['http/1.1'] }, { ...server, nextProtos: ['spdy/2', 'http/1.1'] });
    t.equal(str(sides.client.engine.nextProto), 'http/1.1', 'NPN: the client pick');
    t.equal(str(sides.server.engine.nextProto), 'http/1.1');

    sides = pair({ provider });
    await handshake(sides, { serverName: '127.0.0.1' }, { ...server });
    t.equal(sides.server.engine.serverName, undefined, 'no SNI for an IP address');
  });

  t.test(`${pname}: server keys`, async (t) => {
    for (const name of ['server-rsapss', 'server-ed25519', 'server-ecdsa']) {
      const sides = pair({ provider });
      const r = await handshake(sides, {}, { ...credentials(name, provider) });
      t.equal(r.client, undefined, `${name}: client ok (${String(r.client)})`);
      t.equal(r.server, undefined, `${name}: server ok (${String(r.server)})`);
      t.equal(sides.client.engine.session?.serverCertChain?.getFingerprint(), credentials(name).certChain.getFingerprint());
    }
    // RSA-PSS with only PKCS#1 on offer: nothing fits the key.
    const sides = pair({ provider });
    const r = await handshake(sides, { settings: settings({ rsaSchemes: ['pkcs1'] }) }, { ...credentials('server-rsapss', provider) });
    t.ok(alertOf(r.server), `rsa-pss key, no pss offered: ${String(r.server)}`);
  });

  t.test(`${pname}: versions and fallback`, async (t) => {
    let sides = pair({ provider });
    let r = await handshake(sides, { settings: settings({ maxVersion: V.TLS1_1, sendFallbackSCSV: true }) }, { ...server });
    t.same(alertOf(r.server), ['local', AlertDescription.inappropriate_fallback], 'RFC 7507: inappropriate_fallback');
    t.same(alertOf(r.client), ['remote', AlertDescription.inappropriate_fallback]);

    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ maxVersion: V.TLS1_1, sendFallbackSCSV: true }) }, { ...server, settings: settings({ maxVersion: V.TLS1_1 }) });
    t.equal(r.client, undefined, 'fallback to the server maximum is fine');
    t.equal(sides.client.engine.version, V.TLS1_1);

    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ maxVersion: V.TLS1_0 }) }, { ...server, settings: settings({ minVersion: V.TLS1_2 }) });
    t.same(alertOf(r.server), ['local', AlertDescription.protocol_version], 'client below the server minimum');

    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ minVersion: V.TLS1_2 }) }, { ...server, settings: settings({ maxVersion: V.TLS1_1 }) });
    t.same(alertOf(r.client), ['local', AlertDescription.protocol_version], 'server below the client minimum');

    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ cipherNames: ['aes128gcm'] }) }, { ...server, settings: settings({ cipherNames: ['aes256gcm'] }) });
    t.same(alertOf(r.server), ['local', AlertDescription.handshake_failure], 'no suite in common');
  });

  t.test(`${pname}: padding extension (RFC 7685)`, async (t) => {
    const helloLength = async (usePaddingExtension: boolean, alpn: string[]) => {
      const sides = pair({ provider });
      const r = await handshake(sides, { alpn, settings: settings({ usePaddingExtension }) }, { ...server });
      t.equal(r.client, undefined, 'the padded hello is accepted');
      return sides.client.wire[0]!.length - 5;
    };
    const alpn = ['a'.repeat(100)];
    const natural = await helloLength(false, alpn);
    t.ok(natural >= 256 && natural < 512, `a hello of ${natural} bytes is in the padded range`);
    t.equal(await helloLength(true, alpn), 512, 'padded to 512 bytes');
    const small = await helloLength(true, []);
    t.ok(small < 256, `a hello of ${small} bytes is left alone`);
  });

  t.test(`${pname}: renegotiation is refused`, async (t) => {
    const sides = pair({ provider });
    await handshake(sides, {}, { ...server });
    const before = sides.client.wire.length;
    sides.server.engine.sendHelloRequest();
    await settle();
    const answer = sides.client.wire.slice(before);
    t.equal(answer.length, 1, 'the client answered');
    t.equal(answer[0]![0], ContentType.alert, 'with an alert record (no_renegotiation warning)');
    sides.client.engine.send(text('after'));
    sides.server.engine.send(text('after too'));
    await settle();
    t.equal(str(joined(sides.server.received)), 'after', 'the connection goes on');
    t.equal(str(joined(sides.client.received)), 'after too');
    t.same(sides.client.errors, []);
    t.same(sides.server.errors, []);
  });

  t.test(`${pname}: every curve, FFDHE negotiation and key sizes`, async (t) => {
    for (const curve of ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1']) {
      const s = settings({ eccCurves: [curve], keyShares: [], defaultCurve: curve, keyExchangeNames: ['ecdhe_rsa'] });
      const sides = pair({ provider });
      const r = await handshake(sides, { settings: s }, { ...server, settings: s });
      t.equal(r.client, undefined, `${curve}: ok (${String(r.client)})`);
    }
    const dhe = { keyExchangeNames: ['dhe_rsa'] };
    let sides = pair({ provider });
    let r = await handshake(sides, { settings: settings({ ...dhe, dhGroups: ['ffdhe3072'], minKeySize: 3000 }) }, { ...server, settings: settings(dhe) });
    t.equal(r.client, undefined, `RFC 7919: the client's only group is used (${String(r.client)})`);
    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ ...dhe, dhGroups: [], minKeySize: 3000 }) }, { ...server, settings: settings(dhe) });
    t.same(alertOf(r.client), ['local', AlertDescription.insufficient_security], 'a group below minKeySize is refused');
    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ ...dhe, dhGroups: ['ffdhe4096'] }) }, { ...server, settings: settings({ ...dhe, dhGroups: ['ffdhe2048'] }) });
    t.same(alertOf(r.server), ['local', AlertDescription.handshake_failure], 'RFC 7919 4: named groups, none in common, no DHE');
    const modp = ffdhGroup('modp2048')!;
    sides = pair({ provider });
    r = await handshake(sides, { settings: settings({ ...dhe, dhGroups: [] }) }, { ...server, settings: settings({ ...dhe, dhParams: { p: modp.p, g: modp.g } }) });
    t.equal(r.client, undefined, `custom dhParams (${String(r.client)})`);
  });

  t.test(`${pname}: RSA-PSS certificates need TLS 1.2`, async (t) => {
    const sides = pair({ provider });
    const r = await handshake(sides, { settings: settings({ maxVersion: V.TLS1_1 }) }, { ...credentials('server-rsapss', provider) });
    t.same(alertOf(r.server), ['local', AlertDescription.handshake_failure], 'no suite for an RSA-PSS key below TLS 1.2');
  });

  t.test(`${pname}: suites follow the certificate`, async (t) => {
    const sides = pair({ provider });
    await handshake(sides, {}, { ...credentials('server-ecdsa', provider) });
    t.equal(suiteInfo(sides.client.engine.cipherSuite!)!.keyExchange, 'ecdhe_ecdsa');
    const sides2 = pair({ provider });
    await handshake(sides2, { settings: settings({ eccCurves: ['x448'], keyShares: [] }) }, { ...server, settings: settings({ eccCurves: ['x25519', 'x448'], keyShares: ['x25519'], defaultCurve: 'x25519' }) });
    t.equal(suiteInfo(sides2.client.engine.cipherSuite!)!.keyExchange, 'ecdhe_rsa', 'x448 only');
  });
}
