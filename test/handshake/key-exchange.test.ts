/**
 * Key exchanges of SSLv3-TLS 1.2 on every provider: the client and
 * server halves agree for every curve and FFDHE group and for RSA; each
 * half agrees with node:crypto playing the other; group and curve
 * negotiation (RFC 7919, RFC 8422); and bad peer values get the right
 * alert (illegal_parameter, insufficient_security, handshake_failure).
 */
import t from 'tap';
import {
  constants,
  createDiffieHellman,
  createECDH,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  privateDecrypt,
} from 'node:crypto';
import {
  checkPeerKeySize,
  chooseCurve,
  chooseDhGroup,
  clientKeyExchange,
  dhClientKeyShare,
  dhServerKeyShare,
  ecdhClientKeyShare,
  ecdhServerKeyShare,
  keyExchangeUsable,
  makeServerKeyExchange,
  rsaClientKeyShare,
  rsaServerPremaster,
  serverKeyShare,
  serverPremaster,
  type KeyExchangeSettings,
} from '../../src/handshake/key-exchange/index.js';
import { chooseSignatureScheme, supportedSignatureSchemes, verifyServerKeyExchange } from '../../src/handshake/signatures.js';
import { AlertDescription, GroupName as G } from '../../src/constants.js';
import { alertFor, TLSHandshakeFailure } from '../../src/errors.js';
import { bigIntToBytes, bytesToBigInt, toHex } from '../../src/crypto/bytes.js';
import { FFDHE2048, FFDHE3072, RFC7919_GROUPS, MODP2048 } from '../../src/crypto/ffdhe.js';
import type { EcdhGroupName } from '../../src/crypto/provider.js';
import { RSAKey } from '../../src/crypto/rsa/key.js';
import { ClientKeyExchange } from '../../src/messages/client-key-exchange.js';
import { HandshakeMessage, serialize } from '../../src/messages/handshake-message.js';
import type { DHParams, ECDHParams, ServerKeyExchange } from '../../src/messages/server-key-exchange.js';
import type { KeyExchangeName } from '../../src/suites.js';
import { HandshakeSettings } from '../../src/settings.js';
import { loadKey, providers, randomBytes } from './helpers.js';

const SETTINGS: KeyExchangeSettings = {
  dhGroups: ['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192'],
  dhParams: null,
  eccCurves: ['x25519', 'x448', 'secp384r1', 'secp256r1', 'secp521r1'],
  defaultCurve: 'secp256r1',
  minKeySize: 1023,
  maxKeySize: 8193,
};
const CURVES: [EcdhGroupName, number, number][] = [
  ['secp256r1', G.secp256r1, 32],
  ['secp384r1', G.secp384r1, 48],
  ['secp521r1', G.secp521r1, 66],
  ['x25519', G.x25519, 32],
  ['x448', G.x448, 56],
];
const NODE_CURVE: Record<string, string> = { secp256r1: 'prime256v1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' };
const ALL_GROUPS = [...CURVES.map((c) => c[1]), G.ffdhe2048, G.ffdhe3072, G.ffdhe4096, G.ffdhe6144, G.ffdhe8192];

const alertOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
  } catch (e) {
    return alertFor(e);
  }
  return undefined;
};
const strip = (b: Uint8Array) => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return toHex(b.subarray(i));
};

t.test('HandshakeSettings fits KeyExchangeSettings', async (t) => {
  const s: KeyExchangeSettings = new HandshakeSettings().validate();
  t.equal(chooseCurve(undefined, s), G.secp256r1, 'seed default curve');
  t.equal(chooseDhGroup(undefined, s)?.name, 'ffdhe2048');
});

t.test('RFC 7919 group choice', async (t) => {
  t.equal(chooseDhGroup([G.x25519, G.ffdhe3072, G.ffdhe2048], SETTINGS)?.name, 'ffdhe3072', "the client's first FFDHE group we accept");
  t.equal(chooseDhGroup([G.ffdhe8192, G.ffdhe2048], { ...SETTINGS, dhGroups: ['ffdhe2048'] })?.name, 'ffdhe2048');
  t.equal(chooseDhGroup([G.ffdhe8192], { ...SETTINGS, dhGroups: ['ffdhe2048'] }), undefined, 'FFDHE offered, none ours: no DHE (RFC 7919 4)');
  t.equal(chooseDhGroup([0x1ff], SETTINGS), undefined, 'an unknown FFDHE code point counts as an offer');
  t.equal(chooseDhGroup([G.x25519], SETTINGS)?.name, 'ffdhe2048', 'no FFDHE group named: our default');
  t.equal(chooseDhGroup(undefined, SETTINGS)?.p, FFDHE2048.p);
  const custom = { p: MODP2048.p, g: 2n };
  t.same(chooseDhGroup(undefined, { ...SETTINGS, dhParams: custom }), custom, 'dhParams when nothing is negotiated');
  t.equal(chooseDhGroup([G.ffdhe4096], { ...SETTINGS, dhParams: custom })?.name, 'ffdhe4096', 'negotiation wins over dhParams');
  t.same(chooseDhGroup([G.ffdhe4096], { ...SETTINGS, dhGroups: [], dhParams: custom }), custom, 'empty dhGroups: RFC 7919 off, as the seed');
});

t.test('curve choice', async (t) => {
  t.equal(chooseCurve(undefined, SETTINGS), G.secp256r1, 'no extension: defaultCurve');
  t.equal(chooseCurve(undefined, { ...SETTINGS, defaultCurve: 'x448' }), G.x448);
  t.equal(chooseCurve([G.secp521r1, G.x25519], SETTINGS), G.secp521r1, "the client's order");
  t.equal(chooseCurve([G.secp256k1, G.brainpoolP256r1, G.x25519], SETTINGS), G.x25519, 'unknown curves skipped');
  t.equal(chooseCurve([G.secp384r1], { ...SETTINGS, eccCurves: ['x25519'] }), undefined, 'none in common');
  t.equal(chooseCurve([G.ffdhe2048], SETTINGS), undefined, 'an FFDHE group is not a curve');
  t.ok(keyExchangeUsable('rsa', [], SETTINGS));
  t.notOk(keyExchangeUsable('ecdhe_rsa', [G.ffdhe2048], SETTINGS));
  t.ok(keyExchangeUsable('dhe_rsa', [G.x25519], SETTINGS));
  t.notOk(keyExchangeUsable('dh_anon', [G.ffdhe8192], { ...SETTINGS, dhGroups: ['ffdhe2048'] }));
  t.notOk(keyExchangeUsable('srp_sha', [], SETTINGS), 'not implemented here');
  const p = providers()[0]!.provider;
  t.throws(() => serverKeyShare(p, 'ecdhe_ecdsa', [G.secp256k1], SETTINGS), TLSHandshakeFailure);
  t.throws(() => serverKeyShare(p, 'dhe_rsa', [G.ffdhe8192], { ...SETTINGS, dhGroups: ['ffdhe2048'] }), TLSHandshakeFailure);
  t.equal(serverKeyShare(p, 'rsa', undefined, SETTINGS), undefined, 'RSA has no ServerKeyExchange');
});

for (const { label, provider } of providers()) {
  t.test(`${label}: ECDH, every curve, both halves and against node:crypto`, async (t) => {
    for (const [name, id, length] of CURVES) {
      const server = ecdhServerKeyShare(provider, id);
      const params = server.params as ECDHParams;
      t.equal(params.namedCurve, id);
      const client = ecdhClientKeyShare(provider, params, ALL_GROUPS);
      const premaster = server.premaster(client.value);
      t.equal(premaster.length, length, `${name}: premaster length (RFC 8422 5.10)`);
      t.equal(toHex(premaster), toHex(client.premaster), `${name}: both halves agree`);
      // node:crypto as the other party.
      let nodePublic: Uint8Array;
      let nodeSecretWithServer: Uint8Array;
      let nodeSecretWithClient: Uint8Array;
      if (NODE_CURVE[name]) {
        const ecdh = createECDH(NODE_CURVE[name]!);
        nodePublic = ecdh.generateKeys();
        nodeSecretWithServer = ecdh.computeSecret(params.point);
        const c2 = ecdhServerKeyShare(provider, id);
        nodeSecretWithClient = ecdh.computeSecret((c2.params as ECDHParams).point);
        t.equal(toHex(c2.premaster(nodePublic)), toHex(nodeSecretWithClient), `${name}: node:crypto as client`);
      } else {
        const type = name as 'x25519' | 'x448';
        const pair = type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
        nodePublic = Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url');
        const peer = createPublicKey({ key: { kty: 'OKP', crv: type === 'x25519' ? 'X25519' : 'X448', x: Buffer.from(params.point).toString('base64url') }, format: 'jwk' });
        nodeSecretWithServer = diffieHellman({ privateKey: pair.privateKey, publicKey: peer });
      }
      t.equal(toHex(server.premaster(nodePublic)), toHex(nodeSecretWithServer), `${name}: node:crypto as client of our server`);
    }
  });

  t.test(`${label}: bad ECDH values from the peer`, async (t) => {
    for (const [name, id] of CURVES) {
      const server = ecdhServerKeyShare(provider, id);
      const params = server.params as ECDHParams;
      const good = ecdhClientKeyShare(provider, params, [id]).value;
      t.equal(alertOf(() => ecdhClientKeyShare(provider, params, ALL_GROUPS.filter((g) => g !== id))), AlertDescription.illegal_parameter, `${name}: a curve we did not offer`);
      const bads: [string, Uint8Array][] = [
        ['empty', new Uint8Array(0)],
        ['one byte short', good.subarray(1)],
        ['one byte long', Uint8Array.of(...good, 0)],
      ];
      if (name.startsWith('secp')) {
        const offCurve = Uint8Array.from(good);
        offCurve[offCurve.length - 1]! ^= 1;
        const compressed = Uint8Array.of(2 + (good[good.length - 1]! & 1), ...good.subarray(1, 1 + (good.length - 1) / 2));
        bads.push(['off the curve', offCurve], ['compressed', compressed], ['infinity', Uint8Array.of(0)]);
      } else {
        bads.push(['all zeros (low order)', new Uint8Array(good.length)]);
        if (name === 'x25519') bads.push(['order-8 point', Uint8Array.from(Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex'))]);
      }
      for (const [what, value] of bads) {
        t.equal(alertOf(() => server.premaster(value)), AlertDescription.illegal_parameter, `${name} server: ${what}`);
        const forged: ECDHParams = { ...params, point: value };
        t.equal(alertOf(() => ecdhClientKeyShare(provider, forged, [id])), AlertDescription.illegal_parameter, `${name} client: ${what}`);
      }
    }
  });

  t.test(`${label}: FFDHE, every group, both halves and against node:crypto`, async (t) => {
    for (const group of [...RFC7919_GROUPS, MODP2048]) {
      // The big groups cost seconds in pure BigInt: both halves there, node:crypto on the smaller ones.
      const server = dhServerKeyShare(provider, { p: group.p, g: group.g });
      const params = server.params as DHParams;
      t.equal(bytesToBigInt(params.p), group.p);
      t.equal(params.ys.length, group.bits / 8, 'Ys padded to the length of p');
      const client = dhClientKeyShare(provider, params, SETTINGS);
      const premaster = server.premaster(client.value);
      t.equal(toHex(premaster), toHex(client.premaster), `${group.name}: both halves agree`);
      t.not(premaster[0], 0, 'leading zeros stripped (RFC 5246 8.1.2)');
      if (group.bits <= 3072 || label !== 'pure') {
        const dh = createDiffieHellman(bigIntToBytes(group.p), bigIntToBytes(group.g));
        const nodePublic = dh.generateKeys();
        t.equal(toHex(server.premaster(nodePublic)), strip(dh.computeSecret(params.ys)), `${group.name}: node:crypto as client`);
        const nodeServer = createDiffieHellman(bigIntToBytes(group.p), bigIntToBytes(group.g));
        const nodeYs = nodeServer.generateKeys();
        const ours = dhClientKeyShare(provider, { kind: 'dh', p: params.p, g: params.g, ys: nodeYs }, SETTINGS);
        t.equal(toHex(ours.premaster), strip(nodeServer.computeSecret(ours.value)), `${group.name}: node:crypto as server`);
      }
    }
  });

  t.test(`${label}: bad DH values from the peer`, async (t) => {
    const p = FFDHE2048.p;
    const server = dhServerKeyShare(provider, FFDHE2048);
    const params = server.params as DHParams;
    const len = 256;
    for (const [what, y] of [
      ['0', 0n],
      ['1', 1n],
      ['p - 1', p - 1n],
      ['p', p],
      ['p + 1', p + 1n],
    ] as const) {
      const value = bigIntToBytes(y, y >= 1n << 2048n ? 257 : len);
      t.equal(alertOf(() => server.premaster(value)), AlertDescription.illegal_parameter, `server: Yc = ${what}`);
      t.equal(alertOf(() => dhClientKeyShare(provider, { ...params, ys: value }, SETTINGS)), AlertDescription.illegal_parameter, `client: Ys = ${what}`);
    }
    t.equal(alertOf(() => server.premaster(new Uint8Array(0))), AlertDescription.illegal_parameter, 'empty Yc');
    for (const [what, g] of [['1', 1n], ['p - 1', p - 1n], ['0', 0n]] as const) {
      t.equal(alertOf(() => dhClientKeyShare(provider, { ...params, g: bigIntToBytes(g, 1 + (g > 255n ? 255 : 0)) }, SETTINGS)), AlertDescription.illegal_parameter, `g = ${what}`);
    }
    t.equal(alertOf(() => dhClientKeyShare(provider, { ...params, p: bigIntToBytes(p + 1n) }, SETTINGS)), AlertDescription.illegal_parameter, 'even p');
    // RFC 7919-era minimum: a 1022-bit p is refused before any work.
    const small = bigIntToBytes((1n << 1021n) + 1n);
    t.equal(alertOf(() => dhClientKeyShare(provider, { ...params, p: small }, SETTINGS)), AlertDescription.insufficient_security, 'p below minKeySize');
    t.equal(alertOf(() => dhClientKeyShare(provider, params, { minKeySize: 2049, maxKeySize: 8193 })), AlertDescription.insufficient_security, 'ffdhe2048 below minKeySize 2049');
    const big = dhServerKeyShare(provider, FFDHE3072).params as DHParams;
    t.equal(alertOf(() => dhClientKeyShare(provider, big, { minKeySize: 1023, maxKeySize: 2048 })), AlertDescription.handshake_failure, 'p above maxKeySize');
  });

  t.test(`${label}: RSA premaster, both halves and the padding checked with node:crypto`, async (t) => {
    const key = loadKey('rsa', provider);
    const priv = key.priv as RSAKey;
    for (const version of [0x0300, 0x0301, 0x0303]) {
      const share = rsaClientKeyShare(provider, key.pub, version);
      t.equal(share.premaster.length, 48);
      t.same([share.premaster[0], share.premaster[1]], [version >> 8, version & 0xff], 'client_version first (RFC 5246 7.4.7.1)');
      t.equal(share.value.length, 256);
      const em = privateDecrypt({ key: key.nodePrivate, padding: constants.RSA_NO_PADDING }, share.value);
      t.same([em[0], em[1], em[256 - 49]], [0, 2, 0], 'PKCS#1 v1.5 type 2');
      t.notOk(em.subarray(2, 256 - 49).includes(0), 'nonzero padding');
      t.equal(toHex(em.subarray(256 - 48)), toHex(share.premaster));
      t.equal(toHex(await rsaServerPremaster(priv, share.value, version)), toHex(share.premaster), `${version.toString(16)}: server recovers it`);
      const rolledBack = await rsaServerPremaster(priv, share.value, 0x0303 + (version === 0x0303 ? -1 : 0));
      t.equal(rolledBack.length, 48, 'a version mismatch still yields 48 bytes');
      if (version !== 0x0303) t.notSame(rolledBack, share.premaster, 'but not the premaster');
      const garbage = await rsaServerPremaster(priv, randomBytes(256), version);
      t.equal(garbage.length, 48, 'garbage: a random premaster, no error');
      const short = await rsaServerPremaster(priv, randomBytes(10), version);
      t.equal(short.length, 48, 'a short ciphertext: the same');
    }
    t.equal(alertOf(() => rsaClientKeyShare(provider, loadKey('rsa-pss', provider).pub, 0x0303)), AlertDescription.illegal_parameter, 'RSA-PSS certificates cannot encrypt');
    t.equal(alertOf(() => rsaClientKeyShare(provider, loadKey('p256', provider).pub, 0x0303)), AlertDescription.illegal_parameter, 'nor EC ones');
  });

  t.test(`${label}: whole exchanges through the message codecs`, async (t) => {
    const rsa = loadKey('rsa', provider);
    const ec = loadKey('p256', provider);
    const sig = { rsaSigHashes: ['sha256', 'sha1'], rsaSchemes: ['pss', 'pkcs1'], ecdsaSigHashes: ['sha256', 'sha1'] };
    const cases: [KeyExchangeName, number, readonly number[] | undefined][] = [
      ['rsa', 0x0300, undefined],
      ['rsa', 0x0301, undefined],
      ['rsa', 0x0303, undefined],
      ['dhe_rsa', 0x0300, undefined],
      ['dhe_rsa', 0x0302, [G.ffdhe2048]],
      ['dhe_rsa', 0x0303, [G.x25519, G.ffdhe3072]],
      ['ecdhe_rsa', 0x0301, [G.secp256r1]],
      ['ecdhe_rsa', 0x0303, [G.x25519, G.secp256r1]],
      ['ecdhe_ecdsa', 0x0303, [G.x448]],
      ['ecdhe_ecdsa', 0x0302, undefined],
      ['dh_anon', 0x0303, undefined],
      ['ecdh_anon', 0x0301, [G.secp384r1]],
    ];
    for (const [kx, version, clientGroups] of cases) {
      const what = `${kx} ${version.toString(16)} ${clientGroups?.map((g) => G.nameOf(g)).join(',') ?? 'no groups'}`;
      const key = kx === 'ecdhe_ecdsa' ? ec : kx.endsWith('anon') ? undefined : rsa;
      const cr = randomBytes(32);
      const sr = randomBytes(32);
      const clientVersion = 0x0303;
      // Server.
      const share = serverKeyShare(provider, kx, clientGroups, SETTINGS);
      let skeBytes: Uint8Array | undefined;
      if (share) {
        const scheme = version >= 0x0303 && key ? chooseSignatureScheme(sig, key.priv, supportedSignatureSchemes(sig)) : undefined;
        const ske = await makeServerKeyExchange(provider, version, kx, share, key?.priv, scheme, cr, sr);
        t.equal(ske.signature === undefined, kx.endsWith('anon'), `${what}: signed unless anonymous`);
        skeBytes = serialize(ske);
      }
      // Client.
      const ctx = { version, keyExchange: kx };
      const ske = skeBytes ? (HandshakeMessage.parse(skeBytes, ctx).body as ServerKeyExchange) : undefined;
      if (ske?.signature) verifyServerKeyExchange(provider, version, key!.pub, ske, cr, sr, supportedSignatureSchemes(sig));
      const offered = clientGroups ?? ALL_GROUPS;
      const { message, premaster } = clientKeyExchange(provider, version, kx, {
        serverKeyExchange: ske,
        serverKey: key?.pub,
        clientVersion,
        offeredGroups: offered,
        limits: SETTINGS,
      });
      const cke = HandshakeMessage.parse(serialize(message), ctx).body as ClientKeyExchange;
      if (kx === 'rsa') t.equal(serialize(message).length, 4 + 256 + (version === 0x0300 ? 0 : 2), `${what}: SSLv3 has no length before the ciphertext`);
      // Server again.
      const serverSecret = await serverPremaster(kx, share, cke, key?.priv, clientVersion);
      t.equal(toHex(serverSecret), toHex(premaster), `${what}: same premaster`);
    }
    t.equal(
      alertOf(() => clientKeyExchange(provider, 0x0303, 'ecdhe_rsa', { clientVersion: 0x0303, offeredGroups: ALL_GROUPS, limits: SETTINGS })),
      AlertDescription.unexpected_message,
      'ECDHE without a ServerKeyExchange',
    );
    const dhShare = serverKeyShare(provider, 'dh_anon', undefined, SETTINGS)!;
    const dhSke = await makeServerKeyExchange(provider, 0x0303, 'dh_anon', dhShare, undefined, undefined, randomBytes(32), randomBytes(32));
    t.equal(
      alertOf(() => clientKeyExchange(provider, 0x0303, 'ecdh_anon', { serverKeyExchange: dhSke, clientVersion: 0x0303, offeredGroups: ALL_GROUPS, limits: SETTINGS })),
      AlertDescription.unexpected_message,
      'DH parameters in an ECDH exchange',
    );
    await t.rejects(makeServerKeyExchange(provider, 0x0303, 'dhe_rsa', dhShare, undefined, undefined, randomBytes(32), randomBytes(32)), TypeError, 'a signed exchange needs a key');
  });
}

t.test('pure: DH premasters lose their leading zero bytes (RFC 5246 8.1.2), both halves', async (t) => {
  // A 64-bit prime makes a secret with a leading zero byte (1 in 256)
  // cheap to find; the pure provider accepts any p from 2^16.
  const { provider } = providers().find((p) => p.label === 'pure')!;
  const p = (1n << 64n) - 59n;
  const limits = { minKeySize: 0, maxKeySize: 8193 };
  let seen = 0;
  let disagreements = 0;
  let leadingZeros = 0;
  for (let i = 0; i < 5000 && seen < 3; i++) {
    const server = dhServerKeyShare(provider, { p, g: 5n });
    const client = dhClientKeyShare(provider, server.params as DHParams, limits);
    const premaster = server.premaster(client.value);
    if (toHex(premaster) !== toHex(client.premaster)) disagreements++;
    if (premaster[0] === 0) leadingZeros++;
    if (premaster.length < 8) seen++;
  }
  t.equal(seen, 3, 'found secrets shorter than p (they had leading zero bytes)');
  t.equal(leadingZeros, 0, 'no premaster starts with a zero byte');
  t.equal(disagreements, 0, 'both halves agree, stripped alike');
});

t.test('peer key size limits (the seed: handshake_failure)', async (t) => {
  const p = providers()[0]!.provider;
  const rsa = loadKey('rsa', p).pub;
  t.doesNotThrow(() => checkPeerKeySize(rsa, SETTINGS));
  t.equal(alertOf(() => checkPeerKeySize(rsa, { minKeySize: 2049, maxKeySize: 8193 })), AlertDescription.handshake_failure);
  t.equal(alertOf(() => checkPeerKeySize(rsa, { minKeySize: 1023, maxKeySize: 2047 })), AlertDescription.handshake_failure);
  t.doesNotThrow(() => checkPeerKeySize(loadKey('p256', p).pub, { minKeySize: 4096, maxKeySize: 8193 }), 'EC keys are not measured in RSA bits');
});
