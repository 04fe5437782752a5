import t from 'tap';
import { Parser } from '../../src/codec/parser.js';
import { Writer } from '../../src/codec/writer.js';
import { TLSDecodeError } from '../../src/errors.js';

const bytes = (...v: number[]) => new Uint8Array(v);

t.test('integers are big-endian and bounds-checked', async (t) => {
  const p = new Parser(bytes(0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0xff, 0xff, 0xff, 0xff));
  t.equal(p.u8(), 0x01);
  t.equal(p.u16(), 0x0203);
  t.equal(p.u24(), 0x040506);
  t.equal(p.u32(), 0x0708090a);
  t.equal(p.u32(), 0xffffffff, 'u32 does not go negative');
  t.ok(p.atEnd);
  t.throws(() => p.u8(), TLSDecodeError, 'a read past the end is a decode error');
  t.equal(new Parser(bytes(0, 0, 0, 1, 0, 0, 0, 2)).u64(), 0x100000002n);
});

t.test('a failed read does not move the parser', async (t) => {
  const p = new Parser(bytes(1, 2, 3));
  t.throws(() => p.u32(), /needs 4 bytes, only 3 left/);
  t.equal(p.remaining, 3);
  t.equal(p.u24(), 0x010203);
});

t.test('vectors with 1-, 2- and 3-byte prefixes', async (t) => {
  const p = new Parser(bytes(2, 0xaa, 0xbb, 0, 1, 0xcc, 0, 0, 3, 1, 2, 3));
  t.same(p.vector8(), bytes(0xaa, 0xbb));
  t.same(p.vector16(), bytes(0xcc));
  t.same(p.vector24(), bytes(1, 2, 3));
  p.end();
});

t.test('a length that overruns its container is a decode error', async (t) => {
  t.throws(() => new Parser(bytes(3, 1, 2)).vector8(), TLSDecodeError);
  t.throws(() => new Parser(bytes(0, 5, 1, 2, 3, 4)).vector16(), TLSDecodeError);
  t.throws(() => new Parser(bytes(0, 0)).vector24(), TLSDecodeError, 'the prefix itself is truncated');
  // A nested vector may not reach past its parent even when the buffer goes on.
  const outer = new Parser(bytes(0, 3, 0, 4, 1, 9, 9, 9, 9)).sub(2);
  t.throws(() => outer.vector16(), TLSDecodeError);
});

t.test('bounded vectors reject lengths outside their range', async (t) => {
  t.throws(() => new Parser(bytes(0)).vector(1, 'session_id', 1, 32), /session_id: length 0 outside 1..32/);
  t.throws(() => new Parser(bytes(33, ...new Array(33).fill(0))).vector(1, 'session_id', 0, 32), TLSDecodeError);
  t.same(new Parser(bytes(1, 7)).vector(1, 'x', 1, 1), bytes(7));
});

t.test('lists of fixed-size items', async (t) => {
  t.same(new Parser(bytes(0, 4, 0x13, 0x01, 0xc0, 0x2f)).u16List(2), [0x1301, 0xc02f]);
  t.throws(() => new Parser(bytes(0, 3, 0x13, 0x01, 0xc0)).u16List(2), /not a multiple of 2/);
  t.same(new Parser(bytes(2, 0, 1)).u8List(1), [0, 1]);
  t.throws(() => new Parser(bytes(0, 0)).u16List(2, 'cipher_suites', 2), /outside 2/);
});

t.test('lists of variable-size items', async (t) => {
  const p = new Parser(bytes(0, 6, 1, 0xa, 0, 2, 0xb, 0xc));
  t.same(
    p.items(2, (q) => q.vector8()),
    [bytes(0xa), bytes(), bytes(0xb, 0xc)],
    'reads until the vector is consumed',
  );
  t.ok(p.atEnd);
  t.throws(() => new Parser(bytes(0, 2, 5, 1)).items(2, (q) => q.vector8()), TLSDecodeError, 'an item overrunning the list');
});

t.test('nested sub-parsers and trailing bytes', async (t) => {
  const p = new Parser(bytes(0, 0, 4, 0, 2, 9, 9, 7));
  const inner = p.sub(3);
  t.same(inner.vector16(), bytes(9, 9));
  inner.end();
  t.equal(p.u8(), 7);
  p.end();
  const q = new Parser(bytes(0, 4, 0, 1, 5, 6));
  const s = q.sub(2);
  t.same(s.vector16(), bytes(5));
  t.throws(() => s.end('extension'), /extension: 1 trailing bytes/);
});

t.test('rest and fixed', async (t) => {
  const p = new Parser(bytes(1, 2, 3, 4, 5));
  const f = p.fixed(2);
  t.equal(f.u16(), 0x0102);
  t.same(p.rest(), bytes(3, 4, 5));
  t.ok(p.atEnd);
  t.same(p.rest(), bytes());
});

t.test('views, not copies', async (t) => {
  const data = bytes(2, 1, 2);
  const v = new Parser(data).vector8();
  data[1] = 0x55;
  t.equal(v[0], 0x55);
});

t.test('constructor arguments are checked', async (t) => {
  t.throws(() => new Parser([1, 2] as unknown as Uint8Array), TypeError);
  t.throws(() => new Parser(bytes(1), 0, 2), RangeError);
  t.throws(() => new Parser(bytes(1)).bytes(-1), RangeError);
});

t.test('writer and parser round-trip every field type', async (t) => {
  const w = new Writer(1);
  w.u8(0xfe).u16(0xbeef).u24(0xabcdef).u32(0xdeadbeef).u64(0x0102030405060708n);
  w.vector8(bytes(1)).vector16(bytes(2, 3)).vector24(bytes());
  w.u16List(2, [0x1301, 0x1302]).u8List(1, [0]);
  w.prefixed(3, (inner) => inner.prefixed(2, (x) => x.bytes(bytes(7, 7, 7))));
  const p = new Parser(w.finish());
  t.equal(p.u8(), 0xfe);
  t.equal(p.u16(), 0xbeef);
  t.equal(p.u24(), 0xabcdef);
  t.equal(p.u32(), 0xdeadbeef);
  t.equal(p.u64(), 0x0102030405060708n);
  t.same(p.vector8(), bytes(1));
  t.same(p.vector16(), bytes(2, 3));
  t.same(p.vector24(), bytes());
  t.same(p.u16List(2), [0x1301, 0x1302]);
  t.same(p.u8List(1), [0]);
  const outer = p.sub(3);
  t.same(outer.vector16(), bytes(7, 7, 7));
  outer.end();
  p.end();
});
