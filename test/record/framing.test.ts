/**
 * Framing, handshake reassembly and fragmentation: arbitrary chunkings,
 * header checks, the bounded buffer, SSLv2 ClientHello detection, handshake
 * messages split and coalesced, the message-length cap, 1/n-1 splitting.
 */
import t from 'tap';
import { Deframer, HandshakeReassembler, HandshakeCoalescer, fragmentData } from '../../src/record/index.js';
import { RecordLimits } from '../../src/constants.js';
import { rand } from './helpers.js';

function record(type: number, version: number, body: Uint8Array): Uint8Array {
  const r = new Uint8Array(5 + body.length);
  r.set([type, version >> 8, version & 0xff, body.length >> 8, body.length & 0xff]);
  r.set(body, 5);
  return r;
}

function concat(parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** Splits `bytes` at the given cut points. */
function chunks(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.slice(pos, c));
    pos = c;
  }
  return out;
}

function drain(d: Deframer) {
  const out = [];
  for (let r = d.next(); r !== null; r = d.next()) out.push(r);
  return out;
}

t.test('deframer: records in every chunking of a small stream', async (t) => {
  const bodies = [rand(0), rand(1), rand(3), rand(40)];
  const stream = concat(bodies.map((b, i) => record(20 + (i % 4), 0x0303, b)));
  // every single cut point and every pair of cut points
  let runs = 0;
  for (let a = 0; a <= stream.length; a++) {
    for (let b = a; b <= stream.length; b += 3) {
      const d = new Deframer();
      const got = [];
      for (const c of chunks(stream, [a, b])) {
        d.push(c);
        got.push(...drain(d));
        if (d.bufferedBytes >= 5 + 40) t.fail('more than an incomplete record stays buffered');
      }
      if (got.length !== 4 || got.some((r, i) => Buffer.compare(r.fragment, bodies[i]!) !== 0 || r.contentType !== 20 + (i % 4))) {
        t.fail(`cuts ${a}, ${b}`);
      }
      runs++;
    }
  }
  t.ok(runs > 500, `${runs} chunkings`);
  // one byte at a time
  const d = new Deframer();
  const got = [];
  for (const byte of stream) {
    d.push(new Uint8Array([byte]));
    got.push(...drain(d));
  }
  t.same(got.map((r) => Buffer.from(r.fragment)), bodies.map((b) => Buffer.from(b)));
});

t.test('deframer: no copy for a record inside one chunk, one copy for a straddling one', async (t) => {
  const body = rand(100);
  const r = record(23, 0x0303, body);
  const d = new Deframer();
  const chunk = concat([r, r.subarray(0, 50)]);
  d.push(chunk);
  const first = d.next()!;
  t.equal(first.fragment.buffer, chunk.buffer, 'a view of the pushed chunk');
  t.equal(d.next(), null);
  d.push(r.slice(50));
  const second = d.next()!;
  t.not(second.fragment.buffer, chunk.buffer, 'assembled');
  t.same(Buffer.from(second.fragment), Buffer.from(body));
  t.equal(d.bufferedBytes, 0);
});

t.test('deframer: header checks', async (t) => {
  const bad = (bytes: number[], name: string, what: string) => {
    const d = new Deframer();
    d.push(new Uint8Array(bytes));
    t.throws(() => d.next(), { name }, what);
  };
  bad([25, 3, 3, 0, 1, 0], 'TLSUnexpectedMessage', 'content type 25');
  bad([0, 3, 3, 0, 1, 0], 'TLSUnexpectedMessage', 'content type 0');
  bad([0x80, 3, 3, 0, 1, 0], 'TLSUnexpectedMessage', 'SSLv2 header when not accepted');
  bad([0x47], 'TLSUnexpectedMessage', 'HTTP "G" fails on the first byte');
  bad([22, 2, 0, 0, 1, 0], 'TLSProtocolVersionError', 'major version 2');
  bad([22, 4, 0, 0, 1, 0], 'TLSProtocolVersionError', 'major version 4');
  const over = RecordLimits.maxCiphertext + 1;
  bad([23, 3, 3, over >> 8, over & 0xff], 'TLSRecordOverflow', '2^14 + 2049 bytes');
  // Refused on the header alone: nothing of the body has to arrive.
  const d = new Deframer();
  d.push(new Uint8Array([23, 3, 3, 0xff, 0xff]));
  t.throws(() => d.next(), { name: 'TLSRecordOverflow' }, 'before the body arrives');
  const ok = new Deframer();
  ok.push(record(23, 0x0303, new Uint8Array(RecordLimits.maxCiphertext)));
  t.equal(ok.next()!.fragment.length, RecordLimits.maxCiphertext, 'exactly 2^14 + 2048 is allowed');
  const tls13 = new Deframer();
  tls13.maxFragmentLength = RecordLimits.maxCiphertextTLS13;
  tls13.push(record(23, 0x0303, new Uint8Array(RecordLimits.maxCiphertextTLS13 + 1)));
  t.throws(() => tls13.next(), { name: 'TLSRecordOverflow' }, 'TLS 1.3: 2^14 + 257');
  for (const minor of [0, 1, 2, 3, 4, 0xff]) {
    const v = new Deframer();
    v.push(record(22, 0x0300 | minor, rand(3)));
    t.equal(v.next()!.version, 0x0300 | minor, `version 3.${minor} is plausible`);
  }
});

t.test('deframer: SSLv2 ClientHello at the start of a connection', async (t) => {
  // RFC 5246 E.2: msg_length with the high bit, msg_type 1, version, cipher_spec_length,
  // session_id_length, challenge_length, cipher specs, challenge.
  const body = Buffer.from([1, 3, 1, 0, 6, 0, 0, 0, 16, 0, 0, 0x2f, 0, 0, 0x35, ...rand(16)]);
  const hello = Buffer.concat([Buffer.from([0x80 | (body.length >> 8), body.length & 0xff]), body]);
  const follow = record(22, 0x0301, rand(5));
  for (let cut = 0; cut <= hello.length; cut++) {
    const d = new Deframer({ acceptSSLv2Hello: true });
    const stream = concat([hello, follow]);
    d.push(stream.slice(0, cut));
    const early = drain(d);
    d.push(stream.slice(cut));
    const all = [...early, ...drain(d)];
    if (all.length !== 2 || !all[0]!.ssl2Raw || Buffer.compare(all[0]!.fragment, body) !== 0 || all[1]!.ssl2Raw) {
      t.fail(`cut at ${cut}`);
    }
  }
  const d = new Deframer({ acceptSSLv2Hello: true });
  d.push(concat([hello, hello]));
  const first = d.next()!;
  t.same(Buffer.from(first.ssl2Raw!), hello, 'raw includes the 2-byte header');
  t.equal(first.version, 0x0301);
  t.throws(() => d.next(), { name: 'TLSUnexpectedMessage' }, 'only the first record may be SSLv2');
  const short = new Deframer({ acceptSSLv2Hello: true });
  short.push(new Uint8Array([0x80, 3, 1, 3, 1]));
  t.throws(() => short.next(), { name: 'TLSDecodeError' }, 'too short to be a ClientHello');
  const notHello = new Deframer({ acceptSSLv2Hello: true });
  notHello.push(new Uint8Array([0x80, 20, 2, 3, 1]));
  t.throws(() => notHello.next(), { name: 'TLSUnexpectedMessage' }, 'SSLv2 message type other than CLIENT-HELLO');
});

t.test('deframer: the buffer stays bounded against a flood of partial data', async (t) => {
  const d = new Deframer();
  const big = record(23, 0x0303, rand(RecordLimits.maxCiphertext));
  let max = 0;
  for (let i = 0; i < 3; i++) {
    for (let pos = 0; pos < big.length; pos += 1000) {
      d.push(big.slice(pos, pos + 1000));
      drain(d);
      max = Math.max(max, d.bufferedBytes);
    }
  }
  t.ok(max < 5 + RecordLimits.maxCiphertext, `at most ${max} bytes buffered`);
  t.equal(d.bufferedBytes, 0);
});

t.test('reassembler: messages split and coalesced', async (t) => {
  const messages = [0, 1, 3, 4, 100, 5000].map((n, i) => {
    const m = new Uint8Array(4 + n);
    m.set([i + 1, n >> 16, (n >> 8) & 0xff, n & 0xff]);
    m.set(rand(n), 4);
    return m;
  });
  const stream = concat(messages);
  for (const size of [1, 2, 3, 4, 5, 7, 100, 1000, 4096, stream.length]) {
    const r = new HandshakeReassembler();
    const got = [];
    for (let pos = 0; pos < stream.length; pos += size) {
      r.push(stream.subarray(pos, pos + size));
      for (let m = r.next(); m !== null; m = r.next()) got.push(m);
      if (r.hasUnreadRecord) t.fail('record not consumed');
    }
    t.equal(got.length, messages.length, `records of ${size} bytes`);
    got.forEach((m, i) => {
      if (Buffer.compare(m.raw, messages[i]!) !== 0 || m.msgType !== i + 1 || m.body.length !== m.raw.length - 4) t.fail(`message ${i}`);
    });
    t.notOk(r.hasPartialMessage);
  }
  // A message wholly inside one record is a view of it.
  const r = new HandshakeReassembler();
  r.push(stream);
  t.equal(r.next()!.raw.buffer, stream.buffer, 'no copy');
  // Partial state is visible.
  const p = new HandshakeReassembler();
  p.push(messages[4]!.subarray(0, 2));
  t.equal(p.next(), null);
  t.ok(p.hasPartialMessage, 'half a header');
  p.push(messages[4]!.subarray(2, 50));
  t.equal(p.next(), null);
  t.ok(p.hasPartialMessage, 'half a body');
});

t.test('reassembler: the length cap is checked before buffering', async (t) => {
  const r = new HandshakeReassembler(1000);
  r.push(new Uint8Array([11, 0, 3, 0xe9])); // 1001 bytes
  t.throws(() => r.next(), { name: 'TLSIllegalParameterException' });
  const split = new HandshakeReassembler(1000);
  split.push(new Uint8Array([11, 0]));
  t.equal(split.next(), null);
  split.push(new Uint8Array([0x10, 0, 1]));
  t.throws(() => split.next(), { name: 'TLSIllegalParameterException' }, 'header split across records');
  const dflt = new HandshakeReassembler();
  const n = RecordLimits.maxHandshakeMessage + 1;
  dflt.push(new Uint8Array([11, n >> 16, (n >> 8) & 0xff, n & 0xff]));
  t.throws(() => dflt.next(), { name: 'TLSIllegalParameterException' }, 'default cap');
  const exact = new HandshakeReassembler(1000);
  exact.push(new Uint8Array([11, 0, 3, 0xe8]));
  t.equal(exact.next(), null, 'exactly at the cap is accepted');
});

t.test('fragmenter: data and handshake messages', async (t) => {
  const data = rand(40000);
  const pieces = fragmentData(data, 16384);
  t.same(pieces.map((p) => p.length), [16384, 16384, 7232]);
  t.equal(pieces[0]!.buffer, data.buffer, 'views, no copies');
  t.same(fragmentData(data, 16384, true).map((p) => p.length), [1, 16384, 16384, 7231], '1/n-1');
  t.same(fragmentData(data.subarray(0, 1), 16384, true).map((p) => p.length), [1]);
  t.same(fragmentData(new Uint8Array(0), 16384, true), []);
  t.same(fragmentData(data.subarray(0, 1000), 512).map((p) => p.length), [512, 488], 'a negotiated limit');

  const c = new HandshakeCoalescer();
  const ms = [rand(10), rand(20), rand(30000), rand(5)];
  ms.forEach((m) => c.add(m));
  const out = c.take(16384);
  t.same(out.map((f) => f.length), [16384, 13651]);
  t.same(Buffer.concat(out), Buffer.concat(ms), 'contents kept in order');
  t.equal(c.length, 0);
  c.add(ms[0]!);
  const single = c.take(16384);
  t.equal(single[0]!.buffer, ms[0]!.buffer, 'a lone message is not copied');
  t.same(c.take(16384), []);
});
