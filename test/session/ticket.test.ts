import t, { type Test } from 'tap';
import { readFileSync } from 'node:fs';
import { createDecipheriv, createHash, hkdfSync } from 'node:crypto';
import { CipherSuite, ProtocolVersion } from '../../src/constants.js';
import { TLSDecodeError } from '../../src/errors.js';
import { Session } from '../../src/session/session.js';
import { deserializeSession, serializeSession } from '../../src/session/serialize.js';
import { TicketKeys, decryptTicket, encryptTicket, TICKET_KEY_NAME_LENGTH } from '../../src/session/ticket.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';
import { HandshakeSettings, validateSettings } from '../../src/settings.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import { defaultProvider } from '../../src/crypto/select.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';

const certs = new URL('../fixtures/certs/', import.meta.url);
const clientChain = X509CertChain.fromPEM(readFileSync(new URL('client-rsa.chain.pem', certs), 'utf8'));
const serverChain = X509CertChain.fromPEM(readFileSync(new URL('server-ecdsa.cert.pem', certs), 'utf8'));

function fullSession(): Session {
  return new Session().create({
    masterSecret: Uint8Array.from({ length: 48 }, (_, i) => i),
    sessionID: new Uint8Array(32).fill(0xaa),
    cipherSuite: CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    version: ProtocolVersion.TLS1_2,
    srpUsername: 'alice',
    clientCertChain: clientChain,
    serverCertChain: serverChain,
    serverName: 'bücher.example',
    encryptThenMAC: true,
    extendedMasterSecret: true,
    appProto: new TextEncoder().encode('h2'),
    ecPointFormat: 0,
  });
}

function sameSession(t: Test, a: Session, b: Session) {
  for (const f of ['masterSecret', 'sessionID', 'appProto'] as const) t.same([...a[f]], [...b[f]], f);
  for (const f of ['cipherSuite', 'version', 'srpUsername', 'serverName', 'encryptThenMAC', 'extendedMasterSecret', 'resumable', 'ecPointFormat'] as const) {
    t.equal(a[f], b[f], f);
  }
  t.ok(a.clientCertChain === b.clientCertChain || a.clientCertChain!.equals(b.clientCertChain!), 'clientCertChain');
  t.ok(a.serverCertChain === b.serverCertChain || a.serverCertChain!.equals(b.serverCertChain!), 'serverCertChain');
}

t.test('serializeSession round-trips every field', async (t) => {
  const s = fullSession();
  const bytes = serializeSession(s, 1234567890123);
  const back = deserializeSession(bytes);
  t.equal(back.created, 1234567890123);
  sameSession(t, s, back.session);
  t.equal(back.session.clientCertChain!.getNumCerts(), 2);
  // A minimal session (no chains, no names).
  const bare = new Session();
  const bareBack = deserializeSession(serializeSession(bare, 0)).session;
  sameSession(t, bare, bareBack);
  t.equal(bareBack.clientCertChain, null);
  t.equal(bareBack.resumable, false);
});

t.test('deserializeSession rejects anything malformed with TLSDecodeError', async (t) => {
  const bytes = serializeSession(fullSession(), 1);
  const bad: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['truncated', bytes.subarray(0, bytes.length - 1)],
    ['trailing', Uint8Array.of(...bytes, 0)],
    ['format 2', Uint8Array.of(2, ...bytes.subarray(1))],
  ];
  const flags = Uint8Array.from(bytes);
  flags[13] = 0x80; // format(1) + created(8) + version(2) + suite(2): the flags byte
  bad.push(['unknown flag', flags]);
  const longSecret = Uint8Array.from(bytes);
  longSecret[15] = 49; // master_secret length byte
  bad.push(['master secret too long', longSecret]);
  for (const [what, input] of bad) t.throws(() => deserializeSession(input), TLSDecodeError, what);
  t.throws(() => serializeSession({} as never), TypeError);
  t.throws(() => serializeSession(new Session(), -1), RangeError);
  t.throws(() => serializeSession(new Session().create({ masterSecret: new Uint8Array(49) })), RangeError);
});

for (const provider of [pureProvider as unknown as CryptoProvider, defaultProvider()]) {
  t.test(`tickets with the ${provider.name} provider`, async (t) => {
    for (const cipher of ['aes256gcm', 'aes128gcm', 'chacha20-poly1305'] as const) {
      const keys = new TicketKeys({ provider, cipher });
      const s = fullSession();
      const ticket = encryptTicket(keys, s, 1000);
      t.same([...ticket.subarray(0, 16)], [...keys.currentKeyName], `${cipher}: starts with the key name`);
      const back = decryptTicket(keys, ticket, 3600, 2000);
      t.ok(back, `${cipher}: opens`);
      sameSession(t, s, back!);
      t.equal(decryptTicket(keys, ticket, 3600, 1000 + 3600_000), null, `${cipher}: expired at exactly the lifetime`);
      t.ok(decryptTicket(keys, ticket, 3600, 1000 + 3600_000 - 1), 'just before the lifetime');
      t.equal(decryptTicket(keys, ticket, 3600, 1000 - 60_001), null, 'from the future');
      // Any single-bit change anywhere makes it unusable.
      for (let i = 0; i < ticket.length; i += Math.max(1, Math.floor(ticket.length / 97))) {
        const copy = Uint8Array.from(ticket);
        copy[i] ^= 1 << (i % 8);
        if (decryptTicket(keys, copy, 3600, 2000) !== null) t.fail(`${cipher}: bit flip at ${i} accepted`);
      }
      for (const len of [0, 1, 16, 27, 28, 43, 44, ticket.length - 1]) {
        t.equal(decryptTicket(keys, ticket.subarray(0, len), 3600, 2000), null, `${cipher}: truncated to ${len}`);
      }
      t.equal(decryptTicket(new TicketKeys({ provider, cipher }), ticket, 3600, 2000), null, `${cipher}: unknown key`);
    }
  });
}

t.test('the format is key_name || iv || AES-256-GCM(aad = key_name || iv) (checked with node:crypto)', async (t) => {
  const secret = new Uint8Array(32).fill(3);
  const keys = new TicketKeys({ keys: [secret] });
  const plaintext = new TextEncoder().encode('state');
  const ticket = keys.seal(plaintext);
  t.equal(ticket.length, 16 + 12 + plaintext.length + 16);
  // Derivation: HKDF-SHA256 with an empty salt, as ticket.ts documents.
  const name = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), 'tlslite-ng ticket key name', 16));
  const key = new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(0), 'tlslite-ng ticket key aes256gcm', 32));
  t.same([...ticket.subarray(0, 16)], [...name]);
  const d = createDecipheriv('aes-256-gcm', key, ticket.subarray(16, 28));
  d.setAAD(ticket.subarray(0, 28));
  d.setAuthTag(ticket.subarray(ticket.length - 16));
  t.same(Buffer.concat([d.update(ticket.subarray(28, ticket.length - 16)), d.final()]), Buffer.from(plaintext));
  t.not(Buffer.from(name).toString('hex'), createHash('sha256').update(secret).digest('hex').slice(0, 32));
  // IVs are random: the same plaintext seals differently.
  t.notSame([...keys.seal(plaintext)], [...ticket]);
});

t.test('rotation: current seals, current and previous open', async (t) => {
  const c = { now: 0 };
  const keys = new TicketKeys({ rotationInterval: 100, now: () => c.now });
  const t0 = keys.seal(Uint8Array.of(0));
  const name0 = keys.currentKeyName;
  c.now = 99_999;
  t.same([...keys.currentKeyName], [...name0], 'not yet due');
  c.now = 100_000;
  const t1 = keys.seal(Uint8Array.of(1));
  t.notSame([...keys.currentKeyName], [...name0], 'rotated when due');
  t.same([...keys.open(t0)!], [0], 'previous key still opens');
  t.same([...keys.open(t1)!], [1]);
  c.now = 200_000;
  const t2 = keys.seal(Uint8Array.of(2));
  t.equal(keys.open(t0), null, 'two rotations later the first key is gone');
  t.same([...keys.open(t1)!], [1]);
  keys.rotate();
  t.equal(keys.open(t1), null);
  t.same([...keys.open(t2)!], [2]);
  t.ok(TICKET_KEY_NAME_LENGTH === 16);
});

t.test('fixed keys from settings: first seals, all open, no rotation', async (t) => {
  const k1 = new Uint8Array(32).fill(1);
  const k2 = new Uint8Array(16).fill(2);
  const old = TicketKeys.fromSettings(validateSettings({ ticketKeys: [k2] }))!;
  const oldTicket = old.seal(Uint8Array.of(9));
  const keys = TicketKeys.fromSettings(validateSettings({ ticketKeys: [k1, k2] }))!;
  t.equal(keys.cipher, 'aes256gcm');
  t.same([...keys.open(oldTicket)!], [9], 'the second key still opens');
  const fresh = keys.seal(Uint8Array.of(8));
  t.same([...TicketKeys.fromSettings(validateSettings({ ticketKeys: [k1] }))!.open(fresh)!], [8], 'sealed with the first key');
  t.equal(old.open(fresh), null);
  t.equal(keys.rotationInterval, Infinity);
  t.throws(() => keys.rotate(), /rotated by replacing/);
  t.equal(TicketKeys.fromSettings(validateSettings({})), undefined, 'no ticketKeys: no tickets');
  const chacha = TicketKeys.fromSettings(validateSettings({ ticketKeys: [k1], ticketCipher: 'chacha20-poly1305' }))!;
  t.equal(chacha.cipher, 'chacha20-poly1305');
  t.throws(() => TicketKeys.fromSettings(validateSettings({ ticketKeys: [k1], ticketCipher: 'aes128ccm' })), { name: 'RangeError', message: /ticketCipher/ });
});

t.test('fixed keys from settings are derived once per secret list, and follow a change of secrets', async (t) => {
  const k1 = new Uint8Array(32).fill(0x31);
  const k2 = new Uint8Array(32).fill(0x32);
  const settings = { ticketKeys: [k1] };
  const a = TicketKeys.fromSettings(validateSettings(settings))!;
  t.equal(TicketKeys.fromSettings(validateSettings(settings))!, a, 'the same secrets: the same keys, not derived again');
  t.equal(TicketKeys.fromSettings(validateSettings({ ticketKeys: [Uint8Array.from(k1)] }))!, a, 'equal secrets in another array: the same');
  const ticket = a.seal(Uint8Array.of(7));
  // Replacing the secret in place (the way fixed keys are rotated) must take effect.
  settings.ticketKeys[0] = k2;
  const b = TicketKeys.fromSettings(validateSettings(settings))!;
  t.not(b, a, 'new secrets: new keys');
  t.equal(b.open(ticket), null, 'the old ticket no longer opens');
  const c = TicketKeys.fromSettings(validateSettings({ ticketKeys: [k1], ticketCipher: 'chacha20-poly1305' }))!;
  t.not(c, a, 'another cipher: other keys');
  t.equal(c.cipher, 'chacha20-poly1305');

  // The same array asked again is answered from memory, unless its bytes changed.
  const held = { ticketKeys: [new Uint8Array(32).fill(0x51)], ticketCipher: 'aes256gcm' };
  const before = TicketKeys.fromSettings(held)!;
  t.equal(TicketKeys.fromSettings(held)!, before, 'the same array, unchanged: the same keys');
  const early = before.seal(Uint8Array.of(6));
  held.ticketKeys[0]!.fill(0x52);
  const after = TicketKeys.fromSettings(held)!;
  t.not(after, before, 'the same array with other bytes: other keys');
  t.equal(after.open(early), null);

  // A server's HandshakeSettings, validated per handshake: the same keys
  // while nothing changes, new ones once a secret's bytes change in place.
  const secret = new Uint8Array(32).fill(0x41);
  const server = new HandshakeSettings({ ticketKeys: [secret] });
  const d = TicketKeys.fromSettings(server.validate())!;
  t.equal(TicketKeys.fromSettings(server.validate())!, d, 'unchanged settings: the same keys');
  const sealed = d.seal(Uint8Array.of(5));
  secret[0] = 0x42;
  const e = TicketKeys.fromSettings(server.validate())!;
  t.not(e, d, 'a secret changed in place: new keys');
  t.equal(e.open(sealed), null, 'which do not open the old ticket');
});

t.test('argument checks', async (t) => {
  t.throws(() => new TicketKeys({ cipher: 'rc4' as never }), RangeError);
  t.throws(() => new TicketKeys({ rotationInterval: 0 }), RangeError);
  t.throws(() => new TicketKeys({ keys: [] }), RangeError);
  t.throws(() => new TicketKeys({ keys: [new Uint8Array(24)] }), { name: 'RangeError', message: /keys\[0\]/ });
  t.throws(() => new TicketKeys({ keys: ['k' as never] }), TypeError);
  const keys = new TicketKeys();
  t.throws(() => keys.seal('x' as never), TypeError);
  t.equal(keys.open('x' as never), null, 'open never throws on peer data');
});
