/**
 * The SSLv3-TLS 1.2 key schedule against computations written here
 * directly over node:crypto from the RFC text (master secret, extended
 * master secret, key block, Finished, SSLv3 Finished and CertificateVerify
 * hashes, RFC 5705 exporter), and the exporter against a real TLS 1.2
 * connection between Node's own client and server.
 */
import t from 'tap';
import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import {
  checkFinished,
  cipherSpecFor,
  deriveKeyBlock,
  exportKeyingMaterial,
  extendedMasterSecret,
  finishedVerifyData,
  keyBlock,
  masterSecret,
  prfAlgorithm,
  ssl3CertificateVerifyHash,
  type PrfAlgorithm,
} from '../../src/handshake/key-schedule.js';
import { HandshakeTranscript } from '../../src/handshake/transcript.js';
import { CipherSuite } from '../../src/constants.js';
import { TLSDecryptError } from '../../src/errors.js';
import { fromHex, toHex } from '../../src/crypto/bytes.js';
import { suiteInfo } from '../../src/suites.js';
import { providers, randomBytes } from './helpers.js';

const ascii = (s: string) => Buffer.from(s, 'latin1');
const cat = (...parts: Uint8Array[]) => Buffer.concat(parts);
const hash = (name: string, ...parts: Uint8Array[]) => {
  const h = createHash(name);
  for (const p of parts) h.update(p);
  return h.digest();
};

// ---- references written from the RFCs, independent of src/

/** RFC 5246 5 P_hash. */
function pHash(name: string, secret: Uint8Array, seed: Uint8Array, length: number): Buffer {
  const out: Buffer[] = [];
  let a = Buffer.from(seed);
  for (let have = 0; have < length; ) {
    a = createHmac(name, secret).update(a).digest();
    const block = createHmac(name, secret).update(a).update(seed).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** The PRF of each version: RFC 6101 6.1 / RFC 2246 5 / RFC 5246 5. */
function refPrf(alg: PrfAlgorithm, secret: Uint8Array, label: string, seed: Uint8Array, length: number): Buffer {
  if (alg === 'ssl3') {
    const out: Buffer[] = [];
    for (let i = 0; out.length * 16 < length; i++) {
      const salt = Buffer.alloc(i + 1, 0x41 + i);
      out.push(hash('md5', secret, hash('sha1', salt, secret, seed)));
    }
    return Buffer.concat(out).subarray(0, length);
  }
  const ls = cat(ascii(label), seed);
  if (alg !== 'md5sha1') return pHash(alg, secret, ls, length);
  const half = Math.ceil(secret.length / 2);
  const a = pHash('md5', secret.subarray(0, half), ls, length);
  const b = pHash('sha1', secret.subarray(secret.length - half), ls, length);
  return Buffer.from(a.map((x, i) => x ^ b[i]!));
}

/** RFC 6101 5.6.9 (sender) and 5.6.8 (no sender). */
function refSsl3Hashes(messages: Uint8Array[], ms: Uint8Array, sender: Uint8Array): Buffer {
  const md5 = hash('md5', ms, Buffer.alloc(48, 0x5c), hash('md5', ...messages, sender, ms, Buffer.alloc(48, 0x36)));
  const sha = hash('sha1', ms, Buffer.alloc(40, 0x5c), hash('sha1', ...messages, sender, ms, Buffer.alloc(40, 0x36)));
  return cat(md5, sha);
}

const SUITES = {
  cbcSha: suiteInfo(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA)!,
  gcm256: suiteInfo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384)!,
  gcm128: suiteInfo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)!,
  chacha: suiteInfo(CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256)!,
  des: suiteInfo(CipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA)!,
  rc4md5: suiteInfo(CipherSuite.TLS_RSA_WITH_RC4_128_MD5)!,
  nullSha: suiteInfo(CipherSuite.TLS_RSA_WITH_NULL_SHA)!,
  cbcSha384: suiteInfo(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384)!,
};

t.test('prfAlgorithm per version and suite', async (t) => {
  t.equal(prfAlgorithm(0x0300, SUITES.cbcSha), 'ssl3');
  t.equal(prfAlgorithm(0x0301, SUITES.cbcSha), 'md5sha1');
  t.equal(prfAlgorithm(0x0302, SUITES.cbcSha), 'md5sha1');
  t.equal(prfAlgorithm(0x0303, SUITES.cbcSha), 'sha256');
  t.equal(prfAlgorithm(0x0303, SUITES.gcm256), 'sha384', 'RFC 5289: _SHA384 suites');
  t.equal(prfAlgorithm(0x0303, SUITES.cbcSha384), 'sha384');
  t.throws(() => prfAlgorithm(0x0304, SUITES.cbcSha), RangeError);
});

t.test('cipherSpecFor: every family', async (t) => {
  t.same(cipherSpecFor(SUITES.cbcSha, true), { type: 'cbc', cipher: 'aes128', mac: 'sha1', encryptThenMac: true });
  t.same(cipherSpecFor(SUITES.cbcSha384), { type: 'cbc', cipher: 'aes256', mac: 'sha384', encryptThenMac: false });
  t.same(cipherSpecFor(SUITES.gcm256, true), { type: 'aead', cipher: 'aes256gcm' }, 'EtM does not apply to AEAD (RFC 7366 3)');
  t.same(cipherSpecFor(SUITES.rc4md5, true), { type: 'stream', cipher: 'rc4', mac: 'md5' }, 'nor to stream ciphers');
  t.same(cipherSpecFor(SUITES.nullSha), { type: 'stream', cipher: 'null', mac: 'sha1' });
});

for (const { label, provider } of providers()) {
  t.test(`${label}: master secret, EMS and key block equal the RFC computations`, async (t) => {
    const cases: [number, keyof typeof SUITES, number][] = [
      [0x0300, 'des', 2 * (20 + 24 + 8)],
      [0x0300, 'rc4md5', 2 * (16 + 16)],
      [0x0301, 'cbcSha', 2 * (20 + 16 + 16)],
      [0x0302, 'cbcSha', 2 * (20 + 16)],
      [0x0303, 'cbcSha', 2 * (20 + 16)],
      [0x0303, 'cbcSha384', 2 * (48 + 32)],
      [0x0303, 'gcm128', 2 * (16 + 4)],
      [0x0303, 'gcm256', 2 * (32 + 4)],
      [0x0303, 'chacha', 2 * (32 + 12)],
      [0x0303, 'nullSha', 2 * 20],
    ];
    for (const [version, name, blockLength] of cases) {
      const suite = SUITES[name];
      const prf = prfAlgorithm(version, suite);
      const what = `${version.toString(16)} ${suite.name}`;
      // Premasters of RSA (48), odd DH (255) and X25519 (32) sizes: the
      // TLS 1.0 split overlaps for odd lengths.
      for (const pmsLength of [48, 255, 32]) {
        const pms = randomBytes(pmsLength);
        const cr = randomBytes(32);
        const sr = randomBytes(32);
        const ms = masterSecret(provider, prf, pms, cr, sr);
        t.equal(toHex(ms), toHex(refPrf(prf, pms, 'master secret', cat(cr, sr), 48)), `${what} master secret (${pmsLength})`);
        if (prf !== 'ssl3') {
          const sessionHash = randomBytes(prf === 'md5sha1' ? 36 : prf === 'sha384' ? 48 : 32);
          t.equal(
            toHex(extendedMasterSecret(provider, prf, pms, sessionHash)),
            toHex(refPrf(prf, pms, 'extended master secret', sessionHash, 48)),
            `${what} extended master secret`,
          );
        } else {
          t.throws(() => extendedMasterSecret(provider, prf, pms, randomBytes(36)), RangeError, 'no EMS in SSLv3');
        }
        const { spec, keyBlock: kb } = deriveKeyBlock(provider, version, suite, ms, cr, sr, false);
        t.same(spec, cipherSpecFor(suite));
        t.equal(kb.length, blockLength, `${what} key block length`);
        t.equal(toHex(kb), toHex(refPrf(prf, ms, 'key expansion', cat(sr, cr), blockLength)), `${what} key block`);
        t.equal(toHex(keyBlock(provider, prf, ms, cr, sr, 17)), toHex(refPrf(prf, ms, 'key expansion', cat(sr, cr), 17)));
      }
    }
  });

  t.test(`${label}: Finished and SSLv3 CertificateVerify hashes`, async (t) => {
    const messages = [randomBytes(100), randomBytes(1), randomBytes(4000)];
    const ms = randomBytes(48);
    for (const [version, suite] of [
      [0x0300, SUITES.cbcSha],
      [0x0301, SUITES.cbcSha],
      [0x0302, SUITES.cbcSha],
      [0x0303, SUITES.gcm128],
      [0x0303, SUITES.gcm256],
    ] as const) {
      const prf = prfAlgorithm(version, suite);
      const tr = new HandshakeTranscript(provider);
      tr.update(messages[0]!);
      tr.select(version, suite.prfHash);
      tr.update(messages[1]!).update(messages[2]!);
      for (const sender of ['client', 'server'] as const) {
        const got = finishedVerifyData(provider, prf, ms, tr, sender);
        let want: Buffer;
        if (prf === 'ssl3') {
          want = refSsl3Hashes(messages, ms, ascii(sender === 'client' ? 'CLNT' : 'SRVR'));
          t.equal(got.length, 36);
        } else {
          const h = prf === 'md5sha1' ? cat(hash('md5', ...messages), hash('sha1', ...messages)) : hash(prf, ...messages);
          want = refPrf(prf, ms, `${sender} finished`, h, 12);
          t.equal(got.length, 12);
        }
        t.equal(toHex(got), toHex(want), `${version.toString(16)} ${suite.prfHash} ${sender} Finished`);
        t.doesNotThrow(() => checkFinished(want, got));
        const bad = Uint8Array.from(got);
        bad[bad.length - 1]! ^= 1;
        t.throws(() => checkFinished(want, bad), TLSDecryptError, 'a changed bit is decrypt_error');
        t.throws(() => checkFinished(want, got.subarray(1)), TLSDecryptError, 'a shorter value too');
      }
      t.notSame(finishedVerifyData(provider, prf, ms, tr, 'client'), finishedVerifyData(provider, prf, ms, tr, 'server'));
      if (prf === 'ssl3') {
        t.equal(toHex(ssl3CertificateVerifyHash(provider, tr, ms)), toHex(refSsl3Hashes(messages, ms, new Uint8Array(0))), 'SSLv3 CertificateVerify');
      }
    }
  });

  t.test(`${label}: RFC 5705 exporter`, async (t) => {
    const ms = randomBytes(48);
    const cr = randomBytes(32);
    const sr = randomBytes(32);
    for (const prf of ['md5sha1', 'sha256', 'sha384'] as const) {
      for (const length of [0, 1, 12, 32, 100]) {
        const noContext = exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL test', undefined, length);
        t.equal(toHex(noContext), toHex(refPrf(prf, ms, 'EXPERIMENTAL test', cat(cr, sr), length)));
        const ctx = randomBytes(300);
        const withContext = exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL test', ctx, length);
        t.equal(toHex(withContext), toHex(refPrf(prf, ms, 'EXPERIMENTAL test', cat(cr, sr, Uint8Array.of(1, 44), ctx), length)));
      }
      const none = exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL x', undefined, 32);
      const empty = exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL x', new Uint8Array(0), 32);
      t.notSame(none, empty, 'no context differs from an empty one (RFC 5705 4)');
    }
    for (const reserved of ['client finished', 'server finished', 'master secret', 'key expansion', 'extended master secret']) {
      t.throws(() => exportKeyingMaterial(provider, 'sha256', ms, cr, sr, reserved, undefined, 16), RangeError, reserved);
    }
    t.throws(() => exportKeyingMaterial(provider, 'ssl3', ms, cr, sr, 'EXPERIMENTAL', undefined, 16), RangeError, 'no SSLv3 exporter');
    t.throws(() => exportKeyingMaterial(provider, 'sha256', ms, cr, sr, 'EXPERIMENTAL', new Uint8Array(65536), 16), RangeError);
  });
}

t.test('misuse of the key schedule', async (t) => {
  const { provider } = providers()[0]!;
  t.throws(() => masterSecret(provider, 'sha256', randomBytes(48), randomBytes(31), randomBytes(32)), RangeError);
  t.throws(() => keyBlock(provider, 'sha256', randomBytes(47), randomBytes(32), randomBytes(32), 10), RangeError);
  const tr = new HandshakeTranscript(provider);
  tr.select(0x0303);
  t.throws(() => finishedVerifyData(provider, 'sha256', randomBytes(48), tr, 'both' as never), TypeError);
});

t.test('the exporter agrees with Node TLS 1.2 (OpenSSL) on a real connection', async (t) => {
  const certs = fileURLToPath(new URL('../fixtures/certs/', import.meta.url));
  const server = tls.createServer({
    key: readFileSync(certs + 'server-rsa.key.pem'),
    cert: readFileSync(certs + 'server-rsa.cert.pem'),
    minVersion: 'TLSv1.2',
    maxVersion: 'TLSv1.2',
  });
  server.on('secureConnection', (s) => s.end());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  // A relay that records what the server sends, to read ServerHello.random.
  let fromServer = Buffer.alloc(0);
  const relay = net.createServer((client) => {
    const upstream = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (d: Buffer) => {
      fromServer = Buffer.concat([fromServer, d]);
      client.write(d);
    });
    upstream.on('end', () => client.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  relay.listen(0, '127.0.0.1');
  await once(relay, 'listening');
  t.teardown(() => {
    server.close();
    relay.close();
  });
  const socket = tls.connect({ port: (relay.address() as net.AddressInfo).port, host: '127.0.0.1', rejectUnauthorized: false });
  let keylog = '';
  socket.on('keylog', (line: Buffer) => (keylog += line.toString()));
  await once(socket, 'secureConnect');
  const context = Buffer.from('some context');
  const nodeNoContext = socket.exportKeyingMaterial(40, 'EXPERIMENTAL tlslite-ng', undefined as unknown as Buffer); // no context (the typings insist on one)
  const nodeContext = socket.exportKeyingMaterial(40, 'EXPERIMENTAL tlslite-ng', context);
  const cipher = socket.getCipher();
  socket.destroy();
  const m = /CLIENT_RANDOM ([0-9a-f]{64}) ([0-9a-f]{96})/i.exec(keylog);
  t.ok(m, 'keylog gave the master secret');
  // The first record is the ServerHello: 5-byte record header, 4-byte
  // handshake header, 2-byte version, then the 32-byte random.
  t.equal(fromServer[0], 22, 'handshake record');
  t.equal(fromServer[5], 2, 'ServerHello');
  const sr = fromServer.subarray(11, 43);
  const cr = fromHex(m![1]!);
  const ms = fromHex(m![2]!);
  const prf: PrfAlgorithm = cipher.name.endsWith('SHA384') ? 'sha384' : 'sha256';
  for (const { label, provider } of providers()) {
    t.equal(toHex(exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL tlslite-ng', undefined, 40)), toHex(nodeNoContext), `${label} no context (${cipher.name})`);
    t.equal(toHex(exportKeyingMaterial(provider, prf, ms, cr, sr, 'EXPERIMENTAL tlslite-ng', context, 40)), toHex(nodeContext), `${label} with context`);
  }
});
