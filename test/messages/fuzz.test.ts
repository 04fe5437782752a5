/**
 * Seeded, reproducible fuzzing of every message and extension parser.
 *
 * Inputs: the captured handshakes (test/fixtures/captures) and a set of
 * hand-made valid messages covering every message form, mutated by bit
 * flips, truncation, insertion, deletion and length-field corruption,
 * plus purely random bytes. Each input is fed to the parser under
 * several contexts (versions x key exchanges).
 *
 * Properties:
 * - a parser either succeeds or throws a TLSProtocolException (never a
 *   TypeError, RangeError or anything else);
 * - when it succeeds, writing the result gives back exactly the input
 *   (nothing is silently normalized or dropped).
 *
 * Set FUZZ_SEED to replay another seed, FUZZ_CASES for more cases.
 */
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from '../../src/codec/parser.js';
import { ProtocolVersion } from '../../src/constants.js';
import { TLSProtocolException } from '../../src/errors.js';
import {
  Alert,
  ChangeCipherSpec,
  ClientHello,
  Extensions,
  HandshakeMessage,
  encode,
  serialize,
  type ExtensionMessage,
  type MessageContext,
} from '../../src/messages/index.js';
import type { KeyExchangeName } from '../../src/suites.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x7115e) >>> 0;
const CASES = Number(process.env['FUZZ_CASES'] ?? 300_000);

/** mulberry32: small, fast, good enough to drive a fuzzer reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  };
}

const VERSIONS = [undefined, ProtocolVersion.SSL3, ProtocolVersion.TLS1_0, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3];
const KEY_EXCHANGES: readonly (KeyExchangeName | undefined)[] = [
  undefined,
  'rsa',
  'dhe_rsa',
  'dh_anon',
  'ecdhe_rsa',
  'ecdhe_ecdsa',
  'ecdh_anon',
  'srp_sha',
  'srp_sha_rsa',
  'tls13',
  'ecdh_rsa',
];
const EXT_MESSAGES: readonly ExtensionMessage[] = [
  'client_hello',
  'server_hello',
  'hello_retry_request',
  'encrypted_extensions',
  'certificate_request',
  'certificate',
  'new_session_ticket',
];

function context(r: ReturnType<typeof prng>): MessageContext {
  const version = r.pick(VERSIONS);
  return { version, keyExchange: r.pick(KEY_EXCHANGES), hashLength: r.pick([32, 48]) };
}

/** Valid seeds: captures plus one of every message form. */
function corpus(): { handshake: Uint8Array[]; ssl2: Uint8Array[]; extensions: Uint8Array[] } {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/captures');
  const handshake: Uint8Array[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { clientToServer: { hex: string }[]; serverToClient: { hex: string }[] };
    for (const m of [...c.clientToServer, ...c.serverToClient]) handshake.push(fromHex(m.hex));
  }
  const R = '00'.repeat(31) + '01';
  const bodies: Array<[number, string]> = [
    [0, ''],
    [1, `0300 ${R} 00 0002 000a 01 00`],
    [1, `0303 ${R} 00 0004 c02f 00ff 01 00 0016 0000 000e 000c 00 0009 6c6f63616c686f7374 0017 0000`],
    [2, `0303 ${R} 00 c02f 00 0005 ff01 0001 00`],
    [2, `0303 cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c 00 1301 00 000c 002b 0002 0304 0033 0002 0017`],
    [4, '00001c20 0003 aabbcc'],
    [4, '00001c20 01020304 01 00 0002 abcd 0000'],
    [11, '00000a 000002 3000 000002 3001'],
    [11, '00 000010 000002 3000 0009 0005 0005 01 000001 aa'],
    [12, '0001 17 0001 02 0001 05'],
    [12, `03 001d 04 11223344 0804 0002 abcd`],
    [12, '0001 17 0001 05 01 aa 0001 09 0002 abcd'],
    [13, '02 0140 0004 0401 0403 0006 0004 30023000'],
    [13, '01 01 0000'],
    [13, '00 0008 000d 0004 0002 0804'],
    [14, ''],
    [15, '0401 0002 abcd'],
    [15, '0002 abcd'],
    [16, '0003 010203'],
    [16, '02 abcd'],
    [20, '11'.repeat(12)],
    [20, '11'.repeat(32)],
    [20, '11'.repeat(36)],
    [67, '02 6832 01 ff'],
    [8, '000d 0000 0000 0010 0005 0003 026832'],
    [1, `0303 ${R} 00 0002 1301 01 00 0041 002b 0003 020304 002d 0002 0101 0029 002e 0008 0002 abcd 00000010 0021 20${'55'.repeat(32)} 0000`.replace(/ 0000$/, '')],
  ];
  for (const [type, body] of bodies) {
    const b = fromHex(body.replace(/\s+/g, ''));
    handshake.push(new Uint8Array([type, 0, b.length >> 8, b.length & 0xff, ...b]));
  }
  const ssl2 = [fromHex('01030100090000001000002f00000a010080' + '0123456789abcdef0123456789abcdef')];
  const extensions = [
    fromHex(
      '0067 0000 000e 000c 00 0009 6c6f63616c686f7374 000a 0004 0002 001d 000b 0002 0100 000d 0004 0002 0804 0010 0005 0003 026832 0017 0000 0016 0000 ff01 0001 00 0023 0000 001c 0002 4000 000f 0001 01 0005 0005 0100000000 002b 0003 020304 0033 0026 0024 001d 0020 1111111111111111111111111111111111111111111111111111111111111111'.replace(
        /\s+/g,
        '',
      ),
    ),
  ];
  // Fix the block length of the hand-written extension block.
  const ext = extensions[0]!;
  ext[0] = (ext.length - 2) >> 8;
  ext[1] = (ext.length - 2) & 0xff;
  return { handshake, ssl2, extensions };
}

function mutate(r: ReturnType<typeof prng>, input: Uint8Array): Uint8Array {
  const b = Array.from(input);
  const rounds = 1 + r.int(3);
  for (let i = 0; i < rounds; i++) {
    switch (r.int(7)) {
      case 0: // bit flip
        if (b.length) b[r.int(b.length)]! ^= 1 << r.int(8);
        break;
      case 1: // truncate
        b.length = r.int(b.length + 1);
        break;
      case 2: // insert random bytes
        b.splice(r.int(b.length + 1), 0, ...r.bytes(1 + r.int(4)));
        break;
      case 3: // delete a run
        b.splice(r.int(b.length + 1), 1 + r.int(4));
        break;
      case 4: // corrupt a length-like field: small values, off-by-one, all ones
        if (b.length) {
          const at = r.int(b.length);
          b[at] = r.pick([0, 1, 2, 0xff, 0x7f, 0x80, (b[at]! + 1) & 0xff, (b[at]! - 1) & 0xff]);
        }
        break;
      case 5: // duplicate a slice (repeated extensions, repeated entries)
        if (b.length) {
          const from = r.int(b.length);
          const len = 1 + r.int(Math.min(16, b.length - from));
          b.splice(r.int(b.length + 1), 0, ...b.slice(from, from + len));
        }
        break;
      default: // overwrite with random bytes
        if (b.length) b[r.int(b.length)] = r.int(256);
    }
  }
  return Uint8Array.from(b);
}

t.test(`fuzz (seed ${SEED}, ${CASES} cases)`, async (t) => {
  const r = prng(SEED);
  const seeds = corpus();
  const failures: string[] = [];
  let parsed = 0;
  const started = Date.now();
  const check = (what: string, input: Uint8Array, fn: () => Uint8Array | undefined) => {
    try {
      const out = fn();
      parsed++;
      if (out !== undefined && toHex(out) !== toHex(input)) failures.push(`${what}: ${toHex(input)} re-serialized as ${toHex(out)}`);
    } catch (e) {
      if (!(e instanceof TLSProtocolException)) failures.push(`${what}: ${toHex(input)} threw ${String(e)}`);
    }
  };
  // The harness itself must notice a foreign exception and a lossy write.
  check('self-test', new Uint8Array([1]), () => {
    throw new TypeError('boom');
  });
  check('self-test', new Uint8Array([1]), () => new Uint8Array([2]));
  t.equal(failures.length, 2, 'the harness reports foreign exceptions and lossy writes');
  failures.length = 0;
  parsed = 0;
  for (let i = 0; i < CASES && failures.length < 20; i++) {
    const kind = r.int(20);
    if (kind < 13) {
      const input = r.int(10) === 0 ? r.bytes(r.int(64)) : mutate(r, r.pick(seeds.handshake));
      const ctx = context(r);
      check(`handshake ${JSON.stringify(ctx)}`, input, () => serialize(HandshakeMessage.parse(input, ctx).body));
    } else if (kind < 17) {
      const input = r.int(10) === 0 ? r.bytes(r.int(64)) : mutate(r, r.pick(seeds.extensions));
      const message = r.pick(EXT_MESSAGES);
      check(`extensions in ${message}`, input, () => {
        const p = new Parser(input);
        const list = Extensions.read(p, { message, version: r.pick(VERSIONS) });
        p.end();
        // Each parsed body must also write itself back exactly.
        for (const e of list.entries) {
          const body = encode((w) => e.extension.write(w));
          if (toHex(body) !== toHex(e.data)) throw new Error(`${e.extension} wrote ${toHex(body)} for ${toHex(e.data)}`);
        }
        return encode((w) => list.write(w));
      });
    } else if (kind < 19) {
      const input = r.int(10) === 0 ? r.bytes(r.int(64)) : mutate(r, r.pick(seeds.ssl2));
      check('sslv2 hello', input, () => {
        const p = new Parser(input);
        const ch = ClientHello.readSSLv2(p);
        p.end();
        return encode((w) => ch.writeSSLv2(w));
      });
    } else {
      const input = r.bytes(r.int(4));
      check('ccs', input, () => {
        const p = new Parser(input);
        const ccs = ChangeCipherSpec.read(p, context(r));
        p.end();
        return encode((w) => ccs.write(w));
      });
      check('alert', input, () => {
        const p = new Parser(input);
        const alert = Alert.read(p);
        p.end();
        return encode((w) => alert.write(w));
      });
    }
  }
  const seconds = (Date.now() - started) / 1000;
  t.same(failures, [], 'only TLSProtocolException, and exact re-serialization');
  t.ok(parsed > CASES / 50, `some inputs still parse (${parsed}), so the fuzzer gets past the first fields`);
  t.comment(`${CASES} cases, ${parsed} parsed, ${seconds.toFixed(1)} s`);
});
