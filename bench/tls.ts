/**
 * TLS benchmark (`npm run bench:tls`), over loopback:
 * - TLS 1.2 ECDHE(X25519)-RSA-2048 with AES-128-GCM: full and resumed
 *   (session id) handshakes/s; bulk MB/s with AES-128-GCM and
 *   ChaCha20-Poly1305;
 * - TLS 1.3 TLS_AES_128_GCM_SHA256 with X25519: full handshakes/s with
 *   RSA-2048 and ECDSA P-256 certificates, resumed (psk_dhe_ke, a ticket)
 *   handshakes/s, bulk MB/s;
 * for our client against a Node tls server, a Node tls client against our
 * server, and Node against Node as the reference, per provider;
 * - TLS 1.3 full handshakes/s, ours against ours, X25519 beside
 *   X25519MLKEM768 (Node 20's OpenSSL 3.0 has no ML-KEM, so there is no
 *   Node row for it).
 *
 * The Node peer runs in a child process (bench/node-peer.mjs), so this
 * process's CPU time is the measured side's alone: "CPU ms/hs" is the CPU
 * (user + system) the measured side spent per handshake, and "CPU ms/MiB"
 * per MiB of bulk data, including its socket system calls. The two
 * Node-to-Node rows measure Node's client and Node's server the same way;
 * compare our client with the first and our server with the second.
 * Handshakes run one after another (one in flight), so hs/s is the latency
 * of both sides together; with the machine busy, the CPU columns are the
 * steadier figures. Our cells are warmed up first (a second of each kind
 * of handshake, unmeasured), so that they measure JIT-compiled code, as
 * a long-running server or client runs it. In
 * the bulk cells the client sends 16 KiB writes and the server reads and
 * discards.
 *
 * BENCH_SECONDS sets the time per handshake cell; BENCH_PASSES how many
 * passes over the cells (each shows its best); BENCH_BULK_MB the bytes
 * per bulk cell; BENCH_WARM_SECONDS the warm-up per kind of handshake,
 * BENCH_BULK_WARM_MB the bytes sent before each bulk cell.
 */
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import { once } from 'node:events';
import { TLSConnection } from '../src/connection/tls-connection.js';
import { HandshakeSettings } from '../src/settings.js';
import { X509CertChain } from '../src/x509/cert-chain.js';
import { parsePEMKey, type Key } from '../src/x509/keys.js';
import { defaultProvider, providerFor } from '../src/crypto/select.js';
import type { CryptoProvider } from '../src/crypto/provider.js';
import type { Session } from '../src/session/session.js';
import { SessionCache } from '../src/session/session-cache.js';
import { SECONDS, fmt, table } from './harness.js';
import { NodePeer } from './node-peer.js';

const CERTS = new URL('../test/fixtures/certs/', import.meta.url);
const pem = (name: string) => fs.readFileSync(new URL(name, CERTS), 'utf8');
const PEMS = {
  rsa: { cert: pem('server-rsa.chain.pem'), key: pem('server-rsa.key.pem') },
  ecdsa: { cert: pem('server-ecdsa.chain.pem'), key: pem('server-ecdsa.key.pem') },
};
type CertKind = keyof typeof PEMS;

const BULK = Number(process.env['BENCH_BULK_MB'] ?? '32') << 20;
const WRITE = 16 * 1024;
/**
 * Passes over the cells (BENCH_PASSES, default 2); each cell reports its
 * best pass. The passes are minutes apart, so a burst of load
 * on a shared machine rarely hits every pass of one cell.
 */
const PASSES = Math.max(1, Number(process.env['BENCH_PASSES'] ?? '2'));

type HandshakeFigures = { rate: number; cpuMs: number; resumedShare: number };

/** The best (highest rate) of each measurement's passes. */
class BestOf<F extends { readonly rate: number }> {
  readonly #best = new Map<string, F>();
  add(key: string, figures: F): void {
    const seen = this.#best.get(key);
    if (seen === undefined || figures.rate > seen.rate) this.#best.set(key, figures);
  }
  get(key: string): F {
    return this.#best.get(key)!;
  }
}

/**
 * Seconds of unmeasured handshakes per cell of ours and kind of handshake
 * (full and resumed, each version and certificate) before the first
 * measurement; BENCH_WARM_SECONDS overrides. Half a second of full
 * handshakes left resumptions cold: a TLS 1.3 resumption still cost 1.2
 * ms of CPU after one second of them, 0.8 ms after ten.
 */
const WARM_SECONDS = Number(process.env['BENCH_WARM_SECONDS'] ?? '1');
/**
 * Bytes sent, unmeasured, before each bulk measurement (BENCH_BULK_WARM_MB,
 * default 64 MiB). After 16 MiB a process still received at about 240
 * MB/s and 5 ms of CPU per MiB, ours and Node's server alike; from the
 * next 64 MiB on, 450-800 MB/s at 1-2 ms/MiB.
 */
const WARM = Number(process.env['BENCH_BULK_WARM_MB'] ?? '64') << 20;
const TICKET_KEYS = [new Uint8Array(32).fill(0x42)];

type Side = 'ours' | 'node';
const providers: Array<[string, CryptoProvider]> = [
  ['native', defaultProvider()],
  ['pure', providerFor(['pure'])],
];

/** Certificate and key for our side, the key bound to the provider under test (it signs with that provider). */
const credentials = new Map<string, { certChain: X509CertChain; privateKey: Key }>();
function credentialsFor(cert: CertKind, provider: CryptoProvider) {
  const id = `${cert}/${provider.name}`;
  let c = credentials.get(id);
  if (!c) {
    c = { certChain: X509CertChain.fromPEM(PEMS[cert].cert), privateKey: parsePEMKey(PEMS[cert].key, { private: true, provider }) };
    credentials.set(id, c);
  }
  return c;
}

/** What one cell negotiates, for each implementation. */
interface Profile {
  readonly cert: CertKind;
  /** Our settings (both sides). */
  readonly ours: HandshakeSettings;
  /** node:tls options other than cert and key (both sides). */
  readonly node: tls.TlsOptions & tls.ConnectionOptions;
  /** TLS 1.3: sessions are tickets, sent after the handshake. */
  readonly ticketed: boolean;
}

function profile12(cipher: 'aes128gcm' | 'chacha20-poly1305'): Profile {
  return {
    cert: 'rsa',
    ours: new HandshakeSettings({ maxVersion: 0x0303, cipherNames: [cipher], keyExchangeNames: ['ecdhe_rsa'], eccCurves: ['x25519'], keyShares: ['x25519'] }),
    node: {
      maxVersion: 'TLSv1.2',
      ciphers: cipher === 'aes128gcm' ? 'ECDHE-RSA-AES128-GCM-SHA256' : 'ECDHE-RSA-CHACHA20-POLY1305',
      ecdhCurve: 'X25519',
    },
    ticketed: false,
  };
}

function profile13(cert: CertKind, group: 'x25519' | 'x25519mlkem768' = 'x25519'): Profile {
  return {
    cert,
    ours: new HandshakeSettings({ minVersion: 0x0304, cipherNames: ['aes128gcm'], eccCurves: [group], keyShares: [group], ticketKeys: TICKET_KEYS, ticketCount: 1 }),
    node: { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', ciphers: 'TLS_AES_128_GCM_SHA256', ecdhCurve: 'X25519' },
    ticketed: true,
  };
}

const nodeServerOptions = (p: Profile): tls.TlsOptions => ({ ...PEMS[p.cert], ...p.node });

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Our server's session-id cache. */
const cache = new SessionCache();

/** A sink server in this process (reads and discards); `nextEnd` resolves when the next connection has ended. */
async function localServer(kind: Side, provider: CryptoProvider, p: Profile) {
  const ended: Array<() => void> = [];
  const onConn = (stream: NodeJS.ReadableStream & { on: Function }) => {
    stream.on('data', () => {});
    stream.on('error', () => {});
    stream.on('end', () => ended.shift()?.());
  };
  let server: net.Server;
  if (kind === 'node') {
    server = tls.createServer(nodeServerOptions(p), (s) => onConn(s));
  } else {
    server = net.createServer(async (socket) => {
      socket.on('error', () => {});
      const conn = new TLSConnection(socket, { provider });
      try {
        await conn.handshakeServer({ ...credentialsFor(p.cert, provider), settings: p.ours, sessionCache: cache });
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
    nextEnd: () => new Promise<void>((resolve) => ended.push(resolve)),
    close: () => server.close(),
  };
}

/** One client connection from this process, after its handshake; with `wantSession` it waits for a TLS 1.3 ticket. */
async function localClient(kind: Side, port: number, provider: CryptoProvider, p: Profile, session?: unknown, wantSession = false) {
  if (kind === 'node') {
    const s = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false, ...p.node, ...(session ? { session: session as Buffer } : {}) });
    s.on('error', () => {});
    s.on('data', () => {});
    const ticket = new Promise<Buffer>((resolve) => s.once('session', resolve));
    await once(s, 'secureConnect');
    const next = wantSession ? await Promise.race([ticket, new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000))]) : session;
    return { stream: s, session: next, resumed: s.isSessionReused() };
  }
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider });
  await conn.handshakeClientCert(undefined, undefined, { settings: p.ours, ...(session ? { session: session as Session } : {}) });
  conn.on('error', () => {});
  conn.on('data', () => {});
  if (wantSession && p.ticketed) {
    // The ticket follows the handshake: wait until it has been read.
    const until = performance.now() + 2000;
    while ((conn.session?.tickets?.length ?? 0) === 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 1));
  }
  return { stream: conn, session: conn.session, resumed: conn.resumed };
}

interface Cell {
  readonly label: string;
  /** Which side runs in this process and is measured; the other is Node in the child. */
  readonly measured: 'client' | 'server';
  readonly kind: Side;
  readonly provider: CryptoProvider;
}

/** Handshakes/s and this process's CPU per handshake, with a Node peer in `peer`. */
async function handshakes(cell: Cell, peer: NodePeer, p: Profile, resume: boolean, seconds = SECONDS) {
  if (cell.measured === 'server') {
    const server = await localServer(cell.kind, cell.provider, p);
    await peer.handshakes(server.port, p.node, 0.1, resume); // warm-up
    const c0 = cpuSeconds();
    const r = await peer.handshakes(server.port, p.node, seconds, resume);
    const cpu = cpuSeconds() - c0;
    server.close();
    return { rate: r.n / r.seconds, cpuMs: (cpu / r.n) * 1000, resumedShare: r.resumed / r.n };
  }
  const port = await peer.listen(nodeServerOptions(p));
  let session: unknown;
  if (resume) {
    const first = await localClient(cell.kind, port, cell.provider, p, undefined, true);
    session = first.session;
    first.stream.end();
  }
  const run = async (until: number) => {
    let n = 0;
    let resumed = 0;
    while (performance.now() < until) {
      const c = await localClient(cell.kind, port, cell.provider, p, session);
      if (c.resumed) resumed++;
      c.stream.destroy();
      n++;
    }
    return { n, resumed };
  };
  await run(performance.now() + 100);
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const { n, resumed } = await run(t0 + seconds * 1000);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  return { rate: n / wall, cpuMs: (cpu / n) * 1000, resumedShare: resumed / n };
}

/** Bulk MB/s and this process's CPU per MiB: the measured side sends (client) or receives (server) BULK bytes. */
async function bulk(cell: Cell, peer: NodePeer, p: Profile): Promise<{ rate: number; cpuMsPerMiB: number }> {
  if (cell.measured === 'server') {
    const server = await localServer(cell.kind, cell.provider, p);
    await peer.bulk(server.port, p.node, WARM, WRITE);
    const ended = server.nextEnd();
    const c0 = cpuSeconds();
    const r = await peer.bulk(server.port, p.node, BULK, WRITE);
    await ended;
    const cpu = cpuSeconds() - c0;
    server.close();
    return { rate: BULK / 1e6 / r.seconds, cpuMsPerMiB: (cpu * 1000) / (BULK / 2 ** 20) };
  }
  const port = await peer.listen(nodeServerOptions(p));
  const c = await localClient(cell.kind, port, cell.provider, p);
  const chunk = Buffer.alloc(WRITE, 0x61);
  // Warm up first (JIT, buffer pools, socket buffers) so that the order in
  // which cells run does not decide their figures; then measure.
  for (let sent = 0; sent < WARM; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  const c0 = cpuSeconds();
  const t0 = performance.now();
  for (let sent = 0; sent < BULK; sent += WRITE) {
    if (!c.stream.write(chunk)) await once(c.stream, 'drain');
  }
  await new Promise<void>((resolve) => c.stream.end(resolve));
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds() - c0;
  c.stream.destroy();
  return { rate: BULK / 1e6 / wall, cpuMsPerMiB: (cpu * 1000) / (BULK / 2 ** 20) };
}

/** The better of two bulk runs (the first after handshakes can meet a collection of their garbage). */
async function bestBulk(cell: Cell, peer: NodePeer, p: Profile) {
  const a = await bulk(cell, peer, p);
  const b = await bulk(cell, peer, p);
  return a.rate >= b.rate ? a : b;
}

const cells: Cell[] = [];
for (const [pname, provider] of providers) {
  cells.push({ label: `our client -> Node server (${pname})`, measured: 'client', kind: 'ours', provider });
  cells.push({ label: `Node client -> our server (${pname})`, measured: 'server', kind: 'ours', provider });
}
cells.push({ label: 'Node client -> Node server (client measured)', measured: 'client', kind: 'node', provider: providers[0]![1] });
cells.push({ label: 'Node client -> Node server (server measured)', measured: 'server', kind: 'node', provider: providers[0]![1] });

const cpuNote = 'CPU: the measured side, per handshake or per MiB';

// Every cell of one kind runs in turn before the next kind: measured in
// place, a cell's figure depended on what ran before it (heap left by
// thousands of handshakes, JIT state).
const peer = await NodePeer.start();
try {
  // ------------------------------------------------------------------ TLS 1.2
  const rows12 = new Map<string, string[]>();
  const gcm12 = profile12('aes128gcm');
  // Warm-up, unmeasured: the JIT compiles our handshake code over the
  // first few hundred handshakes, so without it the first cells measured
  // cold code (Node's handshake is C++ and has no such start).
  const kinds: Array<[Profile, boolean]> = [
    [gcm12, false],
    [gcm12, true],
    [profile13('rsa'), false],
    [profile13('ecdsa'), false],
    [profile13('rsa'), true],
  ];
  for (const cell of cells) {
    if (cell.kind !== 'ours') continue;
    for (const [p, resume] of kinds) await handshakes(cell, peer, p, resume, WARM_SECONDS);
  }
  const best = new BestOf<HandshakeFigures>();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const cell of cells) {
      best.add(`${cell.label}/full12`, await handshakes(cell, peer, gcm12, false));
      best.add(`${cell.label}/res12`, await handshakes(cell, peer, gcm12, true));
    }
  }
  for (const cell of cells) {
    const full = best.get(`${cell.label}/full12`);
    const res = best.get(`${cell.label}/res12`);
    rows12.set(cell.label, [fmt(full.rate), fmt(full.cpuMs), fmt(res.rate), fmt(res.cpuMs), `${Math.round(res.resumedShare * 100)}%`]);
  }
  const bulk12 = [gcm12, profile12('chacha20-poly1305')];
  const bestBulks = new BestOf<{ rate: number; cpuMsPerMiB: number }>();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const [i, p] of bulk12.entries()) for (const cell of cells) bestBulks.add(`${cell.label}/bulk12/${i}`, await bestBulk(cell, peer, p));
  }
  for (const i of bulk12.keys()) {
    for (const cell of cells) {
      const b = bestBulks.get(`${cell.label}/bulk12/${i}`);
      rows12.get(cell.label)!.push(fmt(b.rate), fmt(b.cpuMsPerMiB));
    }
  }
  console.log(
    `TLS 1.2 ECDHE(X25519)-RSA-2048, loopback, Node peer in a child process, ${SECONDS}s per handshake cell, ${BULK >> 20} MiB per bulk cell, 16 KiB writes; ${cpuNote}`,
  );
  table(
    ['pair', 'full hs/s', 'CPU ms', 'resumed hs/s', 'CPU ms', 'resumed', 'AES-128-GCM MB/s', 'CPU ms/MiB', 'ChaCha20 MB/s', 'CPU ms/MiB'],
    cells.map((cell) => [cell.label, ...rows12.get(cell.label)!]),
  );

  // ------------------------------------------------------------------ TLS 1.3
  const rows13 = new Map<string, string[]>();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const cell of cells) {
      for (const cert of ['rsa', 'ecdsa'] as const) best.add(`${cell.label}/full13/${cert}`, await handshakes(cell, peer, profile13(cert), false));
      best.add(`${cell.label}/res13`, await handshakes(cell, peer, profile13('rsa'), true));
    }
  }
  for (const cell of cells) {
    const row: string[] = [];
    for (const cert of ['rsa', 'ecdsa'] as const) {
      const full = best.get(`${cell.label}/full13/${cert}`);
      row.push(fmt(full.rate), fmt(full.cpuMs));
    }
    const res = best.get(`${cell.label}/res13`);
    row.push(fmt(res.rate), fmt(res.cpuMs), `${Math.round(res.resumedShare * 100)}%`);
    rows13.set(cell.label, row);
  }
  for (let pass = 0; pass < PASSES; pass++) {
    for (const cell of cells) bestBulks.add(`${cell.label}/bulk13`, await bestBulk(cell, peer, profile13('rsa')));
  }
  for (const cell of cells) {
    const b = bestBulks.get(`${cell.label}/bulk13`);
    rows13.get(cell.label)!.push(fmt(b.rate), fmt(b.cpuMsPerMiB));
  }
  console.log(
    `\nTLS 1.3 TLS_AES_128_GCM_SHA256, X25519, loopback, Node peer in a child process, ${SECONDS}s per handshake cell, ${BULK >> 20} MiB per bulk cell, 16 KiB writes; ${cpuNote}`,
  );
  table(
    ['pair', 'full hs/s RSA-2048', 'CPU ms', 'full hs/s ECDSA P-256', 'CPU ms', 'resumed hs/s (psk_dhe_ke)', 'CPU ms', 'resumed', 'AES-128-GCM MB/s', 'CPU ms/MiB'],
    cells.map((cell) => [cell.label, ...rows13.get(cell.label)!]),
  );
} finally {
  await peer.stop();
}

// ------------------------------------------------------------------ TLS 1.3 hybrid, ours against ours

/** Full handshakes/s with both ends ours, in this process. */
async function oursAgainstOurs(provider: CryptoProvider, p: Profile) {
  const server = await localServer('ours', provider, p);
  const run = async (until: number) => {
    let n = 0;
    while (performance.now() < until) {
      const c = await localClient('ours', server.port, provider, p);
      c.stream.destroy();
      n++;
    }
    return n;
  };
  await run(performance.now() + 100);
  const t0 = performance.now();
  const n = await run(t0 + SECONDS * 1000);
  server.close();
  return n / ((performance.now() - t0) / 1000);
}

const hybridRows: string[][] = [];
for (const [pname, provider] of providers) {
  const row = [`our client -> our server (${pname})`];
  for (const group of ['x25519', 'x25519mlkem768'] as const) {
    for (const cert of ['rsa', 'ecdsa'] as const) row.push(fmt(await oursAgainstOurs(provider, profile13(cert, group))));
  }
  hybridRows.push(row);
}
console.log(
  `\nTLS 1.3 full handshakes/s, ours against ours in one process: X25519 vs X25519MLKEM768 (ML-KEM: ${providers[0]![1].kems.mlkem768.implementation} in the native row)`,
);
table(['pair', 'X25519 RSA', 'X25519 ECDSA', 'X25519MLKEM768 RSA', 'X25519MLKEM768 ECDSA'], hybridRows);
