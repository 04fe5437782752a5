/**
 * ServerKeyExchange and CertificateVerify signatures in every version,
 * for every key type and scheme, on every provider: our signatures
 * checked by node:crypto, node:crypto's signatures checked by us, round
 * trips through the message codecs, and the alerts for bad peers
 * (illegal_parameter, decrypt_error, handshake_failure).
 */
import t from 'tap';
import { constants, createHash, publicDecrypt, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import {
  chooseSignatureScheme,
  schemeFitsKey,
  signatureSchemeInfo,
  signCertificateVerify,
  signServerKeyExchange,
  supportedSignatureSchemes,
  verifyCertificateVerify,
  verifyServerKeyExchange,
  type SignatureSchemeInfo,
  type SignatureSettings,
} from '../../src/handshake/signatures.js';
import { HandshakeTranscript } from '../../src/handshake/transcript.js';
import { AlertDescription, SignatureScheme as S } from '../../src/constants.js';
import { TLSDecryptError, TLSHandshakeFailure, TLSIllegalParameterException, alertFor } from '../../src/errors.js';
import { toHex } from '../../src/crypto/bytes.js';
import { CertificateVerify } from '../../src/messages/certificate-verify.js';
import { DigitallySigned } from '../../src/messages/digitally-signed.js';
import { HandshakeMessage, serialize } from '../../src/messages/handshake-message.js';
import { ServerKeyExchange, type ECDHParams } from '../../src/messages/server-key-exchange.js';
import type { KeyExchangeName } from '../../src/suites.js';
import { HandshakeSettings } from '../../src/settings.js';
import type { ECDSAKey } from '../../src/crypto/ecdsa-key.js';
import type { Key } from '../../src/x509/keys.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { KEY_FILES, loadKey, providers, randomBytes, type FixtureKey, type KeyName } from './helpers.js';

const SETTINGS: SignatureSettings = {
  rsaSigHashes: ['sha512', 'sha384', 'sha256', 'sha224', 'sha1'],
  rsaSchemes: ['pss', 'pkcs1'],
  ecdsaSigHashes: ['sha512', 'sha384', 'sha256', 'sha224', 'sha1'],
  moreSigSchemes: ['Ed25519', 'Ed448'],
};
const ALL_SCHEMES = supportedSignatureSchemes(SETTINGS);
const hash = (name: string, ...parts: Uint8Array[]) => {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
};
const HASH_LENGTH: Record<string, number> = { md5: 16, sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** node:crypto's verdict on a TLS 1.2 signature, or the legacy forms when info is undefined. */
function nodeVerifies(key: KeyObject, info: SignatureSchemeInfo | undefined, data: Uint8Array, sig: Uint8Array, keyName: KeyName): boolean {
  if (info === undefined) {
    if (keyName === 'rsa') {
      const m = publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, sig);
      return toHex(m) === toHex(Buffer.concat([hash('md5', data), hash('sha1', data)]));
    }
    return nodeVerify('sha1', data, key, sig);
  }
  switch (info.kind) {
    case 'rsa_pkcs1':
      return nodeVerify(info.hash!, data, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
    case 'rsa_pss_rsae':
    case 'rsa_pss_pss':
      return nodeVerify(info.hash!, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[info.hash!]! }, sig);
    case 'ecdsa':
      return nodeVerify(info.hash!, data, key, sig);
    default:
      return nodeVerify(null, data, key, sig);
  }
}

/** node:crypto's signature of `data` under `info`. */
function nodeSigns(key: KeyObject, info: SignatureSchemeInfo, data: Uint8Array): Uint8Array {
  switch (info.kind) {
    case 'rsa_pkcs1':
      return nodeSign(info.hash!, data, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'rsa_pss_rsae':
    case 'rsa_pss_pss':
      return nodeSign(info.hash!, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HASH_LENGTH[info.hash!]! });
    case 'ecdsa':
      return nodeSign(info.hash!, data, key);
    default:
      return nodeSign(null, data, key);
  }
}

const kxFor = (name: KeyName): KeyExchangeName => (name.startsWith('rsa') ? 'ecdhe_rsa' : 'ecdhe_ecdsa');
const params = (): ECDHParams => ({ kind: 'ecdh', namedCurve: 29, point: randomBytes(32) });
const alertOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (e) {
    return alertFor(e);
  }
  return undefined;
};

t.test('the schemes we offer, in the seed order', async (t) => {
  t.same(ALL_SCHEMES, [
    S.ed25519, S.ed448,
    0x0603, 0x0503, 0x0403, 0x0303, 0x0203,
    S.rsa_pss_rsae_sha512, S.rsa_pss_pss_sha512, S.rsa_pss_rsae_sha384, S.rsa_pss_pss_sha384, S.rsa_pss_rsae_sha256, S.rsa_pss_pss_sha256,
    0x0601, 0x0501, 0x0401, 0x0301, 0x0201,
  ]);
  t.same(supportedSignatureSchemes(new HandshakeSettings().validate()), ALL_SCHEMES, 'HandshakeSettings defaults give the same');
  t.same(supportedSignatureSchemes({ ...SETTINGS, rsaSchemes: ['pkcs1'], rsaSigHashes: ['sha256', 'md5'], moreSigSchemes: [] }).slice(-2), [0x0401, 0x0101]);
  t.same(supportedSignatureSchemes({ ...SETTINGS, rsaSchemes: ['pss'], rsaSigHashes: ['sha1'] }).filter((c) => (c & 0xff) === 1 || c >> 8 === 8 && c > 0x0808), [], 'no PSS with SHA-1');
  const p = providers()[0]!.provider;
  t.same(supportedSignatureSchemes(SETTINGS, loadKey('rsa', p).priv), [0x0806, 0x0805, 0x0804, 0x0601, 0x0501, 0x0401, 0x0301, 0x0201]);
  t.same(supportedSignatureSchemes(SETTINGS, loadKey('rsa-pss', p).priv), [0x080b, 0x080a, 0x0809], 'a PSS key: rsa_pss_pss only');
  t.same(supportedSignatureSchemes(SETTINGS, loadKey('p384', p).priv), [0x0603, 0x0503, 0x0403, 0x0303, 0x0203], 'TLS 1.2 ECDSA is not tied to the curve');
  t.same(supportedSignatureSchemes(SETTINGS, loadKey('ed448', p).priv), [S.ed448]);
  t.equal(signatureSchemeInfo(S.dsa_sha256), undefined, 'DSA is not supported');
  t.equal(signatureSchemeInfo(0x0700), undefined);
  t.same(signatureSchemeInfo(0x0203), { code: 0x0203, kind: 'ecdsa', hash: 'sha1' });
});

t.test('choosing a scheme', async (t) => {
  const p = providers()[0]!.provider;
  const rsa = loadKey('rsa', p).priv;
  const ec = loadKey('p256', p).priv;
  const ed = loadKey('ed25519', p).priv;
  const pss = loadKey('rsa-pss', p).priv;
  t.equal(chooseSignatureScheme(SETTINGS, rsa, [0x0201, 0x0401, 0x0804]), 0x0804, 'our preference, not the peer order');
  t.equal(chooseSignatureScheme({ ...SETTINGS, rsaSchemes: ['pkcs1', 'pss'] }, rsa, [0x0201, 0x0401, 0x0804]), 0x0401);
  t.equal(chooseSignatureScheme(SETTINGS, ec, [0x0401, 0x0403]), 0x0403);
  t.equal(chooseSignatureScheme(SETTINGS, ed, [0x0403, S.ed25519]), S.ed25519);
  t.equal(chooseSignatureScheme(SETTINGS, pss, [0x0804, 0x0809]), 0x0809);
  t.equal(chooseSignatureScheme(SETTINGS, rsa, undefined), 0x0201, 'RFC 5246 7.4.1.4.1 default');
  t.equal(chooseSignatureScheme(SETTINGS, ec, undefined), 0x0203);
  t.throws(() => chooseSignatureScheme(SETTINGS, ed, undefined), TLSHandshakeFailure);
  t.throws(() => chooseSignatureScheme(SETTINGS, rsa, [0x0403, 0x0809]), TLSHandshakeFailure, 'nothing in common');
  t.equal(alertOf(() => chooseSignatureScheme(SETTINGS, ec, [0x0401])), AlertDescription.handshake_failure);
  t.throws(() => chooseSignatureScheme({ ...SETTINGS, rsaSigHashes: ['sha256'] }, rsa, [0x0201]), TLSHandshakeFailure, 'settings restrict');
});

for (const { label, provider } of providers()) {
  const keys = Object.fromEntries(Object.keys(KEY_FILES).map((n) => [n, loadKey(n as KeyName, provider)])) as Record<KeyName, FixtureKey>;

  t.test(`${label}: ServerKeyExchange signatures in TLS 1.2, every scheme`, async (t) => {
    for (const [name, key] of Object.entries(keys) as [KeyName, FixtureKey][]) {
      for (const scheme of supportedSignatureSchemes(SETTINGS, key.priv)) {
        const info = signatureSchemeInfo(scheme)!;
        const what = `${name} ${S.nameOf(scheme)}`;
        const cr = randomBytes(32);
        const sr = randomBytes(32);
        const kx = kxFor(name);
        const ske = await signServerKeyExchange(provider, 0x0303, key.priv, scheme, cr, sr, kx, params());
        t.equal(ske.signature!.algorithm, scheme);
        const data = Buffer.concat([cr, sr, ske.paramsBytes()]);
        t.ok(nodeVerifies(key.nodePublic, info, data, ske.signature!.signature, name), `${what}: node:crypto verifies ours`);
        // Through the codec, as a client receives it.
        const parsed = HandshakeMessage.parse(serialize(ske), { version: 0x0303, keyExchange: kx }).body as ServerKeyExchange;
        t.doesNotThrow(() => verifyServerKeyExchange(provider, 0x0303, key.pub, parsed, cr, sr, ALL_SCHEMES), `${what}: we verify ours`);
        // node:crypto signs, we verify.
        const theirs = new ServerKeyExchange(kx, ske.params, new DigitallySigned(scheme, nodeSigns(key.nodePrivate, info, data)));
        t.doesNotThrow(() => verifyServerKeyExchange(provider, 0x0303, key.pub, theirs, cr, sr, ALL_SCHEMES), `${what}: we verify node:crypto's`);
        // Bad peers.
        const flipped = Uint8Array.from(ske.signature!.signature);
        flipped[flipped.length >> 1]! ^= 0x10;
        const bad = new ServerKeyExchange(kx, ske.params, new DigitallySigned(scheme, flipped));
        t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, key.pub, bad, cr, sr, ALL_SCHEMES)), AlertDescription.decrypt_error, `${what}: flipped bit`);
        t.throws(() => verifyServerKeyExchange(provider, 0x0303, key.pub, parsed, sr, cr, ALL_SCHEMES), TLSDecryptError, `${what}: randoms swapped`);
        t.throws(
          () => verifyServerKeyExchange(provider, 0x0303, key.pub, parsed, cr, sr, ALL_SCHEMES.filter((s) => s !== scheme)),
          TLSIllegalParameterException,
          `${what}: a scheme we did not offer`,
        );
      }
    }
  });

  t.test(`${label}: ServerKeyExchange signatures before TLS 1.2`, async (t) => {
    for (const version of [0x0300, 0x0301, 0x0302]) {
      for (const name of ['rsa', 'p256', 'p521'] as const) {
        const key = keys[name];
        const cr = randomBytes(32);
        const sr = randomBytes(32);
        const ske = await signServerKeyExchange(provider, version, key.priv, undefined, cr, sr, kxFor(name), params());
        t.equal(ske.signature!.algorithm, undefined, 'no algorithm field');
        const data = Buffer.concat([cr, sr, ske.paramsBytes()]);
        t.ok(nodeVerifies(key.nodePublic, undefined, data, ske.signature!.signature, name), `${name} ${version.toString(16)}: MD5||SHA-1 / SHA-1 by node:crypto`);
        const parsed = HandshakeMessage.parse(serialize(ske), { version, keyExchange: kxFor(name) }).body as ServerKeyExchange;
        t.doesNotThrow(() => verifyServerKeyExchange(provider, version, key.pub, parsed, cr, sr, []));
        const garbage = new ServerKeyExchange(kxFor(name), ske.params, new DigitallySigned(undefined, randomBytes(name === 'rsa' ? 256 : 70)));
        t.throws(() => verifyServerKeyExchange(provider, version, key.pub, garbage, cr, sr, []), TLSDecryptError, 'garbage signature');
        const empty = new ServerKeyExchange(kxFor(name), ske.params, new DigitallySigned(undefined, new Uint8Array(0)));
        t.throws(() => verifyServerKeyExchange(provider, version, key.pub, empty, cr, sr, []), TLSDecryptError, 'empty signature');
      }
      await t.rejects(signServerKeyExchange(provider, version, keys.ed25519.priv, undefined, randomBytes(32), randomBytes(32), 'ecdhe_ecdsa', params()), TLSHandshakeFailure, 'no EdDSA before TLS 1.2');
    }
  });

  t.test(`${label}: bad ServerKeyExchange from the peer`, async (t) => {
    const cr = randomBytes(32);
    const sr = randomBytes(32);
    const rsaSke = await signServerKeyExchange(provider, 0x0303, keys.rsa.priv, 0x0804, cr, sr, 'ecdhe_rsa', params());
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.p256.pub, rsaSke, cr, sr, ALL_SCHEMES)), AlertDescription.illegal_parameter, 'an EC certificate in an RSA suite');
    const asPss = new ServerKeyExchange('ecdhe_rsa', rsaSke.params, new DigitallySigned(0x0809, rsaSke.signature!.signature));
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.rsa.pub, asPss, cr, sr, ALL_SCHEMES)), AlertDescription.illegal_parameter, 'rsa_pss_pss with an rsaEncryption key');
    const noAlg = new ServerKeyExchange('ecdhe_rsa', rsaSke.params, new DigitallySigned(undefined, rsaSke.signature!.signature));
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.rsa.pub, noAlg, cr, sr, ALL_SCHEMES)), AlertDescription.illegal_parameter, 'TLS 1.2 without an algorithm');
    const dsa = new ServerKeyExchange('ecdhe_rsa', rsaSke.params, new DigitallySigned(S.dsa_sha256, rsaSke.signature!.signature));
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.rsa.pub, dsa, cr, sr, [...ALL_SCHEMES, S.dsa_sha256])), AlertDescription.illegal_parameter, 'a scheme we cannot verify');
    const ecSke = await signServerKeyExchange(provider, 0x0303, keys.p256.priv, 0x0403, cr, sr, 'ecdhe_ecdsa', params());
    const asSha384 = new ServerKeyExchange('ecdhe_ecdsa', ecSke.params, new DigitallySigned(0x0503, ecSke.signature!.signature));
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.p256.pub, asSha384, cr, sr, ALL_SCHEMES)), AlertDescription.decrypt_error, 'wrong hash named');
    const notDer = new ServerKeyExchange('ecdhe_ecdsa', ecSke.params, new DigitallySigned(0x0403, Uint8Array.of(0x30, 0x02, 0x02, 0x00)));
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0303, keys.p256.pub, notDer, cr, sr, ALL_SCHEMES)), AlertDescription.decrypt_error, 'malformed DER');
    const legacy = await signServerKeyExchange(provider, 0x0301, keys.rsa.priv, undefined, cr, sr, 'ecdhe_rsa', params());
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0301, keys['rsa-pss'].pub, legacy, cr, sr, [])), AlertDescription.illegal_parameter, 'an RSA-PSS certificate before TLS 1.2');
    const edLegacy = new ServerKeyExchange('ecdhe_ecdsa', legacy.params, legacy.signature);
    t.equal(alertOf(() => verifyServerKeyExchange(provider, 0x0302, keys.ed25519.pub, edLegacy, cr, sr, [])), AlertDescription.illegal_parameter, 'an Ed25519 certificate before TLS 1.2');
    const tr = new HandshakeTranscript(provider);
    tr.select(0x0301);
    const cv = new CertificateVerify(new DigitallySigned(undefined, randomBytes(64)));
    t.equal(alertOf(() => verifyCertificateVerify(0x0301, keys.ed448.pub, cv, tr, [])), AlertDescription.illegal_parameter, 'an Ed448 client certificate before TLS 1.2');
    await t.rejects(signServerKeyExchange(provider, 0x0303, keys.rsa.priv, 0x0403, cr, sr, 'ecdhe_rsa', params()), TypeError, 'our own scheme must fit our key');
    await t.rejects(signServerKeyExchange(provider, 0x0303, keys.rsa.priv, undefined, cr, sr, 'ecdhe_rsa', params()), TypeError, 'TLS 1.2 needs a scheme');
  });

  t.test(`${label}: CertificateVerify in every version`, async (t) => {
    const messages = [randomBytes(200), randomBytes(3000), randomBytes(70)];
    const ms = randomBytes(48);
    for (const version of [0x0300, 0x0301, 0x0302, 0x0303]) {
      const tr = new HandshakeTranscript(provider);
      tr.update(messages[0]!);
      tr.select(version, 'sha384');
      tr.update(messages[1]!).update(messages[2]!);
      const all = Buffer.concat(messages);
      for (const [name, key] of Object.entries(keys) as [KeyName, FixtureKey][]) {
        const schemes: (number | undefined)[] = version === 0x0303 ? supportedSignatureSchemes(SETTINGS, key.priv) : [undefined];
        if (version < 0x0303 && !['rsa', 'p256', 'p384', 'p521'].includes(name)) {
          await t.rejects(signCertificateVerify(version, key.priv, undefined, tr, ms), TLSHandshakeFailure, `${name} cannot sign before TLS 1.2`);
          continue;
        }
        for (const scheme of schemes) {
          const what = `${version.toString(16)} ${name} ${scheme === undefined ? 'legacy' : S.nameOf(scheme)}`;
          const cv = await signCertificateVerify(version, key.priv, scheme, tr, ms);
          const sig = cv.signature;
          if (version === 0x0300) {
            // RFC 6101 5.6.8, computed here from the text.
            const inner = (h: string, padLength: number) =>
              hash(h, ms, Buffer.alloc(padLength, 0x5c), hash(h, all, ms, Buffer.alloc(padLength, 0x36)));
            const md5 = inner('md5', 48);
            const sha = inner('sha1', 40);
            if (name === 'rsa') {
              t.equal(toHex(publicDecrypt({ key: key.nodePublic, padding: constants.RSA_PKCS1_PADDING }, sig)), toHex(Buffer.concat([md5, sha])), what);
            } else {
              t.ok(verifyDigest(name, key.pub, sha, sig), `${what}: ECDSA signs sha_hash`);
            }
          } else {
            t.ok(nodeVerifies(key.nodePublic, scheme === undefined ? undefined : signatureSchemeInfo(scheme), all, sig, name), `${what}: node:crypto verifies`);
          }
          const parsed = HandshakeMessage.parse(serialize(cv), { version }).body as CertificateVerify;
          t.doesNotThrow(() => verifyCertificateVerify(version, key.pub, parsed, tr, ALL_SCHEMES, ms), `${what}: we verify`);
          const other = tr.copy();
          other.update(Uint8Array.of(20, 0, 0, 0));
          t.equal(alertOf(() => verifyCertificateVerify(version, key.pub, parsed, other, ALL_SCHEMES, ms)), AlertDescription.decrypt_error, `${what}: other transcript`);
          if (scheme !== undefined) {
            t.equal(alertOf(() => verifyCertificateVerify(version, key.pub, parsed, tr, [S.dsa_sha1], ms)), AlertDescription.illegal_parameter, `${what}: not in our CertificateRequest`);
          }
        }
      }
    }
  });
}

/**
 * ECDSA over a precomputed digest, checked by @noble/curves directly
 * (node:crypto cannot verify a bare 20-byte digest): prehash off, high S
 * allowed, DER.
 */
function verifyDigest(name: KeyName, pub: Key, digest: Uint8Array, sig: Uint8Array): boolean {
  const curve = { p256, p384, p521 }[name as 'p256' | 'p384' | 'p521'];
  return curve.verify(sig, digest, (pub as ECDSAKey).publicPoint, { prehash: false, lowS: false, format: 'der' });
}

t.test('schemeFitsKey', async (t) => {
  const p = providers()[0]!.provider;
  const rsa = loadKey('rsa', p).pub;
  const pss = loadKey('rsa-pss', p).pub;
  t.ok(schemeFitsKey(signatureSchemeInfo(0x0401)!, rsa));
  t.ok(schemeFitsKey(signatureSchemeInfo(0x0804)!, rsa));
  t.notOk(schemeFitsKey(signatureSchemeInfo(0x0809)!, rsa));
  t.notOk(schemeFitsKey(signatureSchemeInfo(0x0804)!, pss));
  t.notOk(schemeFitsKey(signatureSchemeInfo(0x0401)!, pss));
  t.ok(schemeFitsKey(signatureSchemeInfo(0x0809)!, pss));
});
