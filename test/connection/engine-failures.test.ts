/**
 * What goes wrong, in memory: tampered records, malformed and misplaced
 * messages, a transport that ends, fatal alerts after the handshake, a
 * checker that refuses. Each failure must reach both sides as the right
 * alert (TLSLocalAlert on the side that sent it, TLSRemoteAlert on the
 * other) and leave the engines closed.
 */
import t from 'tap';
import { AlertDescription, ContentType } from '../../src/constants.js';
import { Checker } from '../../src/handshake/checker.js';
import { TLSAbruptCloseError, TLSAlert, TLSAuthenticationError, TLSFingerprintError, TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { Engine } from '../../src/connection/engine.js';
import { SessionCache } from '../../src/session/session-cache.js';
import { HandshakeSettings } from '../../src/settings.js';
import type { RSAKey } from '../../src/crypto/rsa/key.js';
import { credentials, handshake12 as handshake, pair, settle } from './engine-pair.js';

const server = credentials('server-rsa');

function alertOf(e: unknown): [string, string] | undefined {
  if (!(e instanceof TLSAlert)) return undefined;
  return [e instanceof TLSLocalAlert ? 'local' : e instanceof TLSRemoteAlert ? 'remote' : 'alert', e.descriptionName];
}

const record = (type: number, body: number[], minor = 1) => new Uint8Array([type, 3, minor, body.length >> 8, body.length & 0xff, ...body]);

t.test('a tampered Finished is bad_record_mac', async (t) => {
  let n = 0;
  const sides = pair({
    toServer: (b) => {
      if (++n === 2) b[b.length - 1]! ^= 1;
      return b;
    },
  });
  const r = await handshake(sides, {}, { ...server });
  t.same(alertOf(r.server), ['local', 'bad_record_mac']);
  t.same(alertOf(r.client), ['remote', 'bad_record_mac']);
  t.equal(sides.server.engine.state, 'closed');
  t.equal(sides.client.engine.state, 'closed');
});

t.test('a tampered ServerKeyExchange signature is decrypt_error', async (t) => {
  let n = 0;
  const sides = pair({
    toClient: (b) => {
      // The first flight ends with ServerKeyExchange's signature, then ServerHelloDone (4 bytes).
      if (++n === 1) b[b.length - 5]! ^= 1;
      return b;
    },
  });
  const r = await handshake(sides, {}, { ...server });
  t.same(alertOf(r.client), ['local', 'decrypt_error']);
  t.same(alertOf(r.server), ['remote', 'decrypt_error']);
});

t.test('RSA key exchange: every bad premaster looks the same (Bleichenbacher)', async (t) => {
  const settings = new HandshakeSettings({ maxVersion: 0x0303, keyExchangeNames: ['rsa'], cipherNames: ['aes128gcm'] });
  const serverKey = server.certChain.getEndEntityPublicKey() as RSAKey;
  const premaster = (major: number, minor: number) => new Uint8Array(48).fill(9).fill(major, 0, 1).fill(minor, 1, 2);
  const variants: ReadonlyArray<[string, (ciphertext: Uint8Array) => void]> = [
    ['bad padding', (c) => (c[10]! ^= 0x40)],
    ['wrong version inside', (c) => c.set(serverKey.encrypt(premaster(3, 0)))],
    ['wrong length inside', (c) => c.set(serverKey.encrypt(new Uint8Array(47).fill(3)))],
  ];
  for (const [name, corrupt] of variants) {
    let n = 0;
    const sides = pair({
      toServer: (b) => {
        // Flight 2 starts: record header (5), handshake header (4), length (2), ciphertext (256).
        if (++n === 2) corrupt(b.subarray(11, 11 + 256));
        return b;
      },
    });
    const r = await handshake(sides, { settings }, { ...server, settings });
    t.same(alertOf(r.server), ['local', 'bad_record_mac'], `${name}: the failure shows only at Finished`);
  }
});

t.test('the client judges the ServerHello', async (t) => {
  // The server's first record: header (5), handshake header (4), version (2),
  // random (32), session_id (1 + 32), cipher_suite (2), compression (1), extensions.
  const SUITE = 5 + 4 + 2 + 32 + 1 + 32;
  const cases: ReadonlyArray<[string, (b: Uint8Array) => void, string]> = [
    ['a suite we did not offer', (b) => b.set([0x00, 0x04], SUITE), 'illegal_parameter'],
    ['a compression method we did not offer', (b) => (b[SUITE + 2] = 1), 'illegal_parameter'],
    ['a version above ours', (b) => b.set([3, 4], 9), 'protocol_version'],
    ['SSL 2', (b) => b.set([0, 2], 9), 'protocol_version'],
    [
      'an extension we did not send',
      (b) => {
        const at = b.findIndex((v, i) => i > SUITE && v === 0xff && b[i + 1] === 0x01);
        b.set([0x12, 0x34], at); // renegotiation_info becomes an unknown type
      },
      'unsupported_extension',
    ],
    [
      'a non-empty renegotiation_info',
      (b) => {
        const at = b.findIndex((v, i) => i > SUITE && v === 0xff && b[i + 1] === 0x01);
        b[at + 4] = 1; // renegotiated_connection of length 1 would need one more byte: keep the length, claim content
      },
      'decode_error',
    ],
  ];
  for (const [name, rewrite, alert] of cases) {
    let n = 0;
    const sides = pair({
      toClient: (b) => {
        if (++n === 1) rewrite(b);
        return b;
      },
    });
    const r = await handshake(sides, {}, { ...server });
    t.same(alertOf(r.client), ['local', alert], `${name}: ${alert}`);
    // Before the client adopts a version its alert travels in a record of
    // the version it offered; plaintext alerts are exempt from the record
    // version check, so the server still hears the client's own alert.
    t.same(alertOf(r.server), ['remote', alert], `${name}: the server ends with remote ${alert}`);
  }
});

t.test('malformed and misplaced messages', async (t) => {
  const cases: ReadonlyArray<[string, Uint8Array, string]> = [
    ['Finished first', record(ContentType.handshake, [20, 0, 0, 12, ...new Array(12).fill(0)]), 'unexpected_message'],
    ['truncated ClientHello', record(ContentType.handshake, [1, 0, 0, 2, 3, 3]), 'decode_error'],
    ['application data first', record(ContentType.application_data, [1, 2, 3]), 'unexpected_message'],
    ['unknown content type', record(99, [1]), 'unexpected_message'],
    ['oversized record', new Uint8Array([22, 3, 1, 0x48, 0x01]), 'record_overflow'],
  ];
  for (const [name, bytes, alert] of cases) {
    const sides = pair({ toServer: () => bytes });
    const r = await handshake(sides, {}, { ...server });
    t.same(alertOf(r.server), ['local', alert], `${name}: the server sends ${alert}`);
    t.same(alertOf(r.client), ['remote', alert], `${name}: the client hears it`);
  }
});

t.test('an early ChangeCipherSpec is unexpected_message', async (t) => {
  let n = 0;
  const sides = pair({
    toServer: (b) => {
      if (++n !== 1) return b;
      const out = new Uint8Array(b.length + 6);
      out.set(b);
      out.set(record(ContentType.change_cipher_spec, [1], 3), b.length);
      return out;
    },
  });
  const r = await handshake(sides, {}, { ...server });
  t.same(alertOf(r.server), ['local', 'unexpected_message']);
});

t.test('a record of another version after negotiation is protocol_version', async (t) => {
  let n = 0;
  const sides = pair({
    toServer: (b) => {
      if (++n === 2) b[2] = 1; // the client's second flight, in a TLS 1.0 record
      return b;
    },
  });
  const r = await handshake(sides, {}, { ...server });
  t.same(alertOf(r.server), ['local', 'protocol_version']);
});

t.test('the transport ends during the handshake', async (t) => {
  const sides = pair({ toClient: () => null });
  const client = sides.client.engine.handshakeClient({});
  const server1 = sides.server.engine.handshakeServer({ ...server }).catch((e: unknown) => e);
  await settle();
  sides.client.engine.receiveEOF();
  await t.rejects(client, TLSAbruptCloseError);
  sides.server.engine.receiveEOF();
  t.ok((await server1) instanceof TLSAbruptCloseError, 'the server too');
});

t.test('a corrupted record after the handshake', async (t) => {
  let corrupt = false;
  const sessionCache = new SessionCache();
  const sides = pair({
    toServer: (b) => {
      if (corrupt) b[b.length - 1]! ^= 1;
      return b;
    },
  });
  await handshake(sides, {}, { ...server, sessionCache });
  corrupt = true;
  sides.client.engine.send(new Uint8Array(10));
  await settle();
  t.same(sides.server.errors.map(alertOf), [['local', 'bad_record_mac']], 'server reports its alert');
  t.same(sides.client.errors.map(alertOf), [['remote', 'bad_record_mac']], 'client reports the peer alert');
  t.equal(sides.server.engine.state, 'closed');
  t.equal(sides.client.engine.state, 'closed');
  t.equal(sides.server.engine.session?.resumable, false, 'RFC 5246 7.2.2: the session is not resumable');
  t.throws(() => sides.client.engine.send(new Uint8Array(1)), 'send after failure throws');
});

t.test('a checker that refuses', async (t) => {
  const sides = pair();
  const r = await handshake(
    sides,
    {
      checker: () => {
        throw new TLSAuthenticationError('not this one');
      },
    },
    { ...server },
  );
  t.ok(r.client instanceof TLSAuthenticationError, 'the checker error reaches the caller');
  t.equal(sides.client.engine.state, 'closed');
  let seen: unknown;
  const ok = pair();
  await handshake(ok, { checker: { check: (c) => (seen = c.session?.serverCertChain?.getFingerprint()) } }, { ...server });
  t.equal(seen, server.certChain.getFingerprint(), 'an object checker sees the session');
});

t.test('the fingerprint Checker', async (t) => {
  const good = pair();
  const r = await handshake(good, { checker: new Checker({ x509Fingerprint: server.certChain.getFingerprint() }) }, { ...server });
  t.equal(r.client, undefined, 'the right fingerprint passes');
  const bad = pair();
  const r2 = await handshake(bad, { checker: new Checker({ x509Fingerprint: '00'.repeat(20) }) }, { ...server });
  t.ok(r2.client instanceof TLSFingerprintError, `a wrong one fails: ${String(r2.client)}`);
  t.equal(bad.client.engine.state, 'closed');
});

t.test('API misuse', async (t) => {
  t.throws(() => new Engine({} as never), TypeError);
  const e = new Engine({ output: () => {} });
  t.throws(() => e.send(new Uint8Array(1)), /before the handshake/);
  t.throws(() => e.exportKeyingMaterial('x', null, 1), /before the handshake/);
  t.throws(() => e.receive('x' as never), TypeError);
  const s = new Engine({ output: () => {} });
  await t.rejects(s.handshakeServer({}), TypeError, 'a server needs a certificate or anon');
  const c = new Engine({ output: () => {} });
  await t.rejects(c.handshakeClient({ settings: new HandshakeSettings({ minVersion: 0x0399 }) }), RangeError, 'settings are validated');
  const d = new Engine({ output: () => {} });
  void d.handshakeClient({}).catch(() => {});
  await t.rejects(d.handshakeClient({}), /cannot start a handshake/, 'one handshake per engine');
  d.close();
});

t.test('close during the handshake', async (t) => {
  const out: Uint8Array[] = [];
  const e = new Engine({ output: (b) => out.push(b.slice()) });
  const h = e.handshakeClient({});
  await settle();
  e.close();
  await t.rejects(h, /close/);
  t.equal(out.length, 2, 'the ClientHello, then the close_notify');
  t.equal(out[1]![0], ContentType.alert);
  t.equal(e.state, 'closed');
  void AlertDescription;
});
