/**
 * SRP handshakes between two in-memory Engines: every SRP suite in TLS
 * 1.0, 1.1 and 1.2 on both providers; the alerts RFC 5054 and the seed
 * name for a wrong password, an unknown user, a small or unknown group
 * and A or B = 0 mod N; resumption of SRP sessions; session.srpUsername.
 */
import t from 'tap';
import { CipherSuite, ProtocolVersion } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { defaultProvider } from '../../src/crypto/select.js';
import { FFDHE2048 } from '../../src/crypto/ffdhe.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { SessionCache } from '../../src/session/session-cache.js';
import { TicketKeys } from '../../src/session/ticket.js';
import { VerifierDB } from '../../src/srp/verifier-db.js';
import type { SRPVerifierEntry } from '../../src/srp/entry.js';
import { credentials, handshake, joined, pair, settle } from '../connection/engine-pair.js';
import { alertOf, nOf, replaceB, rewriteHandshake, srpClientKeyExchange } from './helpers.js';

const V = ProtocolVersion;
const settings = (init: HandshakeSettingsInit = {}) => new HandshakeSettings(init);
const CLIENT_KEY_EXCHANGE = 16;
const SERVER_KEY_EXCHANGE = 12;

const SUITES: ReadonlyArray<[number, string, string]> = [
  [CipherSuite.TLS_SRP_SHA_WITH_AES_128_CBC_SHA, 'srp_sha', 'aes128'],
  [CipherSuite.TLS_SRP_SHA_WITH_AES_256_CBC_SHA, 'srp_sha', 'aes256'],
  [CipherSuite.TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA, 'srp_sha', '3des'],
  [CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_128_CBC_SHA, 'srp_sha_rsa', 'aes128'],
  [CipherSuite.TLS_SRP_SHA_RSA_WITH_AES_256_CBC_SHA, 'srp_sha_rsa', 'aes256'],
  [CipherSuite.TLS_SRP_SHA_RSA_WITH_3DES_EDE_CBC_SHA, 'srp_sha_rsa', '3des'],
];

const db = new VerifierDB();
db.add('alice', VerifierDB.makeVerifier('alice', 'abra123cadabra', 2048));
db.add('small', VerifierDB.makeVerifier('small', 'pw', 1024));
db.add('zoë', VerifierDB.makeVerifier('zoë', new TextEncoder().encode('pässword'), 1536));

for (const [pname, provider] of [
  ['pure', pureProvider],
  ['native', defaultProvider()],
] as ReadonlyArray<[string, CryptoProvider]>) {
  const server = credentials('server-rsa', provider);

  t.test(`${pname}: every SRP suite in TLS 1.0, 1.1 and 1.2`, async (t) => {
    for (const [id, kx, cipher] of SUITES) {
      for (const version of [V.TLS1_0, V.TLS1_1, V.TLS1_2]) {
        const s = settings({ minVersion: version, maxVersion: version, keyExchangeNames: [kx], cipherNames: [cipher] });
        const sides = pair({ provider });
        const r = await handshake(
          sides,
          { settings: s, srpUsername: 'alice', srpPassword: 'abra123cadabra' },
          { settings: s, verifierDB: db, ...(kx === 'srp_sha_rsa' ? server : {}) },
        );
        const name = `${CipherSuite.nameOf(id)} ${V.nameOf(version)}`;
        t.equal(r.client, undefined, `${name}: client (${String(r.client)})`);
        t.equal(r.server, undefined, `${name}: server (${String(r.server)})`);
        t.equal(sides.client.engine.cipherSuite, id, `${name}: suite`);
        t.equal(sides.client.engine.version, version, `${name}: version`);
        t.equal(sides.client.engine.session?.srpUsername, 'alice', `${name}: client session.srpUsername`);
        t.equal(sides.server.engine.session?.srpUsername, 'alice', `${name}: server session.srpUsername`);
        t.equal(
          sides.client.engine.session?.serverCertChain?.getFingerprint(),
          kx === 'srp_sha_rsa' ? server.certChain.getFingerprint() : undefined,
          `${name}: server certificate only with SRP_SHA_RSA`,
        );
        sides.client.engine.send(new TextEncoder().encode('ping'));
        await settle();
        t.equal(new TextDecoder().decode(joined(sides.server.received)), 'ping', `${name}: data flows`);
      }
    }
  });

  t.test(`${pname}: a non-ASCII user name and a byte password`, async (t) => {
    const sides = pair({ provider });
    const r = await handshake(sides, { srpUsername: 'zoë', srpPassword: 'pässword' }, { verifierDB: db });
    t.equal(r.client, undefined, String(r.client));
    t.equal(sides.server.engine.session?.srpUsername, 'zoë');
  });

  t.test(`${pname}: wrong password is bad_record_mac; unknown user is unknown_psk_identity`, async (t) => {
    let sides = pair({ provider });
    let r = await handshake(sides, { srpUsername: 'alice', srpPassword: 'abra123cadabrA' }, { verifierDB: db });
    t.same(alertOf(r.server), ['local', 'bad_record_mac'], 'server sees the wrong password at Finished');
    t.same(alertOf(r.client), ['remote', 'bad_record_mac']);
    sides = pair({ provider });
    r = await handshake(sides, { srpUsername: 'mallory', srpPassword: 'x' }, { verifierDB: db, ...server });
    t.same(alertOf(r.server), ['local', 'unknown_psk_identity'], 'unknown user (RFC 5054 2.5.1.3, as the seed)');
    t.same(alertOf(r.client), ['remote', 'unknown_psk_identity']);
  });

  t.test(`${pname}: the client refuses small and unknown groups`, async (t) => {
    let sides = pair({ provider });
    let r = await handshake(sides, { srpUsername: 'small', srpPassword: 'pw', settings: settings({ minKeySize: 2048 }) }, { verifierDB: db });
    t.same(alertOf(r.client), ['local', 'insufficient_security'], '1024-bit group below minKeySize 2048');
    t.same(alertOf(r.server), ['remote', 'insufficient_security']);
    // A server whose database holds a group that is not RFC 5054's (the
    // RFC 7919 ffdhe2048 prime: a fine prime, but not an SRP group).
    const foreign: SRPVerifierEntry = { N: FFDHE2048.p, g: 2n, salt: new Uint8Array(16).fill(1), verifier: 12345n };
    sides = pair({ provider });
    r = await handshake(sides, { srpUsername: 'alice', srpPassword: 'pw' }, { verifierDB: { get: () => foreign } });
    t.same(alertOf(r.client), ['local', 'handshake_failure'], 'unknown group');
    t.same(alertOf(r.server), ['remote', 'handshake_failure']);
    sides = pair({ provider });
    r = await handshake(
      sides,
      { srpUsername: 'alice', srpPassword: 'abra123cadabra', settings: settings({ maxKeySize: 1536 }) },
      { verifierDB: db },
    );
    t.same(alertOf(r.client), ['local', 'handshake_failure'], 'group above maxKeySize');
  });

  t.test(`${pname}: A = 0 mod N and B = 0 mod N are illegal_parameter`, async (t) => {
    const only = settings({ keyExchangeNames: ['srp_sha'] });
    let N = 0n;
    for (const [label, value] of [
      ['A = 0', () => 0n],
      ['A = N', () => N],
      ['A = 2N', () => 2n * N],
    ] as ReadonlyArray<[string, () => bigint]>) {
      const sides = pair({
        provider,
        toClient: (b) => rewriteHandshake(b, SERVER_KEY_EXCHANGE, (body) => ((N = nOf(body)), body)),
        toServer: (b) => rewriteHandshake(b, CLIENT_KEY_EXCHANGE, () => srpClientKeyExchange(value())),
      });
      const r = await handshake(sides, { srpUsername: 'alice', srpPassword: 'abra123cadabra', settings: only }, { verifierDB: db, settings: only });
      t.same(alertOf(r.server), ['local', 'illegal_parameter'], label);
      t.same(alertOf(r.client), ['remote', 'illegal_parameter'], `${label}: the client is told`);
    }
    for (const [label, value] of [
      ['B = 0', () => 0n],
      ['B = N', (n: bigint) => n],
      ['B = 2N', (n: bigint) => 2n * n],
    ] as ReadonlyArray<[string, (n: bigint) => bigint]>) {
      const sides = pair({
        provider,
        toClient: (b) => rewriteHandshake(b, SERVER_KEY_EXCHANGE, (body) => replaceB(body, value(nOf(body)))),
      });
      const r = await handshake(sides, { srpUsername: 'alice', srpPassword: 'abra123cadabra', settings: only }, { verifierDB: db, settings: only });
      t.same(alertOf(r.client), ['local', 'illegal_parameter'], label);
      t.same(alertOf(r.server), ['remote', 'illegal_parameter'], `${label}: the server is told`);
    }
  });

  t.test(`${pname}: SRP sessions resume, by session ID and by ticket`, async (t) => {
    const sessionCache = new SessionCache();
    const ticketKeys = new TicketKeys({ provider });
    for (const [how, serverOptions, clientSettings] of [
      ['session ID', { sessionCache }, settings()],
      ['ticket', { ticketKeys }, settings()],
    ] as const) {
      const first = pair({ provider });
      const r1 = await handshake(first, { srpUsername: 'alice', srpPassword: 'abra123cadabra', settings: clientSettings }, { verifierDB: db, ...serverOptions });
      t.equal(r1.client, undefined, `${how}: first (${String(r1.client)})`);
      const session = first.client.engine.session!;
      const second = pair({ provider });
      const r2 = await handshake(
        second,
        { srpUsername: 'alice', srpPassword: 'abra123cadabra', session, settings: clientSettings },
        { verifierDB: db, ...serverOptions },
      );
      t.equal(r2.client, undefined, `${how}: second (${String(r2.client)})`);
      t.ok(second.client.engine.resumed, `${how}: client resumed`);
      t.ok(second.server.engine.resumed, `${how}: server resumed`);
      t.equal(second.client.engine.session?.srpUsername, 'alice', `${how}: client srpUsername after resumption`);
      t.equal(second.server.engine.session?.srpUsername, 'alice', `${how}: server srpUsername after resumption`);
      // Another user offering alice's session gets a full handshake as itself.
      const third = pair({ provider });
      const r3 = await handshake(third, { srpUsername: 'zoë', srpPassword: 'pässword', session, settings: clientSettings }, { verifierDB: db, ...serverOptions });
      t.equal(r3.client, undefined, `${how}: other user (${String(r3.client)})`);
      t.notOk(third.server.engine.resumed, `${how}: not resumed for another user`);
      t.equal(third.server.engine.session?.srpUsername, 'zoë');
    }
    // A user deleted from the database cannot resume: full handshake, unknown_psk_identity.
    const local = new VerifierDB();
    local.add('carol', VerifierDB.makeVerifier('carol', 'pw', 1024));
    const first = pair({ provider });
    await handshake(first, { srpUsername: 'carol', srpPassword: 'pw' }, { verifierDB: local, sessionCache });
    local.delete('carol');
    const second = pair({ provider });
    const r = await handshake(second, { srpUsername: 'carol', srpPassword: 'pw', session: first.client.engine.session! }, { verifierDB: local, sessionCache });
    t.same(alertOf(r.server), ['local', 'unknown_psk_identity'], 'deleted user');
  });
}

t.test('servers and clients without SRP', async (t) => {
  const server = credentials('server-rsa');
  // A client without the srp extension gets certificate suites from a server that has both.
  let sides = pair();
  let r = await handshake(sides, {}, { verifierDB: db, ...server });
  t.equal(r.client, undefined, String(r.client));
  t.equal(sides.client.engine.session?.srpUsername, '', 'no SRP user');
  t.notMatch(sides.client.engine.cipherSuiteName ?? '', /SRP/);
  // An SRP-only server has nothing for it.
  sides = pair();
  r = await handshake(sides, {}, { verifierDB: db });
  t.same(alertOf(r.server), ['local', 'handshake_failure'], 'no common suite');
  // An SRP client and a server without a verifier database.
  sides = pair();
  r = await handshake(sides, { srpUsername: 'alice', srpPassword: 'abra123cadabra' }, { ...server });
  t.same(alertOf(r.server), ['local', 'handshake_failure'], 'server without SRP');
});

t.test('bad SRP options are TypeError/RangeError', async (t) => {
  const cases: ReadonlyArray<[object, RegExp]> = [
    [{ srpUsername: 'alice' }, /srpPassword is required/],
    [{ srpPassword: 'pw' }, /srpUsername is required/],
    [{ srpUsername: '', srpPassword: 'pw' }, /srpUsername must not be empty/],
    [{ srpUsername: 'a\nb', srpPassword: 'pw' }, /control character/],
    [{ srpUsername: 'x'.repeat(256), srpPassword: 'pw' }, /more than 255/],
    [{ srpUsername: 'alice', srpPassword: '' }, /srpPassword must not be empty/],
  ];
  for (const [options, message] of cases) {
    const sides = pair();
    await t.rejects(sides.client.engine.handshakeClient(options), message);
  }
});
