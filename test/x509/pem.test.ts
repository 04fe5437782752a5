/**
 * PEM: decoding one or many blocks amid other text, CRLF, RFC 1421
 * headers; strict base64; encoding in 64-column lines.
 */
import t from 'tap';
import { PEMError, dePem, dePemList, pem, pemDecode, pemDecodeAll, pemEncode, pemSniff } from '../../src/x509/pem.js';
import { toHex } from '../../src/crypto/bytes.js';

const bytes = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 37 + 11) & 0xff);

t.test('encode: 64-column lines, round trip for many lengths', async (t) => {
  for (const n of [0, 1, 2, 3, 47, 48, 49, 100, 1000]) {
    const data = bytes(n);
    const text = pemEncode(data, 'TEST DATA');
    const lines = text.split('\n');
    t.equal(lines[0], '-----BEGIN TEST DATA-----');
    t.equal(lines.at(-2), '-----END TEST DATA-----');
    t.equal(lines.at(-1), '', 'ends with a newline');
    t.ok(lines.slice(1, -2).every((l) => l.length <= 64 && l.length > 0), `${n}: lines of at most 64 characters`);
    t.ok(lines.slice(1, -3).every((l) => l.length === 64), `${n}: all but the last are full`);
    t.equal(Buffer.from(lines.slice(1, -2).join(''), 'base64').toString('hex'), toHex(data), `${n}: node decodes it`);
    t.equal(toHex(pemDecode(text, 'TEST DATA')), toHex(data), `${n}: round trip`);
  }
  t.equal(pem, pemEncode);
  t.throws(() => pemEncode(bytes(3), 'bad--label'), RangeError);
  t.throws(() => pemEncode('abc' as unknown as Uint8Array, 'X'), TypeError);
});

t.test('decode: surrounding text, CRLF, several blocks, labels', async (t) => {
  const a = bytes(70);
  const b = bytes(5);
  const text =
    'Bag Attributes\r\n    localKeyID: 01 02\r\nsubject=/CN=test\r\n' +
    pemEncode(a, 'CERTIFICATE').replace(/\n/g, '\r\n') +
    'some comment between\n' +
    pemEncode(b, 'CERTIFICATE') +
    pemEncode(bytes(9), 'PRIVATE KEY') +
    'trailing text';
  const all = pemDecodeAll(text);
  t.same(
    all.map((x) => x.label),
    ['CERTIFICATE', 'CERTIFICATE', 'PRIVATE KEY'],
  );
  t.same(dePemList(text, 'CERTIFICATE').map(toHex), [toHex(a), toHex(b)]);
  t.equal(toHex(dePem(text, 'PRIVATE KEY')), toHex(bytes(9)));
  t.same(dePemList(text, 'X509 CRL'), []);
  t.ok(pemSniff(text, 'PRIVATE KEY'));
  t.notOk(pemSniff(text, 'PUBLIC KEY'));
  t.throws(() => pemDecode(text, 'PUBLIC KEY'), { name: 'PEMError', message: /no "-----BEGIN PUBLIC KEY-----" block/ });
  // Whitespace inside the base64 (indentation, trailing blanks) is tolerated.
  const indented = pemEncode(a, 'X').replace(/\n(?!-)/g, '  \n   ');
  t.equal(toHex(pemDecode(indented, 'X')), toHex(a));
});

t.test('RFC 1421 headers are returned', async (t) => {
  const text =
    '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,\n 6C862C38D00B8359\n\nAAEC\n-----END RSA PRIVATE KEY-----\n';
  const [block] = pemDecodeAll(text);
  t.same(block!.headers, { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,6C862C38D00B8359' });
  t.equal(toHex(block!.bytes), '000102');
});

t.test('malformed PEM is refused', async (t) => {
  const good = pemEncode(bytes(10), 'X');
  const bad = (what: string, text: string, pattern: RegExp) =>
    t.throws(() => pemDecodeAll(text), { name: 'PEMError', message: pattern }, what);
  bad('no END line', good.replace('-----END X-----', ''), /no matching "-----END X-----"/);
  bad('mismatched END label', good.replace('END X', 'END Y'), /no matching/);
  bad('invalid character', good.replace(/\n(.)/, '\n!'), /invalid base64 \(character "!"\)/);
  bad('length not a multiple of 4', good.replace(/\n(.)/, '\n'), /not a multiple of 4/);
  bad('padding in the middle', '-----BEGIN X-----\nAA==AAAA\n-----END X-----\n', /padding in the middle/);
  bad('too much padding', '-----BEGIN X-----\nA===\n-----END X-----\n', /padding in the middle/);
  bad('non-zero padding bits', '-----BEGIN X-----\nAB==\n-----END X-----\n', /non-zero padding bits/);
  bad('non-ASCII', '-----BEGIN X-----\nAAé=\n-----END X-----\n', /character/);
  t.ok(new PEMError('x') instanceof Error);
  t.same(pemDecodeAll('no pem here'), []);
  t.throws(() => pemDecodeAll(42 as unknown as string), TypeError);
});
