import t from 'tap';
import { Writer } from '../../src/codec/writer.js';

const bytes = (...v: number[]) => new Uint8Array(v);

t.test('exact bytes for each field', async (t) => {
  t.same(new Writer().u8(1).u16(0x0203).u24(0x040506).u32(0x0708090a).finish(), bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  t.same(new Writer().vector16(bytes(9, 8)).finish(), bytes(0, 2, 9, 8));
  t.same(new Writer().u16List(2, [0xc02f, 0x009c]).finish(), bytes(0, 4, 0xc0, 0x2f, 0x00, 0x9c));
});

t.test('back-patched prefixes, nested', async (t) => {
  const w = new Writer();
  w.u8(0x16).prefixed(2, (x) => x.u8(1).prefixed(3, (y) => y.bytes(bytes(0xa, 0xb))));
  t.same(w.finish(), bytes(0x16, 0, 6, 1, 0, 0, 2, 0xa, 0xb));
});

t.test('out-of-range values are RangeErrors', async (t) => {
  t.throws(() => new Writer().u8(256), RangeError);
  t.throws(() => new Writer().u8(-1), RangeError);
  t.throws(() => new Writer().u16(0x10000), RangeError);
  t.throws(() => new Writer().u24(1.5), RangeError);
  t.throws(() => new Writer().u32(2 ** 32), RangeError);
  t.throws(() => new Writer().u64(-1n), RangeError);
  t.throws(() => new Writer().vector8(new Uint8Array(256)), /vector length \(1-byte prefix\)/);
  t.throws(() => new Writer().prefixed(1, (w) => w.bytes(new Uint8Array(300))), RangeError);
  t.throws(() => new Writer().bytes('ab' as unknown as Uint8Array), TypeError);
});

t.test('growth is amortised: a megabyte written one byte at a time', async (t) => {
  const w = new Writer(1);
  const n = 1 << 20;
  for (let i = 0; i < n; i++) w.u8(i & 0xff);
  const out = w.finish();
  t.equal(out.length, n);
  let wrong = 0;
  for (let i = 0; i < n; i++) if (out[i] !== (i & 0xff)) wrong++;
  t.equal(wrong, 0, 'every byte survives each growth');
});

t.test('growth keeps bytes written by every kind of write', async (t) => {
  const big = new Uint8Array(100).map((_, i) => i);
  t.same(new Writer(16).bytes(big).finish(), big, 'bytes() larger than the initial buffer');
  const w = new Writer(16);
  w.bytes(new Uint8Array(15).fill(9)).u8(1).u16(0x0203).vector8(big).u24(0x040506).u32(0x0708090a);
  const out = w.finish();
  t.same(out.subarray(15, 19), Uint8Array.of(1, 2, 3, 100));
  t.same(out.subarray(19, 119), big);
  t.same(out.subarray(119), Uint8Array.of(4, 5, 6, 7, 8, 9, 10));
  const nested = new Writer(16).prefixed(2, (x) => x.bytes(big).bytes(big)).finish();
  t.equal(nested.length, 202);
  t.same(nested.subarray(0, 2), Uint8Array.of(0, 200));
  t.same(nested.subarray(102), big);
});

t.test('finish copies; view does not', async (t) => {
  const w = new Writer();
  w.u8(1);
  const copy = w.finish();
  const view = w.view();
  t.same(copy, view);
  w.u8(2);
  t.equal(copy.length, 1);
  t.equal(w.length, 2);
});

t.test('clear() empties the writer for reuse and wipes what it held', async (t) => {
  const w = new Writer(32);
  w.bytes(new Uint8Array(20).fill(0xaa));
  const held = w.view();
  t.equal(w.clear(), w);
  t.equal(w.length, 0);
  t.same([...held], new Array(20).fill(0), 'the old bytes are zeroed in place');
  t.same([...w.u16(0x0102).finish()], [1, 2]);
  // A buffer grown past `keep` is let go rather than kept.
  const big = new Writer(16);
  big.bytes(new Uint8Array(5000).fill(1));
  const grown = big.view();
  big.clear(1024);
  t.equal(grown[0], 0, 'a let-go buffer is wiped too');
  big.u8(9);
  t.equal(grown[0], 0, 'and no longer written to');
  t.same([...big.finish()], [9]);
});
