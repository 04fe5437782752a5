/**
 * TLS benchmark (`npm run bench:tls`): full and resumed TLS 1.2
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
  return new HandshakeSettings({ cipherNames: [cipher], keyExchangeNames: ['ecdhe_rsa'], eccCurves: ['x25519'], keyShares: ['x25519'] });
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
