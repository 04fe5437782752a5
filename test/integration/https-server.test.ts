/**
 * The HTTPS server integration: our TLS (createHTTPSServer) under Node's
 * http.Server, reached with Node's own https.get: requests, keep-alive
 * (two requests, one TLS connection), the server-level events, the
 * 'keylog' event, and close. Both providers.
 */
import t from 'tap';
import https from 'node:https';
import { once } from 'node:events';
import type net from 'node:net';
import { createHTTPSServer, type HTTPSServer } from '../../src/integration/https-server.js';
import { credentials, providerLabels, providerOf } from '../interop/ours.js';
import { PEER_TIMEOUT_MS } from '../interop/peers.js';

function get(agent: https.Agent, port: number, path: string): Promise<{ status: number; body: string; socket: net.Socket; alpn: string | false }> {
  return new Promise((resolve, reject) => {
    const options = { host: '127.0.0.1', port, path, agent, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], timeout: PEER_TIMEOUT_MS } as https.RequestOptions;
    const req = https.get(options, (res) => {
      let body = '';
      const socket = res.socket as import('node:tls').TLSSocket;
      const alpn = socket.alpnProtocol ?? false;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, socket, alpn }));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

async function listen(server: HTTPSServer): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

for (const provider of providerLabels()) {
  t.test(`https.get against createHTTPSServer (${provider})`, async (t) => {
    const secure: unknown[] = [];
    const keylog: Buffer[] = [];
    const server = createHTTPSServer({ ...credentials('server-rsa'), provider: providerOf(provider) }, (req, res) => {
      res.setHeader('Content-Type', 'text/plain');
      res.end(`${req.method} ${req.url} over ${(req.socket as unknown as { getCipherImplementation(): string }).getCipherImplementation()}`);
    });
    server.on('secureConnection', (c) => secure.push(c));
    server.on('keylog', (line: Buffer) => keylog.push(line));
    const port = await listen(server);
    const agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
    t.teardown(() => {
      agent.destroy();
      server.closeAllConnections();
      server.close();
    });

    const first = await get(agent, port, '/one');
    t.equal(first.status, 200);
    t.equal(first.body, `GET /one over ${provider}`);
    t.equal(first.alpn, 'http/1.1', 'ALPN http/1.1');
    const second = await get(agent, port, '/two?x=1');
    t.equal(second.body, `GET /two?x=1 over ${provider}`);
    t.equal(second.socket, first.socket, 'keep-alive: the same socket');
    t.equal(secure.length, 1, 'one TLS handshake for two requests');
    // One connection: its lines (CLIENT_RANDOM for TLS 1.2, the traffic secrets for TLS 1.3) share one client random.
    t.ok(keylog.length >= 1, "the server's keylog event");
    for (const line of keylog) t.match(line.toString('latin1'), /^[A-Z0-9_]+ [0-9a-f]{64} [0-9a-f]{64,96}\n$/);
    t.equal(new Set(keylog.map((l) => l.toString('latin1').split(' ')[1])).size, 1, 'all for the one connection');
  });
}

t.test('exported from the package entry point', async (t) => {
  const api = await import('../../src/index.js');
  t.equal(api.createHTTPSServer, createHTTPSServer);
  t.equal(typeof api.attachHTTP, 'function');
});

t.test("request listeners added later and node:https's close", async (t) => {
  const server = createHTTPSServer(credentials('server-ecdsa'));
  server.on('request', (_req, res) => res.end('late listener'));
  const port = await listen(server);
  const agent = new https.Agent({ keepAlive: false });
  const r = await get(agent, port, '/');
  t.equal(r.body, 'late listener');
  agent.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  t.pass('closed');
});
