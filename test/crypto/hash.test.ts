/**
 * Hash functions on every provider: FIPS 180-4 / RFC 1321 known answers,
 * incremental vs one-shot, copy() independence, cross-checks against
 * node:crypto, and argument checks.
 */
import t from 'tap';
import { createHash, randomBytes } from 'node:crypto';
import { providers, algorithm, type NamedProvider } from './providers.js';
import { HASH_NAMES, type HashAlgorithm, type HashName } from '../../src/crypto/provider.js';
import { toHex } from '../../src/crypto/bytes.js';

const text = (s: string) => new TextEncoder().encode(s);

/** Digest sizes and block sizes (FIPS 180-4 table 1, RFC 1321). */
const SIZES: Record<HashName, [number, number]> = {
  md5: [16, 64],
  sha1: [20, 64],
  sha224: [28, 64],
  sha256: [32, 64],
  sha384: [48, 128],
  sha512: [64, 128],
};

const ABC = 'abc';
// FIPS 180-4 examples: the two-block message for 512-bit-block hashes...
const M448 = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
// ...and the 896-bit one for SHA-384/512.
const M896 =
  'abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu';

/** Known answers: [message, digest]. Sources: RFC 1321 A.5 (MD5); NIST FIPS 180 examples (SHA). */
const VECTORS: Record<HashName, [string, string][]> = {
  md5: [
    ['', 'd41d8cd98f00b204e9800998ecf8427e'],
    ['a', '0cc175b9c0f1b6a831c399e269772661'],
    [ABC, '900150983cd24fb0d6963f7d28e17f72'],
    ['message digest', 'f96b697d7cb7938d525a2f31aaf161d0'],
    ['abcdefghijklmnopqrstuvwxyz', 'c3fcd3d76192e4007dfb496cca67e13b'],
    ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'd174ab98d277d9f5a5611c2c9f419d9f'],
    ['1234567890'.repeat(8), '57edf4a22be3c955ac49da2e2107b67a'],
  ],
  sha1: [
    [ABC, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    [M448, '84983e441c3bd26ebaae4aa1f95129e5e54670f1'],
  ],
  sha224: [
    [ABC, '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7'],
    [M448, '75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525'],
  ],
  sha256: [
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    [ABC, 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [M448, '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ],
  sha384: [
    [ABC, 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7'],
    [M896, '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039'],
  ],
  sha512: [
    [
      ABC,
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ],
    [
      M896,
      '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909',
    ],
  ],
};

/** The FIPS 180 "one million a" messages (and MD5 of the same, from node:crypto as an independent check). */
const MILLION_A: Record<HashName, string> = {
  md5: '7707d6ae4e027c70eea2a935c2296f21',
  sha1: '34aa973cd4c4daa4f61eeb2bdbad27316534016f',
  sha224: '20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67',
  sha256: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0',
  sha384: '9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985',
  sha512:
    'e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973ebde0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b',
};

const LENGTHS = [0, 1, 15, 16, 17, 55, 56, 63, 64, 65, 111, 112, 127, 128, 129, 256, 16385];

function hashOf(p: NamedProvider, name: HashName): HashAlgorithm {
  return algorithm<HashAlgorithm>(p, 'hashes', name)!;
}

function nodeHash(name: HashName, data: Uint8Array): string {
  return createHash(name).update(data).digest('hex');
}

for (const p of providers()) {
  t.test(`${p.label} provider`, async (t) => {
    for (const name of HASH_NAMES) {
      t.test(name, async (t) => {
        const h = hashOf(p, name);
        t.equal(h.name, name, 'name');
        if (p.label !== 'default') t.equal(h.implementation, p.label, 'implementation');
        t.same([h.outputLength, h.blockLength], SIZES[name], 'output and block lengths');

        for (const [message, digest] of VECTORS[name]) {
          t.equal(toHex(h.digest(text(message))), digest, `one-shot ${JSON.stringify(message.slice(0, 20))}`);
          // The same message one byte at a time exercises every buffering path.
          const inc = h.create();
          for (const byte of text(message)) inc.update(new Uint8Array([byte]));
          t.equal(toHex(inc.digest()), digest, 'byte by byte');
        }

        const chunk = new Uint8Array(1000).fill(0x61);
        const million = h.create();
        for (let i = 0; i < 1000; i++) million.update(chunk);
        t.equal(toHex(million.digest()), MILLION_A[name], "one million 'a' in 1000-byte updates");

        for (const length of LENGTHS) {
          const data = randomBytes(length);
          const want = nodeHash(name, data);
          t.equal(toHex(h.digest(data)), want, `digest of ${length} random bytes matches node:crypto`);
          const cut = Math.floor(Math.random() * (length + 1));
          const inc = h.create().update(data.subarray(0, cut)).update(data.subarray(cut));
          t.equal(toHex(inc.digest()), want, `incremental split at ${cut}/${length}`);
          t.equal(toHex(h.digest(data.subarray(0, cut), new Uint8Array(0), data.subarray(cut))), want, 'digest(...parts)');
        }
        t.equal(toHex(h.digest()), nodeHash(name, new Uint8Array(0)), 'digest() of no parts is the empty digest');

        // copy(): transcript hashes fork the state and keep going.
        const a = randomBytes(100);
        const b = randomBytes(77);
        const c = randomBytes(200);
        const base = h.create().update(a);
        const fork = base.copy();
        base.update(b);
        const fork2 = fork.copy();
        fork.update(c);
        t.equal(toHex(fork2.digest()), nodeHash(name, a), 'a copy of a copy keeps the state at copy time');
        t.equal(toHex(base.digest()), nodeHash(name, Buffer.concat([a, b])), 'original unaffected by the copy');
        t.equal(toHex(fork.digest()), nodeHash(name, Buffer.concat([a, c])), 'copy unaffected by the original');

        // snapshot(): a transcript hash at one point, the state carrying on.
        const running = h.create();
        t.equal(toHex(running.snapshot()), nodeHash(name, new Uint8Array(0)), 'snapshot() of nothing is the empty digest');
        running.update(a);
        t.equal(toHex(running.snapshot()), nodeHash(name, a), 'snapshot() is the digest so far');
        t.equal(toHex(running.snapshot()), nodeHash(name, a), 'twice, the same');
        running.update(b);
        t.equal(toHex(running.digest()), nodeHash(name, Buffer.concat([a, b])), 'the state carried on after snapshot()');

        const chained = h.create();
        t.equal(chained.update(a), chained, 'update() returns this');

        t.throws(() => h.digest('abc' as unknown as Uint8Array), TypeError, 'digest() rejects a string');
        t.throws(() => h.create().update([1, 2, 3] as unknown as Uint8Array), TypeError, 'update() rejects an array');
        t.throws(() => h.create().update('abc' as unknown as Uint8Array), /data/, 'the error names the parameter');
        t.equal(toHex(h.digest(Buffer.from('abc'))), nodeHash(name, text('abc')), 'a Buffer is a Uint8Array');
      });
    }
  });
}
