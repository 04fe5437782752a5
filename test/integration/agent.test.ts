/**
 * TLSAgent: http.get/http.request through our TLS against Node's https
 * server and `openssl s_server -www`, with keep-alive (two requests on
 * one socket) and resumption (a new socket resumes the first one's
 * session) counted on the server side as well as ours.
 */
import t from 'tap';
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { once } from 'node:events';
import type net from 'node:net';
import { TLSAgent } from '../../src/integration/agent.js';
import { createHTTPSServer } from '../../src/integration/https-server.js';
import { VerifierDB } from '../../src/srp/verifier-db.js';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { Checker } from '../../src/handshake/checker.js';
import { TLSError, TLSFingerprintError } from '../../src/errors.js';
import { certText, fingerprint, opensslServer, skipUnless, usePeers, PEER_TIMEOUT_MS } from '../interop/peers.js';
import { credentials, providerLabels, providerOf, settings } from '../interop/ours.js';

usePeers(t);

/** One response: status, body, and the TLS connection it came over. */
interface Got {
  readonly status: number;
  readonly body: string;
  readonly socket: TLSConnection;
}

/** http.get through the agent, bounded; resolves with the whole response. */
function get(url: string, agent: http.Agent, options: http.RequestOptions = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: PEER_TIMEOUT_MS, ...options }, (res) => {
      // Taken now: once the response ended, a kept-alive socket goes back to the pool.
      const socket = res.socket as unknown as TLSConnection;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), socket }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`no response from ${url} within ${PEER_TIMEOUT_MS} ms`)));
    req.on('error', reject);
  });
}

/** A Node https server (RSA fixture, TLS 1.2) answering with the request's path and its TLS socket's number. */
async function nodeHttps(options: https.ServerOptions = {}) {
  const sockets: tls.TLSSocket[] = [];
  const resumed: boolean[] = [];
  const servernames: Array<string | false> = [];
  const server = https.createServer(
    { cert: certText('server-rsa.chain.pem'), key: certText('server-rsa.key.pem'), maxVersion: 'TLSv1.2', ...options },
    (req, res) => {
      const s = req.socket as tls.TLSSocket;
      let n = sockets.indexOf(s);
      if (n < 0) n = sockets.push(s) - 1;
      res.setHeader('content-type', 'text/plain');
      res.end(`path=${req.url} socket=${n} host=${req.headers.host}`);
    },
  );
  server.on('secureConnection', (s: tls.TLSSocket) => {
    resumed.push(s.isSessionReused());
    servernames.push((s as tls.TLSSocket & { servername: string | false }).servername);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { server, port, resumed, servernames, close };
}

for (const provider of providerLabels()) {
  t.test(`TLSAgent -> Node https: keep-alive and resumption (${provider})`, async (t) => {
    const srv = await nodeHttps();
    t.teardown(srv.close);
    const agent = new TLSAgent({ keepAlive: true, maxSockets: 1, provider: providerOf(provider) });
    t.teardown(() => agent.destroy());
    const base = `https://localhost:${srv.port}`;

    const a = await get(`${base}/one`, agent);
    t.equal(a.status, 200);
    t.equal(a.body, `path=/one socket=0 host=localhost:${srv.port}`);
    t.ok(a.socket instanceof TLSConnection, 'the response came over our TLSConnection');
    t.equal(a.socket.getVersionName(), 'TLS 1.2');
    t.equal(a.socket.serverName, 'localhost', 'SNI: the name from the URL');
    t.same(srv.servernames, ['localhost'], 'the server received that name');
    t.notOk(a.socket.resumed, 'the first connection is a full handshake');

    const b = await get(`${base}/two`, agent);
    t.equal(b.body, `path=/two socket=0 host=localhost:${srv.port}`, 'keep-alive: the second request used the same socket');
    t.equal(b.socket, a.socket);

    // A new socket: close the pooled one, then ask again.
    a.socket.destroy();
    await once(a.socket, 'close');
    const c = await get(`${base}/three`, agent);
    t.equal(c.body, `path=/three socket=1 host=localhost:${srv.port}`, 'a new TCP connection');
    t.not(c.socket, a.socket);
    t.ok(c.socket.resumed, 'the new connection resumed the session of the first');
    t.same(srv.resumed, [false, true], 'the server saw one full and one abbreviated handshake');
    t.equal(agent.sessionCache?.size, 1, 'one session cached for localhost');
  });
}

t.test('TLSAgent: a fingerprint checker passes for the right certificate and fails the request otherwise', async (t) => {
  const srv = await nodeHttps();
  t.teardown(srv.close);
  const right = new TLSAgent({ checker: new Checker({ x509Fingerprint: fingerprint('server-rsa') }) });
  const wrong = new TLSAgent({ checker: new Checker({ x509Fingerprint: fingerprint('server-ecdsa') }) });
  t.teardown(() => (right.destroy(), wrong.destroy()));
  const ok = await get(`https://localhost:${srv.port}/pinned`, right);
  t.equal(ok.status, 200);
  await t.rejects(get(`https://localhost:${srv.port}/pinned`, wrong), TLSFingerprintError);
  t.equal(wrong.sessionCache?.size, 0, 'no session kept from a connection that failed the check');
});

t.test('TLSAgent: https.get and http.request (POST) work too', async (t) => {
  const server = https.createServer({ cert: certText('server-rsa.chain.pem'), key: certText('server-rsa.key.pem') }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => res.end(`${req.method} ${Buffer.concat(chunks).length}`));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())));
  const port = (server.address() as net.AddressInfo).port;
  const agent = new TLSAgent();
  t.teardown(() => agent.destroy());
  const body = Buffer.alloc(100_000, 0x61);
  const answer = await new Promise<string>((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', agent: agent as unknown as https.Agent }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
  t.equal(answer, 'POST 100000');
});

t.test('TLSAgent: a client certificate is sent when the server asks', async (t) => {
  let peer: string | undefined;
  const server = https.createServer(
    { cert: certText('server-rsa.chain.pem'), key: certText('server-rsa.key.pem'), requestCert: true, rejectUnauthorized: false, maxVersion: 'TLSv1.2' },
    (req, res) => {
      peer = (req.socket as tls.TLSSocket).getPeerCertificate().fingerprint256?.replace(/:/g, '').toLowerCase();
      res.end('ok');
    },
  );
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())));
  const agent = new TLSAgent({ ...credentials('client-rsa') });
  t.teardown(() => agent.destroy());
  const res = await get(`https://127.0.0.1:${(server.address() as net.AddressInfo).port}/`, agent);
  t.equal(res.body, 'ok');
  t.equal(peer, fingerprint('client-rsa'), 'the server saw our client certificate');
});

t.test('TLSAgent -> openssl s_server -www: keep-alive is not offered, resumption is', { skip: skipUnless('openssl') }, async (t) => {
  for (const provider of providerLabels()) {
    const { peer, port } = await opensslServer({ www: true, version: 'tls1_2' });
    const agent = new TLSAgent({ keepAlive: true, provider: providerOf(provider), settings: settings({ cipherNames: ['aes128gcm', 'chacha20-poly1305'] }) });
    const first = await get(`https://127.0.0.1:${port}/`, agent);
    t.equal(first.status, 200, `${provider}: status`);
    t.match(first.body, /Ciphers supported in s_server binary/, `${provider}: s_server's status page`);
    t.match(first.body, /New, TLSv1\.2, Cipher is /, `${provider}: s_server reports a new session`);
    t.notOk(first.socket.resumed, `${provider}: full handshake first`);
    const second = await get(`https://127.0.0.1:${port}/`, agent);
    t.not(second.socket, first.socket, `${provider}: s_server -www closes after each response (HTTP/1.0), so a new socket`);
    t.ok(second.socket.resumed, `${provider}: the second socket resumed the first session`);
    t.match(second.body, /Reused, TLSv1\.2, Cipher is /, `${provider}: s_server reports the reuse`);
    t.match(second.body, /1 session cache hits/, `${provider}: one hit in s_server's cache`);
    agent.destroy();
    await peer.stop();
  }
});

t.test('TLSAgent: bad options are TypeError/RangeError naming the option', async (t) => {
  t.throws(() => new TLSAgent({ maxCachedSessions: -1 }), RangeError);
  t.throws(() => new TLSAgent({ handshakeTimeout: Number.NaN }), RangeError);
  t.throws(() => new TLSAgent({ srpUsername: 'user' }), TypeError);
  t.throws(() => new TLSAgent({ cert: certText('server-rsa.cert.pem') }), /private key/);
  t.throws(() => new TLSAgent(null as never), TypeError);
});

t.test('TLSAgent: transport and protocol failures are request errors, not crashes', async (t) => {
  const agent = new TLSAgent();
  t.teardown(() => agent.destroy());
  // Nothing listens: the request fails with the transport's own error.
  const closed = await new Promise<number>((resolve) => {
    const s = http.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
  await t.rejects(get(`https://127.0.0.1:${closed}/`, agent), { code: 'ECONNREFUSED' });
  // A plain HTTP server answers the ClientHello with text: a TLS error (no crash, no hang).
  const plain = http.createServer((_q, r) => r.end('not tls'));
  plain.listen(0, '127.0.0.1');
  await once(plain, 'listening');
  t.teardown(() => new Promise<void>((r) => (plain.close(() => r()), plain.closeAllConnections())));
  const error = await get(`https://127.0.0.1:${(plain.address() as net.AddressInfo).port}/`, agent).then(
    () => undefined,
    (e: Error) => e,
  );
  t.ok(error instanceof TLSError, `a TLS error: ${String(error)}`);
});

t.test('TLSAgent: maxCachedSessions 0 turns reuse off; servername overrides SNI and the pool key', async (t) => {
  const srv = await nodeHttps();
  t.teardown(srv.close);
  const noCache = new TLSAgent({ maxCachedSessions: 0 });
  t.teardown(() => noCache.destroy());
  t.equal(noCache.sessionCache, undefined);
  const a = await get(`https://localhost:${srv.port}/a`, noCache);
  const b = await get(`https://localhost:${srv.port}/b`, noCache);
  t.not(b.socket, a.socket, 'no keep-alive: two connections');
  t.notOk(b.socket.resumed, 'and no resumption without a cache');

  const named = new TLSAgent({ servername: 'other.test' });
  t.teardown(() => named.destroy());
  const c = await get(`https://localhost:${srv.port}/c`, named);
  t.equal(c.socket.serverName, 'other.test');
  t.same(srv.servernames.slice(-1), ['other.test'], 'the server received the overriding name');
  t.match(named.getName({ host: 'localhost', port: srv.port }), /:other\.test$/, 'the pool key carries the SNI name');
  t.throws(() => new TLSAgent({ servername: 5 as never }), TypeError);
});

t.test('TLSAgent with srpUsername/srpPassword -> our HTTPS server with a VerifierDB', async (t) => {
  const db = new VerifierDB();
  db.add('grace', VerifierDB.makeVerifier('grace', 'grace-pw', 2048));
  const seen: Array<string | undefined> = [];
  const server = createHTTPSServer({ verifierDB: db }, (req, res) => {
    seen.push((req.socket as unknown as TLSConnection).session?.srpUsername);
    res.end(`hello ${req.url}`);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const port = (server.address() as net.AddressInfo).port;

  const agent = new TLSAgent({ srpUsername: 'grace', srpPassword: 'grace-pw' });
  t.teardown(() => agent.destroy());
  const a = await get(`https://127.0.0.1:${port}/srp`, agent);
  t.equal(a.status, 200);
  t.equal(a.body, 'hello /srp');
  t.match(a.socket.getCipherName(), /aes/, 'an SRP suite carried it');
  t.same(seen, ['grace'], 'the server authenticated the user by SRP');

  const wrong = new TLSAgent({ srpUsername: 'grace', srpPassword: 'not-it' });
  t.teardown(() => wrong.destroy());
  await t.rejects(get(`https://127.0.0.1:${port}/no`, wrong), { name: 'TLSRemoteAlert' }, 'a wrong password fails the request');
  t.same(seen, ['grace'], 'and reaches no handler');
});
