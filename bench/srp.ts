/**
 * SRP benchmark (`npm run bench:srp`): full SRP handshakes per second
 * (TLS 1.2, TLS_SRP_SHA_WITH_AES_128_CBC_SHA) in the RFC 5054 2048- and
 * 3072-bit groups, native and pure, beside a certificate handshake
 * measured in the same run: ours (ECDHE-RSA, X25519, RSA-2048,
 * AES-128-GCM) and Node's own tls (the same suite, over loopback) as the
 * peer's yardstick.
 *
 * Our two sides run in one process over an in-memory pair of Engines, so
 * a figure is the cost of BOTH sides of a handshake; "CPU ms" is process
 * CPU time (user + system) per handshake, the number to compare on a
 * busy machine. Node's row also has both sides in this process.
 */
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { once } from 'node:events';
import { Engine } from '../src/connection/engine.js';
import type { ClientHandshakeOptions, ServerHandshakeOptions } from '../src/connection/engine.js';
import { defaultProvider, providerFor } from '../src/crypto/select.js';
import type { CryptoProvider } from '../src/crypto/provider.js';
import { HandshakeSettings } from '../src/settings.js';
import { VerifierDB } from '../src/srp/verifier-db.js';
import { X509CertChain } from '../src/x509/cert-chain.js';
import { parsePEMKey } from '../src/x509/keys.js';
import { SECONDS, fmt, table } from './harness.js';

const CERTS = new URL('../test/fixtures/certs/', import.meta.url);
const certPem = fs.readFileSync(new URL('server-rsa.chain.pem', CERTS), 'utf8');
const keyPem = fs.readFileSync(new URL('server-rsa.key.pem', CERTS), 'utf8');

/** One full handshake between two in-memory engines. */
async function memoryHandshake(provider: CryptoProvider, client: ClientHandshakeOptions, server: ServerHandshakeOptions): Promise<void> {
  const ends: { c?: Engine; s?: Engine } = {};
  const make = (peer: () => Engine) =>
    new Engine({
      provider,
      output: (bytes) => {
        const copy = bytes.slice();
        queueMicrotask(() => peer().receive(copy));
      },
      data: () => {},
      close: () => {},
      error: () => {},
    });
  ends.c = make(() => ends.s!);
  ends.s = make(() => ends.c!);
  await Promise.all([ends.s.handshakeServer(server), ends.c.handshakeClient(client)]);
}

/** Handshakes per wall second and CPU ms per handshake of `fn`, run back to back. */
async function measure(fn: () => Promise<void>): Promise<{ perSecond: number; cpuMs: number }> {
  const warm = performance.now() + Math.min(300, SECONDS * 300);
  while (performance.now() < warm) await fn();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const until = start + SECONDS * 1000;
  while (performance.now() < until || n < 3) {
    await fn();
    n++;
  }
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { perSecond: (n * 1000) / wall, cpuMs: (cpu.user + cpu.system) / 1000 / n };
}

async function nodeTlsRate(): Promise<{ perSecond: number; cpuMs: number }> {
  const server = tls.createServer({ cert: certPem, key: keyPem, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', ecdhCurve: 'X25519', maxVersion: 'TLSv1.2' }, (s) => {
    s.on('error', () => {});
    s.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.2', session: undefined }, () => {
        s.destroy();
        resolve();
      });
      s.on('error', reject);
    });
  try {
    return await measure(one);
  } finally {
    server.close();
  }
}

const providers: Array<[string, CryptoProvider]> = [
  ['native', defaultProvider()],
  ['pure', providerFor(['pure'])],
];

const srpSettings = new HandshakeSettings({ keyExchangeNames: ['srp_sha'], cipherNames: ['aes128'], maxVersion: 0x0303 });
const certSettings = new HandshakeSettings({ keyExchangeNames: ['ecdhe_rsa'], cipherNames: ['aes128gcm'], eccCurves: ['x25519'], keyShares: ['x25519'] });

const rows: string[][] = [];
for (const bits of [2048, 3072]) {
  const db = new VerifierDB();
  db.add('alice', VerifierDB.makeVerifier('alice', 'password', bits));
  for (const [label, provider] of providers) {
    const r = await measure(() =>
      memoryHandshake(provider, { srpUsername: 'alice', srpPassword: 'password', settings: srpSettings }, { verifierDB: db, settings: srpSettings }),
    );
    rows.push([`ours SRP_SHA ${bits}-bit group`, label, fmt(r.perSecond), fmt(r.cpuMs)]);
  }
}
for (const [label, provider] of providers) {
  const server = { certChain: X509CertChain.fromPEM(certPem), privateKey: parsePEMKey(keyPem, { private: true, provider }), settings: certSettings };
  const r = await measure(() => memoryHandshake(provider, { settings: certSettings }, server));
  rows.push(['ours ECDHE-RSA (certificate)', label, fmt(r.perSecond), fmt(r.cpuMs)]);
}
const node = await nodeTlsRate();
rows.push(['Node tls ECDHE-RSA (certificate)', 'OpenSSL', fmt(node.perSecond), fmt(node.cpuMs)]);

console.log(`Full TLS 1.2 handshakes, client and server both in this process (${SECONDS} s each)\n`);
table(['handshake', 'crypto', 'handshakes/s', 'CPU ms/handshake'], rows);
