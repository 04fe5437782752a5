/**
 * The undici connector: undici's fetch and request with a dispatcher
 * whose TLS is ours, against Node's https server; keep-alive (one TLS
 * connection for two requests) and resumption (a second connection
 * resumes) counted on the server side; a failing checker fails fetch.
 */
import t from 'tap';
import https from 'node:https';
import tls from 'node:tls';
import { once } from 'node:events';
import type net from 'node:net';
import { Agent, fetch, request } from 'undici';
import { createUndiciAgent, undiciConnector } from '../../src/integration/undici.js';
import { Checker } from '../../src/handshake/checker.js';
import { certText, fingerprint, usePeers } from '../interop/peers.js';
import { providerLabels, providerOf } from '../interop/ours.js';

usePeers(t);

/** A Node https server (TLS 1.2) that answers with the request and what it knows of the TLS connection. */
async function nodeHttps() {
  const sockets: tls.TLSSocket[] = [];
  const resumed: boolean[] = [];
  const alpn: Array<string | false | null> = [];
  const server = https.createServer(
    { cert: certText('server-rsa.chain.pem'), key: certText('server-rsa.key.pem'), maxVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] },
    (req, res) => {
      const s = req.socket as tls.TLSSocket;
      let n = sockets.indexOf(s);
      if (n < 0) n = sockets.push(s) - 1;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(JSON.stringify({ method: req.method, url: req.url, socket: n, body: Buffer.concat(chunks).toString() })));
    },
  );
  server.on('secureConnection', (s: tls.TLSSocket) => {
    resumed.push(s.isSessionReused());
    alpn.push(s.alpnProtocol);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const close = () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections()));
  return { port, resumed, alpn, sockets, close };
}

for (const provider of providerLabels()) {
  t.test(`undici fetch through our TLS -> Node https (${provider})`, async (t) => {
    const srv = await nodeHttps();
    t.teardown(srv.close);
    const dispatcher = new Agent({ connect: undiciConnector({ provider: providerOf(provider) }), connections: 1 });
    t.teardown(() => dispatcher.close());
    const base = `https://localhost:${srv.port}`;

    const a = await fetch(`${base}/a?x=1`, { dispatcher });
    t.equal(a.status, 200);
    t.same(await a.json(), { method: 'GET', url: '/a?x=1', socket: 0, body: '' });
    const b = await fetch(`${base}/b`, { dispatcher, method: 'POST', body: 'hello over tlslite' });
    t.same(await b.json(), { method: 'POST', url: '/b', socket: 0, body: 'hello over tlslite' }, 'keep-alive: same TLS connection');
    t.same(srv.resumed, [false], 'one handshake so far');
    t.same(srv.alpn, ['http/1.1'], 'ALPN http/1.1 was negotiated');

    // The server drops its side: undici must open a new connection, which resumes.
    for (const s of srv.sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 50));
    const c = await fetch(`${base}/c`, { dispatcher });
    t.same(await c.json(), { method: 'GET', url: '/c', socket: 1, body: '' }, 'a new connection');
    t.same(srv.resumed, [false, true], 'the new connection resumed the session');
  });
}

t.test('undici request and createUndiciAgent (lazy import); a wrong fingerprint fails fetch', async (t) => {
  const srv = await nodeHttps();
  t.teardown(srv.close);
  const good = await createUndiciAgent<Agent>({ checker: new Checker({ x509Fingerprint: fingerprint('server-rsa') }) });
  t.teardown(() => good.close());
  t.ok(good instanceof Agent, 'an undici Agent');
  const { statusCode, body } = await request(`https://127.0.0.1:${srv.port}/req`, { dispatcher: good });
  t.equal(statusCode, 200);
  t.same(await body.json(), { method: 'GET', url: '/req', socket: 0, body: '' });

  // Node's built-in fetch takes an undici dispatcher as well.
  const viaGlobal = await globalThis.fetch(`https://127.0.0.1:${srv.port}/global`, { dispatcher: good } as RequestInit);
  t.match(await viaGlobal.json(), { method: 'GET', url: '/global' }, "Node's global fetch");
  t.same(srv.alpn.length, srv.resumed.length);
  t.notOk(srv.resumed[0], 'the first connection was a full handshake');
  t.ok(srv.resumed.slice(1).every(Boolean), 'any later connection resumed');

  const bad = await createUndiciAgent<Agent>({ checker: new Checker({ x509Fingerprint: fingerprint('server-ecdsa') }) });
  t.teardown(() => bad.close());
  const error = await fetch(`https://127.0.0.1:${srv.port}/x`, { dispatcher: bad }).then(
    () => undefined,
    (e: Error) => e,
  );
  t.ok(error, 'fetch rejected');
  t.equal((error?.cause as Error | undefined)?.name, 'TLSFingerprintError', 'because of the fingerprint');
});

t.test('undici connector: plain http: origins get plain TCP; bad options are refused', async (t) => {
  const http = await import('node:http');
  const server = http.createServer((req, res) => res.end(`plain ${req.url}`));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())));
  const dispatcher = new Agent({ connect: undiciConnector() });
  t.teardown(() => dispatcher.close());
  const res = await fetch(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}/p`, { dispatcher });
  t.equal(await res.text(), 'plain /p');
  t.throws(() => undiciConnector({ maxCachedSessions: 1.5 }), RangeError);
  t.throws(() => undiciConnector(null as never), TypeError);
});
