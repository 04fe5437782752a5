/**
 * HTTP client benchmark (`npm run bench:agent`): requests per second
 * through our TLSAgent against Node's https server (TLS 1.2, ECDHE-RSA
 * AES-128-GCM), per provider, beside Node's own https.Agent measured in
 * the same run against the same server:
 * - keep-alive: every request on one pooled connection (record layer and
 *   http overhead);
 * - new connection per request, resumed: keep-alive off, so each request
 *   opens a TCP connection and resumes the cached TLS session (the
 *   abbreviated handshake).
 * Both ends run in this process; read the ratio, not the absolute figure.
 */
import https from 'node:https';
import fs from 'node:fs';
import { once } from 'node:events';
import type net from 'node:net';
import { TLSAgent } from '../src/integration/agent.js';
import { HandshakeSettings } from '../src/settings.js';
import { defaultProvider, providerFor } from '../src/crypto/select.js';
import { SECONDS, fmt, rateAsync, table } from './harness.js';

const CERTS = new URL('../test/fixtures/certs/', import.meta.url);
const server = https.createServer(
  {
    cert: fs.readFileSync(new URL('server-rsa.chain.pem', CERTS), 'utf8'),
    key: fs.readFileSync(new URL('server-rsa.key.pem', CERTS), 'utf8'),
    maxVersion: 'TLSv1.2',
    ciphers: 'ECDHE-RSA-AES128-GCM-SHA256',
  },
  (_req, res) => res.end('ok'),
);
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const url = `https://localhost:${(server.address() as net.AddressInfo).port}/`;

function get(agent: https.Agent): Promise<void> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent, rejectUnauthorized: false }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });
}

const settings = new HandshakeSettings({ cipherNames: ['aes128gcm'] });
const rows: string[][] = [];
for (const keepAlive of [true, false]) {
  const label = keepAlive ? 'keep-alive' : 'new connection, resumed';
  const node = new https.Agent({ keepAlive, maxSockets: 1 });
  const nodeRate = await rateAsync(() => get(node), SECONDS);
  node.destroy();
  rows.push([label, 'node https.Agent', fmt(nodeRate), '1.00']);
  for (const [name, provider] of [
    ['native', defaultProvider()],
    ['pure', providerFor(['pure'])],
  ] as const) {
    const ours = new TLSAgent({ keepAlive, maxSockets: 1, provider, settings });
    const ourRate = await rateAsync(() => get(ours as unknown as https.Agent), SECONDS);
    ours.destroy();
    rows.push([label, `TLSAgent (${name})`, fmt(ourRate), (ourRate / nodeRate).toFixed(2)]);
  }
}
table(['requests', 'client', 'req/s', 'vs node'], rows);
server.closeAllConnections();
server.close();
