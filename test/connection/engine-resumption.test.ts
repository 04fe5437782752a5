/**
 * Resumption between two Engines: by session ID through a SessionCache,
 * and by RFC 5077 ticket; the RFC 7627 5.3 rules for extended master
 * secret; refusals that fall back to a full handshake.
 */
import t from 'tap';
import { AlertDescription, ProtocolVersion } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { defaultProvider } from '../../src/crypto/select.js';
import { TLSLocalAlert } from '../../src/errors.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { SessionCache } from '../../src/session/session-cache.js';
import { TicketKeys } from '../../src/session/ticket.js';
import { credentials, handshake12 as handshake, joined, pair, settle } from './engine-pair.js';

const V = ProtocolVersion;
const settings = (init: HandshakeSettingsInit = {}) => new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2, ...init });

for (const [pname, provider] of [
  ['pure', pureProvider],
  ['native', defaultProvider()],
] as ReadonlyArray<[string, CryptoProvider]>) {
  const server = credentials('server-rsa', provider);

  t.test(`${pname}: session ID resumption in every version`, async (t) => {
    for (const version of [V.TLS1_2, V.TLS1_1, V.TLS1_0, V.SSL3]) {
      const s = settings({ minVersion: V.SSL3, maxVersion: version });
      const sessionCache = new SessionCache();
      const first = pair({ provider });
      const r1 = await handshake(first, { settings: s, serverName: 'localhost' }, { ...server, settings: s, sessionCache });
      t.equal(r1.client, undefined, `${V.nameOf(version)}: first handshake (${String(r1.client)})`);
      t.notOk(first.client.engine.resumed, 'first is full');
      const session = first.client.engine.session!;
      t.equal(sessionCache.size, 1, 'server cached the session');

      const second = pair({ provider });
      const r2 = await handshake(second, { settings: s, session, serverName: 'localhost' }, { ...server, settings: s, sessionCache });
      t.equal(r2.client, undefined, `second handshake (${String(r2.client)})`);
      t.equal(r2.server, undefined);
      t.ok(second.client.engine.resumed, 'client resumed');
      t.ok(second.server.engine.resumed, 'server resumed');
      t.same(second.client.engine.session!.sessionID, session.sessionID, 'same session ID');
      t.equal(second.client.engine.cipherSuite, first.client.engine.cipherSuite, 'same suite');
      t.equal(
        second.client.engine.session?.serverCertChain?.getFingerprint(),
        server.certChain.getFingerprint(),
        'the server chain carries over',
      );
      second.client.engine.send(new Uint8Array([1, 2, 3]));
      await settle();
      t.same(joined(second.server.received), new Uint8Array([1, 2, 3]), 'data after resumption');
    }
  });

  t.test(`${pname}: ticket resumption`, async (t) => {
    const ticketKeys = new TicketKeys({ provider });
    const first = pair({ provider });
    await handshake(first, {}, { ...server, ticketKeys });
    const session = first.client.engine.session!;
    t.equal(session.tls10Tickets?.length, 1, 'the client holds a ticket');

    const second = pair({ provider });
    const r = await handshake(second, { session }, { ...server, ticketKeys });
    t.equal(r.client, undefined, `resumed handshake (${String(r.client)})`);
    t.equal(r.server, undefined, `(${String(r.server)})`);
    t.ok(second.client.engine.resumed, 'client resumed by ticket');
    t.ok(second.server.engine.resumed, 'server resumed by ticket');
    t.same(
      second.client.engine.exportKeyingMaterial('EXPERIMENTAL x', new Uint8Array(0), 16),
      second.server.engine.exportKeyingMaterial('EXPERIMENTAL x', new Uint8Array(0), 16),
      'exporter agrees after resumption',
    );
    t.equal(second.client.engine.session?.tls10Tickets?.length, 1, 'a fresh ticket on resumption');

    // Tickets from settings.ticketKeys work the same way.
    const s = settings({ ticketKeys: [new Uint8Array(32).fill(7)] });
    const a = pair({ provider });
    await handshake(a, {}, { ...server, settings: s });
    const b = pair({ provider });
    await handshake(b, { session: a.client.engine.session! }, { ...server, settings: s });
    t.ok(b.server.engine.resumed, 'settings.ticketKeys');

    // Another server's keys: a full handshake, no alert.
    const c = pair({ provider });
    const rc = await handshake(c, { session }, { ...server, ticketKeys: new TicketKeys({ provider }) });
    t.equal(rc.client, undefined, 'unknown ticket: still succeeds');
    t.notOk(c.client.engine.resumed, 'unknown ticket: full handshake');
    t.notOk(c.server.engine.resumed);
  });

  t.test(`${pname}: resumption refused`, async (t) => {
    const sessionCache = new SessionCache();
    const first = pair({ provider });
    await handshake(first, { serverName: 'a.example' }, { ...server, sessionCache });
    const session = first.client.engine.session!;

    let sides = pair({ provider });
    await handshake(sides, { session, serverName: 'b.example' }, { ...server, sessionCache });
    t.notOk(sides.client.engine.resumed, 'another SNI name: full handshake (RFC 6066 3)');

    sides = pair({ provider });
    await handshake(sides, { session, serverName: 'a.example' }, { ...server, sessionCache: new SessionCache() });
    t.notOk(sides.client.engine.resumed, 'unknown ID: full handshake');

    sides = pair({ provider });
    await handshake(sides, { session, serverName: 'a.example', settings: settings({ cipherNames: ['aes256gcm'] }) }, { ...server, sessionCache });
    t.notOk(sides.client.engine.resumed, 'suite no longer offered: full handshake');
  });

  t.test(`${pname}: extended master secret on resumption (RFC 7627 5.3)`, async (t) => {
    const sessionCache = new SessionCache();
    const noEms = settings({ useExtendedMasterSecret: false });
    const first = pair({ provider });
    await handshake(first, { settings: noEms }, { ...server, sessionCache });
    t.equal(first.client.engine.session?.extendedMasterSecret, false);
    let sides = pair({ provider });
    await handshake(sides, { session: first.client.engine.session! }, { ...server, sessionCache });
    t.notOk(sides.server.engine.resumed, 'a non-EMS session offered with EMS: full handshake');
    t.equal(sides.server.engine.session?.extendedMasterSecret, true);

    const emsFirst = pair({ provider });
    await handshake(emsFirst, {}, { ...server, sessionCache });
    sides = pair({ provider });
    const r = await handshake(sides, { settings: noEms, session: emsFirst.client.engine.session! }, { ...server, sessionCache });
    t.ok(r.server instanceof TLSLocalAlert, 'an EMS session offered without EMS: abort');
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.handshake_failure);
  });

  t.test(`${pname}: client certificate kept on resumption`, async (t) => {
    const sessionCache = new SessionCache();
    const client = credentials('client-rsa', provider);
    const first = pair({ provider });
    await handshake(first, { ...client }, { ...server, sessionCache, reqCert: true });
    const sides = pair({ provider });
    await handshake(sides, { ...client, session: first.client.engine.session! }, { ...server, sessionCache, reqCert: true });
    t.ok(sides.server.engine.resumed);
    t.equal(sides.server.engine.session?.clientCertChain?.getFingerprint(), client.certChain.getFingerprint());
  });
}

t.test('encrypt-then-MAC follows the resumed suite', async (t) => {
  const server = credentials('server-rsa');
  const sessionCache = new SessionCache();
  const cbc = settings({ cipherNames: ['aes128'] });
  const first = pair();
  await handshake(first, { settings: cbc }, { ...server, settings: cbc, sessionCache });
  t.equal(first.client.engine.session?.encryptThenMAC, true);
  const second = pair();
  // The server would pick AES-GCM for a new session, but resumes the CBC one.
  await handshake(second, { session: first.client.engine.session! }, { ...server, sessionCache });
  t.ok(second.server.engine.resumed);
  t.equal(second.server.engine.session?.encryptThenMAC, true, 'ETM for the resumed CBC suite');
  t.equal(second.client.engine.session?.encryptThenMAC, true);
  second.client.engine.send(new Uint8Array([9]));
  await settle();
  t.same(joined(second.server.received), new Uint8Array([9]));
});
