/**
 * Key parsing and writing against keys made by the openssl CLI
 * (test/fixtures/keys/), with node:crypto as the reference for every
 * component, on every provider.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { providers } from '../crypto/providers.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { bytesToBigInt, concatBytes, toHex } from '../../src/crypto/bytes.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { ECDSAKey } from '../../src/crypto/ecdsa-key.js';
import { EdDSAKey } from '../../src/crypto/eddsa-key.js';
import {
  KeyParseError,
  keyType,
  parseDERKey,
  parsePEMKey,
  privateKeyToPEM,
  privateKeyToPKCS8,
  publicKeyToPEM,
  publicKeyToSPKI,
  rsaKeyType,
  rsaPssParameters,
  type Key,
} from '../../src/x509/keys.js';
import { pemDecodeAll } from '../../src/x509/pem.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/keys/${name}`, import.meta.url), 'utf8');
const b64 = (s: string | undefined) => new Uint8Array(Buffer.from(s!, 'base64url'));
const big = (s: string | undefined) => bytesToBigInt(b64(s));
const der = (name: string) => pemDecodeAll(fixture(name))[0]!.bytes;

/** The JWK node:crypto reads from a PEM key (private or public). */
function nodeJwk(pem: string): crypto.JsonWebKey {
  const isPublic = pem.includes('PUBLIC KEY');
  return (isPublic ? crypto.createPublicKey(pem) : crypto.createPrivateKey(pem)).export({ format: 'jwk' });
}

const EC = [
  { curve: 'secp256r1', file: 'ec-p256', hash: 'sha256' },
  { curve: 'secp384r1', file: 'ec-p384', hash: 'sha384' },
  { curve: 'secp521r1', file: 'ec-p521', hash: 'sha512' },
] as const;

for (const p of providers()) {
  const provider = p.provider as CryptoProvider;
  const parse = (name: string, options = {}) => parsePEMKey(fixture(name), { provider, ...options });

  t.test(`${p.label}: RSA keys`, async (t) => {
    const jwk = nodeJwk(fixture('rsa2048.pkcs8.pem'));
    const nodePrivate = crypto.createPrivateKey(fixture('rsa2048.pkcs8.pem'));
    for (const name of ['rsa2048.pkcs1.pem', 'rsa2048.pkcs8.pem', 'rsa2048.spki.pem', 'rsa2048.pkcs1-public.pem']) {
      const key = parse(name) as RSAKey;
      t.ok(key instanceof RSAKey, `${name}: an RSAKey`);
      t.equal(key.n, big(jwk.n), `${name}: n`);
      t.equal(key.e, big(jwk.e), `${name}: e`);
      t.equal(key.bits, 2048);
      t.equal(keyType(key), 'rsa');
      const isPrivate = !name.includes('spki') && !name.includes('public');
      t.equal(key.hasPrivateKey(), isPrivate, `${name}: private or not`);
      const data = new TextEncoder().encode('signed by ' + name);
      const theirs = crypto.sign('sha256', data, nodePrivate);
      t.ok(key.hashAndVerify(theirs, data, { scheme: 'pkcs1', hash: 'sha256' }), `${name}: verifies node's signature`);
      if (isPrivate) {
        const ours = await key.hashAndSign(data, { scheme: 'pkcs1', hash: 'sha256' });
        t.ok(crypto.verify('sha256', data, crypto.createPublicKey(fixture('rsa2048.spki.pem')), ours), `${name}: node verifies ours (so d, p, q are right)`);
      }
      t.equal(toHex(publicKeyToSPKI(key)), toHex(der('rsa2048.spki.pem')), `${name}: SPKI output equals OpenSSL's`);
    }
    t.equal(publicKeyToPEM(parse('rsa2048.pkcs1.pem')), fixture('rsa2048.spki.pem'), 'PUBLIC KEY PEM equals OpenSSL\'s');
    const viaDer = parseDERKey(der('rsa2048.pkcs1.pem'), { provider });
    t.equal((viaDer as RSAKey).n, big(jwk.n), 'parseDERKey recognises PKCS#1 without a label');
    t.throws(() => privateKeyToPKCS8(viaDer), TypeError, 'RSA private keys are not written');
  });

  t.test(`${p.label}: RSA-PSS keys`, async (t) => {
    const key = parse('rsapss2048-sha256.pem') as RSAKey;
    const nodeKey = crypto.createPrivateKey(fixture('rsapss2048-sha256.pem'));
    const details = nodeKey.asymmetricKeyDetails!;
    t.equal(nodeKey.asymmetricKeyType, 'rsa-pss');
    t.equal(rsaKeyType(key), 'rsa-pss', 'marked PSS-only');
    t.equal(keyType(key), 'rsa-pss');
    t.equal(key.bits, details.modulusLength);
    t.equal(key.e, details.publicExponent);
    t.same(rsaPssParameters(key), { hash: details.hashAlgorithm, mgfHash: details.mgf1HashAlgorithm, saltLength: details.saltLength }, 'parameters as node reads them');
    const data = new TextEncoder().encode('pss');
    const theirs = crypto.sign('sha256', data, { key: nodeKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 });
    t.ok(key.hashAndVerify(theirs, data, { scheme: 'pss', hash: 'sha256', saltLength: 32 }), 'verifies node\'s PSS signature');
    const ours = await key.hashAndSign(data, { scheme: 'pss', hash: 'sha256', saltLength: 32 });
    t.ok(crypto.verify('sha256', data, { key: crypto.createPublicKey(nodeKey), padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, ours), 'node verifies ours');

    const pub = parse('rsapss2048-sha256.spki.pem') as RSAKey;
    t.equal(rsaKeyType(pub), 'rsa-pss', 'a PSS SPKI is PSS-only too');
    t.equal(pub.n, key.n);
    t.equal(toHex(publicKeyToSPKI(key)), toHex(der('rsapss2048-sha256.spki.pem')), 'SPKI output keeps the PSS AlgorithmIdentifier');
    const publicOnly = parse('rsapss2048-sha256.pem', { public: true }) as RSAKey;
    t.notOk(publicOnly.hasPrivateKey(), 'public: true drops the private half');
    t.equal(rsaKeyType(publicOnly), 'rsa-pss', 'and keeps the PSS marking');

    const bare = parse('rsapss2048.pem') as RSAKey;
    t.equal(rsaKeyType(bare), 'rsa-pss');
    t.equal(rsaPssParameters(bare), undefined, 'no parameters: any PSS parameters');
    t.equal(rsaKeyType(parse('rsa2048.pkcs8.pem') as RSAKey), 'rsa');
  });

  t.test(`${p.label}: EC keys`, async (t) => {
    for (const { curve, file, hash } of EC) {
      const jwk = nodeJwk(fixture(`${file}.pkcs8.pem`));
      const point = '04' + toHex(b64(jwk.x)) + toHex(b64(jwk.y));
      const nodePublic = crypto.createPublicKey(fixture(`${file}.spki.pem`));
      for (const form of ['sec1', 'pkcs8', 'spki']) {
        const name = `${file}.${form}.pem`;
        const key = parse(name) as ECDSAKey;
        t.ok(key instanceof ECDSAKey, `${name}: an ECDSAKey`);
        t.equal(key.curveName, curve);
        t.equal(keyType(key), 'ecdsa');
        t.equal(toHex(key.publicPoint), point, `${name}: the public point`);
        t.equal(toHex(publicKeyToSPKI(key)), toHex(der(`${file}.spki.pem`)), `${name}: SPKI output equals OpenSSL's`);
        const data = new TextEncoder().encode(name);
        const theirs = crypto.sign(hash, data, crypto.createPrivateKey(fixture(`${file}.pkcs8.pem`)));
        t.ok(key.hashAndVerify(theirs, data, hash), `${name}: verifies node's signature`);
        if (form !== 'spki') {
          t.equal(toHex(key.exportPrivateKey()), toHex(b64(jwk.d)), `${name}: the private scalar`);
          const ours = await key.hashAndSign(data, hash);
          t.ok(crypto.verify(hash, data, nodePublic, ours), `${name}: node verifies ours`);
          const pkcs8 = privateKeyToPKCS8(key);
          const reread = crypto.createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }).export({ format: 'jwk' });
          t.same(reread, jwk, `${name}: node reads our PKCS#8 back to the same key`);
          t.equal(toHex((parsePEMKey(privateKeyToPEM(key), { provider }) as ECDSAKey).exportPrivateKey()), toHex(b64(jwk.d)), `${name}: PEM round trip`);
        } else {
          t.throws(() => key.exportPrivateKey(), TypeError);
          t.rejects(key.hashAndSign(data, hash), TypeError, 'a public key cannot sign');
        }
      }
    }
    const withParams = parse('ec-p256.with-params.pem') as ECDSAKey;
    t.equal(withParams.curveName, 'secp256r1', 'an EC PARAMETERS block before the key is skipped');
    t.ok(withParams.hasPrivateKey());
    const noPublic = parse('ec-p256.sec1-nopublic.pem') as ECDSAKey;
    t.equal(toHex(noPublic.publicPoint), toHex((parse('ec-p256.pkcs8.pem') as ECDSAKey).publicPoint), 'the point is derived when the key omits it');
    const compressed = parse('ec-p256.compressed.spki.pem') as ECDSAKey;
    t.equal(toHex(compressed.publicPoint), toHex((parse('ec-p256.spki.pem') as ECDSAKey).publicPoint), 'a compressed point is decompressed');
    t.throws(() => parse('ec-p256.explicit.pem'), { name: 'KeyParseError', message: /explicit curve parameters are not supported/ });
  });

  t.test(`${p.label}: EdDSA keys`, async (t) => {
    for (const curve of ['ed25519', 'ed448'] as const) {
      const jwk = nodeJwk(fixture(`${curve}.pem`));
      const key = parse(`${curve}.pem`) as EdDSAKey;
      t.ok(key instanceof EdDSAKey);
      t.equal(key.curveName, curve);
      t.equal(keyType(key), curve);
      t.equal(toHex(key.publicKey), toHex(b64(jwk.x)), `${curve}: public key`);
      t.equal(toHex(key.exportPrivateKey()), toHex(b64(jwk.d)), `${curve}: private key`);
      const data = new TextEncoder().encode('message for ' + curve);
      const ours = await key.hashAndSign(data);
      t.equal(toHex(ours), toHex(crypto.sign(null, data, crypto.createPrivateKey(fixture(`${curve}.pem`)))), `${curve}: same signature as node`);
      const pub = parse(`${curve}.spki.pem`) as EdDSAKey;
      t.notOk(pub.hasPrivateKey());
      t.ok(pub.verify(ours, data), `${curve}: the SPKI key verifies`);
      t.equal(toHex(publicKeyToSPKI(key)), toHex(der(`${curve}.spki.pem`)), `${curve}: SPKI output equals OpenSSL's`);
      t.equal(toHex(privateKeyToPKCS8(key)), toHex(der(`${curve}.pem`)), `${curve}: PKCS#8 output equals OpenSSL's`);
      t.notOk((parse(`${curve}.pem`, { public: true }) as EdDSAKey).hasPrivateKey(), `${curve}: public: true`);
    }
  });

  t.test(`${p.label}: refusals`, async (t) => {
    for (const name of ['rsa2048.encrypted-pkcs8.pem', 'rsa2048.encrypted-pkcs1.pem']) {
      t.throws(() => parse(name), { name: 'KeyParseError', message: /encrypted private keys are not supported/ }, name);
    }
    t.throws(() => parse('x25519.pem'), { name: 'KeyParseError', message: /unsupported key algorithm X25519/ });
    for (const name of ['rsa2048.spki.pem', 'ec-p384.spki.pem', 'ed448.spki.pem']) {
      t.throws(() => parse(name, { private: true }), { name: 'KeyParseError', message: /a private key was required/ }, name);
    }
    t.ok(parse('rsa2048.pkcs1.pem', { private: true }).hasPrivateKey());
    t.throws(() => parsePEMKey('nothing here', { provider }), { name: 'KeyParseError', message: /no key found/ });
    t.throws(() => parsePEMKey(fixture('rsa2048.spki.pem').replace('-----END', 'oops-----END'), { provider }), KeyParseError);
  });

  t.test(`${p.label}: malformed DER is a KeyParseError, never a crash`, async (t) => {
    const names = ['rsa2048.pkcs1.pem', 'rsa2048.pkcs8.pem', 'rsa2048.spki.pem', 'rsapss2048-sha256.pem', 'ec-p256.sec1.pem', 'ec-p384.pkcs8.pem', 'ec-p521.spki.pem', 'ed25519.pem', 'ed448.spki.pem'];
    const expectParseError = (what: string, bytes: Uint8Array) => {
      try {
        parseDERKey(bytes, { provider });
        return true;
      } catch (err) {
        if (!(err instanceof KeyParseError)) t.fail(`${what}: threw ${(err as Error).name}: ${(err as Error).message}`);
        return false;
      }
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 16;
    for (const name of names) {
      const good = der(name);
      for (const cut of [0, 1, 2, 5, good.length >> 1, good.length - 1]) {
        t.notOk(expectParseError(`${name} truncated to ${cut}`, good.subarray(0, cut)), `${name}: truncated to ${cut} bytes`);
      }
      t.throws(() => parseDERKey(concatBytes(good, Uint8Array.of(0)), { provider }), { name: 'KeyParseError', message: /trailing/ }, `${name}: trailing byte`);
      const overlong = Uint8Array.from(good);
      overlong[good[1]! & 0x80 ? 2 + (good[1]! & 0x7f) - 1 : 1]! += 1;
      t.throws(() => parseDERKey(overlong, { provider }), { name: 'KeyParseError', message: /runs past the end/ }, `${name}: overlong length`);
      const wrongTag = Uint8Array.from(good);
      wrongTag[0] = 0x31;
      t.throws(() => parseDERKey(wrongTag, { provider }), KeyParseError, `${name}: SET instead of SEQUENCE`);
      // Flip bytes everywhere: the result must be a key or a KeyParseError.
      for (let i = 0; i < 40; i++) {
        const mutated = Uint8Array.from(good);
        mutated[next() % mutated.length]! ^= 1 << next() % 8;
        expectParseError(`${name} mutation ${i}`, mutated);
      }
    }
    t.throws(() => parseDERKey(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x05]), { provider }), KeyParseError, 'a SEQUENCE of one INTEGER');
    t.throws(() => parseDERKey(new Uint8Array(0), { provider }), KeyParseError, 'empty');
    const pkcs1 = der('rsa2048.pkcs1.pem');
    const mismatched = Uint8Array.from(pkcs1);
    mismatched[mismatched.length - 3]! ^= 1; // inside qInv
    t.throws(() => parseDERKey(mismatched, { provider }), { name: 'KeyParseError', message: /inconsistent/ }, 'CRT values that do not match');
  });

  t.test(`${p.label}: keys never print private material`, async (t) => {
    const keys: Key[] = [parse('rsa2048.pkcs1.pem'), parse('ec-p256.sec1.pem'), parse('ed25519.pem')];
    const secrets = [toHex(b64(nodeJwk(fixture('ec-p256.sec1.pem')).d)), toHex(b64(nodeJwk(fixture('ed25519.pem')).d))];
    const d = big(nodeJwk(fixture('rsa2048.pkcs1.pem')).d).toString(16);
    for (const key of keys) {
      const shown = [String(key), inspect(key, { depth: 10, showHidden: true }), JSON.stringify(key)].join('\n');
      for (const secret of [...secrets, d.slice(0, 32)]) t.notOk(shown.includes(secret), `${String(key)} hides its private part`);
    }
  });
}

t.test('SubjectPublicKeyInfo keys are cached per provider, and only for identical DER', async (t) => {
  for (const { label, provider } of providers()) {
    const p = provider as CryptoProvider;
    const rsa = der('rsa2048.spki.pem');
    const first = parseDERKey(rsa, { format: 'spki', provider: p });
    t.equal(parseDERKey(rsa.slice(), { format: 'spki', provider: p }), first, `${label}: the same DER gives the same key object`);
    const pss = parseDERKey(der('rsapss2048-sha256.spki.pem'), { format: 'spki', provider: p });
    t.not(pss, first, `${label}: another key is another object`);
    t.equal(rsaKeyType(pss as RSAKey), 'rsa-pss', `${label}: a cached PSS key keeps its marking`);
    t.equal(rsaKeyType(parseDERKey(der('rsapss2048-sha256.spki.pem'), { format: 'spki', provider: p }) as RSAKey), 'rsa-pss');
    const ec = der('ec-p256.spki.pem');
    t.equal(parseDERKey(ec, { format: 'spki', provider: p }), parseDERKey(ec, { format: 'spki', provider: p }), `${label}: EC keys too`);
  }
  const rsa = der('rsa2048.spki.pem');
  const [a, b] = providers();
  t.not(parseDERKey(rsa, { format: 'spki', provider: a!.provider as CryptoProvider }), parseDERKey(rsa, { format: 'spki', provider: b!.provider as CryptoProvider }), 'never shared across providers');
  // A bit flipped in the modulus is a different key, not a cache hit.
  const flipped = rsa.slice();
  flipped[flipped.length - 10]! ^= 1;
  const p = a!.provider as CryptoProvider;
  t.not((parseDERKey(flipped, { format: 'spki', provider: p }) as RSAKey).n, (parseDERKey(rsa, { format: 'spki', provider: p }) as RSAKey).n, 'a changed DER is parsed afresh');
});
