/**
 * The strict DER reader and the writer: round trips, X.690 encodings
 * checked against node:crypto's own DER where it has one, and every
 * class of malformed input rejected with a DERError that says what.
 */
import t from 'tap';
import {
  DERError,
  DERReader,
  Tag,
  contextTag,
  derBitString,
  derContext,
  derInteger,
  derNull,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derTLV,
  readDER,
} from '../../src/x509/der.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

const h = fromHex;
const reader = (hex: string) => new DERReader(h(hex), 'test');

t.test('INTEGER: values, signs and minimal encoding', async (t) => {
  const cases: [string, bigint][] = [
    ['020100', 0n],
    ['020101', 1n],
    ['02017f', 127n],
    ['02020080', 128n],
    ['020200ff', 255n],
    ['02020100', 256n],
    ['0201ff', -1n],
    ['020180', -128n],
    ['0202ff7f', -129n],
    ['02090100000000000000ff', 2n ** 64n + 255n],
  ];
  for (const [hex, value] of cases) {
    t.equal(reader(hex).integer(), value, `decode ${hex}`);
    t.equal(toHex(derInteger(value)), hex, `encode ${value}`);
  }
  const big = 2n ** 2048n - 1n;
  t.equal(readDER(derSequence(derInteger(big)), Tag.SEQUENCE).integer(), big, 'a 2048-bit value round-trips');
  t.throws(() => reader('0200').integer(), { name: 'DERError', message: /empty INTEGER/ });
  t.throws(() => reader('0202007f').integer(), { name: 'DERError', message: /not minimally encoded/ });
  t.throws(() => reader('0202ff80').integer(), { name: 'DERError', message: /not minimally encoded/ });
  t.throws(() => reader('0201ff').unsignedInteger('version'), { name: 'DERError', message: /version: must not be negative/ });
  t.throws(() => reader('020201f4').smallInteger('n', 255), /exceeds 255/);
  t.throws(() => reader('2201ff').integer(), /expected INTEGER, found tag 0x22/, 'constructed INTEGER');
});

t.test('OBJECT IDENTIFIER', async (t) => {
  const cases: [string, string][] = [
    ['06092a864886f70d010101', '1.2.840.113549.1.1.1'],
    ['06082a8648ce3d030107', '1.2.840.10045.3.1.7'],
    ['06032b6570', '1.3.101.112'],
    ['0603551d0f', '2.5.29.15'],
    ['0603883703', '2.999.3'],
    ['060100', '0.0'],
  ];
  for (const [hex, dotted] of cases) {
    t.equal(reader(hex).oid(), dotted, `decode ${dotted}`);
    t.equal(toHex(derOid(dotted)), hex, `encode ${dotted}`);
  }
  t.throws(() => reader('0600').oid(), /empty OBJECT IDENTIFIER/);
  t.throws(() => reader('06032b8001').oid(), /not minimally encoded/, 'leading 0x80 in an arc');
  t.throws(() => reader('06022b86').oid(), /ends inside an arc/);
  t.throws(() => derOid('1.40.1'), RangeError);
  t.throws(() => derOid('banana'), RangeError);
});

t.test('BIT STRING, OCTET STRING, NULL, BOOLEAN', async (t) => {
  t.same(reader('030400010203').bitString(), { bytes: h('010203'), unusedBits: 0 });
  t.same(reader('03020680').bitString(), { bytes: h('80'), unusedBits: 6 });
  t.equal(toHex(reader('030100').bitStringBytes()), '');
  t.equal(toHex(derBitString(h('abcd'))), '030300abcd');
  t.throws(() => reader('0300').bitString(), /missing its unused-bits octet/);
  t.throws(() => reader('03020801').bitString(), /8 unused bits/);
  t.throws(() => reader('030107').bitString(), /unused bits in an empty BIT STRING/);
  t.throws(() => reader('03020681').bitString(), /unused bits are not zero/);
  t.throws(() => reader('03020680').bitStringBytes('key'), /key: expected whole octets/);
  t.equal(toHex(reader('0403010203').octetString()), '010203');
  t.equal(toHex(derOctetString(h('ff'))), '0401ff');
  t.doesNotThrow(() => reader('0500').null());
  t.equal(toHex(derNull()), '0500');
  t.throws(() => reader('050100').null(), /NULL must be empty/);
  t.equal(reader('0101ff').boolean(), true);
  t.equal(reader('010100').boolean(), false);
  t.throws(() => reader('010101').boolean(), /0x00 or 0xFF/);
  t.throws(() => reader('01020000').boolean(), /0x00 or 0xFF/);
});

t.test('lengths: definite, minimal, within bounds', async (t) => {
  const long = new Uint8Array(300).fill(7);
  const encoded = derOctetString(long);
  t.equal(toHex(encoded.subarray(0, 4)), '0482012c', 'long form for 300');
  t.equal(reader(toHex(encoded)).octetString().length, 300);
  t.equal(toHex(derOctetString(new Uint8Array(127)).subarray(0, 2)), '047f');
  t.equal(toHex(derOctetString(new Uint8Array(128)).subarray(0, 3)), '048180');
  t.throws(() => reader('0481050102030405').octetString(), /should use the short form/);
  t.throws(() => reader('048200050102030405').octetString(), /leading zero octet/);
  t.throws(() => reader('0480010200').octetString(), /indefinite length/);
  t.throws(() => reader('0485ffffffffff').octetString(), /length of 5 octets is too large/);
  t.throws(() => reader('04840fffffff01').octetString(), /runs past the end/);
  t.throws(() => reader('040501').octetString(), /length 5 runs past the end of the data \(1 bytes left\)/);
  t.throws(() => reader('0482').octetString(), /truncated inside its length/);
  t.throws(() => reader('04').octetString(), /truncated before its length/);
  t.throws(() => reader('').octetString('field'), /field: missing \(end of data\)/);
  t.throws(() => reader('1f2100').readAny(), /high tag numbers/);
});

t.test('SEQUENCE, SET, context tags and trailing data', async (t) => {
  const seq = derSequence(derInteger(1), derContext(0, derOid('1.3.101.112')), derTLV(contextTag(1, false), h('aa')), derNull());
  const r = readDER(seq, Tag.SEQUENCE, 'Thing');
  t.equal(r.integer('version'), 1n);
  t.equal(r.optionalContext(2), undefined, 'absent [2]');
  const zero = r.context(0, 'algorithm');
  t.equal(zero.oid(), '1.3.101.112');
  zero.end();
  const implicit = r.readOptional(contextTag(1, false), 'publicKey');
  t.equal(toHex(implicit!.value), 'aa');
  t.equal(r.peekTag(), Tag.NULL);
  r.null();
  t.ok(r.atEnd());
  r.end();

  const inner = new DERReader(seq, 'outer').sequence('Thing');
  t.equal(inner.remaining, seq.length - 2);

  const set = derSet(derInteger(300), derInteger(2), derInteger(1));
  t.equal(toHex(set), '310a0201010201020202012c', 'DER SET encoding');
  const s = new DERReader(set).set();
  t.same([s.integer(), s.integer(), s.integer()], [1n, 2n, 300n], 'DER SET elements are sorted by encoding');

  t.throws(() => readDER(concat(seq, h('00')), Tag.SEQUENCE, 'Thing'), { name: 'DERError', message: /Thing: 1 unexpected trailing byte/ });
  const withExtra = readDER(derSequence(derInteger(1), derInteger(2)), Tag.SEQUENCE, 'Pair');
  withExtra.integer();
  t.throws(() => withExtra.end(), /Pair: 3 unexpected trailing byte\(s\) \(next is INTEGER\)/);
  t.throws(() => readDER(h('310100'), Tag.SEQUENCE, 'Thing'), /expected SEQUENCE, found SET/);
  t.throws(() => new DERReader(h('3003020101')).sequence().oid('algorithm'), /algorithm: expected OBJECT IDENTIFIER, found INTEGER/);
  t.equal(toHex(new DERReader(seq).readAny().encoded), toHex(seq), 'encoded covers the whole element');
});

t.test('strings and times', async (t) => {
  const utf8 = derTLV(Tag.UTF8_STRING, new TextEncoder().encode('héllo ✓'));
  t.equal(new DERReader(utf8).string(), 'héllo ✓');
  t.equal(new DERReader(derTLV(Tag.PRINTABLE_STRING, new TextEncoder().encode('Example CA'))).string(), 'Example CA');
  t.equal(new DERReader(derTLV(Tag.BMP_STRING, h('00410042'))).string(), 'AB');
  t.throws(() => new DERReader(derTLV(Tag.UTF8_STRING, h('c328'))).string(), /invalid UTF-8/);
  t.throws(() => new DERReader(derTLV(Tag.IA5_STRING, h('80'))).string(), /non-ASCII/);
  t.throws(() => new DERReader(derInteger(1)).string('name'), /name: expected a string type, found INTEGER/);
  const utc = (s: string) => derTLV(Tag.UTC_TIME, new TextEncoder().encode(s));
  const gen = (s: string) => derTLV(Tag.GENERALIZED_TIME, new TextEncoder().encode(s));
  t.equal(new DERReader(utc('491231235959Z')).time().toISOString(), '2049-12-31T23:59:59.000Z');
  t.equal(new DERReader(utc('500101000000Z')).time().toISOString(), '1950-01-01T00:00:00.000Z');
  t.equal(new DERReader(gen('20500101000000Z')).time().toISOString(), '2050-01-01T00:00:00.000Z');
  t.throws(() => new DERReader(utc('4912312359Z')).time(), /not a DER time/, 'seconds missing');
  t.throws(() => new DERReader(utc('491231235959+0100')).time(), /not a DER time/, 'offset');
  t.throws(() => new DERReader(gen('20500101000000.5Z')).time(), /not a DER time/, 'fraction');
  t.throws(() => new DERReader(utc('490230000000Z')).time(), /not a valid date/, 'February 30th');
  t.throws(() => new DERReader(derNull()).time(), /expected UTCTime or GeneralizedTime/);
});

t.test('random garbage never crashes the reader', async (t) => {
  // Deterministic pseudo-random bytes: any failure is reproducible.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  let errors = 0;
  for (let i = 0; i < 2000; i++) {
    const bytes = Uint8Array.from({ length: next() % 40 }, next);
    try {
      const r = new DERReader(bytes);
      while (!r.atEnd()) {
        const e = r.readAny();
        const sub = new DERReader(e.value);
        if (e.tag === Tag.INTEGER) sub.remaining && new DERReader(e.encoded).integer();
        if (e.tag === Tag.OBJECT_IDENTIFIER) new DERReader(e.encoded).oid();
        if (e.tag === Tag.BIT_STRING) new DERReader(e.encoded).bitString();
      }
    } catch (err) {
      if (!(err instanceof DERError)) throw err;
      errors++;
    }
  }
  t.ok(errors > 0, `${errors} malformed inputs rejected with DERError, none crashed`);
});

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
