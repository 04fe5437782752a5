/**
 * The RecordLayer end to end: two layers in memory protecting and
 * unprotecting each other's output under every protection state, in random
 * chunkings; ChangeCipherSpec switching; 1/n-1 splitting; coalescing;
 * interleaving rules; size limits; errors that stick.
 */
import t from 'tap';
import * as nodeCrypto from 'node:crypto';
import {
  RecordLayer,
  createProtection,
  keyBlockLength,
  keySizes,
  TLSSequenceNumberExhausted,
  type CipherSpec,
  type RecordEvent,
} from '../../src/record/index.js';
import { TLSError } from '../../src/errors.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { RecordLimits } from '../../src/constants.js';
import { rand, recordProviders } from './helpers.js';
import { suiteInfo } from '../../src/suites.js';
import { trafficState } from '../../src/handshake/tls13-shared.js';
import { concatBytes } from '../../src/crypto/bytes.js';

const SSL3 = 0x0300;
const TLS10 = 0x0301;
const TLS11 = 0x0302;
const TLS12 = 0x0303;
const TLS13 = 0x0304;

const SPECS: { versions: number[]; spec: CipherSpec }[] = [
  { versions: [SSL3, TLS10, TLS11, TLS12], spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1' } },
  { versions: [TLS12], spec: { type: 'cbc', cipher: 'aes256', mac: 'sha384' } },
  { versions: [SSL3, TLS10, TLS12], spec: { type: 'cbc', cipher: '3des', mac: 'sha1' } },
  { versions: [SSL3], spec: { type: 'cbc', cipher: '3des', mac: 'md5' } },
  { versions: [TLS10, TLS11, TLS12], spec: { type: 'cbc', cipher: 'aes128', mac: 'sha256', encryptThenMac: true } },
  { versions: [SSL3, TLS10, TLS12], spec: { type: 'stream', cipher: 'rc4', mac: 'md5' } },
  { versions: [TLS12], spec: { type: 'stream', cipher: 'rc4', mac: 'sha1' } },
  { versions: [TLS10, TLS12], spec: { type: 'stream', cipher: 'null', mac: 'sha1' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'aes128gcm' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'aes256gcm' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'aes128ccm' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'aes256ccm_8' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'chacha20-poly1305' } },
  { versions: [TLS12], spec: { type: 'aead', cipher: 'chacha20-poly1305_draft00' } },
];

function hs(type: number, body: Uint8Array): Uint8Array {
  const m = new Uint8Array(4 + body.length);
  m.set([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]);
  m.set(body, 4);
  return m;
}

function record(type: number, version: number, body: Uint8Array | readonly number[]): Uint8Array {
  const b = Uint8Array.from(body);
  const r = new Uint8Array(5 + b.length);
  r.set([type, version >> 8, version & 0xff, b.length >> 8, b.length & 0xff]);
  r.set(b, 5);
  return r;
}

/** Two layers with pending states from one key block. */
function connect(provider: CryptoProvider, version: number, spec: CipherSpec, options: Record<string, unknown> = {}) {
  const client = new RecordLayer({ provider, version, ...options });
  const server = new RecordLayer({ provider, version, ...options });
  const keyBlock = nodeCrypto.randomBytes(keyBlockLength(keySizes(provider, version, spec)));
  client.installKeyBlock({ version, spec, keyBlock, isClient: true });
  server.installKeyBlock({ version, spec, keyBlock, isClient: false });
  return { client, server };
}

/** Delivers `bytes` to `layer` in random chunks, collecting every event (continuing past CCS). */
function deliver(layer: RecordLayer, bytes: Uint8Array, random: () => number): RecordEvent[] {
  const events: RecordEvent[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const n = 1 + Math.floor(random() * Math.min(bytes.length - pos, random() < 0.5 ? 20 : 20000));
    layer.push(bytes.slice(pos, pos + n));
    pos += n;
    for (let e = layer.next(); e !== null; e = layer.next()) events.push(e);
  }
  return events;
}

function seeded(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

function appData(events: RecordEvent[]): Buffer {
  return Buffer.concat(events.flatMap((e) => (e.type === 'application_data' ? [e.data] : [])));
}

for (const { label, provider } of recordProviders()) {
  t.test(`${label}: two record layers talk through every protection state`, async (t) => {
    const random = seeded(7);
    for (const { versions, spec } of SPECS) {
      for (const version of versions) {
        const name = `${(spec as { cipher: string }).cipher} ${spec.type}${'encryptThenMac' in spec ? ' etm' : ''} v${version.toString(16)}`;
        const { client, server } = connect(provider, version, spec);
        // Client: Finished-like flight under the new keys, then data of awkward sizes.
        const finished = hs(20, rand(12));
        const bigMessage = hs(11, rand(40000));
        client.sendHandshake(hs(16, rand(70)));
        client.sendChangeCipherSpec();
        client.sendHandshake(finished);
        client.sendHandshake(bigMessage);
        const payloads = [rand(1), rand(16383), rand(16384), rand(16385), rand(100000)];
        for (const p of payloads) client.sendApplicationData(p);
        client.sendAlert(1, 0);
        const events = deliver(server, client.takeOutputBytes(), random);
        t.same(
          events.map((e) => e.type),
          ['handshake', 'change_cipher_spec', 'handshake', 'handshake', ...events.slice(4, -1).map(() => 'application_data'), 'alert'],
          `${name}: event order`,
        );
        t.same(Buffer.from((events[2] as { raw: Uint8Array }).raw), Buffer.from(finished), `${name}: Finished`);
        t.same(Buffer.from((events[3] as { raw: Uint8Array }).raw), Buffer.from(bigMessage), `${name}: 40 KB message reassembled`);
        t.ok(appData(events).equals(Buffer.concat(payloads)), `${name}: application data intact`);
        t.ok(server.readState.description.length > 0 && !server.readState.isNull, `${name}: read state switched`);
        // And back.
        server.sendChangeCipherSpec();
        server.sendHandshake(finished);
        const reply = rand(5);
        server.sendApplicationData(reply);
        const back = deliver(client, server.takeOutputBytes(), random);
        t.same(back.slice(0, 2).map((e) => e.type), ['change_cipher_spec', 'handshake'], `${name}: server to client`);
        t.ok(appData(back).equals(reply), `${name}: reply intact (split 1/n-1 where it applies)`);
      }
    }
  });

  t.test(`${label}: TLS 1.3 records through the layer`, async (t) => {
    const keys = { macKey: new Uint8Array(0), key: rand(16), iv: rand(12) };
    const spec: CipherSpec = { type: 'aead', cipher: 'aes128gcm' };
    const a = new RecordLayer({ provider, version: TLS13 });
    const b = new RecordLayer({ provider, version: TLS13 });
    a.sendHandshake(hs(2, rand(50))); // ServerHello in the clear
    a.sendChangeCipherSpec(); // compatibility CCS, unprotected, changes nothing
    a.setWriteState(createProtection(provider, TLS13, spec, keys, 'write'));
    a.sendHandshake(hs(8, rand(10)));
    a.sendApplicationData(rand(20000));
    const out = a.takeOutput();
    t.same(Array.from(out[0]!.subarray(0, 3)), [22, 3, 3], 'plaintext ServerHello');
    t.same(Array.from(out[1]!), [20, 3, 3, 0, 1, 1], 'compatibility CCS');
    t.ok(out.slice(2).every((r) => r[0] === 23), 'protected records say application_data');
    b.push(new Uint8Array(Buffer.concat(out)));
    t.equal(b.next()!.type, 'handshake');
    b.setReadState(createProtection(provider, TLS13, spec, keys, 'read'));
    const rest = [];
    for (let e = b.next(); e !== null; e = b.next()) rest.push(e);
    t.same(rest.map((e) => e.type), ['change_cipher_spec', 'handshake', 'application_data', 'application_data']);
    // A handshake message may not span a key change (RFC 8446 5.1).
    const c = new RecordLayer({ provider, version: TLS13 });
    const m = hs(8, rand(100));
    c.push(record(22, TLS12, m.subarray(0, 50)));
    t.equal(c.next(), null);
    t.throws(() => c.setReadState(createProtection(provider, TLS13, spec, keys, 'read')), { name: 'TLSUnexpectedMessage' });
  });
}

const provider = recordProviders()[0]!.provider;

t.test('ChangeCipherSpec: the pending read state takes over at the next record', async (t) => {
  const spec: CipherSpec = { type: 'aead', cipher: 'aes128gcm' };
  const keyBlock = nodeCrypto.randomBytes(keyBlockLength(keySizes(provider, TLS12, spec)));
  const client = new RecordLayer({ provider, version: TLS12 });
  client.installKeyBlock({ version: TLS12, spec, keyBlock, isClient: true });
  // A ClientKeyExchange, CCS and Finished in one flight, as a server receives them.
  client.sendHandshake(hs(16, rand(40)));
  client.sendChangeCipherSpec();
  client.sendHandshake(hs(20, rand(12)));
  const flight = client.takeOutputBytes();
  // Without pending keys, reading waits after the CCS (the handshake decides whether it was allowed).
  const early = new RecordLayer({ provider, version: TLS12 });
  const first = early.receive(new Uint8Array(flight));
  t.same(first.map((e) => e.type), ['handshake', 'change_cipher_spec'], 'receive() stops after a CCS');
  t.ok(early.awaitingKeys, 'awaiting keys');
  t.same(early.receive(), [], 'nothing more until keys are installed');
  t.equal(early.next(), null);
  t.ok(early.bufferedBytes > 0, 'the Finished record waits in the buffer');
  // With keys installed between the ClientKeyExchange and the Finished (the handshake's job), it works.
  const server = new RecordLayer({ provider, version: TLS12 });
  server.push(new Uint8Array(flight));
  t.equal(server.next()!.type, 'handshake');
  t.ok(server.readState.isNull, 'still null before the CCS');
  server.installKeyBlock({ version: TLS12, spec, keyBlock, isClient: false });
  t.equal(server.next()!.type, 'change_cipher_spec');
  const finished = server.next()!;
  t.equal(finished.type, 'handshake', 'Finished decrypted with the new keys');
  t.equal(server.readState.description, 'aes128gcm');
  t.equal(server.next(), null);
  // Keys installed after the CCS was read, but before the next record is: still in time.
  const late = new RecordLayer({ provider, version: TLS12 });
  t.same(late.receive(new Uint8Array(flight)).map((e) => e.type), ['handshake', 'change_cipher_spec']);
  late.installKeyBlock({ version: TLS12, spec, keyBlock, isClient: false });
  t.same(late.receive().map((e) => e.type), ['handshake']);
  t.notOk(late.awaitingKeys);
});

t.test('1/n-1 split under CBC with an implicit IV only', async (t) => {
  const count = (version: number, spec: CipherSpec, split?: boolean) => {
    const { client } = connect(provider, version, spec, split === undefined ? {} : { splitCbcRecords: split });
    client.sendChangeCipherSpec();
    client.takeOutput();
    client.sendApplicationData(rand(100));
    client.sendApplicationData(rand(1));
    return client.takeOutput().length;
  };
  const cbc: CipherSpec = { type: 'cbc', cipher: 'aes128', mac: 'sha1' };
  t.equal(count(TLS10, cbc), 3, 'TLS 1.0 CBC: 1 + 99, then 1');
  t.equal(count(SSL3, cbc), 3, 'SSLv3 CBC');
  t.equal(count(TLS10, cbc, false), 2, 'turned off');
  t.equal(count(TLS11, cbc), 2, 'TLS 1.1 has explicit IVs');
  t.equal(count(TLS10, { type: 'stream', cipher: 'rc4', mac: 'sha1' }), 2, 'not for RC4');
  t.equal(count(TLS10, { ...cbc, encryptThenMac: true }), 3, 'ETM in TLS 1.0 still chains its IV');
  // Before any keys, nothing is split.
  const plain = new RecordLayer({ provider, version: TLS10 });
  plain.sendApplicationData(rand(100));
  t.equal(plain.takeOutput().length, 1);
});

t.test('handshake messages are coalesced, and flushed before other types', async (t) => {
  const layer = new RecordLayer({ provider, version: TLS12 });
  const msgs = [hs(2, rand(60)), hs(11, rand(3000)), hs(14, rand(0))];
  msgs.forEach((m) => layer.sendHandshake(m));
  layer.sendAlert(1, 0);
  layer.sendHandshake(hs(0, rand(0)));
  const out = layer.takeOutput();
  t.equal(out.length, 3, 'one handshake record, the alert, one more handshake record');
  t.equal(out[0]!.length, 5 + msgs.reduce((n, m) => n + m.length, 0));
  t.same(Array.from(out[1]!), [21, 3, 3, 0, 2, 1, 0]);
  const reader = new RecordLayer({ provider, version: TLS12 });
  const events = reader.receive(new Uint8Array(Buffer.concat(out)));
  t.same(events.map((e) => e.type), ['handshake', 'handshake', 'handshake', 'alert', 'handshake']);
  t.same(events.slice(0, 3).map((e) => Buffer.from((e as { raw: Uint8Array }).raw)), msgs.map((m) => Buffer.from(m)));
});

t.test('interleaving: another content type inside a fragmented handshake message (RFC 8446 5.1)', async (t) => {
  const m = hs(11, rand(100));
  for (const [type, body, name] of [
    [21, [1, 0], 'alert'],
    [20, [1], 'ChangeCipherSpec'],
    [23, [1, 2, 3], 'application data'],
    [24, [1, 2, 3], 'heartbeat'],
  ] as const) {
    for (const cut of [2, 4, 50]) {
      const layer = new RecordLayer({ provider, version: TLS12 });
      layer.push(record(22, TLS12, m.subarray(0, cut)));
      layer.push(record(type, TLS12, body));
      layer.push(record(22, TLS12, m.subarray(cut)));
      t.throws(() => layer.next(), { name: 'TLSUnexpectedMessage' }, `${name} after ${cut} bytes`);
    }
  }
  // Between whole messages, other types are fine.
  const layer = new RecordLayer({ provider, version: TLS12 });
  const events = layer.receive(new Uint8Array(Buffer.concat([record(22, TLS12, m), record(21, TLS12, [1, 0]), record(22, TLS12, m)])));
  t.same(events.map((e) => e.type), ['handshake', 'alert', 'handshake']);
});

t.test('malformed records of each type', async (t) => {
  const cases: [Uint8Array, string, string][] = [
    [record(22, TLS12, []), 'TLSUnexpectedMessage', 'empty handshake record'],
    [record(21, TLS12, [2]), 'TLSDecodeError', 'alert of 1 byte'],
    [record(21, TLS12, [2, 10, 2, 10]), 'TLSDecodeError', 'two alerts in one record'],
    [record(20, TLS12, [1, 1]), 'TLSDecodeError', 'CCS of 2 bytes'],
    [record(20, TLS12, [2]), 'TLSUnexpectedMessage', 'CCS value 2'],
    [record(23, TLS12, new Uint8Array(RecordLimits.maxPlaintext + 1)), 'TLSRecordOverflow', 'plaintext of 2^14 + 1'],
  ];
  for (const [bytes, name, what] of cases) {
    const layer = new RecordLayer({ provider, version: TLS12 });
    t.throws(() => layer.receive(bytes), { name }, what);
  }
  const layer = new RecordLayer({ provider, version: TLS12 });
  t.same(layer.receive(record(23, TLS12, [])), [], 'empty application data yields nothing');
  t.same(layer.receive(record(23, TLS12, new Uint8Array(RecordLimits.maxPlaintext))).length, 1, '2^14 exactly is fine');
  t.same(layer.receive(record(24, TLS12, [1, 0, 0])).map((e) => e.type), ['heartbeat']);
});

t.test('oversized plaintext after decryption is record_overflow', async (t) => {
  for (const spec of [{ type: 'aead', cipher: 'aes128gcm' }, { type: 'cbc', cipher: 'aes128', mac: 'sha1' }] as CipherSpec[]) {
    const keys = { macKey: rand(20), key: rand(16), iv: rand(4) };
    const w = createProtection(provider, TLS12, spec, keys, 'write');
    const layer = new RecordLayer({ provider, version: TLS12 });
    layer.setReadState(createProtection(provider, TLS12, spec, keys, 'read'));
    const big = w.seal(23, TLS12, new Uint8Array(RecordLimits.maxPlaintext + 1));
    t.throws(() => layer.receive(big), { name: 'TLSRecordOverflow' }, spec.type);
  }
});

t.test('record_size_limit (RFC 8449): protected records only', async (t) => {
  const spec: CipherSpec = { type: 'aead', cipher: 'aes128gcm' };
  const keys = { macKey: rand(0), key: rand(16), iv: rand(4) };
  const layer = new RecordLayer({ provider, version: TLS12 });
  layer.setRecordSizeLimit(512, 1000);
  t.equal(layer.maxSendFragment, RecordLimits.maxPlaintext, 'unprotected records are not bound (RFC 8449 4)');
  layer.setWriteState(createProtection(provider, TLS12, spec, keys, 'write'));
  t.equal(layer.maxSendFragment, 512);
  layer.sendApplicationData(rand(2000));
  layer.sendHandshake(hs(11, rand(1500)));
  const out = layer.takeOutput();
  t.ok(out.every((r) => r.length - 5 - 8 - 16 <= 512), 'every record within the peer limit');
  t.equal(out.length, 4 + 3);
  const reader = new RecordLayer({ provider, version: TLS12 });
  reader.setRecordSizeLimit(null, 1000);
  t.equal(reader.receive(record(23, TLS12, new Uint8Array(1001))).length, 1, 'an unprotected record is exempt');
  reader.setReadState(createProtection(provider, TLS12, spec, keys, 'read'));
  const w = createProtection(provider, TLS12, spec, keys, 'write');
  t.equal(reader.receive(w.seal(23, TLS12, new Uint8Array(1000))).length, 1);
  t.throws(() => reader.receive(w.seal(23, TLS12, new Uint8Array(1001))), { name: 'TLSRecordOverflow' });
  layer.setRecordSizeLimit(1 << 20, null);
  t.equal(layer.maxSendFragment, RecordLimits.maxPlaintext, 'never above 2^14');
});

t.test('record_size_limit in TLS 1.3 counts the type byte and the padding', async (t) => {
  const suite = suiteInfo(0x1301)!;
  const secret = rand(32);
  const pad = () => 100_000; // as much padding as allowed
  const writer = new RecordLayer({ provider, version: TLS13 });
  writer.setRecordSizeLimit(1000, null);
  writer.setWriteState(trafficState(provider, suite, secret, 'write', pad));
  t.equal(writer.maxSendFragment, 999, 'TLS 1.3 counts the content type byte');
  writer.sendApplicationData(rand(1500));
  const out = writer.takeOutput();
  t.same(out.map((r) => r.length - 5 - 16), [1000, 1000], 'content + type + padding fill the limit exactly');
  const reader = new RecordLayer({ provider, version: TLS13 });
  reader.setRecordSizeLimit(null, 1000);
  reader.setReadState(trafficState(provider, suite, secret, 'read'));
  const got = reader.receive(concatBytes(...out));
  t.same(got.map((e) => (e.type === 'application_data' ? e.data.length : -1)), [999, 501]);

  // The same content with padding beyond the receiver's limit is record_overflow.
  const big = new RecordLayer({ provider, version: TLS13 });
  big.setWriteState(trafficState(provider, suite, secret, 'write', () => 200));
  big.sendApplicationData(rand(10));
  const strict = new RecordLayer({ provider, version: TLS13 });
  strict.setRecordSizeLimit(null, 64);
  strict.setReadState(trafficState(provider, suite, secret, 'read'));
  t.throws(() => strict.receive(big.takeOutputBytes()), { name: 'TLSRecordOverflow' }, '10 bytes of content, 1 of type and 200 of padding exceed 64');
});

t.test('SSLv2 ClientHello through the layer', async (t) => {
  const body = Buffer.from([1, 3, 1, 0, 3, 0, 0, 0, 16, 0, 0, 0x2f, ...rand(16)]);
  const hello = Buffer.concat([Buffer.from([0x80, body.length]), body]);
  const server = new RecordLayer({ provider, acceptSSLv2Hello: true });
  const events = server.receive(new Uint8Array(hello));
  t.equal(events.length, 1);
  const e = events[0]!;
  t.equal(e.type, 'ssl2_client_hello');
  if (e.type === 'ssl2_client_hello') {
    t.same(Buffer.from(e.body), body, 'body from msg_type on');
    t.same(Buffer.from(e.raw), hello);
  }
  const client = new RecordLayer({ provider });
  t.throws(() => client.receive(new Uint8Array(hello)), { name: 'TLSUnexpectedMessage' }, 'not accepted unless asked');
});

t.test('errors stick, sequence numbers do not wrap, misuse is reported', async (t) => {
  const layer = new RecordLayer({ provider, version: TLS12 });
  let first: unknown;
  try {
    layer.receive(new Uint8Array([99, 3, 3, 0, 0]));
  } catch (e) {
    first = e;
  }
  t.ok(first instanceof TLSError);
  let again: unknown;
  try {
    layer.receive(record(23, TLS12, [1]));
  } catch (e) {
    again = e;
  }
  t.equal(again, first, 'the same error again');

  const { client } = connect(provider, TLS12, { type: 'aead', cipher: 'aes128gcm' });
  client.sendChangeCipherSpec();
  client.writeState.sequence.value = (1n << 64n) - 1n;
  client.sendApplicationData(rand(10));
  t.throws(() => client.sendApplicationData(rand(10)), TLSSequenceNumberExhausted);

  const bare = new RecordLayer({ provider, version: TLS12 });
  t.throws(() => bare.sendChangeCipherSpec(), { name: 'TLSInternalError' }, 'CCS without pending keys');
});

t.test('record version checked once negotiated', async (t) => {
  const layer = new RecordLayer({ provider, version: TLS12 });
  t.equal(layer.receive(record(22, TLS10, hs(2, rand(4)))).length, 1, 'not checked before negotiation');
  layer.checkRecordVersion = true;
  t.equal(layer.receive(record(22, TLS12, hs(2, rand(4)))).length, 1);
  t.throws(() => layer.receive(record(22, TLS11, hs(2, rand(4)))), { name: 'TLSProtocolVersionError' });
  // A plaintext alert in another record version still reaches the handshake.
  const alerting = new RecordLayer({ provider, version: TLS12 });
  alerting.checkRecordVersion = true;
  const events = alerting.receive(record(21, TLS10, Uint8Array.of(2, 70)));
  t.equal(events.length, 1);
  t.match(events[0], { type: 'alert' }, 'the peer\'s alert, not protocol_version');
  const tls13 = new RecordLayer({ provider, version: TLS13 });
  tls13.checkRecordVersion = true;
  t.equal(tls13.receive(record(22, TLS10, hs(2, rand(4)))).length, 1, 'TLS 1.3 ignores legacy_record_version');
});

t.test('keepQueued/dropUnkept: what was kept survives a failed flight, what came after does not', async (t) => {
  const layer = new RecordLayer({ provider, version: TLS12 });
  const hello = hs(2, rand(40));
  layer.sendHandshake(hello);
  layer.keepQueued();
  layer.sendHandshake(hs(11, rand(300)));
  layer.dropUnkept();
  layer.sendAlert(2, 40);
  const reader = new RecordLayer({ provider, version: TLS12 });
  const events = reader.receive(layer.takeOutputBytes());
  t.same(events.map((e) => e.type), ['handshake', 'alert'], 'the kept message, then the alert');
  t.same((events[0] as { raw: Uint8Array }).raw, hello);
  // Taking the output clears the mark: a later failure drops everything queued after it.
  layer.sendHandshake(hs(11, rand(30)));
  layer.dropUnkept();
  t.equal(layer.takeOutputBytes().length, 0);
});
