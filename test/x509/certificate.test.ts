import t from 'tap';
import { readFileSync } from 'node:fs';
import { X509Certificate, randomInt } from 'node:crypto';
import { TLSBadCertificate, TLSProtocolException } from '../../src/errors.js';
import { X509, X509Error, nameToString } from '../../src/x509/certificate.js';
import { DERReader, Tag, contextTag, derBitString, derContext, derInteger, derNull, derOctetString, derOid, derSequence, derSet, derTLV } from '../../src/x509/der.js';
import { keyType, publicKeyToSPKI } from '../../src/x509/keys.js';
import { toHex } from '../../src/crypto/bytes.js';
import { providers } from '../crypto/providers.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';

const dir = new URL('../fixtures/certs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const fingerprints = new Map(
  read('fingerprints.txt')
    .trim()
    .split('\n')
    .map((line) => {
      const [name, hash, hex] = line.split(' ');
      return [`${name} ${hash}`, hex!];
    }),
);

const FIXTURES = [
  { name: 'ca', certAlg: 'rsa', keyType: 'rsa', sig: 'sha256WithRSAEncryption', serial: 1n },
  { name: 'server-rsa', certAlg: 'rsa', keyType: 'rsa', sig: 'sha256WithRSAEncryption', serial: 2n },
  { name: 'server-ecdsa', certAlg: 'ecdsa', keyType: 'ecdsa', sig: 'sha256WithRSAEncryption', serial: 3n },
  { name: 'server-ed25519', certAlg: 'Ed25519', keyType: 'ed25519', sig: 'sha256WithRSAEncryption', serial: 4n },
  { name: 'server-rsapss', certAlg: 'rsa-pss', keyType: 'rsa-pss', sig: 'sha256WithRSAEncryption', serial: 5n },
  { name: 'client-rsa', certAlg: 'rsa', keyType: 'rsa', sig: 'sha256WithRSAEncryption', serial: 6n },
] as const;

t.test('every fixture matches node:crypto and openssl', async (t) => {
  for (const f of FIXTURES) {
    const pem = read(`${f.name}.cert.pem`);
    const ours = X509.fromPEM(pem);
    const node = new X509Certificate(pem);
    t.same(Buffer.from(ours.bytes), node.raw, `${f.name}: DER`);
    t.equal(ours.certAlg, f.certAlg, `${f.name}: certAlg`);
    t.equal(keyType(ours.publicKey!), f.keyType, `${f.name}: key type`);
    t.equal(ours.version, 3);
    t.equal(ours.serialNumber, f.serial);
    t.equal(ours.serialNumber, BigInt('0x' + node.serialNumber));
    t.equal(ours.subjectName, node.subject.split('\n').reverse().join(','), `${f.name}: subject`);
    t.equal(ours.issuerName, node.issuer.split('\n').reverse().join(','), `${f.name}: issuer`);
    t.equal(ours.issuerName, 'CN=tlslite-ng-ts Test CA,O=tlslite-ng-ts tests');
    t.equal(ours.notBefore.getTime(), new Date(node.validFrom).getTime(), `${f.name}: notBefore`);
    t.equal(ours.notAfter.getTime(), new Date(node.validTo).getTime(), `${f.name}: notAfter`);
    t.same(Buffer.from(ours.subjectPublicKeyInfo), node.publicKey.export({ type: 'spki', format: 'der' }), `${f.name}: SPKI`);
    t.same(publicKeyToSPKI(ours.publicKey!), ours.subjectPublicKeyInfo, `${f.name}: key writes back to its SPKI`);
    t.equal(ours.getFingerprint(), fingerprints.get(`${f.name} sha1`), `${f.name}: SHA-1 fingerprint (openssl)`);
    t.equal(ours.getFingerprint('sha256'), fingerprints.get(`${f.name} sha256`), `${f.name}: SHA-256 fingerprint (openssl)`);
    t.equal(ours.getFingerprint('sha256'), node.fingerprint256.replace(/:/g, '').toLowerCase());
    t.equal(ours.signatureAlgorithm?.name, f.sig);
    t.equal(ours.signatureAlgorithm?.hash, 'sha256');
    t.same(Buffer.from(ours.writeBytes()), node.raw);
    t.equal(X509.fromPEM(ours.toPEM()).getFingerprint(), ours.getFingerprint(), 'toPEM round trip');
    // The CA's signature over tbsCertificate verifies with the CA's key from node:crypto.
    const ca = new X509Certificate(read('ca.cert.pem'));
    t.ok(node.verify(ca.publicKey));
    const { createVerify } = await import('node:crypto');
    t.ok(createVerify('sha256').update(ours.tbsCertificate).verify(ca.publicKey, ours.signatureValue), `${f.name}: tbs + signature`);
  }
});

t.test('dates: UTCTime and GeneralizedTime', async (t) => {
  const ca = X509.fromPEM(read('ca.cert.pem'));
  t.equal(ca.notBefore.toISOString(), '2000-01-01T00:00:00.000Z');
  t.equal(ca.notAfter.toISOString(), '2100-01-01T00:00:00.000Z', 'GeneralizedTime past 2049');
  const leaf = X509.fromPEM(read('server-rsa.cert.pem'));
  t.equal(leaf.notAfter.toISOString(), '2049-12-31T23:59:59.000Z');
});

t.test('extensions', async (t) => {
  const leaf = X509.fromPEM(read('server-rsa.cert.pem'));
  const oids = leaf.extensions.map((e) => e.oid);
  t.same(oids.sort(), ['2.5.29.14', '2.5.29.15', '2.5.29.17', '2.5.29.19', '2.5.29.35', '2.5.29.37'].sort());
  t.equal(leaf.getExtension('2.5.29.19')?.critical, true, 'basicConstraints critical');
  t.equal(leaf.getExtension('2.5.29.17')?.critical, false);
  // subjectAltName: GeneralNames with dNSName [2] "localhost" and iPAddress [7] 127.0.0.1.
  const san = new DERReader(leaf.getExtension('2.5.29.17')!.value).sequence('GeneralNames');
  const dns = san.read(contextTag(2, false));
  t.equal(new TextDecoder().decode(dns.value), 'localhost');
  t.same([...san.read(contextTag(7, false)).value], [127, 0, 0, 1]);
  t.equal(leaf.getExtension('1.2.3.4'), undefined);
});

t.test('DER input, the seed-style API and providers', async (t) => {
  const der = readFileSync(new URL('server-rsa.cert.der', dir));
  const a = X509.fromDER(new Uint8Array(der));
  const b = new X509().parse(read('server-rsa.cert.pem'));
  const c = new X509().parseBinary(der);
  t.ok(a.equals(b) && b.equals(c));
  t.notOk(a.equals(X509.fromPEM(read('ca.cert.pem'))));
  // The bytes are copied: the caller's buffer may be reused.
  const buf = new Uint8Array(der);
  const d = X509.fromDER(buf);
  buf.fill(0);
  t.equal(d.getFingerprint(), a.getFingerprint());
  for (const { label, provider } of providers()) {
    if (label === 'native') continue; // a partial provider; keys need a complete one
    const p = provider as CryptoProvider;
    const cert = X509.fromPEM(read('server-ecdsa.cert.pem'), { provider: p });
    t.ok(cert.publicKey, `key bound to ${label}`);
    t.same(publicKeyToSPKI(cert.publicKeyFor(p)), cert.subjectPublicKeyInfo);
  }
  t.throws(() => new X509().getFingerprint(), RangeError);
  t.throws(() => a.getFingerprint('md5' as never), { name: 'RangeError', message: /hash/ });
  t.throws(() => new X509().parse(5 as never), TypeError);
  t.throws(() => new X509().parseBinary('abc' as never), TypeError);
});

t.test('readable names: RFC 4514 escaping and unknown attributes', async (t) => {
  const atv = (oid: string, value: Uint8Array) => derSet(derSequence(derOid(oid), value));
  const utf8 = (s: string) => derTLV(Tag.UTF8_STRING, new TextEncoder().encode(s));
  const name = derSequence(
    atv('2.5.4.6', derTLV(Tag.PRINTABLE_STRING, new TextEncoder().encode('DE'))),
    atv('2.5.4.10', utf8('Acme, Inc. "R+D" <x>;')),
    // derSet sorts its members by encoding (DER SET OF), so the OID-named one comes first.
    derSet(derSequence(derOid('2.5.4.3'), utf8(' #lead')), derSequence(derOid('1.2.3.4'), derInteger(5))),
    atv('2.5.4.11', utf8('trail ')),
    atv('2.5.4.3', utf8('Ünïcödé')),
  );
  t.equal(nameToString(name), 'CN=Ünïcödé,OU=trail\\ ,1.2.3.4=#020105+CN=\\ #lead,O=Acme\\, Inc. \\"R\\+D\\" \\<x\\>\\;,C=DE');
  t.equal(nameToString(derSequence()), '');
});

// ---------------------------------------------------------------- malformed certificates

/** The elements of the fixture's tbsCertificate, to rebuild variants. */
function pieces() {
  const cert = X509.fromPEM(read('server-rsa.cert.pem'));
  const tbs = new DERReader(cert.tbsCertificate).sequence();
  const elements = [];
  while (!tbs.atEnd()) elements.push(tbs.readAny().encoded);
  const sigAlg = derSequence(derOid('1.2.840.113549.1.1.11'), derNull());
  return { cert, elements, sigAlg, sig: derBitString(cert.signatureValue) };
}

t.test('malformed certificates throw X509Error (bad_certificate)', async (t) => {
  const { cert, elements, sigAlg, sig } = pieces();
  const build = (els: Uint8Array[], outerAlg = sigAlg) => derSequence(derSequence(...els), outerAlg, sig);
  t.ok(X509.fromDER(build(elements)).equals(cert), 'the rebuilt certificate is the original');
  const [version, serial, inner, issuer, validity, subject, spki, extensions] = elements as [Uint8Array, ...Uint8Array[]];
  const extList = new DERReader(new DERReader(extensions!).context(3).readAny().value);
  const exts = [];
  while (!extList.atEnd()) exts.push(extList.readAny().encoded);
  const bad: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /malformed/],
    ['truncated', cert.bytes.subarray(0, cert.bytes.length - 1), /malformed/],
    ['trailing byte', Uint8Array.of(...cert.bytes, 0), /malformed/],
    ['outer and inner signature algorithms differ', build(elements, derSequence(derOid('1.2.840.113549.1.1.5'), derNull())), /4\.1\.1\.2/],
    ['explicit v1', build([derContext(0, derInteger(0)), ...elements.slice(1)]), /v1 must be omitted/],
    ['version 4', build([derContext(0, derInteger(3)), ...elements.slice(1)]), /version/],
    ['v1 with extensions', build(elements.slice(1)), /not v3/],
    ['duplicate extension', build([version, serial!, inner!, issuer!, validity!, subject!, spki!, derContext(3, derSequence(...exts, exts[0]!))]), /twice/],
    ['empty extensions', build([version, serial!, inner!, issuer!, validity!, subject!, spki!, derContext(3, derSequence())]), /empty/],
    [
      'critical FALSE encoded',
      build([version, serial!, inner!, issuer!, validity!, subject!, spki!, derContext(3, derSequence(derSequence(derOid('1.2.3'), derTLV(Tag.BOOLEAN, Uint8Array.of(0)), derOctetString(new Uint8Array(1)))))]),
      /critical FALSE/,
    ],
    ['unknown key algorithm', build([version, serial!, inner!, issuer!, validity!, subject!, derSequence(derSequence(derOid('1.3.101.110')), derBitString(new Uint8Array(32))), extensions!]), /unrecognized public key algorithm/],
    ['broken RSA key', build([version, serial!, inner!, issuer!, validity!, subject!, derSequence(derSequence(derOid('1.2.840.113549.1.1.1'), derNull()), derBitString(Uint8Array.of(1, 2, 3))), extensions!]), /public key/],
    ['missing validity', build([version, serial!, inner!, issuer!, subject!, spki!, extensions!]), /malformed/],
  ];
  for (const [what, der, message] of bad) {
    t.throws(() => X509.fromDER(der), { name: 'X509Error', message }, what);
  }
  const err = (() => {
    try {
      X509.fromDER(new Uint8Array(0));
    } catch (e) {
      return e;
    }
  })();
  t.ok(err instanceof TLSBadCertificate && err instanceof TLSProtocolException && err instanceof X509Error);
  t.throws(() => X509.fromPEM('no pem here'), { name: 'X509Error', message: /PEM/ });
  t.throws(() => X509.fromPEM(read('server-rsa.key.pem')), { name: 'X509Error', message: /CERTIFICATE/ });
});

t.test('random corruption never throws anything but X509Error', async (t) => {
  const base = X509.fromPEM(read('server-ecdsa.cert.pem')).bytes;
  let rejected = 0;
  for (let i = 0; i < 400; i++) {
    const bytes = Uint8Array.from(base);
    for (let k = 0; k < 1 + (i % 3); k++) bytes[randomInt(bytes.length)] ^= 1 << randomInt(8);
    try {
      X509.fromDER(bytes);
    } catch (e) {
      if (!(e instanceof X509Error)) {
        t.fail(`unexpected ${(e as Error).name}: ${(e as Error).message} for ${toHex(bytes)}`);
        return;
      }
      rejected++;
    }
  }
  t.ok(rejected > 100, `${rejected} of 400 corrupted certificates rejected`);
});
