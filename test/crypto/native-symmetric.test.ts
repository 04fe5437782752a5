/**
 * What only the native symmetric half has to prove (the provider-generic
 * tests cover the algorithms' answers): `out` may alias or overlap the
 * input; a wrong `out` is refused before anything is written; one key
 * object (one OpenSSL context per direction, re-initialised per record)
 * gives the same results as fresh ones, however seals and opens
 * interleave; CBC chains across calls; RC4 comes from the addon's own
 * legacy context without touching node:crypto's; the small-buffer
 * staging keeps results independent; the raw addon answers garbage
 * with TypeError/RangeError, never a crash, and refuses a handle of the
 * wrong kind; and handles are collected.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { addonPath, nativeLoadError, nativeProvider } from '../../src/crypto/native/index.js';
import { binding } from '../../src/crypto/native/addon.js';
import { pureProvider } from '../../src/crypto/pure/index.js';
import {
  AEAD_NAMES,
  BLOCK_CIPHER_NAMES,
  HASH_NAMES,
  type AeadAlgorithm,
  type BlockCipherAlgorithm,
  type HashAlgorithm,
  type HmacAlgorithm,
  type PartialCryptoProvider,
  type StreamCipherAlgorithm,
} from '../../src/crypto/provider.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

if (!nativeProvider || !addonPath) {
  if (process.env['CI'] || process.env['TLSLITE_REQUIRE_NATIVE']) throw new Error(`the addon must load: ${nativeLoadError}`);
  t.plan(0, `the native addon did not load: ${nativeLoadError}`);
} else {
  run(nativeProvider, addonPath);
}

function bytes(n: number): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** Lengths around the small-buffer threshold (64), the AES block, and a maximal TLS record. */
const LENGTHS = [0, 1, 15, 16, 17, 47, 48, 49, 64, 65, 300, 16385];

function run(native: PartialCryptoProvider, path: string): void {
  const aead = (name: string) => native.aeads[name as keyof typeof native.aeads] as AeadAlgorithm;
  const pureAead = (name: string) => pureProvider.aeads[name as keyof typeof pureProvider.aeads] as AeadAlgorithm;

  t.test('every symmetric algorithm is native here (Node 20, OpenSSL 3.0)', async (t) => {
    for (const name of HASH_NAMES) {
      t.equal(native.hashes[name]?.implementation, 'native', `hashes.${name}`);
      t.equal(native.hmacs[name]?.implementation, 'native', `hmacs.${name}`);
    }
    for (const name of AEAD_NAMES) t.equal(native.aeads[name]?.implementation, 'native', `aeads.${name}`);
    for (const name of BLOCK_CIPHER_NAMES) t.equal(native.blockCiphers[name]?.implementation, 'native', `blockCiphers.${name}`);
    t.equal(native.random?.implementation, 'native', 'random');
    t.equal(native.streamCiphers.null?.implementation, 'native', 'null is implemented in TypeScript inside the native provider');
    const missing = Object.keys(native.missing ?? {}).filter((k) => /^(hashes|hmacs|aeads|blockCiphers|streamCiphers|random)/.test(k));
    // RC4 may legitimately be absent (no legacy provider); then the reason must say so.
    if (native.streamCiphers.rc4) t.same(missing, [], 'nothing symmetric is missing');
    else t.match(native.missing?.['streamCiphers.rc4'], /legacy|RC4/, 'RC4 is absent and says why');
  });

  t.test('AEAD: native agrees with pure on random inputs of odd lengths (CCM with an empty message too)', async (t) => {
    for (const name of AEAD_NAMES) {
      const alg = aead(name);
      const key = bytes(alg.keyLength);
      const n = alg.key(key);
      const p = pureAead(name).key(key);
      for (const length of LENGTHS) {
        for (const aadLength of [0, 5, 13, 70]) {
          const nonce = bytes(12);
          const aad = bytes(aadLength);
          const plaintext = bytes(length);
          const sealed = n.seal(nonce, aad, plaintext);
          t.equal(toHex(sealed), toHex(p.seal(nonce, aad, plaintext)), `${name} seal ${length}/${aadLength}`);
          const opened = p.open(nonce, aad, sealed);
          t.ok(opened && toHex(opened) === toHex(plaintext), `${name} pure opens native ${length}/${aadLength}`);
        }
      }
    }
  });

  t.test('AEAD: in-place seal and open with an aliased out', async (t) => {
    for (const name of AEAD_NAMES) {
      const alg = aead(name);
      const k = alg.key(bytes(alg.keyLength));
      for (const length of LENGTHS) {
        const nonce = bytes(12);
        const aad = bytes(13);
        const plaintext = bytes(length);
        const expected = toHex(k.seal(nonce, aad, plaintext));
        const buf = new Uint8Array(length + alg.tagLength);
        buf.set(plaintext);
        const sealed = k.seal(nonce, aad, buf.subarray(0, length), buf);
        t.equal(sealed, buf, `${name} ${length}: seal returns out`);
        t.equal(toHex(buf), expected, `${name} ${length}: sealed in place`);
        const opened = k.open(nonce, aad, buf, buf.subarray(0, length));
        t.ok(opened !== null && opened.buffer === buf.buffer && opened.byteOffset === 0, `${name} ${length}: open returns out`);
        t.equal(toHex(buf.subarray(0, length)), toHex(plaintext), `${name} ${length}: opened in place`);
      }
    }
  });

  t.test('AEAD: out partly overlapping the input (shifted by a few bytes) still works', async (t) => {
    for (const name of ['aes128gcm', 'chacha20-poly1305', 'aes128ccm_8']) {
      const alg = aead(name);
      const k = alg.key(bytes(alg.keyLength));
      for (const length of [20, 300]) {
        const nonce = bytes(12);
        const aad = bytes(13);
        const plaintext = bytes(length);
        const expected = toHex(k.seal(nonce, aad, plaintext));
        const buf = new Uint8Array(length + alg.tagLength + 5);
        buf.set(plaintext, 5); // the plaintext sits 5 bytes after where the output goes
        k.seal(nonce, aad, buf.subarray(5, 5 + length), buf.subarray(0, length + alg.tagLength));
        t.equal(toHex(buf.subarray(0, length + alg.tagLength)), expected, `${name} ${length}: shifted seal`);
        // and open from offset 0 into offset 3 (the output overlaps the tag region too)
        const opened = k.open(nonce, aad, buf.subarray(0, length + alg.tagLength), buf.subarray(3, 3 + length));
        t.ok(opened, `${name} ${length}: shifted open authenticates`);
        t.equal(toHex(buf.subarray(3, 3 + length)), toHex(plaintext), `${name} ${length}: shifted open`);
      }
    }
  });

  t.test('AEAD: an out of the wrong length or type is refused and left untouched', async (t) => {
    for (const name of AEAD_NAMES) {
      const alg = aead(name);
      const k = alg.key(bytes(alg.keyLength));
      const nonce = bytes(12);
      for (const length of [10, 100]) {
        const plaintext = bytes(length);
        const sealed = k.seal(nonce, new Uint8Array(0), plaintext);
        for (const wrong of [length + alg.tagLength - 1, length + alg.tagLength + 1, length]) {
          const out = new Uint8Array(wrong).fill(0xaa);
          t.throws(() => k.seal(nonce, new Uint8Array(0), plaintext, out), RangeError, `${name} seal out ${wrong}`);
          t.ok(out.every((x) => x === 0xaa), `${name} seal out ${wrong} untouched`);
        }
        for (const wrong of [length - 1, length + 1, length + alg.tagLength]) {
          const out = new Uint8Array(wrong).fill(0xaa);
          t.throws(() => k.open(nonce, new Uint8Array(0), sealed, out), RangeError, `${name} open out ${wrong}`);
          t.ok(out.every((x) => x === 0xaa), `${name} open out ${wrong} untouched`);
        }
        t.throws(() => k.seal(nonce, new Uint8Array(0), plaintext, [] as unknown as Uint8Array), TypeError, `${name} out not bytes`);
        t.throws(
          () => k.seal(nonce, new Uint8Array(0), plaintext, new Uint16Array(length + alg.tagLength) as unknown as Uint8Array),
          TypeError,
          `${name} out a Uint16Array`,
        );
      }
      t.throws(() => k.seal(bytes(8), new Uint8Array(0), bytes(1)), RangeError, `${name} short nonce`);
      t.throws(() => alg.key(bytes(alg.keyLength + 1)), RangeError, `${name} long key`);
    }
  });

  t.test('AEAD: a failed open returns null and zeroes the caller\'s out', async (t) => {
    for (const name of AEAD_NAMES) {
      const alg = aead(name);
      const k = alg.key(bytes(alg.keyLength));
      for (const length of [0, 30, 100]) {
        const nonce = bytes(12);
        const aad = bytes(13);
        const sealed = k.seal(nonce, aad, bytes(length));
        const bad = [
          ['a flipped tag bit', nonce, aad, sealed.map((x, i) => (i === sealed.length - 1 ? x ^ 1 : x))],
          ['another AAD', nonce, aad.map((x, i) => (i === 0 ? x ^ 1 : x)), sealed],
          ['another nonce', nonce.map((x, i) => (i === 11 ? x ^ 0x80 : x)), aad, sealed],
        ] as const;
        for (const [what, n, a, s] of bad) {
          const out = new Uint8Array(length).fill(0x55);
          t.equal(k.open(n, a, s, out), null, `${name} ${length}: ${what} -> null`);
          t.ok(out.every((x) => x === 0), `${name} ${length}: ${what} -> out zeroed`);
          t.equal(k.open(n, a, s), null, `${name} ${length}: ${what} -> null without out`);
        }
        // The key object is still good after failures.
        t.ok(k.open(nonce, aad, sealed), `${name} ${length}: authentic record still opens`);
      }
      t.equal(k.open(bytes(12), new Uint8Array(0), bytes(alg.tagLength - 1)), null, `${name}: shorter than a tag -> null`);
    }
  });

  t.test('AEAD: one key object over many records equals fresh objects, seals and opens interleaved', async (t) => {
    for (const name of AEAD_NAMES) {
      const alg = aead(name);
      const key = bytes(alg.keyLength);
      const long = alg.key(key);
      let same = true;
      let opens = true;
      for (let i = 0; i < 40; i++) {
        const nonce = bytes(12);
        const aad = bytes(i % 3 === 0 ? 0 : 13);
        const plaintext = bytes((i * 37) % 200);
        const a = long.seal(nonce, aad, plaintext);
        const b = alg.key(key).seal(nonce, aad, plaintext);
        same &&= toHex(a) === toHex(b);
        // interleave: open with the long-lived object, including a forgery now and then
        if (i % 5 === 4) {
          const forged = a.slice();
          forged[0]! ^= 1;
          opens &&= long.open(nonce, aad, forged) === null;
        }
        const opened = long.open(nonce, aad, a);
        opens &&= opened !== null && toHex(opened) === toHex(plaintext);
      }
      t.ok(same, `${name}: 40 seals with one object equal fresh objects`);
      t.ok(opens, `${name}: interleaved opens (and forgeries) on the same object`);
    }
  });

  t.test('AEAD and digests: results are independent arrays (small results pass through scratch memory)', async (t) => {
    const k = aead('aes128gcm').key(bytes(16));
    const nonce = bytes(12);
    const a = k.seal(nonce, new Uint8Array(0), bytes(4));
    const b = k.seal(nonce, new Uint8Array(0), bytes(4));
    t.not(a.buffer, b.buffer, 'two small seals do not share memory');
    t.not(toHex(a), toHex(b), 'the first result was not overwritten by the second');
    const h = native.hashes.sha256!;
    const d1 = h.digest(fromHex('00'));
    const d2 = h.digest(fromHex('01'));
    t.not(toHex(d1), toHex(d2), 'digests do not share memory');
    t.equal(toHex(d1), createHash('sha256').update(Buffer.from([0])).digest('hex'));
  });

  t.test('CBC: chaining across calls equals one call; decryption too; in place', async (t) => {
    const NODE: Record<string, string> = { aes128: 'aes-128-cbc', aes256: 'aes-256-cbc', '3des': 'des-ede3-cbc' };
    for (const name of BLOCK_CIPHER_NAMES) {
      const alg = native.blockCiphers[name] as BlockCipherAlgorithm;
      const bl = alg.blockLength;
      const key = bytes(alg.keyLength);
      const iv = bytes(bl);
      const data = bytes(bl * 40);
      const whole = alg.encryptor(key, iv).update(data);
      const c = createCipheriv(NODE[name]!, key, iv).setAutoPadding(false);
      t.equal(toHex(whole), Buffer.concat([c.update(data), c.final()]).toString('hex'), `${name}: node:crypto agrees`);
      // the same data in uneven whole-block pieces, including an empty one
      const cuts = [0, bl, bl, 3 * bl, 10 * bl, 40 * bl];
      const enc = alg.encryptor(key, iv);
      const dec = alg.decryptor(key, iv);
      const pieces: string[] = [];
      const back: string[] = [];
      for (let i = 1; i < cuts.length; i++) {
        const ct = enc.update(data.subarray(cuts[i - 1], cuts[i]));
        pieces.push(toHex(ct));
        back.push(toHex(dec.update(ct)));
      }
      t.equal(pieces.join(''), toHex(whole), `${name}: chained encryption`);
      t.equal(back.join(''), toHex(data), `${name}: chained decryption`);
      // in place, a block at a time
      const buf = data.slice();
      const e2 = alg.encryptor(key, iv);
      for (let off = 0; off < buf.length; off += bl) e2.update(buf.subarray(off, off + bl), buf.subarray(off, off + bl));
      t.equal(toHex(buf), toHex(whole), `${name}: in place, block by block`);
      t.throws(() => alg.encryptor(key, iv).update(bytes(bl + 1)), RangeError, `${name}: not whole blocks`);
      t.throws(() => alg.encryptor(key, iv).update(bytes(bl), new Uint8Array(2 * bl)), RangeError, `${name}: out of the wrong length`);
      t.throws(() => alg.encryptor(key, bytes(bl - 1)), RangeError, `${name}: short IV`);
      t.throws(() => alg.decryptor(bytes(alg.keyLength - 1), iv), RangeError, `${name}: short key`);
    }
  });

  t.test('RC4: present from the addon\'s own legacy context, node:crypto left as it was', async (t) => {
    const rc4 = native.streamCiphers.rc4 as StreamCipherAlgorithm | undefined;
    if (!rc4) {
      t.match(native.missing?.['streamCiphers.rc4'], /\S/, 'absent, with a reason');
      return;
    }
    // RFC 6229 section 2, 40-bit key 0x0102030405: keystream at offsets 0 and 16, then 240 and 256.
    const ks = rc4.key(fromHex('0102030405')).update(new Uint8Array(272));
    t.equal(toHex(ks.subarray(0, 32)), 'b2396305f03dc027ccc3524a0a1118a86982944f18fc82d589c403a47a0d0919', 'RFC 6229 offsets 0, 16');
    t.equal(toHex(ks.subarray(240, 272)), '28cb1132c96ce286421dcaadb8b69eae1cfcf62b03eddb641d77dfcf7f8d8c93', 'RFC 6229 offsets 240, 256');
    // the keystream position carries across calls of any size
    const s = rc4.key(fromHex('0102030405'));
    const parts = [1, 15, 16, 0, 100, 140].map((n) => toHex(s.update(new Uint8Array(n))));
    t.equal(parts.join(''), toHex(ks), 'chunked keystream equals one call');
    // in place, and odd key lengths
    const buf = new Uint8Array(50);
    rc4.key(fromHex('0102030405')).update(buf, buf);
    t.equal(toHex(buf), toHex(ks.subarray(0, 50)), 'in place');
    const pure = pureProvider.streamCiphers.rc4;
    for (const keyLength of [1, 7, 16, 256]) {
      const key = bytes(keyLength);
      const data = bytes(333);
      t.equal(toHex(rc4.key(key).update(data)), toHex(pure.key(key).update(data)), `key of ${keyLength} bytes agrees with pure`);
    }
    t.throws(() => rc4.key(new Uint8Array(0)), RangeError, 'empty key');
    t.throws(() => rc4.key(new Uint8Array(257)), RangeError, 'key over 256 bytes');
    // We fetched RC4 from a library context of our own: Node's default
    // context must still lack it (loading "legacy" globally would change
    // what every node:crypto user gets).
    t.throws(() => createCipheriv('rc4', Buffer.alloc(16), null), /unsupported/, 'node:crypto still has no RC4');
  });

  t.test('null stream cipher: the identity, returning copies', async (t) => {
    const n = native.streamCiphers.null!.key(new Uint8Array(0));
    const data = bytes(20);
    const out = n.update(data);
    t.equal(toHex(out), toHex(data));
    t.not(out, data, 'a copy, not the input');
    const dst = new Uint8Array(20);
    t.equal(n.update(data, dst), dst);
    t.throws(() => n.update(data, new Uint8Array(3)), RangeError);
  });

  t.test('hashes: copy() is independent; a finished hash cannot be reused', async (t) => {
    for (const name of HASH_NAMES) {
      const alg = native.hashes[name] as HashAlgorithm;
      const data = bytes(300);
      const h = alg.create().update(data.subarray(0, 10));
      const c = h.copy();
      h.update(data.subarray(10));
      c.update(fromHex('ff'));
      t.equal(toHex(h.digest()), createHash(name).update(data).digest('hex'), `${name}: original`);
      t.equal(
        toHex(c.digest()),
        createHash(name).update(data.subarray(0, 10)).update(Buffer.from([0xff])).digest('hex'),
        `${name}: copy`,
      );
      t.throws(() => h.digest(), Error, `${name}: digest twice`);
      t.throws(() => h.update(data), Error, `${name}: update after digest`);
      const many = Array.from({ length: 12 }, () => bytes(7));
      t.equal(toHex(alg.digest(...many)), createHash(name).update(Buffer.concat(many)).digest('hex'), `${name}: 12 parts`);
    }
  });

  t.test('HMAC: one key over many MACs; create() and copy(); keys of any length', async (t) => {
    for (const name of HASH_NAMES) {
      const alg = native.hmacs[name] as HmacAlgorithm;
      for (const keyLength of [0, 1, alg.blockLength, alg.blockLength + 1, 300]) {
        const key = bytes(keyLength);
        const k = alg.key(key);
        let ok = true;
        for (let i = 0; i < 10; i++) {
          const a = bytes(13);
          const b = bytes(i * 50);
          ok &&= toHex(k.mac(a, b)) === createHmac(name, key).update(a).update(b).digest('hex');
        }
        t.ok(ok, `${name} key ${keyLength}: 10 MACs with one key`);
        const m = k.create().update(fromHex('0102'));
        const c = m.copy();
        m.update(fromHex('03'));
        t.equal(toHex(m.digest()), createHmac(name, key).update(Buffer.from([1, 2, 3])).digest('hex'), `${name} key ${keyLength}: create()`);
        t.equal(toHex(c.digest()), createHmac(name, key).update(Buffer.from([1, 2])).digest('hex'), `${name} key ${keyLength}: copy()`);
        t.throws(() => m.digest(), Error, `${name}: digest twice`);
      }
      t.throws(() => alg.key('secret' as unknown as Uint8Array), TypeError, `${name}: a string key`);
    }
  });

  t.test('raw addon: each function takes only its own kind of handle (TypeError otherwise)', async (t) => {
    type Fn = (...args: unknown[]) => unknown;
    type Raw = Record<'hashOp' | 'hmacOp' | 'hmacKeyOp' | 'aeadSeal' | 'aeadOpen' | 'cipherUpdate', Fn> & {
      hashes: { sha256: { create(): unknown } };
      hmacs: { sha256: { key(key: Uint8Array): unknown } };
      aeads: { aes128gcm: { key(key: Uint8Array): unknown } };
      blockCiphers: { aes128: { encryptor(key: Uint8Array, iv: Uint8Array): unknown } };
      streamCiphers: { rc4: { key(key: Uint8Array): unknown } | string };
    };
    const b = binding as unknown as Raw;
    const u8 = (n: number) => new Uint8Array(n);
    const handles: Record<string, unknown> = {
      hash: b.hashes.sha256.create(),
      hmac: b.hmacKeyOp(b.hmacs.sha256.key(u8(5)), 1),
      hmacKey: b.hmacs.sha256.key(u8(5)),
      aead: b.aeads.aes128gcm.key(u8(16)),
      cipher: b.blockCiphers.aes128.encryptor(u8(16), u8(16)),
    };
    const rc4 = b.streamCiphers.rc4;
    if (typeof rc4 === 'object') handles['rc4'] = rc4.key(u8(16));
    // A valid call of each function given the right handle (all of them must work with it).
    const calls: Record<string, [string, (h: unknown) => unknown]> = {
      hashOp: ['hash', (h) => b.hashOp(h, 0, u8(3))],
      hmacOp: ['hmac', (h) => b.hmacOp(h, 0, u8(3))],
      hmacKeyOp: ['hmacKey', (h) => b.hmacKeyOp(h, 0, u8(32), u8(3))],
      aeadSeal: ['aead', (h) => b.aeadSeal(h, u8(12), u8(0), u8(4), u8(20))],
      aeadOpen: ['aead', (h) => b.aeadOpen(h, u8(12), u8(0), u8(20), u8(4))],
      cipherUpdate: ['cipher', (h) => b.cipherUpdate(h, u8(16), u8(16))],
    };
    function revokedProxy(): object {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    const others: [string, unknown][] = [
      ['undefined', undefined],
      ['null', null],
      ['a plain object', {}],
      ['a number', 1],
      ['a Uint8Array', u8(16)],
      ['a function (the old handles)', () => 0],
      ['a hash algorithm object', b.hashes.sha256],
      ['a symbol', Symbol('handle')],
      ['a Proxy', new Proxy({}, {})],
      ['a revoked Proxy', revokedProxy()],
    ];
    for (const [fn, [kind, call]] of Object.entries(calls)) {
      t.doesNotThrow(() => call(handles[kind]), `${fn} takes its own handle (${kind})`);
      for (const [other, handle] of Object.entries(handles)) {
        if (other === kind || (kind === 'cipher' && other === 'rc4')) continue;
        t.throws(() => call(handle), { name: 'TypeError', message: /^handle must be / }, `${fn} refuses the ${other} handle`);
      }
      for (const [what, value] of others) {
        t.throws(() => call(value), { name: 'TypeError', message: /^handle must be / }, `${fn} refuses ${what}`);
      }
    }
    if (handles['rc4']) t.doesNotThrow(() => b.cipherUpdate(handles['rc4'], u8(5), u8(5)), 'cipherUpdate takes an RC4 handle');
    // The refused calls left the states alone: the hash holds just the 3 zero bytes hashOp gave it.
    const out = u8(32);
    b.hashOp(handles['hash'], 1, out);
    t.equal(toHex(out), createHash('sha256').update(Buffer.alloc(3)).digest('hex'), 'the hash handle is as it was');
  });

  t.test('raw addon: many handles in a row, and a live one survives the collections they cause', async (t) => {
    const b = binding as unknown as {
      hmacs: { sha256: { key(k: Uint8Array): unknown } };
      hmacKeyOp(h: unknown, op: 0, out: Uint8Array, ...parts: Uint8Array[]): void;
      aeads: { aes128gcm: { key(k: Uint8Array): unknown } };
    };
    const key = bytes(32);
    const live = b.hmacs.sha256.key(key);
    t.doesNotThrow(() => {
      for (let i = 0; i < 50_000; i++) b.hmacs.sha256.key(key);
      for (let i = 0; i < 20_000; i++) b.aeads.aes128gcm.key(key.subarray(0, 16));
    }, '50,000 HMAC keys and 20,000 AEAD keys');
    const out = new Uint8Array(32);
    b.hmacKeyOp(live, 0, out, fromHex('616263'));
    t.equal(toHex(out), createHmac('sha256', key).update('abc').digest('hex'), 'the key made first still MACs');
  });

  t.test('raw addon: unreachable handles free their native state (child process with --expose-gc)', async (t) => {
    // Each HMAC key holds two OpenSSL HMAC contexts (a few KiB). If their
    // finalizers never ran, 100,000 keys would hold hundreds of MiB.
    const script = `
      const b = require(${JSON.stringify(path)});
      const key = new Uint8Array(32);
      const settle = async () => { for (let i = 0; i < 4; i++) { gc(); await new Promise((r) => setImmediate(r)); } };
      (async () => {
        await settle();
        const start = process.memoryUsage().rss;
        let held = [];
        for (let i = 0; i < 10000; i++) held.push(b.hmacs.sha256.key(key));
        await settle();
        const holding = process.memoryUsage().rss;
        held = null;
        await settle();
        for (let n = 0; n < 10; n++) {
          for (let i = 0; i < 10000; i++) b.hmacs.sha256.key(key);
          await settle();
        }
        const after = process.memoryUsage().rss;
        process.stdout.write(JSON.stringify({ perKey: (holding - start) / 10000, grown: after - holding }));
      })();
    `;
    const child = spawnSync(process.execPath, ['--expose-gc', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    t.equal(child.status, 0, `the child exits normally ${child.stderr.slice(0, 500)}`);
    const { perKey, grown } = JSON.parse(child.stdout || '{}') as Record<string, number>;
    const MiB = 2 ** 20;
    // About 2.6 KiB a key here; 100,000 leaked keys would be some 250 MiB.
    t.ok(perKey! > 1000, `10,000 live keys hold native memory (${Math.round(perKey!)} bytes each), so a leak would show`);
    t.ok(grown! < 32 * MiB, `100,000 unreachable keys later RSS grew ${(grown! / MiB).toFixed(1)} MiB (under 32)`);
  });

  t.test('random: lengths and argument checks', async (t) => {
    const r = native.random!;
    t.equal(r.bytes(0).length, 0);
    t.equal(r.bytes(16385).length, 16385);
    t.not(toHex(r.bytes(32)), toHex(r.bytes(32)));
    t.throws(() => r.bytes(-1), RangeError);
    t.throws(() => r.bytes(1.5), RangeError);
    t.throws(() => r.bytes('8' as unknown as number), TypeError);
  });

  t.test('the raw addon answers garbage with TypeError/RangeError, never a crash (child process)', async (t) => {
    const script = `
      const b = require(${JSON.stringify(path)});
      const u8 = (n) => new Uint8Array(n);
      const detached = () => { const a = u8(16); structuredClone(a.buffer, { transfer: [a.buffer] }); return a; };
      const junk = [undefined, null, 0, 1.5, 'str', {}, [], () => 0, Symbol('s'), 10n, new Uint16Array(4), new DataView(new ArrayBuffer(4)), new ArrayBuffer(4)];
      const results = [];
      const attempt = (label, fn) => {
        try { fn(); results.push([label, 'ok']); }
        catch (e) { results.push([label, e && e.constructor && e.constructor.name, String(e && e.message)]); }
      };
      const h = b.hashes.sha256.create();
      const hk = b.hmacs.sha256.key(u8(5));
      const a = b.aeads.aes128gcm.key(u8(16));
      const ccm = b.aeads.aes128ccm_8.key(u8(16));
      const cbc = b.blockCiphers.aes128.encryptor(u8(16), u8(16));
      const rc4 = typeof b.streamCiphers.rc4 === 'object' ? b.streamCiphers.rc4.key(u8(16)) : null;
      junk.forEach((j, i) => {
        attempt('hash.create op ' + i, () => b.hashOp(h, j, u8(1)));
        attempt('hash.update ' + i, () => b.hashOp(h, 0, j));
        attempt('hash handle ' + i, () => b.hashOp(j, 0, u8(1)));
        attempt('hash.digest ' + i, () => b.hashes.sha256.digest(j, u8(1)));
        attempt('hash.digest part ' + i, () => b.hashes.sha256.digest(u8(32), u8(1), j));
        attempt('hmac.key ' + i, () => b.hmacs.sha256.key(j));
        attempt('hmac.mac ' + i, () => b.hmacKeyOp(hk, 0, u8(32), j));
        attempt('hmac.mac out ' + i, () => b.hmacKeyOp(hk, 0, j));
        attempt('hmac op ' + i, () => b.hmacKeyOp(hk, j));
        attempt('hmac key handle ' + i, () => b.hmacKeyOp(j, 0, u8(32)));
        attempt('hmac handle ' + i, () => b.hmacOp(j, 0, u8(1)));
        attempt('aead.key ' + i, () => b.aeads.aes128gcm.key(j));
        for (let k = 0; k < 5; k++) {
          const args = [a, u8(12), u8(0), u8(4), u8(20)];
          args[k] = j;
          attempt('seal arg ' + k + ' ' + i, () => b.aeadSeal(...args));
          const cargs = [ccm, u8(12), u8(0), u8(4), u8(12)];
          cargs[k] = j;
          attempt('ccm seal arg ' + k + ' ' + i, () => b.aeadSeal(...cargs));
          const oargs = [a, u8(12), u8(0), u8(20), u8(4)];
          oargs[k] = j;
          attempt('open arg ' + k + ' ' + i, () => b.aeadOpen(...oargs));
        }
        attempt('cbc.encryptor key ' + i, () => b.blockCiphers.aes128.encryptor(j, u8(16)));
        attempt('cbc.decryptor iv ' + i, () => b.blockCiphers['3des'].decryptor(u8(24), j));
        attempt('cbc.update ' + i, () => b.cipherUpdate(cbc, j, u8(16)));
        attempt('cbc.update out ' + i, () => b.cipherUpdate(cbc, u8(16), j));
        attempt('cipher handle ' + i, () => b.cipherUpdate(j, u8(16), u8(16)));
        if (rc4) attempt('rc4.update ' + i, () => b.cipherUpdate(rc4, j, u8(1)));
        if (rc4) attempt('rc4.key ' + i, () => b.streamCiphers.rc4.key(j));
        attempt('randomFill ' + i, () => b.randomFill(j));
      });
      // wrong lengths, detached buffers, no arguments, odd 'this'
      attempt('seal no args', () => b.aeadSeal());
      attempt('open no args', () => b.aeadOpen());
      attempt('seal key only', () => b.aeadSeal(a));
      attempt('seal out too short', () => b.aeadSeal(a, u8(12), u8(0), u8(4), u8(19)));
      attempt('seal nonce 8', () => b.aeadSeal(a, u8(8), u8(0), u8(4), u8(20)));
      attempt('open out too long', () => b.aeadOpen(a, u8(12), u8(0), u8(20), u8(5)));
      attempt('seal detached out', () => b.aeadSeal(a, u8(12), u8(0), u8(4), detached()));
      attempt('seal detached input', () => b.aeadSeal(a, u8(12), u8(0), detached(), u8(16)));
      attempt('aead key 15', () => b.aeads.aes128gcm.key(u8(15)));
      attempt('cbc not whole blocks', () => b.cipherUpdate(cbc, u8(15), u8(15)));
      attempt('cbc out short', () => b.cipherUpdate(cbc, u8(16), u8(15)));
      attempt('cbc iv short', () => b.blockCiphers.aes256.encryptor(u8(32), u8(15)));
      attempt('hash digest out short', () => b.hashes.sha512.digest(u8(63)));
      attempt('hash op 99', () => b.hashOp(h, 99));
      attempt('rc4 key empty', () => rc4 && b.streamCiphers.rc4.key(u8(0)));
      attempt('seal with odd this', () => Reflect.apply(b.aeadSeal, {}, [a, u8(12), u8(0), u8(4), u8(20)]));
      attempt('key as constructor', () => new b.aeads.aes128gcm.key(u8(16)));
      attempt('hash digest 20 parts', () => b.hashes.sha1.digest(u8(20), ...Array.from({ length: 20 }, () => u8(3))));
      process.stdout.write(JSON.stringify(results));
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    t.equal(child.signal, null, 'no crash (no signal)');
    t.equal(child.status, 0, `the child exits normally ${child.stderr.slice(0, 500)}`);
    const results = JSON.parse(child.stdout || '[]') as [string, string, string?][];
    t.ok(results.length > 300, `${results.length} calls made`);
    const allowed = new Set(['TypeError', 'RangeError']);
    // Calls that are valid after all: op 0 is update (junk[2] is 0), op 1.5
    // reads as 1 = create() for an HMAC key, a detached input reads as
    // empty, and `this` or `new` do not matter to the addon's functions.
    const OK_CALLS = new Set([
      'hash.create op 2',
      'hmac op 3',
      'seal detached input',
      'seal with odd this',
      'key as constructor',
      'hash digest 20 parts',
    ]);
    const bad = results.filter(([label, kind]) => (kind === 'ok' ? !OK_CALLS.has(label) : !allowed.has(kind)));
    t.same(bad, [], 'every bad call threw a TypeError or RangeError');
    const byLabel = new Map(results.map(([l, k]) => [l, k]));
    for (const label of OK_CALLS) t.equal(byLabel.get(label), 'ok', `${label} works`);
    t.equal(byLabel.get('seal detached out'), 'RangeError', 'a detached out reads as empty, so the wrong length');
    t.equal(byLabel.get('seal arg 4 4'), 'TypeError', 'a string out is a TypeError');
  });
}
