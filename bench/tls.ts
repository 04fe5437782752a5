/**
 * TLS benchmark (`npm run bench:tls`): full and resumed TLS 1.2 (and, in a
 * second table, TLS 1.3)
 * handshakes per second (ECDHE-RSA-AES128-GCM-SHA256, X25519, RSA-2048)
 * and bulk MB/s (AES-128-GCM, ChaCha20-Poly1305, 16 KiB writes), for our
 * client against a Node tls server, our server against a Node tls client,
 * and Node against Node as the reference, per provider, over loopback.
 *
 * The peer runs in a child process (bench/node-peer.mjs), so this
 * process's CPU time is the measured side's alone: "CPU ms/hs" is the CPU
 * (user + system) the measured side spent per handshake, including its
 * socket system calls. The two Node-to-Node rows measure Node's client and
 * Node's server the same way; compare our client with the first and our
 * server with the second. Handshakes run one after another (one in
 * flight), so hs/s is the latency of both sides together.
 *
 * BENCH_SECONDS sets the time per handshake cell; BENCH_BULK_MB the bytes
 * per bulk cell.
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
import { NodePeer } from './node-peer.js';

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
const nodeServerOptions = (cipher: string): tls.TlsOptions => ({ cert: certPem, key: keyPem, maxVersion: 'TLSv1.2', ciphers: nodeCipher(cipher), ecdhCurve: 'X25519' });
const nodeClientOptions = (cipher: string): tls.ConnectionOptions => ({ maxVersion: 'TLSv1.2', ciphers: nodeCipher(cipher) });

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Our server's session-id cache. */
const cache = new SessionCache();

/** A sink server in this process (reads and discards); `received` resolves once per connection at its end. */
async function localServer(kind: Side, provider: CryptoProvider, cipher: string) {
  const ended: Array<() => void> = [];
  const onConn = (stream: NodeJS.ReadWriteStream & { on: Function }) => {
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('end', () => ended.shift()?.());
  };
  let server: net.Server;
  if (kind === 'node') {
    server = tls.createServer(nodeServerOptions(cipher), (s) => onConn(s));
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
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Resolves when the next connection to end has ended. */
    nextEnd: () => new Promise<void>((resolve) => ended.push(resolve)),
    close: () => server.close(),
  };
}

/** One client connection from this process; resolves after the handshake. */
async function localClient(kind: Side, port: number, provider: CryptoProvider, cipher: string, session?: unknown) {
  if (kind === 'node') {
    const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...nodeClientOptions(cipher), ...(session ? { session: session as Buffer } : {}) });
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

interface Cell {
  readonly label: string;
  /** Which side runs here and is measured. */
  readonly measured: 'client' | 'server';
  readonly kind: Side;
  readonly provider: CryptoProvider;
}

/** Handshakes/s and this process's CPU per handshake, with a Node peer in `peer`. */
async function handshakes(cell: Cell, peer: NodePeer, resume: boolean) {
  const cipher = 'aes128gcm';
  if (cell.measured === 'server') {
    const server = await localServer(cell.kind, cell.provider, cipher);
    await peer.handshakes(server.port, nodeClientOptions(cipher), 0.1, resume); // warm-up
    const c0 = cpuSeconds();
    const r = await peer.handshakes(server.port, nodeClientOptions(cipher), SECONDS, resume);
    const cpu = cpuSeconds() - c0;
    server.close();
    return { rate: r.n / r.seconds, cpuMs: (cpu / r.n) * 1000, resumedShare: r.resumed / r.n };
  }
  const port = await peer.listen(nodeServerOptions(cipher));
  let session: unknown;
  if (resume) {
    const first = await localClient(cell.kind, port, cell.provider, cipher);
    session = first.session;
    first.stream.end();
  }
  const run = async (until: number) => {
    let n = 0;
    let resumed = 0;
    while (performance.now() < until) {
      const c = await localClient(cell.kind, port, cell.provider, cipher, session);
      if (c.resumed) resumed++;
      c.stream.destroy();
      n++;
    }
    return { n, resumed };
  };
  await run(performance.now() + 100);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const { n, resumed } = await run(t0 + SECONDS * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  return { rate: n / wall, cpuMs: (cpu / n) * 1000, resumedShare: resumed / n };
}

/** Bulk MB/s: the measured side sends (client) or receives (server) BULK bytes in 16 KiB writes. */
async function bulk(cell: Cell, peer: NodePeer, cipher: string): Promise<number> {
  if (cell.measured === 'server') {
    const server = await localServer(cell.kind, cell.provider, cipher);
    await peer.bulk(server.port, nodeClientOptions(cipher), WARM, WRITE);
    const ended = server.nextEnd();
    const r = await peer.bulk(server.port, nodeClientOptions(cipher), BULK, WRITE);
    await ended;
    server.close();
    return BULK / 1e6 / r.seconds;
  }
  const port = await peer.listen(nodeServerOptions(cipher));
  const c = await localClient(cell.kind, port, cell.provider, cipher);
  const chunk = Buffer.alloc(WRITE, 0x61);
  // Warm up first (JIT, buffer pools, socket buffers) so that the order in
  // which cells run does not decide their figures; then measure.
  for (let sent = 0; sent < WARM; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  const t0 = performance.now();
  for (let sent = 0; sent < BULK; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  await new Promise<void>((resolve) => c.stream.end(resolve));
  const wall = (performance.now() - t0) / 1000;
  c.stream.destroy();
  return BULK / 1e6 / wall;
}

const cells: Cell[] = [];
for (const [pname, provider] of providers) {
  cells.push({ label: `our client -> Node server (${pname})`, measured: 'client', kind: 'ours', provider });
  cells.push({ label: `Node client -> our server (${pname})`, measured: 'server', kind: 'ours', provider });
}
cells.push({ label: 'Node client -> Node server (client measured)', measured: 'client', kind: 'node', provider: providers[0]![1] });
cells.push({ label: 'Node client -> Node server (server measured)', measured: 'server', kind: 'node', provider: providers[0]![1] });

// Every cell of one kind runs in turn before the next kind, and bulk cells
// are the best of two runs: measured in place, a cell's figure depended on
// what ran before it (heap left by thousands of handshakes, JIT state).
const peer = await NodePeer.start();
try {
  const results = new Map<string, string[]>();
  for (const cell of cells) {
    const full = await handshakes(cell, peer, false);
    const res = await handshakes(cell, peer, true);
    results.set(cell.label, [fmt(full.rate), fmt(full.cpuMs), fmt(res.rate), fmt(res.cpuMs), `${Math.round(res.resumedShare * 100)}%`]);
  }
  for (const cipher of ['aes128gcm', 'chacha20-poly1305']) {
    for (const cell of cells) {
      results.get(cell.label)!.push(fmt(Math.max(await bulk(cell, peer, cipher), await bulk(cell, peer, cipher))));
    }
  }
  console.log(
    `TLS 1.2 ECDHE(X25519)-RSA-2048, loopback, Node peer in a child process, ${SECONDS}s per handshake cell, ${BULK >> 20} MiB per bulk cell, 16 KiB writes`,
  );
  table(
    ['pair', 'full hs/s', 'CPU ms/full hs', 'resumed hs/s', 'CPU ms/resumed hs', 'resumed', 'AES-128-GCM MB/s', 'ChaCha20 MB/s'],
    cells.map((cell) => [cell.label, ...results.get(cell.label)!]),
  );
} finally {
  await peer.stop();
}

// The TLS 1.3 cells below still run both ends in this process (their
// CPU column would be both sides together, so it is not printed).
const pairs: Array<[string, Side, Side]> = [
  ['our client -> Node server', 'ours', 'node'],
  ['Node client -> our server', 'node', 'ours'],
];
const cpu = cpuSeconds;


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
