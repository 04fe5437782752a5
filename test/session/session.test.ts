import t from 'tap';
import { readFileSync } from 'node:fs';
import { CipherSuite, ProtocolVersion } from '../../src/constants.js';
import { Session, Ticket } from '../../src/session/session.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';

const chain = X509CertChain.fromPEM(readFileSync(new URL('../fixtures/certs/server-rsa.chain.pem', import.meta.url), 'utf8'));

t.test('a new Session has the seed\'s defaults and is not resumable', async (t) => {
  const s = new Session();
  t.equal(s.masterSecret.length, 0);
  t.equal(s.sessionID.length, 0);
  t.equal(s.cipherSuite, 0);
  t.equal(s.version, 0);
  t.equal(s.srpUsername, '');
  t.equal(s.clientCertChain, null);
  t.equal(s.serverCertChain, null);
  t.equal(s.serverName, '');
  t.equal(s.resumable, false);
  t.equal(s.encryptThenMAC, false);
  t.equal(s.extendedMasterSecret, false);
  t.equal(s.appProto.length, 0);
  t.equal(s.tickets, null);
  t.equal(s.tls10Tickets, null);
  t.equal(s.ecPointFormat, 0);
  t.notOk(s.valid());
  t.equal(s.getCipherName(), undefined);
});

t.test('create() sets fields, resumable by default, and refuses unknown fields', async (t) => {
  const s = new Session();
  s.serverName = 'stale';
  t.equal(
    s.create({
      masterSecret: new Uint8Array(48).fill(1),
      sessionID: Uint8Array.of(1, 2, 3),
      cipherSuite: CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      version: ProtocolVersion.TLS1_2,
      serverCertChain: chain,
      extendedMasterSecret: true,
    }),
    s,
  );
  t.equal(s.resumable, true);
  t.equal(s.serverName, '', 'fields not given go back to their defaults');
  t.ok(s.valid());
  t.equal(s.getCipherName(), 'aes128gcm');
  t.equal(s.getMacName(), undefined, 'AEAD suites have no HMAC');
  t.equal(new Session().create({ cipherSuite: CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA }).getMacName(), 'sha');
  t.equal(new Session().create({ resumable: false, sessionID: Uint8Array.of(1) }).valid(), false);
  t.throws(() => s.create({ masterSecrets: 1 } as never), { name: 'TypeError', message: /unknown field "masterSecrets"/ });
  t.throws(() => s.create(null as never), TypeError);
});

t.test('Session.from() is a new session with the fields set, as create() on a new one', async (t) => {
  const fields = { masterSecret: new Uint8Array(48).fill(7), cipherSuite: CipherSuite.TLS_AES_128_GCM_SHA256, serverName: 'a.example' };
  t.same(Session.from(fields), new Session().create(fields));
  t.equal(Session.from({}).resumable, true);
  t.equal(Session.from({ resumable: false }).resumable, false);
  t.throws(() => Session.from({ sessionId: 1 } as never), { name: 'TypeError', message: /unknown field "sessionId"/ });
  t.throws(() => Session.from(undefined as never), TypeError);
  // Unset byte fields share one empty array: nothing can be added to it or written into it.
  const a = new Session();
  t.equal(a.appProto.length, 0);
  t.ok(Object.isFrozen(a.appProto));
  t.throws(() => {
    'use strict';
    (a.appProto as unknown as { x: number }).x = 1;
  }, TypeError);
});

t.test('valid(): needs a session ID or a ticket', async (t) => {
  const s = new Session().create({});
  t.notOk(s.valid(), 'resumable but nothing to resume with');
  s.tls10Tickets = [];
  t.notOk(s.valid(), 'an empty ticket list is no ticket');
  s.tls10Tickets = [new Ticket(Uint8Array.of(9), 100, new Uint8Array(48), 0x009c)];
  t.ok(s.valid());
  s.tls10Tickets = null;
  s.tickets = [{}];
  t.ok(s.valid());
});

t.test('setResumable: true only with a session ID; false always', async (t) => {
  const s = new Session();
  s.setResumable(true);
  t.equal(s.resumable, false);
  s.sessionID = Uint8Array.of(7);
  s.setResumable(true);
  t.equal(s.resumable, true);
  s.setResumable(false);
  t.equal(s.resumable, false);
});

t.test('clone() copies fields and shares the ticket lists', async (t) => {
  const s = new Session().create({ sessionID: Uint8Array.of(5), serverName: 'example.com', tls10Tickets: [] });
  const c = s.clone();
  t.not(c, s);
  t.ok(c instanceof Session);
  t.equal(c.serverName, 'example.com');
  t.equal(c.sessionID, s.sessionID);
  c.tls10Tickets!.push(new Ticket(Uint8Array.of(1), 10, new Uint8Array(48), 0x009c));
  t.equal(s.tls10Tickets!.length, 1, 'tickets received on the clone reach the original');
  c.serverName = 'other';
  t.equal(s.serverName, 'example.com');
});

t.test('Ticket.valid() follows its lifetime', async (t) => {
  const ticket = new Ticket(Uint8Array.of(1), 60, new Uint8Array(48), 0x009c, 1_000_000);
  t.ok(ticket.valid(1_000_000));
  t.ok(ticket.valid(1_059_999));
  t.notOk(ticket.valid(1_060_000));
  t.ok(new Ticket(Uint8Array.of(1), 60, new Uint8Array(48), 0x009c).valid(), 'default clock: fresh');
});
