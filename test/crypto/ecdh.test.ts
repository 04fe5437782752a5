/**
 * ECDH over the NIST curves and X25519/X448: published vectors, a
 * cross-check against node:crypto, and the TLS validation of peer values,
 * on every provider.
 */
import t from 'tap';
import * as crypto from 'node:crypto';
import { providers, algorithm } from './providers.js';
import type { EcdhAlgorithm, EcdhGroupName } from '../../src/crypto/provider.js';
import { ECDH_GROUP_NAMES } from '../../src/crypto/provider.js';
import { bigIntToBytes, concatBytes, fromHex, toHex } from '../../src/crypto/bytes.js';
import { TLSIllegalParameterException } from '../../src/errors.js';

const SECRET_LENGTH: Record<EcdhGroupName, number> = { secp256r1: 32, secp384r1: 48, secp521r1: 66, x25519: 32, x448: 56 };
const PUBLIC_LENGTH: Record<EcdhGroupName, number> = { secp256r1: 65, secp384r1: 97, secp521r1: 133, x25519: 32, x448: 56 };
const NODE_CURVE = { secp256r1: 'prime256v1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' } as const;
const FIELD_PRIME = {
  secp256r1: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  secp384r1: 2n ** 384n - 2n ** 128n - 2n ** 96n + 2n ** 32n - 1n,
  secp521r1: 2n ** 521n - 1n,
};

/** Little-endian encoding of a Montgomery u-coordinate (RFC 7748 5). */
function uBytes(u: bigint, length: number): Uint8Array {
  return bigIntToBytes(u, length).reverse();
}


// RFC 7748 5.2: single scalar multiplications (note the second u has its
// top bit set, which X25519 must ignore).
const RFC7748_5_2 = [
  {
    group: 'x25519' as const,
    scalar: 'a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4',
    u: 'e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c',
    out: 'c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552',
  },
  {
    group: 'x25519' as const,
    scalar: '4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d',
    u: 'e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493',
    out: '95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957',
  },
  {
    group: 'x448' as const,
    scalar: '3d262fddf9ec8e88495266fea19a34d28882acef045104d0d1aae121700a779c984c24f8cdd78fbff44943eba368f54b29259a4f1c600ad3',
    u: '06fce640fa3487bfda5f6cf2d5263f8aad88334cbd07437f020f08f9814dc031ddbdc38c19c6da2583fa5429db94ada18aa7a7fb4ef8a086',
    out: 'ce3e4ff95a60dc6697da1db1d85e6afbdf79b50a2412d7546d5f239fe14fbaadeb445fc66a01b0779d98223961111e21766282f73dd96b6f',
  },
  {
    group: 'x448' as const,
    scalar: '203d494428b8399352665ddca42f9de8fef600908e0d461cb021f8c538345dd77c3e4806e25f46d3315c44e0a5b4371282dd2c8d5be3095f',
    u: '0fbcc2f993cd56d3305b0b7d9e55d4c1a8fb5dbb52f8e9a1e9b6201b165d015894e56c4d3570bee52fe205e28a78b91cdfbde71ce8d157db',
    out: '884a02576239ff7a2f2f63b2db6a9ff37047ac13568e1e30fe63c4a7ad1b3ee3a5700df34321d62077e63633c575c1c954514e99da7c179d',
  },
];

// RFC 7748 6.1 (X25519) and 6.2 (X448): a complete exchange.
const RFC7748_6 = [
  {
    group: 'x25519' as const,
    alicePrivate: '77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a',
    alicePublic: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
    bobPrivate: '5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb',
    bobPublic: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
    shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
  },
  {
    group: 'x448' as const,
    alicePrivate: '9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b',
    alicePublic: '9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0',
    bobPrivate: '1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d',
    bobPublic: '3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609',
    shared: '07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d',
  },
];

// NIST CAVP, KAS ECC CDH primitive test vectors (SP 800-56A, ecccdhtestvectors.zip), COUNT = 0.
const CAVP = [
  {
    group: 'secp256r1' as const,
    peerX: '700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287',
    peerY: 'db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac',
    d: '7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534',
    ourX: 'ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230',
    ourY: '28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141',
    z: '46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b',
  },
  {
    group: 'secp384r1' as const,
    peerX: 'a7c76b970c3b5fe8b05d2838ae04ab47697b9eaf52e764592efda27fe7513272734466b400091adbf2d68c58e0c50066',
    peerY: 'ac68f19f2e1cb879aed43a9969b91a0839c4c38a49749b661efedf243451915ed0905a32b060992b468c64766fc8437a',
    d: '3cc3122a68f0d95027ad38c067916ba0eb8c38894d22e1b15618b6818a661774ad463b205da88cf699ab4d43c9cf98a1',
    ourX: '9803807f2f6d2fd966cdd0290bd410c0190352fbec7ff6247de1302df86f25d34fe4a97bef60cff548355c015dbb3e5f',
    ourY: 'ba26ca69ec2f5b5d9dad20cc9da711383a9dbe34ea3fa5a2af75b46502629ad54dd8b7d73a8abb06a3a3be47d650cc99',
    z: '5f9d29dc5e31a163060356213669c8ce132e22f57c9a04f40ba7fcead493b457e5621e766c40a2e3d4d6a04b25e533f1',
  },
];

/** A node:crypto key pair for `group` as raw TLS values, plus a function deriving the secret with a peer value. */
function nodePeer(group: EcdhGroupName): { publicKey: Uint8Array; derive(peer: Uint8Array): Uint8Array } {
  if (group === 'x25519' || group === 'x448') {
    const { privateKey, publicKey } = group === 'x25519' ? crypto.generateKeyPairSync('x25519') : crypto.generateKeyPairSync('x448');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const prefix = group === 'x25519' ? '302a300506032b656e032100' : '3042300506032b656f033900';
    return {
      publicKey: new Uint8Array(raw),
      derive(peer) {
        const peerKey = crypto.createPublicKey({ key: Buffer.from(concatBytes(fromHex(prefix), peer)), format: 'der', type: 'spki' });
        return new Uint8Array(crypto.diffieHellman({ privateKey, publicKey: peerKey }));
      },
    };
  }
  const ecdh = crypto.createECDH(NODE_CURVE[group]);
  ecdh.generateKeys();
  return { publicKey: new Uint8Array(ecdh.getPublicKey()), derive: (peer) => new Uint8Array(ecdh.computeSecret(peer)) };
}

for (const p of providers()) {
  t.test(`${p.label}: ECDH`, async (t) => {
    /** Asserts that `fn` throws TLSIllegalParameterException (what a peer's bad value must raise). */
    const rejectsAsIllegal = (tt: typeof t, fn: () => unknown, what: string) =>
      tt.throws(fn, TLSIllegalParameterException, what);
    const groups = Object.fromEntries(
      ECDH_GROUP_NAMES.map((name) => [name, algorithm<EcdhAlgorithm>(p, 'ecdh', name)!]),
    ) as Record<EcdhGroupName, EcdhAlgorithm>;

    t.test('sizes', async (t) => {
      for (const name of ECDH_GROUP_NAMES) {
        const g = groups[name];
        t.equal(g.name, name);
        t.equal(g.secretLength, SECRET_LENGTH[name], `${name} secretLength`);
        const pair = g.generate();
        t.equal(pair.publicKey.length, PUBLIC_LENGTH[name], `${name} public value length`);
        if (PUBLIC_LENGTH[name] !== SECRET_LENGTH[name]) t.equal(pair.publicKey[0], 0x04, `${name} public value is uncompressed`);
        t.not(toHex(g.generate().publicKey), toHex(pair.publicKey), `${name} generate() is fresh each time`);
      }
    });

    t.test('RFC 7748 5.2 scalar multiplication', async (t) => {
      for (const v of RFC7748_5_2) {
        const secret = groups[v.group].fromPrivate(fromHex(v.scalar)).computeSecret(fromHex(v.u));
        t.equal(toHex(secret), v.out, `${v.group} ${v.scalar.slice(0, 8)}`);
      }
    });

    t.test('RFC 7748 6.1 / 6.2 Diffie-Hellman', async (t) => {
      for (const v of RFC7748_6) {
        const g = groups[v.group];
        const alice = g.fromPrivate(fromHex(v.alicePrivate));
        const bob = g.fromPrivate(fromHex(v.bobPrivate));
        t.equal(toHex(alice.publicKey), v.alicePublic, `${v.group} Alice's public key`);
        t.equal(toHex(bob.publicKey), v.bobPublic, `${v.group} Bob's public key`);
        t.equal(toHex(alice.computeSecret(bob.publicKey)), v.shared, `${v.group} Alice's secret`);
        t.equal(toHex(bob.computeSecret(alice.publicKey)), v.shared, `${v.group} Bob's secret`);
      }
    });

    t.test('NIST CAVP ECC CDH primitive', async (t) => {
      for (const v of CAVP) {
        const ours = groups[v.group].fromPrivate(fromHex(v.d));
        t.equal(toHex(ours.publicKey), '04' + v.ourX + v.ourY, `${v.group} public point`);
        t.equal(toHex(ours.computeSecret(fromHex('04' + v.peerX + v.peerY))), v.z, `${v.group} Z`);
      }
    });

    t.test('agrees with node:crypto on random keys', async (t) => {
      for (const name of ECDH_GROUP_NAMES) {
        for (let i = 0; i < 4; i++) {
          const ours = groups[name].generate();
          const theirs = nodePeer(name);
          const secret = ours.computeSecret(theirs.publicKey);
          t.equal(secret.length, SECRET_LENGTH[name]);
          t.equal(toHex(secret), toHex(theirs.derive(ours.publicKey)), `${name} #${i}`);
        }
      }
    });

    t.test('NIST secrets keep their leading zeros', async (t) => {
      // Pairs found with node:crypto whose shared x-coordinate starts with
      // a zero byte: the secret stays field-sized (RFC 8422 5.10).
      const cases = [
        {
          group: 'secp256r1' as const,
          d: 'bd83374ed28725946f7f19f8c90ebe480298861b3d234dedb2f3f8d98cf3dedb',
          peer: '0488ea16866dd8f5b1de9d35c1aff03016a60db630aac6e5a72dcd8e6f2786e3ec61bbbd23cf954bd3e29ffddcc45082693c25364fdb823fc5462d8712565d2397',
          z: '00cbbe4dcd2d6bd3be8024192e2d047b16ff13449f814dea83afbf7a077a03c5',
        },
        {
          group: 'secp384r1' as const,
          d: '4baf57b957162418d297fe6096fc9641b7ab23b721b8c0e66931d868b10a19af7b3249dccbece7e1f78e7f130489f534',
          peer:
            '041297b36b82b691ca81d8c878e06af689f975551f02d76f363632d11d87110297dcc42474683b5e600e54bfec8a77db5149f7cb30d793c4bc44a271d85c86e33144ea1b53c92914cee9796184154bdd43845c2311234b48c903906bf24b5e5966',
          z: '00b2f069a3b385bfd00f29bd224225a2692e5e3b70c4828e3a8275bfe2dcb7a9861e8caab5e156e7ab641bd9878a61a8',
        },
      ];
      for (const c of cases) {
        t.equal(toHex(groups[c.group].fromPrivate(fromHex(c.d)).computeSecret(fromHex(c.peer))), c.z, c.group);
      }
      const big = groups.secp521r1.generate().computeSecret(groups.secp521r1.generate().publicKey);
      t.equal(big.length, 66);
      t.ok(big[0]! <= 1, 'P-521 secret is padded to 66 bytes');
    });

    t.test('invalid NIST points are illegal parameters', async (t) => {
      for (const name of ['secp256r1', 'secp384r1', 'secp521r1'] as const) {
        const g = groups[name];
        const ours = g.generate();
        const peer = g.generate().publicKey;
        const size = SECRET_LENGTH[name];
        const x = peer.subarray(1, 1 + size);

        const offCurve = Uint8Array.from(peer);
        offCurve[offCurve.length - 1]! ^= 1;
        rejectsAsIllegal(t, () => ours.computeSecret(offCurve), `${name}: point off the curve`);

        const compressed = concatBytes(Uint8Array.of(0x02 + (peer[peer.length - 1]! & 1)), x);
        rejectsAsIllegal(t, () => ours.computeSecret(compressed), `${name}: compressed point`);

        const hybrid = Uint8Array.from(peer);
        hybrid[0] = 0x06 + (peer[peer.length - 1]! & 1);
        rejectsAsIllegal(t, () => ours.computeSecret(hybrid), `${name}: hybrid point`);

        rejectsAsIllegal(t, () => ours.computeSecret(Uint8Array.of(0x00)), `${name}: infinity`);
        rejectsAsIllegal(t, () => ours.computeSecret(concatBytes(Uint8Array.of(0x04), new Uint8Array(2 * size))), `${name}: (0, 0)`);
        rejectsAsIllegal(t, () => ours.computeSecret(peer.subarray(1)), `${name}: no prefix byte`);
        rejectsAsIllegal(t, () => ours.computeSecret(peer.subarray(0, peer.length - 1)), `${name}: truncated`);
        rejectsAsIllegal(t, () => ours.computeSecret(concatBytes(peer, Uint8Array.of(0))), `${name}: trailing byte`);
        rejectsAsIllegal(t, () => ours.computeSecret(new Uint8Array(0)), `${name}: empty`);

        // x = p (a coordinate outside the field).
        const outside = concatBytes(Uint8Array.of(0x04), bigIntToBytes(FIELD_PRIME[name], size), peer.subarray(1 + size));
        rejectsAsIllegal(t, () => ours.computeSecret(outside), `${name}: x = p`);
        // (x, p - y) is on the curve, (x, 2p - y) is not representable: use (x, y + p) when it fits.
        const y = BigInt('0x' + toHex(peer.subarray(1 + size)));
        if (y + FIELD_PRIME[name] < 2n ** BigInt(8 * size)) {
          const shifted = concatBytes(Uint8Array.of(0x04), x, bigIntToBytes(y + FIELD_PRIME[name], size));
          rejectsAsIllegal(t, () => ours.computeSecret(shifted), `${name}: y + p`);
        }
      }
    });

    t.test('X25519/X448 low-order points give an all-zero secret: illegal parameter', async (t) => {
      const p25519 = 2n ** 255n - 19n;
      const lowOrder25519 = [
        0n,
        1n,
        325606250916557431795983626356110631294008115727848805560023387167927233504n,
        39382357235489614581723060781553021112529911719440698176882885853963445705823n,
        p25519 - 1n,
        p25519,
        p25519 + 1n,
      ];
      const x25519 = groups.x25519.generate();
      for (const u of lowOrder25519) {
        rejectsAsIllegal(t, () => x25519.computeSecret(uBytes(u, 32)), `x25519 u = ${u.toString(16).slice(0, 12)}`);
      }
      // The same points with the (ignored) top bit set.
      const withTopBit = uBytes(lowOrder25519[2]!, 32);
      withTopBit[31]! |= 0x80;
      rejectsAsIllegal(t, () => x25519.computeSecret(withTopBit), 'x25519 low-order point with the top bit set');

      const p448 = 2n ** 448n - 2n ** 224n - 1n;
      const x448 = groups.x448.generate();
      for (const u of [0n, 1n, p448 - 1n, p448, p448 + 1n]) {
        rejectsAsIllegal(t, () => x448.computeSecret(uBytes(u, 56)), `x448 u = ${u.toString(16).slice(0, 12)}`);
      }
    });

    t.test('X25519/X448 wrong lengths are illegal parameters', async (t) => {
      for (const [name, length] of [
        ['x25519', 32],
        ['x448', 56],
      ] as const) {
        const pair = groups[name].generate();
        const peer = groups[name].generate().publicKey;
        for (const bad of [0, 1, length - 1, length + 1, 65]) {
          const value = new Uint8Array(bad);
          value.set(peer.subarray(0, Math.min(bad, length)));
          rejectsAsIllegal(t, () => pair.computeSecret(value), `${name} with ${bad} bytes`);
        }
      }
    });

    t.test('API misuse is a TypeError/RangeError', async (t) => {
      for (const name of ECDH_GROUP_NAMES) {
        const g = groups[name];
        const size = SECRET_LENGTH[name];
        t.throws(() => g.fromPrivate(new Uint8Array(size + 1).fill(1)), RangeError, `${name} private key too long`);
        t.throws(() => g.fromPrivate('00' as unknown as Uint8Array), TypeError, `${name} private key not bytes`);
        t.throws(() => g.generate().computeSecret([4, 1, 2] as unknown as Uint8Array), TypeError, `${name} peer value not bytes`);
      }
      for (const name of ['secp256r1', 'secp384r1', 'secp521r1'] as const) {
        t.throws(() => groups[name].fromPrivate(new Uint8Array(SECRET_LENGTH[name])), `${name} zero scalar`);
        t.throws(() => groups[name].fromPrivate(new Uint8Array(SECRET_LENGTH[name]).fill(0xff)), `${name} scalar above n`);
      }
    });
  });
}
