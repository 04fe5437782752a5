/**
 * Each protection state against records built independently with
 * node:crypto from the RFC formulas, on every provider: our output must
 * equal the independent record byte for byte, and the independent record
 * must open to the data.
 */
import t from 'tap';
import { createProtection, type CipherSpec, type KeyMaterial } from '../../src/record/index.js';
import { TLSSequenceNumberExhausted } from '../../src/record/sequence.js';
import { TLSError } from '../../src/errors.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import {
  APPDATA,
  HANDSHAKE,
  aeadSeal,
  cbcDecrypt,
  cbcEncrypt,
  copy,
  header,
  minimalPad,
  padding,
  rand,
  rc4,
  recordProviders,
  seqBytes,
  ssl3Mac,
  tlsMac,
} from './helpers.js';

const SSL3 = 0x0300;
const TLS10 = 0x0301;
const TLS11 = 0x0302;
const TLS12 = 0x0303;
const TLS13 = 0x0304;
const SIZES = [0, 1, 15, 16, 17, 100, 1000, 16384];

function pair(provider: CryptoProvider, version: number, spec: CipherSpec, keys: KeyMaterial) {
  return {
    w: createProtection(provider, version, spec, keys, 'write'),
    r: createProtection(provider, version, spec, keys, 'read'),
  };
}

const CBC_CASES = [
  { cipher: 'aes128', node: 'aes-128-cbc', keyLength: 16, block: 16, mac: 'sha1', macLength: 20 },
  { cipher: 'aes256', node: 'aes-256-cbc', keyLength: 32, block: 16, mac: 'sha256', macLength: 32 },
  { cipher: 'aes256', node: 'aes-256-cbc', keyLength: 32, block: 16, mac: 'sha384', macLength: 48 },
  { cipher: '3des', node: 'des-ede3-cbc', keyLength: 24, block: 8, mac: 'sha1', macLength: 20 },
] as const;

for (const { label, provider } of recordProviders()) {
  t.test(`${label}: CBC MAC-then-encrypt, implicit IV (TLS 1.0, SSLv3)`, async (t) => {
    for (const c of CBC_CASES) {
      for (const version of [TLS10, SSL3]) {
        if (version === SSL3 && c.mac !== 'sha1') continue;
        const keys = { macKey: rand(c.macLength), key: rand(c.keyLength), iv: rand(c.block) };
        const { w, r } = pair(provider, version, { type: 'cbc', cipher: c.cipher, mac: c.mac }, keys);
        let iv: Uint8Array = keys.iv;
        SIZES.forEach((size, seq) => {
          const data = rand(size);
          const mac =
            version === SSL3 ? ssl3Mac('sha1', keys.macKey, seq, APPDATA, data) : tlsMac(c.mac, keys.macKey, seq, APPDATA, version, data);
          const plain = Buffer.concat([data, mac, padding(minimalPad(size + mac.length, c.block))]);
          const enc = cbcEncrypt(c.node, keys.key, iv, plain);
          const expected = Buffer.concat([header(APPDATA, version, enc.length), enc]);
          const record = w.seal(APPDATA, version, data);
          t.same(Buffer.from(record), expected, `${c.cipher}-${c.mac} v${version.toString(16)} ${size} B sealed`);
          const opened = r.open(APPDATA, version, copy(expected.subarray(5)));
          t.same(Buffer.from(opened.data), data, `${c.cipher}-${c.mac} v${version.toString(16)} ${size} B opened`);
          t.equal(opened.contentType, APPDATA);
          iv = enc.subarray(enc.length - c.block); // RFC 2246 6.2.3.2: the chain carries on
        });
        t.equal(w.implicitIv, true);
      }
    }
  });

  t.test(`${label}: CBC MAC-then-encrypt, explicit IV (TLS 1.1, 1.2)`, async (t) => {
    for (const c of CBC_CASES) {
      for (const version of [TLS11, TLS12]) {
        const keys = { macKey: rand(c.macLength), key: rand(c.keyLength), iv: new Uint8Array(0) };
        const { w, r } = pair(provider, version, { type: 'cbc', cipher: c.cipher, mac: c.mac }, keys);
        const ivs = new Set<string>();
        SIZES.forEach((size, seq) => {
          const data = rand(size);
          const mac = tlsMac(c.mac, keys.macKey, seq, HANDSHAKE, version, data);
          const plain = Buffer.concat([data, mac, padding(minimalPad(size + mac.length, c.block))]);
          // Ours: the IV on the wire is whatever we chose; the rest must follow from it.
          const record = Buffer.from(w.seal(HANDSHAKE, version, data));
          const iv = record.subarray(5, 5 + c.block);
          ivs.add(iv.toString('hex'));
          const expected = Buffer.concat([header(HANDSHAKE, version, c.block + plain.length), iv, cbcEncrypt(c.node, keys.key, iv, plain)]);
          t.same(record, expected, `${c.cipher}-${c.mac} v${version.toString(16)} ${size} B sealed`);
          // Theirs: a fresh random IV chosen by node; we must open it.
          const theirIv = rand(c.block);
          const theirs = Buffer.concat([theirIv, cbcEncrypt(c.node, keys.key, theirIv, plain)]);
          const opened = r.open(HANDSHAKE, version, copy(theirs));
          t.same(Buffer.from(opened.data), data, `${c.cipher}-${c.mac} v${version.toString(16)} ${size} B opened`);
        });
        t.equal(ivs.size, SIZES.length, 'every record has its own IV');
        t.equal(w.implicitIv, false);
      }
    }
  });

  t.test(`${label}: CBC random padding lengths`, async (t) => {
    const keys = { macKey: rand(20), key: rand(16), iv: new Uint8Array(0) };
    const spec: CipherSpec = { type: 'cbc', cipher: 'aes128', mac: 'sha1' };
    const w = createProtection(provider, TLS12, spec, keys, 'write', { randomPadding: true });
    const r = createProtection(provider, TLS12, spec, keys, 'read');
    const lengths = new Set<number>();
    for (let i = 0; i < 40; i++) {
      const data = rand(10);
      const record = w.seal(APPDATA, TLS12, data);
      const plain = cbcDecrypt('aes-128-cbc', keys.key, record.subarray(5, 21), record.subarray(21));
      const padLength = plain[plain.length - 1]!;
      t.ok(plain.subarray(plain.length - padLength - 1).every((b) => b === padLength), 'padding bytes all equal the length');
      lengths.add(padLength);
      t.same(Buffer.from(r.open(APPDATA, TLS12, copy(record.subarray(5))).data), data);
    }
    t.ok(lengths.size > 3, `padding lengths vary (${[...lengths].join(', ')})`);
    t.ok([...lengths].every((l) => l <= 255 && (10 + 20 + 1 + l) % 16 === 0), 'within 255 and block-aligned');
  });

  t.test(`${label}: CBC encrypt-then-MAC (RFC 7366)`, async (t) => {
    for (const c of CBC_CASES) {
      for (const version of [TLS10, TLS12]) {
        const explicit = version >= TLS11;
        const keys = { macKey: rand(c.macLength), key: rand(c.keyLength), iv: explicit ? new Uint8Array(0) : rand(c.block) };
        const spec: CipherSpec = { type: 'cbc', cipher: c.cipher, mac: c.mac, encryptThenMac: true };
        const { w, r } = pair(provider, version, spec, keys);
        let chain: Uint8Array = keys.iv;
        SIZES.forEach((size, seq) => {
          const data = rand(size);
          const plain = Buffer.concat([data, padding(minimalPad(size, c.block))]);
          const record = Buffer.from(w.seal(APPDATA, version, data));
          const iv = explicit ? record.subarray(5, 5 + c.block) : chain;
          const enc = cbcEncrypt(c.node, keys.key, iv, plain);
          const body = explicit ? Buffer.concat([iv, enc]) : enc;
          const mac = tlsMac(c.mac, keys.macKey, seq, APPDATA, version, body);
          const expected = Buffer.concat([header(APPDATA, version, body.length + mac.length), body, mac]);
          t.same(record, expected, `${c.cipher}-${c.mac} v${version.toString(16)} ${size} B sealed`);
          t.same(Buffer.from(r.open(APPDATA, version, copy(expected.subarray(5))).data), data, `${size} B opened`);
          chain = enc.subarray(enc.length - c.block);
        });
      }
    }
  });

  t.test(`${label}: stream ciphers (RC4, NULL) with TLS and SSLv3 MACs`, async (t) => {
    const cases = [
      { cipher: 'rc4', mac: 'sha1', macLength: 20, version: TLS12 },
      { cipher: 'rc4', mac: 'md5', macLength: 16, version: TLS10 },
      { cipher: 'rc4', mac: 'md5', macLength: 16, version: SSL3 },
      { cipher: 'rc4', mac: 'sha1', macLength: 20, version: SSL3 },
      { cipher: 'null', mac: 'sha1', macLength: 20, version: TLS12 },
      { cipher: 'null', mac: 'sha256', macLength: 32, version: TLS12 },
      { cipher: 'null', mac: 'md5', macLength: 16, version: SSL3 },
    ] as const;
    for (const c of cases) {
      const keys = { macKey: rand(c.macLength), key: c.cipher === 'rc4' ? rand(16) : new Uint8Array(0), iv: new Uint8Array(0) };
      const { w, r } = pair(provider, c.version, { type: 'stream', cipher: c.cipher, mac: c.mac }, keys);
      const keystream = c.cipher === 'rc4' ? rc4(keys.key) : (d: Uint8Array) => Buffer.from(d);
      SIZES.forEach((size, seq) => {
        const data = rand(size);
        const mac =
          c.version === SSL3
            ? ssl3Mac(c.mac as 'md5' | 'sha1', keys.macKey, seq, APPDATA, data)
            : tlsMac(c.mac, keys.macKey, seq, APPDATA, c.version, data);
        const body = keystream(Buffer.concat([data, mac]));
        const expected = Buffer.concat([header(APPDATA, c.version, body.length), body]);
        t.same(Buffer.from(w.seal(APPDATA, c.version, data)), expected, `${c.cipher}-${c.mac} v${c.version.toString(16)} ${size} B`);
        t.same(Buffer.from(r.open(APPDATA, c.version, copy(expected.subarray(5))).data), data);
      });
    }
  });

  t.test(`${label}: AEAD with explicit nonce (AES-GCM RFC 5288, AES-CCM RFC 6655)`, async (t) => {
    const cases = [
      { cipher: 'aes128gcm', node: 'aes-128-gcm', keyLength: 16, tag: 16 },
      { cipher: 'aes256gcm', node: 'aes-256-gcm', keyLength: 32, tag: 16 },
      { cipher: 'aes128ccm', node: 'aes-128-ccm', keyLength: 16, tag: 16 },
      { cipher: 'aes128ccm_8', node: 'aes-128-ccm', keyLength: 16, tag: 8 },
    ] as const;
    for (const c of cases) {
      const keys = { macKey: new Uint8Array(0), key: rand(c.keyLength), iv: rand(4) };
      const { w, r } = pair(provider, TLS12, { type: 'aead', cipher: c.cipher }, keys);
      SIZES.forEach((size, seq) => {
        const data = rand(size);
        if (size === 0 && c.node.endsWith('ccm')) {
          // Node's CCM cannot seal an empty message ("tag not set"): round trip only.
          t.same(Buffer.from(r.open(APPDATA, TLS12, copy(w.seal(APPDATA, TLS12, data).subarray(5))).data), data);
          return;
        }
        const aad = Buffer.concat([seqBytes(seq), header(APPDATA, TLS12, size)]);
        const nonce = Buffer.concat([keys.iv, seqBytes(seq)]);
        const sealed = aeadSeal(c.node, keys.key, nonce, aad, data, c.tag);
        const expected = Buffer.concat([header(APPDATA, TLS12, 8 + sealed.length), seqBytes(seq), sealed]);
        t.same(Buffer.from(w.seal(APPDATA, TLS12, data)), expected, `${c.cipher} ${size} B sealed`);
        // The peer may choose any explicit nonce: open one chosen at random.
        const explicit = rand(8);
        const theirs = Buffer.concat([explicit, aeadSeal(c.node, keys.key, Buffer.concat([keys.iv, explicit]), aad, data, c.tag)]);
        t.same(Buffer.from(r.open(APPDATA, TLS12, copy(theirs)).data), data, `${c.cipher} ${size} B opened`);
      });
    }
  });

  t.test(`${label}: ChaCha20-Poly1305, RFC 7905 XOR nonce and the draft-00 prefix nonce`, async (t) => {
    for (const cipher of ['chacha20-poly1305', 'chacha20-poly1305_draft00'] as const) {
      const draft = cipher.endsWith('draft00');
      const keys = { macKey: new Uint8Array(0), key: rand(32), iv: rand(draft ? 4 : 12) };
      const { w, r } = pair(provider, TLS12, { type: 'aead', cipher }, keys);
      SIZES.forEach((size, seq) => {
        const data = rand(size);
        const aad = Buffer.concat([seqBytes(seq), header(APPDATA, TLS12, size)]);
        let nonce: Buffer;
        if (draft) nonce = Buffer.concat([keys.iv, seqBytes(seq)]);
        else {
          nonce = Buffer.from(keys.iv);
          const s = seqBytes(seq);
          for (let i = 0; i < 8; i++) nonce[4 + i]! ^= s[i]!;
        }
        const sealed = aeadSeal('chacha20-poly1305', keys.key, nonce, aad, data);
        const expected = Buffer.concat([header(APPDATA, TLS12, sealed.length), sealed]);
        t.same(Buffer.from(w.seal(APPDATA, TLS12, data)), expected, `${cipher} ${size} B sealed`);
        t.same(Buffer.from(r.open(APPDATA, TLS12, copy(expected.subarray(5))).data), data, `${cipher} ${size} B opened`);
      });
    }
  });

  t.test(`${label}: TLS 1.3 AEAD records (RFC 8446 5.2)`, async (t) => {
    const keys = { macKey: new Uint8Array(0), key: rand(16), iv: rand(12) };
    const { w, r } = pair(provider, TLS13, { type: 'aead', cipher: 'aes128gcm' }, keys);
    SIZES.forEach((size, seq) => {
      const data = rand(size);
      const nonce = Buffer.from(keys.iv);
      const s = seqBytes(seq);
      for (let i = 0; i < 8; i++) nonce[4 + i]! ^= s[i]!;
      const hdr = header(APPDATA, TLS12, size + 1 + 16);
      const sealed = aeadSeal('aes-128-gcm', keys.key, nonce, hdr, Buffer.concat([data, Buffer.from([HANDSHAKE])]));
      const expected = Buffer.concat([hdr, sealed]);
      t.same(Buffer.from(w.seal(HANDSHAKE, TLS12, data)), expected, `${size} B sealed`);
      const opened = r.open(APPDATA, TLS12, copy(expected.subarray(5)));
      t.equal(opened.contentType, HANDSHAKE, 'inner content type');
      t.same(Buffer.from(opened.data), data);
    });
    // Padding zeros after the type are stripped; all zeros is unexpected_message.
    const r2 = createProtection(provider, TLS13, { type: 'aead', cipher: 'aes128gcm' }, keys, 'read');
    const nonce0 = Buffer.from(keys.iv);
    const padded = Buffer.concat([Buffer.from('hi'), Buffer.from([APPDATA]), Buffer.alloc(30)]);
    const hdr = header(APPDATA, TLS12, padded.length + 16);
    const rec = aeadSeal('aes-128-gcm', keys.key, nonce0, hdr, padded);
    const opened = r2.open(APPDATA, TLS12, copy(rec));
    t.equal(Buffer.from(opened.data).toString(), 'hi');
    const nonce1 = Buffer.from(keys.iv);
    nonce1[11]! ^= 1;
    const zeros = aeadSeal('aes-128-gcm', keys.key, nonce1, hdr, Buffer.alloc(padded.length));
    t.throws(() => r2.open(APPDATA, TLS12, copy(zeros)), { name: 'TLSUnexpectedMessage' });
  });

  t.test(`${label}: records are opened in place`, async (t) => {
    const specs: [number, CipherSpec, number, number, number][] = [
      [TLS12, { type: 'aead', cipher: 'aes128gcm' }, 0, 16, 4],
      [TLS12, { type: 'aead', cipher: 'chacha20-poly1305' }, 0, 32, 12],
      [TLS12, { type: 'aead', cipher: 'aes128ccm' }, 0, 16, 4],
      [TLS13, { type: 'aead', cipher: 'aes256gcm' }, 0, 32, 12],
      [TLS12, { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, 20, 16, 0],
      [TLS12, { type: 'cbc', cipher: 'aes128', mac: 'sha256', encryptThenMac: true }, 32, 16, 0],
      [TLS12, { type: 'stream', cipher: 'rc4', mac: 'sha1' }, 20, 16, 0],
    ];
    for (const [version, spec, macLength, keyLength, ivLength] of specs) {
      const keys = { macKey: rand(macLength), key: rand(keyLength), iv: rand(ivLength) };
      const { w, r } = pair(provider, version, spec, keys);
      const data = rand(3000);
      const fragment = copy(w.seal(APPDATA, version === TLS13 ? TLS12 : version, data).subarray(5));
      const opened = r.open(APPDATA, version === TLS13 ? TLS12 : version, fragment);
      t.equal(opened.data.buffer, fragment.buffer, `${JSON.stringify(spec)}: the plaintext is a view of the record`);
      t.same(Buffer.from(opened.data), data);
    }
  });

  t.test(`${label}: TLS 1.3 known answer, RFC 8448 section 3 client Finished`, async (t) => {
    // RFC 8448 3 ("Simple 1-RTT Handshake"): the client handshake traffic
    // key and IV, the client's Finished message, and the record it is sent in
    // (the first record under those keys: sequence number 0).
    const keys = {
      macKey: new Uint8Array(0),
      key: Buffer.from('dbfaa693d1762c5b666af5d950258d01', 'hex'),
      iv: Buffer.from('5bd3c71b836e0b76bb73265f', 'hex'),
    };
    const finished = Buffer.from('14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61', 'hex');
    const record = Buffer.from(
      '170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546',
      'hex',
    );
    const { w, r } = pair(provider, TLS13, { type: 'aead', cipher: 'aes128gcm' }, keys);
    t.same(Buffer.from(w.seal(HANDSHAKE, TLS12, finished)), record, 'sealed as in RFC 8448');
    const opened = r.open(APPDATA, TLS12, copy(record.subarray(5)));
    t.equal(opened.contentType, HANDSHAKE);
    t.same(Buffer.from(opened.data), finished, 'opened to the Finished message');
  });

  t.test(`${label}: sequence numbers never wrap`, async (t) => {
    const keys = { macKey: new Uint8Array(0), key: rand(16), iv: rand(4) };
    const { w, r } = pair(provider, TLS12, { type: 'aead', cipher: 'aes128gcm' }, keys);
    w.sequence.value = (1n << 64n) - 2n;
    r.sequence.value = (1n << 64n) - 2n;
    for (let i = 0; i < 2; i++) {
      const record = w.seal(APPDATA, TLS12, Buffer.from('x'));
      t.same(Buffer.from(record.subarray(5, 13)), seqBytes((1n << 64n) - 2n + BigInt(i)), 'explicit nonce is the sequence number');
      t.same(Buffer.from(r.open(APPDATA, TLS12, copy(record.subarray(5))).data), Buffer.from('x'));
    }
    t.throws(() => w.seal(APPDATA, TLS12, Buffer.from('x')), TLSSequenceNumberExhausted);
    t.throws(() => r.open(APPDATA, TLS12, new Uint8Array(40)), TLSSequenceNumberExhausted);
    try {
      w.seal(APPDATA, TLS12, Buffer.from('x'));
    } catch (e) {
      t.ok(e instanceof TLSError, 'it is a TLSError');
    }
  });
}
