/**
 * TLS benchmark (`npm run bench:tls`): full and resumed TLS 1.2
 * handshakes per second (ECDHE-RSA-AES128-GCM-SHA256, X25519, RSA-2048)
 * and bulk MB/s (AES-128-GCM, ChaCha20-Poly1305, 16 KiB writes), for our
 * client against a Node tls server, our server against a Node tls client,
 * and Node against Node as the reference, per provider, over loopback.
 *
 * Both ends run in this process, so "CPU ms/handshake" is the process's
 * CPU time (user + system) per handshake for BOTH sides together; the
 * Node-vs-Node row measured the same way is the yardstick.
 */
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import { once } from 'node:events';
import { TLSConnection } from '../src/connection/tls-connection.js';
import { HandshakeSettings } from '../src/settings.js';
import { X509CertChain } from '../src/x509/cert-chain.js';
import { parsePEMKey } from '../src/x509/keys.js';
import { defaultProvider, providerFor } from '../src/crypto/select.js';
import type { CryptoProvider } from '../src/crypto/provider.js';
import type { Session } from '../src/session/session.js';
import { SessionCache } from '../src/session/session-cache.js';
import { SECONDS, fmt, table } from './harness.js';

const CERTS = new URL('../test/fixtures/certs/', import.meta.url);
const certPem = fs.readFileSync(new URL('server-rsa.chain.pem', CERTS), 'utf8');
const keyPem = fs.readFileSync(new URL('server-rsa.key.pem', CERTS), 'utf8');
const certChain = X509CertChain.fromPEM(certPem);
/** The server key bound to the provider under test (an RSAKey signs with its provider's RSA). */
const privateKeys = new Map<CryptoProvider, ReturnType<typeof parsePEMKey>>();
const privateKeyFor = (provider: CryptoProvider) => {
  let key = privateKeys.get(provider);
  if (!key) privateKeys.set(provider, (key = parsePEMKey(keyPem, { private: true, provider })));
  return key;
};
const BULK = Number(process.env['BENCH_BULK_MB'] ?? '32') << 20;
const WRITE = 16 * 1024;
/** Bytes sent, unmeasured, before each bulk measurement. */
const WARM = Math.min(BULK, 16 << 20);

type Side = 'ours' | 'node';
const providers: Array<[string, CryptoProvider]> = [
  ['native', defaultProvider()],
  ['pure', providerFor(['pure'])],
];

function settingsFor(cipher: string): HandshakeSettings {
  return new HandshakeSettings({ maxVersion: 0x0303, cipherNames: [cipher], keyExchangeNames: ['ecdhe_rsa'], eccCurves: ['x25519'], keyShares: ['x25519'] });
}
const nodeCipher = (c: string) => (c === 'aes128gcm' ? 'ECDHE-RSA-AES128-GCM-SHA256' : 'ECDHE-RSA-CHACHA20-POLY1305');

/** A server of either kind on 127.0.0.1; `sink` servers discard data and answer with the byte count on end. */
async function startServer(kind: Side, provider: CryptoProvider, cipher: string): Promise<{ port: number; close(): void }> {
  const onConn = (stream: NodeJS.ReadWriteStream & { on: Function }) => {
    stream.on('data', () => {});
    stream.on('error', () => {});
  };
  let server: net.Server;
  if (kind === 'node') {
    server = tls.createServer({ cert: certPem, key: keyPem, maxVersion: 'TLSv1.2', ciphers: nodeCipher(cipher), ecdhCurve: 'X25519' }, (s) => onConn(s));
  } else {
    server = net.createServer(async (socket) => {
      socket.on('error', () => {});
      const conn = new TLSConnection(socket, { provider });
      try {
        await conn.handshakeServer({ certChain, privateKey: privateKeyFor(provider), settings: settingsFor(cipher), sessionCache: cache });
        onConn(conn);
      } catch {
        socket.destroy();
      }
    });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** Our server's session-id cache. */
const cache = new SessionCache();

/** One client connection; resolves after the handshake with a writable stream and its session. */
async function client(kind: Side, port: number, provider: CryptoProvider, cipher: string, session?: unknown) {
  if (kind === 'node') {
    const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, maxVersion: 'TLSv1.2', ciphers: nodeCipher(cipher), ...(session ? { session: session as Buffer } : {}) });
    s.on('error', () => {});
    const sess = new Promise<Buffer>((resolve) => s.once('session', resolve));
    await once(s, 'secureConnect');
    return { stream: s, session: session ?? (await Promise.race([sess, new Promise((r) => setTimeout(r, 50))])), resumed: s.isSessionReused() };
  }
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider });
  await conn.handshakeClientCert(undefined, undefined, { settings: settingsFor(cipher), ...(session ? { session: session as Session } : {}) });
  conn.on('error', () => {});
  return { stream: conn, session: conn.session, resumed: conn.resumed };
}

function cpu(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function handshakes(clientKind: Side, serverKind: Side, provider: CryptoProvider, resume: boolean) {
  const server = await startServer(serverKind, provider, 'aes128gcm');
  let session: unknown;
  if (resume) {
    const first = await client(clientKind, server.port, provider, 'aes128gcm');
    session = first.session;
    first.stream.end();
  }
  const run = async (until: number) => {
    let n = 0;
    let resumed = 0;
    while (performance.now() < until) {
      const c = await client(clientKind, server.port, provider, 'aes128gcm', session);
      if (c.resumed) resumed++;
      c.stream.destroy();
      n++;
    }
    return { n, resumed };
  };
  await run(performance.now() + 100);
  const c0 = cpu();
  const t0 = performance.now();
  const { n, resumed } = await run(t0 + SECONDS * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpuS = cpu() - c0;
  server.close();
  return { rate: n / wall, cpuMs: (cpuS / n) * 1000, resumedShare: resumed / n };
}

async function bulk(clientKind: Side, serverKind: Side, provider: CryptoProvider, cipher: string) {
  const server = await startServer(serverKind, provider, cipher);
  const c = await client(clientKind, server.port, provider, cipher);
  const chunk = Buffer.alloc(WRITE, 0x61);
  // Warm up first (JIT, buffer pools, socket buffers) so that the order in
  // which cells run does not decide their figures; then measure.
  for (let sent = 0; sent < WARM; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  const c0 = cpu();
  const t0 = performance.now();
  for (let sent = 0; sent < BULK; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  await new Promise<void>((resolve) => c.stream.end(resolve));
  const wall = (performance.now() - t0) / 1000;
  const cpuS = cpu() - c0;
  c.stream.destroy();
  server.close();
  return { mbps: BULK / 1e6 / wall, mbPerCpuS: BULK / 1e6 / cpuS };
}

const rows: string[][] = [];
const pairs: Array<[string, Side, Side]> = [
  ['our client -> Node server', 'ours', 'node'],
  ['Node client -> our server', 'node', 'ours'],
];
// Every cell of one kind runs in turn before the next kind, and bulk cells
// are the best of two runs: measured in place, a cell's figure depended on
// what ran before it (heap left by thousands of handshakes, JIT state).
const cells: Array<{ label: string; c: Side; s: Side; provider: CryptoProvider }> = [];
for (const [pname, provider] of providers) {
  for (const [label, c, s] of pairs) cells.push({ label: `${label} (${pname})`, c, s, provider });
}
cells.push({ label: 'Node client -> Node server (reference)', c: 'node', s: 'node', provider: providers[0]![1] });
const results = new Map<string, string[]>();
for (const cell of cells) {
  const full = await handshakes(cell.c, cell.s, cell.provider, false);
  const res = await handshakes(cell.c, cell.s, cell.provider, true);
  results.set(cell.label, [fmt(full.rate), fmt(full.cpuMs), fmt(res.rate), `${Math.round(res.resumedShare * 100)}%`]);
}
const bestOf2 = async (cell: (typeof cells)[number], cipher: string) =>
  Math.max((await bulk(cell.c, cell.s, cell.provider, cipher)).mbps, (await bulk(cell.c, cell.s, cell.provider, cipher)).mbps);
for (const cipher of ['aes128gcm', 'chacha20-poly1305']) {
  for (const cell of cells) results.get(cell.label)!.push(fmt(await bestOf2(cell, cipher)));
}
for (const cell of cells) rows.push([cell.label, ...results.get(cell.label)!]);
console.log(`TLS 1.2 ECDHE(X25519)-RSA-2048, loopback, ${SECONDS}s per handshake cell, ${BULK >> 20} MiB per bulk cell, 16 KiB writes`);
table(['pair', 'full hs/s', 'CPU ms/full hs (both sides)', 'resumed hs/s', 'resumed', 'AES-128-GCM MB/s', 'ChaCha20 MB/s'], rows);


// ---------------------------------------------------------------- TLS 1.3

/**
 * TLS 1.3: full handshakes/s with X25519 and X25519MLKEM768 and with
 * RSA-2048 and ECDSA P-256 certificates, resumed (psk_dhe_ke, a ticket)
 * handshakes/s, and bulk MB/s (TLS_AES_128_GCM_SHA256), for our client
 * against a Node tls server, a Node client against our server, and Node
 * against Node. Node 20's OpenSSL 3.0 has no ML-KEM, so the hybrid group
 * runs ours against ours (and that row has no Node reference).
 */
const ecdsaPem = fs.readFileSync(new URL('server-ecdsa.chain.pem', CERTS), 'utf8');
const ecdsaKeyPem = fs.readFileSync(new URL('server-ecdsa.key.pem', CERTS), 'utf8');
type Cert13 = 'rsa' | 'ecdsa';
type Group13 = 'x25519' | 'x25519mlkem768';
const TICKET_KEYS = [new Uint8Array(32).fill(0x42)];
const creds13 = new Map<string, { certChain: X509CertChain; privateKey: ReturnType<typeof parsePEMKey> }>();
function credentials13(cert: Cert13, provider: CryptoProvider) {
  const key = `${cert}/${provider.name}`;
  let c = creds13.get(key);
  if (!c) {
    const [chain, pem] = cert === 'rsa' ? [certPem, keyPem] : [ecdsaPem, ecdsaKeyPem];
    creds13.set(key, (c = { certChain: X509CertChain.fromPEM(chain), privateKey: parsePEMKey(pem, { private: true, provider }) }));
  }
  return c;
}
const settings13 = (group: Group13) =>
  new HandshakeSettings({ minVersion: 0x0304, cipherNames: ['aes128gcm'], eccCurves: [group], keyShares: [group], ticketKeys: TICKET_KEYS, ticketCount: 1 });
const nodeTls13 = { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: 'TLS_AES_128_GCM_SHA256', ecdhCurve: 'X25519' } as const;

async function startServer13(kind: Side, provider: CryptoProvider, cert: Cert13, group: Group13) {
  let server: net.Server;
  if (kind === 'node') {
    const [chain, pem] = cert === 'rsa' ? [certPem, keyPem] : [ecdsaPem, ecdsaKeyPem];
    server = tls.createServer({ cert: chain, key: pem, ...nodeTls13 }, (s) => {
      s.on('data', () => {});
      s.on('error', () => {});
    });
  } else {
    server = net.createServer(async (socket) => {
      socket.on('error', () => {});
      const conn = new TLSConnection(socket, { provider });
      try {
        await conn.handshakeServer({ ...credentials13(cert, provider), settings: settings13(group) });
        conn.on('data', () => {});
        conn.on('error', () => {});
      } catch {
        socket.destroy();
      }
    });
  }
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as net.AddressInfo).port, close: () => server.close() };
}

/** One TLS 1.3 client connection; with `wantTicket` it waits for the server's ticket. */
async function client13(kind: Side, port: number, provider: CryptoProvider, group: Group13, session?: unknown, wantTicket = false) {
  if (kind === 'node') {
    const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...nodeTls13, ...(session ? { session: session as Buffer } : {}) });
    s.on('error', () => {});
    const ticket = new Promise<Buffer>((resolve) => s.once('session', resolve));
    await once(s, 'secureConnect');
    return { stream: s, session: wantTicket ? await ticket : session, resumed: s.isSessionReused() };
  }
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider });
  await conn.handshakeClientCert(undefined, undefined, { settings: settings13(group), ...(session ? { session: session as Session } : {}) });
  conn.on('error', () => {});
  conn.on('data', () => {});
  if (wantTicket) {
    // The ticket follows the handshake: wait until it has been read.
    const until = performance.now() + 2000;
    while ((conn.session?.tickets?.length ?? 0) === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 1));
  }
  return { stream: conn, session: conn.session, resumed: conn.resumed };
}

async function handshakes13(c: Side, s: Side, provider: CryptoProvider, cert: Cert13, group: Group13, resume: boolean) {
  const server = await startServer13(s, provider, cert, group);
  let session: unknown;
  if (resume) {
    const first = await client13(c, server.port, provider, group, undefined, true);
    session = first.session;
    first.stream.destroy();
  }
  const run = async (until: number) => {
    let n = 0;
    let resumed = 0;
    while (performance.now() < until) {
      const conn = await client13(c, server.port, provider, group, session);
      if (conn.resumed) resumed++;
      conn.stream.destroy();
      n++;
    }
    return { n, resumed };
  };
  await run(performance.now() + 100);
  const c0 = cpu();
  const t0 = performance.now();
  const { n, resumed } = await run(t0 + SECONDS * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpuS = cpu() - c0;
  server.close();
  return { rate: n / wall, cpuMs: (cpuS / n) * 1000, resumedShare: resumed / n };
}

async function bulk13(c: Side, s: Side, provider: CryptoProvider) {
  const server = await startServer13(s, provider, 'rsa', 'x25519');
  const conn = await client13(c, server.port, provider, 'x25519');
  const chunk = Buffer.alloc(WRITE, 0x61);
  for (let sent = 0; sent < WARM; sent += WRITE) if (!conn.stream.write(chunk)) await once(conn.stream, 'drain');
  const t0 = performance.now();
  for (let sent = 0; sent < BULK; sent += WRITE) if (!conn.stream.write(chunk)) await once(conn.stream, 'drain');
  await new Promise<void>((resolve) => conn.stream.end(resolve));
  const wall = (performance.now() - t0) / 1000;
  conn.stream.destroy();
  server.close();
  return BULK / 1e6 / wall;
}

const cells13: Array<{ label: string; c: Side; s: Side; provider: CryptoProvider }> = [];
for (const [pname, provider] of providers) {
  for (const [label, c, s] of pairs) cells13.push({ label: `${label} (${pname})`, c, s, provider });
}
cells13.push({ label: 'Node client -> Node server (reference)', c: 'node', s: 'node', provider: providers[0]![1] });
const rows13: string[][] = [];
for (const cell of cells13) {
  const row = [cell.label];
  for (const cert of ['rsa', 'ecdsa'] as const) row.push(fmt((await handshakes13(cell.c, cell.s, cell.provider, cert, 'x25519', false)).rate));
  const res = await handshakes13(cell.c, cell.s, cell.provider, 'rsa', 'x25519', true);
  row.push(fmt(res.rate), `${Math.round(res.resumedShare * 100)}%`);
  row.push(fmt(Math.max(await bulk13(cell.c, cell.s, cell.provider), await bulk13(cell.c, cell.s, cell.provider))));
  rows13.push(row);
}
console.log(`\nTLS 1.3 TLS_AES_128_GCM_SHA256, X25519, loopback, ${SECONDS}s per handshake cell, ${BULK >> 20} MiB per bulk cell, 16 KiB writes`);
table(['pair', 'full hs/s RSA-2048', 'full hs/s ECDSA P-256', 'resumed hs/s (psk_dhe_ke)', 'resumed', 'AES-128-GCM MB/s'], rows13);

// X25519MLKEM768: ours against ours (Node 20's OpenSSL has no ML-KEM).
const hybridRows: string[][] = [];
for (const [pname, provider] of providers) {
  const row = [`our client -> our server (${pname})`];
  for (const group of ['x25519', 'x25519mlkem768'] as const) {
    for (const cert of ['rsa', 'ecdsa'] as const) row.push(fmt((await handshakes13('ours', 'ours', provider, cert, group, false)).rate));
  }
  hybridRows.push(row);
}
console.log(`\nTLS 1.3 full handshakes/s, ours against ours: X25519 vs X25519MLKEM768 (ML-KEM: ${providers[0]![1].kems.mlkem768.implementation} in the native row)`);
table(['pair', 'X25519 RSA', 'X25519 ECDSA', 'X25519MLKEM768 RSA', 'X25519MLKEM768 ECDSA'], hybridRows);
