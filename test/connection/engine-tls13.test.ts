/**
 * TLS 1.3 between two engines in memory, on both providers: every suite,
 * every group (X25519, X448, P-256/384/521, FFDHE, X25519MLKEM768), every
 * certificate type, data both ways, the exporter, KeyUpdate both ways,
 * HelloRetryRequest (missing share, cookie), client authentication,
 * version fallback and the downgrade sentinels, and the key log.
 */
import t, { type Test } from 'tap';
import { AlertDescription, CipherSuite, GroupName, ProtocolVersion } from '../../src/constants.js';
import { toHex } from '../../src/crypto/bytes.js';
import { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../../src/messages/server-hello.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, joined, pair, settle, type Side } from './engine-pair.js';

const V = ProtocolVersion;
const text = (s: string) => new TextEncoder().encode(s);
const str = (chunks: readonly Uint8Array[]) => new TextDecoder().decode(joined(chunks));
const s = (init: HandshakeSettingsInit = {}) => new HandshakeSettings(init);
const ok = { client: undefined, server: undefined };

/** Every record a side wrote, split (outputs may hold several). */
function records(side: Side): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const chunk of side.wire) {
    for (let i = 0; i + 5 <= chunk.length; ) {
      const length = (chunk[i + 3]! << 8) | chunk[i + 4]!;
      out.push(chunk.subarray(i, i + 5 + length));
      i += 5 + length;
    }
  }
  return out;
}

/** Data both ways, then the exporter agrees on both sides. */
async function exchange(t: Test, sides: { client: Side; server: Side }, label: string): Promise<void> {
  sides.client.engine.send(text(`ping ${label}`));
  sides.server.engine.send(text(`pong ${label}`));
  await settle();
  t.equal(str(sides.server.received), `ping ${label}`, `${label}: client to server`);
  t.equal(str(sides.client.received), `pong ${label}`, `${label}: server to client`);
  const a = sides.client.engine.exportKeyingMaterial('EXPERIMENTAL test', text('ctx'), 32);
  const b = sides.server.engine.exportKeyingMaterial('EXPERIMENTAL test', text('ctx'), 32);
  t.equal(toHex(a), toHex(b), `${label}: exporter agrees`);
}

const SUITES = [
  ['aes128gcm', CipherSuite.TLS_AES_128_GCM_SHA256],
  ['aes256gcm', CipherSuite.TLS_AES_256_GCM_SHA384],
  ['chacha20-poly1305', CipherSuite.TLS_CHACHA20_POLY1305_SHA256],
  ['aes128ccm', CipherSuite.TLS_AES_128_CCM_SHA256],
  ['aes128ccm_8', CipherSuite.TLS_AES_128_CCM_8_SHA256],
] as const;

const GROUPS = ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1', 'ffdhe2048', 'ffdhe3072', 'x25519mlkem768'] as const;

/** Certificates and the scheme TLS 1.3 must pick for each. */
const CERTS = [
  ['server-rsa', 'rsa_pss_rsae_sha256'],
  ['server-rsapss', 'rsa_pss_pss_sha256'],
  ['server-ecdsa', 'ecdsa_secp256r1_sha256'],
  ['server-ed25519', 'ed25519'],
] as const;

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);

  t.test(`${name}: every TLS 1.3 suite`, async (t) => {
    for (const [cipher, id] of SUITES) {
      const settings = s({ cipherNames: [cipher] });
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings }, { ...rsa, settings }), ok, `${cipher}: handshake`);
      t.equal(sides.client.engine.version, V.TLS1_3);
      t.equal(sides.client.engine.versionName, 'TLS 1.3');
      t.equal(sides.client.engine.cipherSuite, id, `${cipher}: client suite`);
      t.equal(sides.server.engine.cipherSuite, id, `${cipher}: server suite`);
      await exchange(t, sides, cipher);
    }
  });

  t.test(`${name}: every key exchange group`, async (t) => {
    for (const group of GROUPS) {
      const settings = s({ keyShares: [group], eccCurves: ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1', 'x25519mlkem768'] });
      const serverSettings = s({ eccCurves: [...GROUPS.filter((g) => !g.startsWith('ffdhe'))], dhGroups: ['ffdhe2048', 'ffdhe3072'] });
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings }, { ...rsa, settings: serverSettings }), ok, `${group}: handshake`);
      // The ServerHello's key_share names the group (no HelloRetryRequest: the client sent that share).
      const hello = records(sides.server)[0]!;
      t.not(toHex(hello.subarray(11, 43)), toHex(HELLO_RETRY_REQUEST_RANDOM), `${group}: no HelloRetryRequest`);
      const id = (GroupName as unknown as Record<string, number>)[group]!.toString(16).padStart(4, '0');
      t.match(toHex(hello), new RegExp(`0033[0-9a-f]{4}${id}`), `${group}: the server's key share is for it`);
      await exchange(t, sides, group);
    }
  });

  t.test(`${name}: every certificate type and its TLS 1.3 scheme`, async (t) => {
    for (const [cert, scheme] of CERTS) {
      const creds = credentials(cert, provider);
      const sides = pair({ provider });
      t.same(await handshake(sides, {}, { ...creds }), ok, `${cert}: handshake`);
      t.equal(sides.client.engine.version, V.TLS1_3);
      t.ok(sides.client.engine.session!.serverCertChain, `${cert}: the client has the chain`);
      // The CertificateVerify is encrypted; the scheme shows in the server's key log-decrypted flight, so
      // check it through a client that accepts only that scheme instead.
      const only = s({ rsaSchemes: ['pss'], rsaSigHashes: ['sha256'], ecdsaSigHashes: ['sha256'], moreSigSchemes: scheme === 'ed25519' ? ['Ed25519'] : [] });
      const again = pair({ provider });
      t.same(await handshake(again, { settings: only }, { ...creds }), ok, `${cert}: ${scheme} is enough`);
      await exchange(t, again, cert);
    }
  });

  t.test(`${name}: PKCS#1 v1.5 is never used in a TLS 1.3 CertificateVerify`, async (t) => {
    const settings = s({ rsaSchemes: ['pkcs1'] });
    const sides = pair({ provider });
    const r = await handshake(sides, { settings }, { ...rsa });
    t.type(r.server, TLSLocalAlert, 'the server has no scheme for its RSA key');
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.handshake_failure);
    t.type(r.client, TLSRemoteAlert);
  });

  t.test(`${name}: KeyUpdate both ways, with and without update_requested`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa }), ok);
    for (let i = 0; i < 3; i++) {
      sides.client.engine.keyUpdate(i === 1);
      sides.server.engine.keyUpdate(i === 2);
      await exchange(t, sides, `after update ${i}`);
      sides.client.received.length = 0;
      sides.server.received.length = 0;
    }
    t.same(sides.client.errors, []);
    t.same(sides.server.errors, []);
  });

  t.test(`${name}: HelloRetryRequest for a missing key share, and for a cookie`, async (t) => {
    const client = s({ keyShares: ['x25519'] });
    const server = s({ eccCurves: ['secp384r1', 'x25519'], keyShares: ['x25519'] });
    // The server prefers a group for which it has a share: no retry.
    let sides = pair({ provider });
    t.same(await handshake(sides, { settings: client }, { ...rsa, settings: server }), ok);
    t.not(toHex(records(sides.server)[0]!.subarray(11, 43)), toHex(HELLO_RETRY_REQUEST_RANDOM), 'no retry when a share fits');
    // Only secp384r1 acceptable: retry.
    sides = pair({ provider });
    t.same(await handshake(sides, { settings: client }, { ...rsa, settings: s({ eccCurves: ['secp384r1'], keyShares: [] }) }), ok, 'handshake after HRR');
    t.equal(toHex(records(sides.server)[0]!.subarray(11, 43)), toHex(HELLO_RETRY_REQUEST_RANDOM), 'the first answer is a HelloRetryRequest');
    await exchange(t, sides, 'hrr');
    // A cookie round trip.
    sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa, retryWithCookie: true }), ok, 'handshake after a cookie HRR');
    t.equal(toHex(records(sides.server)[0]!.subarray(11, 43)), toHex(HELLO_RETRY_REQUEST_RANDOM));
    await exchange(t, sides, 'cookie');
  });

  t.test(`${name}: client authentication`, async (t) => {
    const client = credentials('client-rsa', provider);
    let sides = pair({ provider });
    t.same(await handshake(sides, { ...client }, { ...rsa, reqCert: true }), ok);
    t.ok(sides.server.engine.session!.clientCertChain, 'the server has the client chain');
    await exchange(t, sides, 'client auth');
    sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa, reqCert: true }), ok, 'reqCert: no certificate is fine');
    t.equal(sides.server.engine.session!.clientCertChain, null);
    sides = pair({ provider });
    const r = await handshake(sides, {}, { ...rsa, requireCert: true });
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.certificate_required, 'requireCert: certificate_required');
    // The TLS 1.3 client is done after its Finished: the alert reaches it after its handshake.
    await settle();
    t.equal((sides.client.errors[0] as TLSRemoteAlert | undefined)?.description, AlertDescription.certificate_required, 'the client hears it');
    t.equal(sides.client.engine.state, 'closed');
  });

  t.test(`${name}: version negotiation with TLS 1.2 peers and the downgrade sentinels`, async (t) => {
    const tls12 = s({ maxVersion: V.TLS1_2 });
    let sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa, settings: tls12 }), ok, 'our 1.3 client, 1.2 server');
    t.equal(sides.client.engine.version, V.TLS1_2);
    await exchange(t, sides, 'fallback');

    sides = pair({ provider });
    t.same(await handshake(sides, { settings: tls12 }, { ...rsa }), ok, '1.2 client, our 1.3 server');
    t.equal(sides.server.engine.version, V.TLS1_2);
    const random = records(sides.server)[0]!.subarray(11, 43);
    t.equal(toHex(random.subarray(24)), '444f574e47524401', 'the server marks its random DOWNGRD\\x01');
    const tls11 = s({ maxVersion: V.TLS1_1 });
    sides = pair({ provider });
    t.same(await handshake(sides, { settings: tls11 }, { ...rsa }), ok, '1.1 client, our 1.3 server');
    t.equal(toHex(records(sides.server)[0]!.subarray(11 + 24, 43)), '444f574e47524400', 'DOWNGRD\\x00 below TLS 1.2');

    // A 1.2 answer marked by a 1.3 server is an attack: the client stops.
    sides = pair({
      provider,
      toClient: (bytes) => {
        if (bytes[0] === 22 && bytes[5] === 2) bytes.set([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01], 11 + 24);
        return bytes;
      },
    });
    const r = await handshake(sides, {}, { ...rsa, settings: tls12 });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.illegal_parameter, 'downgrade sentinel: illegal_parameter');

    // minVersion TLS 1.3 on either side refuses TLS 1.2.
    sides = pair({ provider });
    const r2 = await handshake(sides, { settings: s({ minVersion: V.TLS1_3 }) }, { ...rsa, settings: tls12 });
    t.type(r2.client, Error, 'a 1.3-only client and a 1.2 server do not connect');
    t.type(r2.server, Error);
    t.equal(sides.client.engine.version, undefined);
    sides = pair({ provider });
    const r3 = await handshake(sides, { settings: tls12 }, { ...rsa, settings: s({ minVersion: V.TLS1_3 }) });
    t.equal((r3.server as TLSLocalAlert).description, AlertDescription.protocol_version, 'a 1.3-only server refuses a 1.2 client');
  });

  t.test(`${name}: key log lines for TLS 1.3`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa }), ok);
    const random = toHex(sides.client.wire[0]!.subarray(11, 43));
    const labels = sides.client.keylog.map((l) => l.split(' ')[0]);
    t.same(labels, ['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0', 'EXPORTER_SECRET']);
    t.ok(sides.client.keylog.every((l) => l.split(' ')[1] === random), 'each names the client random');
    t.same(sides.server.keylog, sides.client.keylog, 'both sides log the same secrets');
    const exporter = sides.client.keylog[4]!.split(' ')[2]!;
    t.equal(exporter, toHex(sides.client.engine.session!.exporterMasterSecret), 'EXPORTER_SECRET is the exporter master secret');
  });
}
