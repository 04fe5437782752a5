/**
 * `npm run bench:record`: record protection and unprotection throughput
 * for each protection state, on the native provider, the pure provider,
 * and node:crypto doing the same cipher + MAC work per record in the
 * same run (a Cipher/Hmac object per record, which is how Node code has
 * to use it), in MB/s of plaintext.
 *
 * "protect" is `state.seal()` (header, MAC or tag, padding, encryption,
 * one new buffer per record). "unprotect" is `state.open()` on a record
 * sealed beforehand (authenticated and decrypted in place; for CBC
 * MAC-then-encrypt this includes the constant-time padding and MAC check).
 * Records for unprotect are sealed in batches outside the timed part.
 *
 * BENCH_SECONDS=0.1 gives a quick smoke run; BENCH_FILTER=gcm runs only
 * matching rows.
 */
import * as nodeCrypto from 'node:crypto';
import { fmt, SECONDS, table } from './harness.js';
import type { CryptoProvider } from '../src/crypto/provider.js';
import { pureProvider } from '../src/crypto/pure/index.js';
import { nativeProvider, nativeLoadError } from '../src/crypto/native/index.js';
import { createProtection, type CipherSpec, type KeyMaterial } from '../src/record/index.js';

const TLS12 = 0x0303;
const APPDATA = 23;
const SIZES = [16384, 1024];
const filter = (process.env['BENCH_FILTER'] ?? '').toLowerCase();

interface Suite {
  label: string;
  spec: CipherSpec;
  keys: KeyMaterial;
  /** node:crypto doing the same work for one record; undefined when Node lacks the cipher. */
  nodeProtect?: (data: Buffer, seq: number) => unknown;
  nodeOpen?: (record: Buffer, seq: number) => unknown;
}

const rand = (n: number) => nodeCrypto.randomBytes(n);

function aad(seq: number, length: number): Buffer {
  const a = Buffer.alloc(13);
  a.writeBigUInt64BE(BigInt(seq));
  a.writeUInt8(APPDATA, 8);
  a.writeUInt16BE(TLS12, 9);
  a.writeUInt16BE(length, 11);
  return a;
}

function aeadSuite(label: string, cipher: 'aes128gcm' | 'chacha20-poly1305', nodeName: string): Suite {
  const keys = { macKey: new Uint8Array(0), key: rand(cipher === 'aes128gcm' ? 16 : 32), iv: rand(cipher === 'aes128gcm' ? 4 : 12) };
  const nonce = (seq: number) => {
    const n = Buffer.alloc(12);
    if (cipher === 'aes128gcm') {
      Buffer.from(keys.iv).copy(n);
      n.writeBigUInt64BE(BigInt(seq), 4);
    } else {
      Buffer.from(keys.iv).copy(n);
      n.writeBigUInt64BE(n.readBigUInt64BE(4) ^ BigInt(seq), 4);
    }
    return n;
  };
  return {
    label,
    spec: { type: 'aead', cipher },
    keys,
    nodeProtect: (data, seq) => {
      const c = nodeCrypto.createCipheriv(nodeName as 'aes-128-gcm', keys.key, nonce(seq), { authTagLength: 16 });
      c.setAAD(aad(seq, data.length));
      return Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
    },
    nodeOpen: (sealed, seq) => {
      const d = nodeCrypto.createDecipheriv(nodeName as 'aes-128-gcm', keys.key, nonce(seq), { authTagLength: 16 });
      d.setAAD(aad(seq, sealed.length - 16));
      d.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([d.update(sealed.subarray(0, sealed.length - 16)), d.final()]);
    },
  };
}

function cbcSuite(label: string, cipher: 'aes128' | '3des', nodeName: string, mac: 'sha1' | 'sha256', etm: boolean): Suite {
  const block = cipher === '3des' ? 8 : 16;
  const macLength = mac === 'sha1' ? 20 : 32;
  const keys = { macKey: rand(macLength), key: rand(cipher === '3des' ? 24 : 16), iv: new Uint8Array(0) };
  const pad = (n: number) => {
    const p = (block - ((n + 1) % block)) % block;
    return Buffer.alloc(p + 1, p);
  };
  const hmac = (seq: number, data: Buffer) => nodeCrypto.createHmac(mac, keys.macKey).update(aad(seq, data.length)).update(data).digest();
  const encrypt = (plain: Buffer) => {
    const iv = rand(block);
    const c = nodeCrypto.createCipheriv(nodeName, keys.key, iv);
    c.setAutoPadding(false);
    return Buffer.concat([iv, c.update(plain), c.final()]);
  };
  const decrypt = (body: Buffer) => {
    const d = nodeCrypto.createDecipheriv(nodeName, keys.key, body.subarray(0, block));
    d.setAutoPadding(false);
    return Buffer.concat([d.update(body.subarray(block)), d.final()]);
  };
  return {
    label,
    spec: { type: 'cbc', cipher, mac, encryptThenMac: etm },
    keys,
    nodeProtect: (data, seq) => {
      if (etm) {
        const body = encrypt(Buffer.concat([data, pad(data.length)]));
        return Buffer.concat([body, hmac(seq, body)]);
      }
      const m = hmac(seq, data);
      return encrypt(Buffer.concat([data, m, pad(data.length + m.length)]));
    },
    nodeOpen: (record, seq) => {
      // The same work as ours, without the constant-time care.
      if (etm) {
        const body = record.subarray(0, record.length - macLength);
        if (!nodeCrypto.timingSafeEqual(hmac(seq, body), record.subarray(body.length))) throw new Error('bad MAC');
        const plain = decrypt(body);
        return plain.subarray(0, plain.length - 1 - plain[plain.length - 1]!);
      }
      const plain = decrypt(record);
      const dataLength = plain.length - 1 - plain[plain.length - 1]! - macLength;
      const data = plain.subarray(0, dataLength);
      if (!nodeCrypto.timingSafeEqual(hmac(seq, data), plain.subarray(dataLength, dataLength + macLength))) throw new Error('bad MAC');
      return data;
    },
  };
}

function rc4Suite(): Suite {
  const keys = { macKey: rand(20), key: rand(16), iv: new Uint8Array(0) };
  // Node's OpenSSL 3 keeps RC4 in the legacy provider, which Node does not load.
  const nodeHasRc4 = nodeCrypto.getCiphers().includes('rc4');
  const suite: Suite = { label: 'RC4-SHA', spec: { type: 'stream', cipher: 'rc4', mac: 'sha1' }, keys };
  if (!nodeHasRc4) return suite;
  try {
    const enc = nodeCrypto.createCipheriv('rc4', keys.key, null);
    const dec = nodeCrypto.createDecipheriv('rc4', keys.key, null);
    const hmac = (seq: number, data: Buffer) => nodeCrypto.createHmac('sha1', keys.macKey).update(aad(seq, data.length)).update(data).digest();
    suite.nodeProtect = (data, seq) => enc.update(Buffer.concat([data, hmac(seq, data)]));
    suite.nodeOpen = (record, seq) => {
      const plain = dec.update(record);
      const data = plain.subarray(0, plain.length - 20);
      if (!nodeCrypto.timingSafeEqual(hmac(seq, data), plain.subarray(plain.length - 20))) throw new Error('bad MAC');
      return data;
    };
  } catch {
    // listed but unusable: leave the column empty
  }
  return suite;
}

const SUITES: Suite[] = [
  aeadSuite('AES-128-GCM', 'aes128gcm', 'aes-128-gcm'),
  aeadSuite('ChaCha20-Poly1305', 'chacha20-poly1305', 'chacha20-poly1305'),
  cbcSuite('AES-128-CBC-SHA1 MtE', 'aes128', 'aes-128-cbc', 'sha1', false),
  cbcSuite('AES-128-CBC-SHA256 ETM', 'aes128', 'aes-128-cbc', 'sha256', true),
  rc4Suite(),
  cbcSuite('3DES-EDE-CBC-SHA1 MtE', '3des', 'des-ede3-cbc', 'sha1', false),
];

// ------------------------------------------------------------ measuring

const mb = (bytes: number, perSecond: number) => (bytes * perSecond) / 1e6;

/**
 * Records per second of `fn(i)` over batches, timed for SECONDS after a
 * warm-up (0.25 s, or SECONDS if shorter) that also grows the batch until
 * one takes at least 10 ms;
 * `prepare(count)` runs untimed before each batch. `maxBatch` bounds the
 * memory prepared records take.
 */
function measure(fn: (i: number) => unknown, prepare: ((count: number) => void) | undefined, maxBatch: number): number {
  let batch = 4;
  const timeBatch = () => {
    prepare?.(batch);
    const start = performance.now();
    for (let i = 0; i < batch; i++) fn(i);
    return (performance.now() - start) / 1000;
  };
  while (timeBatch() < 0.01 && batch < maxBatch) batch = Math.min(maxBatch, batch * 2);
  // Let the JIT finish tiering up (the first ~0.1 s of a seal loop runs far
  // below its steady speed) before anything counts.
  for (let warm = 0; warm < Math.min(0.25, SECONDS); ) warm += timeBatch();
  let done = 0;
  let spent = 0;
  while (spent < SECONDS) {
    spent += timeBatch();
    done += batch;
  }
  return done / spent;
}

/** At most 8 MB of prepared records per batch. */
const maxBatchFor = (size: number) => Math.max(4, Math.floor((8 << 20) / size));

function ours(provider: CryptoProvider | null, suite: Suite, size: number, op: 'protect' | 'unprotect'): number | undefined {
  if (!provider) return undefined;
  const data = rand(size);
  const make = (direction: 'read' | 'write') => createProtection(provider, TLS12, suite.spec, suite.keys, direction);
  if (op === 'protect') {
    const w = make('write');
    return mb(size, measure(() => w.seal(APPDATA, TLS12, data), undefined, maxBatchFor(size)));
  }
  // Unprotect: a writer and a reader that stay in step; each batch is sealed untimed.
  const w = make('write');
  const r = make('read');
  let fragments: Uint8Array[] = [];
  return mb(
    size,
    measure(
      (i) => r.open(APPDATA, TLS12, fragments[i]!),
      (count) => {
        fragments = [];
        for (let i = 0; i < count; i++) fragments.push(w.seal(APPDATA, TLS12, data).subarray(5));
      },
      maxBatchFor(size),
    ),
  );
}

function node(suite: Suite, size: number, op: 'protect' | 'unprotect'): number | undefined {
  if (!suite.nodeProtect || !suite.nodeOpen) return undefined;
  const data = rand(size);
  let seq = 0;
  if (op === 'protect') return mb(size, measure(() => suite.nodeProtect!(data, seq++), undefined, maxBatchFor(size)));
  let records: Buffer[] = [];
  let base = 0;
  return mb(
    size,
    measure(
      (i) => suite.nodeOpen!(records[i]!, base + i),
      (count) => {
        base = seq;
        records = [];
        for (let i = 0; i < count; i++) records.push(suite.nodeProtect!(data, seq++) as Buffer);
      },
      maxBatchFor(size),
    ),
  );
}

// ------------------------------------------------------------ run

const native = nativeProvider as CryptoProvider | null;
console.log(
  `tlslite-ng record benchmark: Node ${process.version}, OpenSSL ${process.versions.openssl}, TLS 1.2 records, MB/s of plaintext, ${SECONDS} s per cell`,
);
if (!native) console.log(`native provider unavailable: ${nativeLoadError}`);
const out: string[][] = [];
for (const suite of SUITES) {
  for (const size of SIZES) {
    for (const op of ['protect', 'unprotect'] as const) {
      const label = `${suite.label} ${op} ${size >= 1024 ? `${size / 1024} KiB` : `${size} B`}`;
      if (filter && !label.toLowerCase().includes(filter)) continue;
      const n = ours(native, suite, size, op);
      const p = ours(pureProvider, suite, size, op);
      const ref = node(suite, size, op);
      const ratio = n !== undefined && ref !== undefined ? `${(n / ref).toFixed(2)}x` : '—';
      out.push([label, fmt(n), fmt(p), fmt(ref), ratio]);
      process.stderr.write('.');
    }
  }
}
process.stderr.write('\n');
table(['record (MB/s)', 'native', 'pure', 'node:crypto', 'native/node'], out);
if (!SUITES.find((s) => s.label === 'RC4-SHA')?.nodeProtect) {
  console.log('node:crypto has no RC4 here (OpenSSL 3 legacy provider not loaded): no reference for RC4-SHA.');
}
