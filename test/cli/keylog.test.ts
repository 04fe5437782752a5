/**
 * SSLKEYLOGFILE and the 'keylog' event: both ends of a connection log
 * the same NSS line (CLIENT_RANDOM <random> <master secret>); the
 * `tlslite` client and server write it to the file the variable names;
 * and tshark, given only that file, decrypts a captured HTTPS session
 * (skipped when tshark is missing or capturing is not permitted).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { createServer } from '../../src/connection/server.js';
import { HandshakeSettings } from '../../src/settings.js';
import { credentials, providerLabels, providerOf } from '../interop/ours.js';
import { PeerProcess, usePeers, PEER_TIMEOUT_MS } from '../interop/peers.js';
import { envFor, haveCurl, runTlslite, startCliServer, RSA_AND_ECDSA } from './cli.js';

const LINE = /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/;

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-keylog-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

for (const provider of providerLabels()) {
  t.test(`the keylog event: the same line on both ends (${provider})`, async (t) => {
    const serverLines: Buffer[] = [];
    // TLS 1.2: one CLIENT_RANDOM line (TLS 1.3 logs its traffic secrets instead).
    const tls12 = new HandshakeSettings({ maxVersion: 0x0303 });
    const server = createServer({ ...credentials('server-rsa'), provider: providerOf(provider), settings: tls12 }, (c) => c.pipe(c));
    server.on('keylog', (line: Buffer, connection: unknown) => {
      t.ok(connection instanceof TLSConnection, 'with the connection');
      serverLines.push(line);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.teardown(() => server.close());
    const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
    await once(socket, 'connect');
    const client = new TLSConnection(socket, { provider: providerOf(provider) });
    const clientLines: Buffer[] = [];
    client.on('keylog', (line: Buffer) => clientLines.push(line));
    await client.handshakeClientCert(undefined, undefined, { timeout: PEER_TIMEOUT_MS, settings: tls12 });
    await client.close();
    t.equal(clientLines.length, 1);
    t.ok(Buffer.isBuffer(clientLines[0]), 'a Buffer, as node:tls');
    const text = clientLines[0]!.toString('latin1');
    t.ok(text.endsWith('\n'), 'with its newline, as node:tls');
    t.match(text.trimEnd(), LINE);
    t.equal(text.trimEnd().split(' ')[2], Buffer.from(client.session!.masterSecret).toString('hex'), 'the master secret');
    t.same(serverLines.map(String), clientLines.map(String), 'the server logged the same line');
  });
}

t.test('SSLKEYLOGFILE: the tlslite client and server write the same line', async (t) => {
  usePeers(t);
  const dir = tempDir(t);
  const serverLog = path.join(dir, 'server.keys');
  const clientLog = path.join(dir, 'client.keys');
  const server = await startCliServer([...RSA_AND_ECDSA, '--echo', '--max-ver', 'TLSv1.2'], envFor('native', { SSLKEYLOGFILE: serverLog }));
  const r = await runTlslite(['client', `127.0.0.1:${server.port}`], envFor('native', { SSLKEYLOGFILE: clientLog }));
  t.equal(r.code, 0, 'client exit status 0');
  await server.process.waitFor(/Implementations: /);
  await server.process.stop();
  const clientLines = fs.readFileSync(clientLog, 'latin1').split('\n').filter(Boolean);
  const serverLines = fs.readFileSync(serverLog, 'latin1').split('\n').filter(Boolean);
  t.equal(clientLines.length, 1);
  t.match(clientLines[0], LINE);
  t.same(serverLines, clientLines);
  t.equal(fs.statSync(clientLog).mode & 0o077, 0, 'not readable by others');
});

/** Whether tshark can capture on lo here (it prints "Capturing on" and keeps running). */
function tsharkAvailable(): string | false {
  if (spawnSync('tshark', ['--version'], { stdio: 'ignore', timeout: 10_000 }).status !== 0) return 'tshark is not installed (Debian package tshark)';
  if (!haveCurl()) return 'curl is not installed (Debian package curl)';
  // A one-second capture on lo tells whether capturing is permitted here.
  const probe = spawnSync('tshark', ['-i', 'lo', '-a', 'duration:1', '-w', '/dev/null'], { encoding: 'utf8', timeout: 15_000 });
  if (probe.status !== 0) return `capturing on lo is not permitted here (tshark: ${(probe.stderr ?? '').trim().split('\n').pop()})`;
  return false;
}
const tsharkSkip = tsharkAvailable();

const TSHARK_CASES = [
  ...providerLabels().map((provider) => ({ provider, version: 'TLSv1.2' })),
  // TLS 1.3: the handshake and traffic secrets (CLIENT_HANDSHAKE_TRAFFIC_SECRET ...).
  ...providerLabels().map((provider) => ({ provider, version: 'TLSv1.3' })),
];
for (const { provider, version } of TSHARK_CASES) {
  t.test(`tshark decrypts a captured ${version} session with the key log alone (${provider})`, { skip: tsharkSkip }, async (t) => {
    usePeers(t);
    const dir = tempDir(t);
    const keylog = path.join(dir, 'keys.log');
    const capture = path.join(dir, 'capture.pcapng');
    const www = path.join(dir, 'www');
    fs.mkdirSync(www);
    const marker = `decrypted-by-tshark-${provider}-${Date.now()}`;
    fs.writeFileSync(path.join(www, 'marker.txt'), `${marker}\n`);
    const server = await startCliServer([...RSA_AND_ECDSA, '-d', www, '--max-ver', version], envFor(provider, { SSLKEYLOGFILE: keylog }));

    const tshark = new PeerProcess('tshark', ['-i', 'lo', '-f', `tcp port ${server.port}`, '-w', capture]);
    // "Capturing on" comes before dumpcap has the interface open; "Capture started" after.
    await tshark.waitFor(/Capture started/, PEER_TIMEOUT_MS);
    await new Promise((r) => setTimeout(r, 300));
    // curl without SSLKEYLOGFILE: only our server's key log exists.
    const env = { ...process.env };
    delete env['SSLKEYLOGFILE'];
    const curl = spawn('curl', ['-s', '-k', '--http1.1', '--max-time', '20', `https://127.0.0.1:${server.port}/marker.txt`], { env });
    let body = '';
    curl.stdout.on('data', (d: Buffer) => (body += d.toString()));
    await once(curl, 'close');
    t.equal(body, `${marker}\n`, 'curl got the file');
    await server.process.waitFor(/"GET \/marker\.txt HTTP\/1\.1" 200/);
    // Let the last packets reach the capture, then stop tshark (it writes the file on SIGTERM).
    await new Promise((r) => setTimeout(r, 1000));
    await tshark.stop(5000);
    t.ok(fs.existsSync(capture), 'a capture file');

    const read = (extra: string[]) =>
      spawnSync('tshark', ['-r', capture, ...extra, '-Y', 'http', '-V'], { encoding: 'utf8', timeout: 30_000 }).stdout ?? '';
    const withKeys = read(['-o', `tls.keylog_file:${keylog}`]);
    const withoutKeys = read(['-o', 'tls.keylog_file:']);
    t.match(withKeys, /GET \/marker\.txt HTTP\/1\.1/, 'the request decrypted');
    t.ok(withKeys.includes(marker), 'the response body decrypted');
    t.notOk(withoutKeys.includes(marker), 'nothing decrypts without the key log');
    await server.process.stop();
  });
}
