/**
 * A seeded, reproducible fuzz test of the record layer: random byte
 * streams, and valid flights (plaintext and protected under several
 * protection states) mutated by bit flips, byte changes, insertions,
 * deletions, truncations and splices, each fed in a random chunking.
 *
 * Asserted: nothing but a TLSError subclass is ever thrown, and after each
 * chunk has been drained no more than one maximal record (plus header)
 * stays buffered.
 *
 * FUZZ_SEED=<n> reproduces a run; FUZZ_CASES=<n> changes the case count
 * (default 100,000). A failure prints the seed and case number.
 */
import t from 'tap';
import * as nodeCrypto from 'node:crypto';
import { RecordLayer, keyBlockLength, keySizes, type CipherSpec } from '../../src/record/index.js';
import { TLSError } from '../../src/errors.js';
import { RecordLimits } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { recordProviders } from './helpers.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 20261127);
const CASES = Number(process.env['FUZZ_CASES'] ?? 100_000);
const BOUND = 5 + RecordLimits.maxCiphertext;

/** mulberry32: small, fast, seeded. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const bytes = (n: number) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = int(256);
    return b;
  };
  return { next, int, bytes };
}
type Rng = ReturnType<typeof prng>;

const SPECS: { version: number; spec: CipherSpec }[] = [
  { version: 0x0303, spec: { type: 'aead', cipher: 'aes128gcm' } },
  { version: 0x0303, spec: { type: 'aead', cipher: 'chacha20-poly1305' } },
  { version: 0x0303, spec: { type: 'aead', cipher: 'aes128ccm_8' } },
  { version: 0x0303, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha1' } },
  { version: 0x0301, spec: { type: 'cbc', cipher: 'aes128', mac: 'sha256' } },
  { version: 0x0300, spec: { type: 'cbc', cipher: '3des', mac: 'sha1' } },
  { version: 0x0302, spec: { type: 'cbc', cipher: 'aes256', mac: 'sha1', encryptThenMac: true } },
  { version: 0x0303, spec: { type: 'stream', cipher: 'rc4', mac: 'md5' } },
  { version: 0x0303, spec: { type: 'stream', cipher: 'null', mac: 'sha1' } },
];

interface Corpus {
  version: number;
  spec: CipherSpec | null;
  keyBlock: Uint8Array;
  stream: Uint8Array;
}

function hs(rng: Rng, type: number, length: number): Uint8Array {
  const m = new Uint8Array(4 + length);
  m.set([type, length >> 16, (length >> 8) & 0xff, length & 0xff]);
  m.set(rng.bytes(length), 4);
  return m;
}

/** Valid flights: a sender's output under each state, with the keys a receiver needs. */
function buildCorpus(provider: CryptoProvider, rng: Rng): Corpus[] {
  const out: Corpus[] = [];
  for (let round = 0; round < 4; round++) {
    const plain = new RecordLayer({ provider, version: 0x0303 });
    plain.sendHandshake(hs(rng, 1, 60 + rng.int(200)));
    plain.sendHandshake(hs(rng, 11, rng.int(3000)));
    plain.sendAlert(1, 0);
    plain.sendApplicationData(rng.bytes(rng.int(300)));
    out.push({ version: 0x0303, spec: null, keyBlock: new Uint8Array(0), stream: plain.takeOutputBytes() });
    for (const { version, spec } of SPECS) {
      const keyBlock = nodeCrypto.randomBytes(keyBlockLength(keySizes(provider, version, spec)));
      const layer = new RecordLayer({ provider, version });
      layer.installKeyBlock({ version, spec, keyBlock, isClient: true });
      layer.sendHandshake(hs(rng, 16, rng.int(100)));
      layer.sendChangeCipherSpec();
      layer.sendHandshake(hs(rng, 20, 12));
      if (rng.next() < 0.5) layer.sendHandshake(hs(rng, 4, rng.int(400)));
      layer.sendApplicationData(rng.bytes(1 + rng.int(400)));
      layer.sendAlert(2, 20);
      out.push({ version, spec, keyBlock, stream: layer.takeOutputBytes() });
    }
  }
  return out;
}

function mutate(rng: Rng, input: Uint8Array, corpus: Corpus[]): Uint8Array {
  let b = Array.from(input);
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const pos = rng.int(b.length + 1);
    switch (rng.int(8)) {
      case 0: // bit flip
        if (b.length) b[pos % b.length]! ^= 1 << rng.int(8);
        break;
      case 1: // byte replaced by an interesting value
        if (b.length) b[pos % b.length] = [0, 1, 0x7f, 0x80, 0xff, 20, 21, 22, 23, 24, 3][rng.int(11)]!;
        break;
      case 2: // insertion
        b.splice(pos, 0, ...rng.bytes(1 + rng.int(8)));
        break;
      case 3: // deletion
        b.splice(pos, 1 + rng.int(8));
        break;
      case 4: // truncation
        b = b.slice(0, pos);
        break;
      case 5: // splice in part of another stream
        {
          const other = corpus[rng.int(corpus.length)]!.stream;
          const from = rng.int(other.length);
          b.splice(pos, 0, ...other.subarray(from, from + rng.int(64)));
        }
        break;
      case 6: // a length field pushed around (header bytes 3-4 of some record)
        if (b.length > 5) b[3 + (pos % Math.min(2, b.length - 3))] = rng.int(256);
        break;
      default: // duplicate a span
        {
          const from = rng.int(b.length + 1);
          b.splice(pos, 0, ...b.slice(from, from + rng.int(32)));
        }
        break;
    }
  }
  return Uint8Array.from(b);
}

/** Feeds `stream` in a random chunking; returns the error thrown, if any. Checks the bound after each chunk. */
function feed(rng: Rng, layer: RecordLayer, stream: Uint8Array, stats: { maxBuffered: number; events: number }): unknown {
  let pos = 0;
  try {
    while (pos < stream.length) {
      const n = 1 + rng.int(rng.next() < 0.3 ? 8 : Math.max(1, stream.length - pos));
      layer.push(stream.slice(pos, pos + n));
      pos += n;
      for (let e = layer.next(); e !== null; e = layer.next()) stats.events++;
      // A CCS without keys: an engine would stop reading here until the
      // handshake installs keys or rejects the CCS; so does the fuzzer.
      if (layer.awaitingKeys) break;
      stats.maxBuffered = Math.max(stats.maxBuffered, layer.bufferedBytes);
    }
  } catch (e) {
    return e;
  }
  return null;
}

t.test(`fuzz: ${CASES} cases, seed ${SEED}`, async (t) => {
  const all = recordProviders();
  // Mostly the default provider (fast); a share of the cases on pure.
  const pure = all.find((p) => p.label === 'pure')!.provider;
  const dflt = all.find((p) => p.label === 'default')!.provider;
  const rng = prng(SEED);
  const corpora = [
    { provider: dflt, corpus: buildCorpus(dflt, rng) },
    { provider: pure, corpus: buildCorpus(pure, rng) },
  ];
  const stats = { maxBuffered: 0, events: 0 };
  const outcomes = new Map<string, number>();
  const started = performance.now();
  let failures = 0;
  for (let i = 0; i < CASES; i++) {
    const { provider, corpus } = corpora[i % 5 === 4 ? 1 : 0]!;
    const kind = rng.int(10);
    let layer: RecordLayer;
    let stream: Uint8Array;
    if (kind === 0 && rng.int(20) === 0) {
      // A large record (possibly over the limit) whose body arrives only in part, or whole.
      layer = new RecordLayer({ provider, version: rng.next() < 0.5 ? 0x0303 : 0x0304 });
      const length = RecordLimits.maxCiphertext - 300 + rng.int(310);
      stream = new Uint8Array(5 + rng.int(length + 10));
      stream.set([23, 3, 3, length >> 8, length & 0xff]);
    } else if (kind === 0) {
      // Random bytes, sometimes after a plausible header start.
      layer = new RecordLayer({ provider, acceptSSLv2Hello: rng.next() < 0.5, version: [0x0300, 0x0301, 0x0303, 0x0304][rng.int(4)]! });
      stream = rng.bytes(rng.int(200));
      if (rng.next() < 0.5 && stream.length >= 3) stream.set([20 + rng.int(5), 3, rng.int(5)]);
    } else if (kind === 1) {
      // Protection states opened directly with random fragments.
      const { version, spec } = SPECS[rng.int(SPECS.length)]!;
      const keyBlock = rng.bytes(keyBlockLength(keySizes(provider, version, spec)));
      layer = new RecordLayer({ provider, version });
      layer.installKeyBlock({ version, spec, keyBlock, isClient: false });
      const body = rng.bytes(rng.int(120));
      stream = Uint8Array.from([20, version >> 8, version & 0xff, 0, 1, 1, 23, version >> 8, version & 0xff, body.length >> 8, body.length, ...body]);
    } else {
      // A valid flight, mutated (or, once in ten, intact).
      const c = corpus[rng.int(corpus.length)]!;
      layer = new RecordLayer({ provider, version: c.version, acceptSSLv2Hello: rng.next() < 0.2 });
      if (c.spec) layer.installKeyBlock({ version: c.version, spec: c.spec, keyBlock: c.keyBlock, isClient: false });
      stream = kind === 9 ? c.stream.slice() : mutate(rng, c.stream, corpus);
    }
    const error = feed(rng, layer, stream, stats);
    if (error !== null && !(error instanceof TLSError)) {
      failures++;
      if (failures <= 5) t.fail(`case ${i} (seed ${SEED}) threw a non-TLS error: ${(error as Error)?.stack ?? String(error)}`);
    }
    const key = error === null ? 'ok' : (error as Error).name;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  }
  const seconds = (performance.now() - started) / 1000;
  t.equal(failures, 0, 'only TLS errors were thrown');
  t.ok(stats.maxBuffered < BOUND, `at most ${stats.maxBuffered} bytes stayed buffered (bound ${BOUND})`);
  t.ok((outcomes.get('ok') ?? 0) > CASES / 50, 'some cases still went through cleanly');
  t.ok(outcomes.size >= 6, `a variety of errors: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  t.ok(stats.maxBuffered > RecordLimits.maxPlaintext, 'the large-record cases did fill the buffer');
  t.comment(`${CASES} cases in ${seconds.toFixed(1)} s, ${stats.events} events`);
});
