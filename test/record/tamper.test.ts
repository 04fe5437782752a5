/**
 * Authentication of protected records: a change at any byte position, a
 * changed header field or a truncation gives TLSBadRecordMAC; a CBC
 * padding error and a MAC error give the same error class and message;
 * and the hashing work of the CBC check does not depend on the padding
 * length (Lucky 13), counted in compression-function calls through a
 * provider that wraps the real one.
 */
import t from 'tap';
import { createProtection, type CipherSpec } from '../../src/record/index.js';
import { TLSBadRecordMAC } from '../../src/errors.js';
import type { CryptoProvider, HashAlgorithm, HmacAlgorithm, HashName } from '../../src/crypto/provider.js';
import { APPDATA, cbcEncrypt, copy, padding, rand, recordProviders, ssl3Mac, tlsMac } from './helpers.js';

const SSL3 = 0x0300;
const TLS10 = 0x0301;
const TLS12 = 0x0303;
const TLS13 = 0x0304;

const STATES: { version: number; spec: CipherSpec; macLength: number; keyLength: number; ivLength: number }[] = [
  { version: TLS12, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, macLength: 20, keyLength: 16, ivLength: 0 },
  { version: TLS10, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, macLength: 20, keyLength: 16, ivLength: 16 },
  { version: SSL3, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, macLength: 20, keyLength: 16, ivLength: 16 },
  { version: SSL3, spec: { type: 'cbc', cipher: '3des', mac: 'md5' }, macLength: 16, keyLength: 24, ivLength: 8 },
  { version: TLS12, spec: { type: 'cbc', cipher: '3des', mac: 'sha1' }, macLength: 20, keyLength: 24, ivLength: 0 },
  { version: TLS12, spec: { type: 'cbc', cipher: 'aes256', mac: 'sha384' }, macLength: 48, keyLength: 32, ivLength: 0 },
  { version: TLS12, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha256', encryptThenMac: true }, macLength: 32, keyLength: 16, ivLength: 0 },
  { version: TLS10, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1', encryptThenMac: true }, macLength: 20, keyLength: 16, ivLength: 16 },
  { version: TLS12, spec: { type: 'stream', cipher: 'rc4', mac: 'sha1' }, macLength: 20, keyLength: 16, ivLength: 0 },
  { version: SSL3, spec: { type: 'stream', cipher: 'rc4', mac: 'md5' }, macLength: 16, keyLength: 16, ivLength: 0 },
  { version: TLS12, spec: { type: 'stream', cipher: 'null', mac: 'sha1' }, macLength: 20, keyLength: 0, ivLength: 0 },
  { version: TLS12, spec: { type: 'aead', cipher: 'aes128gcm' }, macLength: 0, keyLength: 16, ivLength: 4 },
  { version: TLS12, spec: { type: 'aead', cipher: 'aes128ccm_8' }, macLength: 0, keyLength: 16, ivLength: 4 },
  { version: TLS12, spec: { type: 'aead', cipher: 'chacha20-poly1305' }, macLength: 0, keyLength: 32, ivLength: 12 },
  { version: TLS12, spec: { type: 'aead', cipher: 'chacha20-poly1305_draft00' }, macLength: 0, keyLength: 32, ivLength: 4 },
  { version: TLS13, spec: { type: 'aead', cipher: 'aes256gcm' }, macLength: 0, keyLength: 32, ivLength: 12 },
];

function name(s: (typeof STATES)[number]): string {
  const spec = s.spec as { cipher?: string; mac?: string; encryptThenMac?: boolean };
  return `${spec.cipher}${spec.mac ? '-' + spec.mac : ''}${spec.encryptThenMac ? '-etm' : ''} v${s.version.toString(16)}`;
}

for (const { label, provider } of recordProviders()) {
  t.test(`${label}: every byte position, header field and truncation is caught`, async (t) => {
    for (const s of STATES) {
      const keys = { macKey: rand(s.macLength), key: rand(s.keyLength), iv: rand(s.ivLength) };
      const fresh = () => createProtection(provider, s.version, s.spec, keys, 'read');
      const recordVersion = s.version === TLS13 ? TLS12 : s.version;
      const outerType = s.version === TLS13 ? APPDATA : 22;
      const record = createProtection(provider, s.version, s.spec, keys, 'write').seal(22, recordVersion, rand(37));
      const fragment = record.subarray(5);
      t.equal(fresh().open(outerType, recordVersion, copy(fragment)).data.length, 37, `${name(s)}: intact record opens`);
      let caught = 0;
      for (let i = 0; i < fragment.length; i++) {
        const bad = copy(fragment);
        bad[i]! ^= 1 << i % 8;
        try {
          fresh().open(outerType, recordVersion, bad);
        } catch (e) {
          if (e instanceof TLSBadRecordMAC) caught++;
          else throw e;
        }
      }
      t.equal(caught, fragment.length, `${name(s)}: all ${fragment.length} positions give bad_record_mac`);
      if (s.version !== TLS13) {
        t.throws(() => fresh().open(23, recordVersion, copy(fragment)), TLSBadRecordMAC, `${name(s)}: type`);
      }
      // SSLv3's MAC does not cover the version (RFC 6101 5.2.3.1).
      if (s.version !== SSL3) {
        t.throws(() => fresh().open(outerType, recordVersion ^ 1, copy(fragment)), TLSBadRecordMAC, `${name(s)}: version`);
      }
      for (const cut of [1, 8, 16, fragment.length]) {
        if (cut > fragment.length) continue;
        t.throws(() => fresh().open(outerType, recordVersion, copy(fragment.subarray(0, fragment.length - cut))), TLSBadRecordMAC, `${name(s)}: minus ${cut}`);
      }
      const longer = new Uint8Array(fragment.length + 16);
      longer.set(fragment);
      t.throws(() => fresh().open(outerType, recordVersion, longer), TLSBadRecordMAC, `${name(s)}: plus a block`);
    }
  });

  t.test(`${label}: a padding error and a MAC error are indistinguishable`, async (t) => {
    for (const version of [TLS10, TLS12, SSL3]) {
      const keys = { macKey: rand(20), key: rand(16), iv: rand(16) };
      const open = (plain: Buffer) =>
        createProtection(provider, version, { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, keys, 'read').open(
          APPDATA,
          version,
          copy(version >= 0x0302 ? Buffer.concat([keys.iv, cbcEncrypt('aes-128-cbc', keys.key, keys.iv, plain)]) : cbcEncrypt('aes-128-cbc', keys.key, keys.iv, plain)),
        );
      const mac = (data: Buffer) => (version === SSL3 ? ssl3Mac('sha1', keys.macKey, 0, APPDATA, data) : tlsMac('sha1', keys.macKey, 0, APPDATA, version, data));
      const data = rand(43);
      const good = Buffer.concat([data, mac(data), padding(0)]);
      t.same(Buffer.from(open(good).data), data, `v${version.toString(16)}: a good record opens`);
      const cases: Record<string, Buffer> = {
        'bad MAC': Buffer.concat([data, mac(rand(43)), padding(0)]),
        'padding length beyond the record': Buffer.concat([data, mac(data), Buffer.from([200])]),
      };
      if (version !== SSL3) {
        // Correct MAC, a padding byte that differs from the length (TLS checks every one).
        const d = rand(27);
        const p = padding(16);
        p[3] = 0;
        cases['padding byte wrong'] = Buffer.concat([d, mac(d), p]);
      } else {
        // SSLv3: padding must be shorter than a block (RFC 6101 5.2.3.2).
        const d = rand(27);
        cases['SSLv3 padding of a whole block'] = Buffer.concat([d, mac(d), padding(16)]);
      }
      const messages = new Set<string>();
      for (const [what, plain] of Object.entries(cases)) {
        t.equal(plain.length % 16, 0);
        try {
          open(plain);
          t.fail(`${what} accepted`);
        } catch (e) {
          t.ok(e instanceof TLSBadRecordMAC, `v${version.toString(16)} ${what}: TLSBadRecordMAC`);
          messages.add(`${(e as Error).name}: ${(e as Error).message}`);
        }
      }
      t.equal(messages.size, 1, `v${version.toString(16)}: one error text for all (${[...messages].join(' | ')})`);
    }
    // SSLv3 does not check the padding bytes' content: garbage padding with a good MAC opens.
    const keys = { macKey: rand(20), key: rand(16), iv: rand(16) };
    const d = rand(28);
    const plain = Buffer.concat([d, ssl3Mac('sha1', keys.macKey, 0, APPDATA, d), rand(15), Buffer.from([15])]);
    const r = createProtection(provider, SSL3, { type: 'cbc', cipher: 'aes128', mac: 'sha1' }, keys, 'read');
    t.same(Buffer.from(r.open(APPDATA, SSL3, copy(cbcEncrypt('aes-128-cbc', keys.key, keys.iv, plain))).data), d, 'SSLv3 ignores padding content');
  });

  t.test(`${label}: every padding length and MAC position opens, and a flipped MAC byte never does`, async (t) => {
    for (const [mac, macLength] of [['sha1', 20], ['sha384', 48], ['md5', 16]] as const) {
      const keys = { macKey: rand(macLength), key: rand(16), iv: rand(16) };
      let opened = 0;
      let rejected = 0;
      for (let padLength = 0; padLength < 256; padLength++) {
        const n = 400 - (400 % 16); // the same record length, so the MAC moves with the padding
        const data = rand(n - macLength - 1 - padLength);
        const good = tlsMac(mac, keys.macKey, 0, APPDATA, TLS12, data);
        const bad = Buffer.from(good);
        bad[padLength % macLength]! ^= 0x40;
        for (const m of [good, bad]) {
          const plain = Buffer.concat([data, m, padding(padLength)]);
          const fragment = Buffer.concat([keys.iv, cbcEncrypt('aes-128-cbc', keys.key, keys.iv, plain)]);
          const state = createProtection(provider, TLS12, { type: 'cbc', cipher: 'aes128', mac }, keys, 'read');
          try {
            const out = state.open(APPDATA, TLS12, copy(fragment));
            if (m === good && Buffer.compare(out.data, data) === 0) opened++;
          } catch (e) {
            if (m === bad && e instanceof TLSBadRecordMAC) rejected++;
          }
        }
      }
      t.equal(opened, 256, `${mac}: all 256 padding lengths open`);
      t.equal(rejected, 256, `${mac}: all 256 flipped MACs are refused`);
    }
  });

  t.test(`${label}: CBC check does the same hashing work for every padding length (Lucky 13)`, async (t) => {
    const cases = [
      { version: TLS12, mac: 'sha1', macLength: 20, node: 'aes-128-cbc', cipher: 'aes128', block: 16, keyLength: 16 },
      { version: TLS12, mac: 'sha256', macLength: 32, node: 'aes-128-cbc', cipher: 'aes128', block: 16, keyLength: 16 },
      { version: TLS12, mac: 'sha384', macLength: 48, node: 'aes-256-cbc', cipher: 'aes256', block: 16, keyLength: 32 },
      { version: TLS10, mac: 'md5', macLength: 16, node: 'des-ede3-cbc', cipher: '3des', block: 8, keyLength: 24 },
      { version: SSL3, mac: 'sha1', macLength: 20, node: 'aes-128-cbc', cipher: 'aes128', block: 16, keyLength: 16 },
    ] as const;
    for (const c of cases) {
      const counter = { blocks: 0 };
      const counting = countingProvider(provider, counter);
      const keys = { macKey: rand(c.macLength), key: rand(c.keyLength), iv: rand(c.block) };
      const n = 384; // plaintext length: data || MAC || padding, the same for every record
      const explicit = c.version >= 0x0302;
      const work = new Map<string, number>();
      const padLengths = c.version === SSL3 ? [0, 1, 7, 15] : [0, 1, 7, 15, 16, 63, 64, 100, 200, 255];
      for (const padLength of padLengths) {
        for (const kind of ['valid', 'bad MAC', 'bad padding']) {
          if (kind === 'bad padding' && (c.version === SSL3 || padLength === 0)) continue;
          const dataLength = n - c.macLength - 1 - padLength;
          const data = rand(dataLength);
          let mac = c.version === SSL3 ? ssl3Mac('sha1', keys.macKey, 0, APPDATA, data) : tlsMac(c.mac, keys.macKey, 0, APPDATA, c.version, data);
          if (kind === 'bad MAC') mac = rand(c.macLength);
          const pad = padding(padLength);
          if (kind === 'bad padding') pad[0]! ^= 1;
          const plain = Buffer.concat([data, mac, pad]);
          const enc = cbcEncrypt(c.node, keys.key, keys.iv, plain);
          const fragment = explicit ? Buffer.concat([keys.iv, enc]) : enc;
          const state = createProtection(counting, c.version, { type: 'cbc', cipher: c.cipher, mac: c.mac }, keys, 'read');
          counter.blocks = 0;
          let ok = true;
          try {
            state.open(APPDATA, c.version, copy(fragment));
          } catch (e) {
            if (!(e instanceof TLSBadRecordMAC)) throw e;
            ok = false;
          }
          t.equal(ok, kind === 'valid', `${c.mac} v${c.version.toString(16)} pad ${padLength} ${kind}`);
          work.set(`pad ${padLength} ${kind}`, counter.blocks);
        }
      }
      const distinct = new Set(work.values());
      t.equal(distinct.size, 1, `${c.cipher}-${c.mac} v${c.version.toString(16)}: compression calls ${JSON.stringify(Object.fromEntries(work))}`);
      // And it is real work: at least the blocks of the longest possible MAC input.
      t.ok([...distinct][0]! >= Math.floor(n / (c.mac === 'sha384' ? 128 : 64)), 'the count covers the data');
    }
  });
}

/** Compression-function calls of a Merkle-Damgard hash over `length` bytes (independent of src/). */
function blocks(length: number, blockLength: number): number {
  return Math.ceil((length + 1 + (blockLength === 128 ? 16 : 8)) / blockLength);
}

/** The provider with its hashes and HMACs wrapped to count compression-function calls. */
function countingProvider(p: CryptoProvider, counter: { blocks: number }): CryptoProvider {
  const size = (parts: Uint8Array[]) => parts.reduce((n, x) => n + x.length, 0);
  const hashes = {} as Record<HashName, HashAlgorithm>;
  const hmacs = {} as Record<HashName, HmacAlgorithm>;
  for (const name of Object.keys(p.hashes) as HashName[]) {
    const h = p.hashes[name];
    hashes[name] = {
      name: h.name,
      implementation: h.implementation,
      outputLength: h.outputLength,
      blockLength: h.blockLength,
      create: () => h.create(),
      digest: (...parts: Uint8Array[]) => {
        counter.blocks += blocks(size(parts), h.blockLength);
        return h.digest(...parts);
      },
    };
    const m = p.hmacs[name];
    hmacs[name] = {
      name: m.name,
      implementation: m.implementation,
      outputLength: m.outputLength,
      blockLength: m.blockLength,
      key: (key: Uint8Array) => {
        const k = m.key(key);
        return {
          mac: (...parts: Uint8Array[]) => {
            // Inner: the key block then the parts; outer: the key block then the inner digest.
            counter.blocks += blocks(m.blockLength + size(parts), m.blockLength) + blocks(m.blockLength + m.outputLength, m.blockLength);
            return k.mac(...parts);
          },
          create: () => {
            throw new Error('the CBC check must not use incremental HMAC here (it is not counted)');
          },
        };
      },
      mac: () => {
        throw new Error('the CBC check must not use one-shot HMAC here (it is not counted)');
      },
    };
  }
  return { ...p, name: p.name, hashes, hmacs } as CryptoProvider;
}
