/**
 * `tlslite server` as a user runs it: a child process with RSA and ECDSA
 * pairs serving a directory, reached with curl (GET, HEAD, keep-alive,
 * path traversal), openssl s_client (certificate chosen per handshake,
 * the exporter against OpenSSL's), a client that sends garbage (logged,
 * the server goes on), our own client (--resumption, --get), and SIGTERM.
 * Both providers (TLSLITE_PURE=1 in the child for pure).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fingerprint, opensslClient, skipUnless, usePeers, PEER_TIMEOUT_MS } from '../interop/peers.js';
import { ourClient, providerLabels } from '../interop/ours.js';
import { envFor, haveCurl, parseReports, RSA_AND_ECDSA, runTlslite, startCliServer } from './cli.js';

const HELLO = 'hello from the tlslite file server\n';

/** A served directory: hello.txt, a page in sub/, a symlink out of the root and one inside it. */
function makeSite(t: { teardown(fn: () => void): void }): { root: string; outside: string } {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-site-'));
  t.teardown(() => fs.rmSync(base, { recursive: true, force: true }));
  const root = path.join(base, 'www');
  fs.mkdirSync(path.join(root, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(root, 'hello.txt'), HELLO);
  fs.writeFileSync(path.join(root, 'sub', 'index.html'), '<!DOCTYPE html><title>sub</title>\n');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'outside the root\n');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'escape.txt'));
  fs.symlinkSync(path.join(root, 'hello.txt'), path.join(root, 'alias.txt'));
  return { root, outside: path.join(base, 'secret.txt') };
}

interface CurlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function curl(args: readonly string[]): Promise<CurlResult> {
  return new Promise((resolve) => {
    const child = spawn('curl', ['-s', '-k', '--http1.1', '--max-time', '20', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const sha1 = (name: string) => fingerprint(name, 'sha1');

for (const provider of providerLabels()) {
  t.test(`tlslite server (${provider})`, { skip: haveCurl() ? skipUnless('openssl') : 'curl is not installed (Debian package curl)' }, async (t) => {
    usePeers(t);
    const { root } = makeSite(t);
    const server = await startCliServer([...RSA_AND_ECDSA, '-d', root, '-l', 'EXPERIMENTAL-cli', '-L', '32'], envFor(provider));
    const base = `https://127.0.0.1:${server.port}`;
    const reportCount = () => parseReports(server.process.output).length;

    await t.test('curl GET of a known file: body, type, length', async (t) => {
      const r = await curl(['-w', '\n%{http_code} %{content_type} %{size_download}', `${base}/hello.txt`]);
      t.equal(r.code, 0, 'curl succeeded');
      t.equal(r.stdout, `${HELLO}\n200 text/plain; charset=utf-8 ${Buffer.byteLength(HELLO)}`);
    });

    await t.test('HEAD: headers with the length, no body', async (t) => {
      const r = await curl(['-I', `${base}/hello.txt`]);
      t.equal(r.code, 0, 'curl succeeded');
      t.match(r.stdout, /^HTTP\/1\.1 200 OK/);
      t.match(r.stdout, new RegExp(`content-length: ${Buffer.byteLength(HELLO)}\\r\\n`, 'i'));
      t.notMatch(r.stdout, /hello from/);
    });

    await t.test('directories: redirect without the slash, index.html with it', async (t) => {
      const r = await curl(['-w', '%{http_code} %{redirect_url}', '-o', '/dev/null', `${base}/sub`]);
      t.equal(r.stdout, `301 ${base}/sub/`);
      const page = await curl([`${base}/sub/`]);
      t.match(page.stdout, /<title>sub<\/title>/);
    });

    await t.test('path traversal and symlink escapes are refused, missing files are 404', async (t) => {
      const status = async (p: string) => (await curl(['--path-as-is', '-o', '/dev/null', '-w', '%{http_code}', `${base}${p}`])).stdout;
      t.equal(await status('/../secret.txt'), '403', 'literal ..');
      t.equal(await status('/sub/../../secret.txt'), '403', 'nested ..');
      t.equal(await status('/%2e%2e/secret.txt'), '403', 'percent-encoded ..');
      t.equal(await status('/..%2fsecret.txt'), '403', 'encoded slash');
      t.equal(await status('/escape.txt'), '403', 'symlink out of the root');
      t.equal(await status('/alias.txt'), '200', 'symlink inside the root');
      t.equal(await status('/missing.txt'), '404');
      t.equal(await status('/%zz'), '400', 'malformed escape');
      const post = await curl(['-X', 'POST', '-o', '/dev/null', '-w', '%{http_code}', `${base}/hello.txt`]);
      t.equal(post.stdout, '405');
    });

    await t.test('keep-alive: two requests over one connection (one handshake)', async (t) => {
      const before = reportCount();
      const r = await curl(['-v', `${base}/hello.txt`, `${base}/hello.txt`]);
      t.equal(r.code, 0);
      t.equal(r.stdout, HELLO + HELLO);
      t.match(r.stderr, /Re-?using existing connection/i);
      await server.process.waitFor(/Connection from/);
      t.equal(reportCount(), before + 1, 'one report: one handshake');
    });

    await t.test("tls.py's report, with the certificate chosen per client", async (t) => {
      for (const [name, cipher] of [
        ['server-ecdsa', 'ECDHE-ECDSA-AES128-GCM-SHA256'],
        ['server-rsa', 'ECDHE-RSA-AES256-GCM-SHA384'],
      ] as const) {
        const before = reportCount();
        const client = opensslClient({ port: server.port, version: 'tls1_2', cipher, groups: 'X25519:P-256', exporter: { label: 'EXPERIMENTAL-cli', length: 32 } });
        await client.waitFor(/Keying material: [0-9A-F]+/);
        client.endInput();
        await client.waitExit();
        const reports = await waitForReports(server.process, before + 1);
        const report = reports[before]!;
        t.equal(report.get('Version'), 'TLS 1.2');
        t.equal(report.get('Server X.509 SHA1 fingerprint'), sha1(name), `${name} was chosen`);
        t.equal(report.get('Ciphersuite'), `TLS_${cipher.includes('ECDSA') ? 'ECDHE_ECDSA_WITH_AES_128_GCM_SHA256' : 'ECDHE_RSA_WITH_AES_256_GCM_SHA384'}`);
        t.equal(report.get('Cipher'), `${cipher.includes('AES128') ? 'aes128gcm' : 'aes256gcm'} ${provider}`);
        t.equal(report.get('Group used for key exchange'), 'x25519');
        t.match(report.get('Key exchange signature') ?? '', name === 'server-ecdsa' ? /^ecdsa_/ : /^rsa_/);
        t.equal(report.get('Extended Master Secret'), 'True');
        t.equal(report.get('Session Resumed'), 'False');
        t.equal(report.get('No client certificate provided by peer'), '');
        t.equal(report.get('Exporter label'), 'EXPERIMENTAL-cli');
        t.equal(report.get('Exporter length'), '32');
        t.equal(report.get('Keying material'), client.output.match(/Keying material: ([0-9A-F]+)/)![1], 'same keying material as OpenSSL');
        t.match(report.get('Implementations') ?? '', new RegExp(`bulk aes\\d+gcm ${provider}`));
      }
    });

    await t.test('many clients at once', async (t) => {
      const results = await Promise.all(Array.from({ length: 8 }, () => curl([`${base}/hello.txt`])));
      t.same(
        results.map((r) => r.stdout),
        Array.from({ length: 8 }, () => HELLO),
        'eight parallel clients all served',
      );
    });

    await t.test('a client that sends garbage is logged; the server goes on', async (t) => {
      const socket = net.connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(Buffer.from('GET / HTTP/1.0\r\n\r\n'));
      socket.resume();
      await once(socket, 'close');
      await server.process.waitFor(/Handshake with 127\.0\.0\.1:\d+ failed: /);
      const abrupt = net.connect(server.port, '127.0.0.1');
      await once(abrupt, 'connect');
      abrupt.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40, 0x01]));
      abrupt.destroy();
      const r = await curl([`${base}/hello.txt`]);
      t.equal(r.stdout, HELLO, 'still serving');
    });

    for (const maxVersion of ['TLSv1.2', 'TLSv1.3']) {
      await t.test(`our client (${maxVersion}): report, --get, --resumption`, async (t) => {
      const r = await runTlslite(['client', '--max-ver', maxVersion, '--resumption', '--get', '/hello.txt', '-l', 'EXPERIMENTAL-cli', '-L', '32', `127.0.0.1:${server.port}`], envFor(provider));
      if (r.code !== 0) t.comment(r.output);
      t.equal(r.code, 0, 'exit status 0');
      const reports = parseReports(r.stdout);
      t.equal(reports.length, 2, 'one report per connection');
      t.equal(reports[0]!.get('Session Resumed'), 'False');
      t.equal(reports[1]!.get('Session Resumed'), 'True');
      t.equal(reports[0]!.get('Server X.509 SHA1 fingerprint'), sha1('server-rsa'));
      t.match(r.stdout, /Session resumed\n/);
      t.equal(r.stdout.split(HELLO).length - 1, 2, 'the file, once per connection');
      t.match(r.stdout, /HTTP\/1\.1 200 OK/);
      t.equal(reports[1]!.get('Version'), maxVersion === 'TLSv1.2' ? 'TLS 1.2' : 'TLS 1.3');
      });
    }

    await t.test('SIGTERM closes cleanly with status 0', async (t) => {
      const exit = await server.process.stop(5000);
      t.equal(exit.code, 0, 'exit status 0');
      t.match(server.process.output, /SIGTERM, closing/);
    });
  });
}

async function waitForReports(process: { output: string; waitFor(p: RegExp, ms?: number): Promise<unknown> }, count: number) {
  const until = Date.now() + PEER_TIMEOUT_MS;
  for (;;) {
    const reports = parseReports(process.output);
    // A report is complete once its last line (ours) is there.
    if (reports.length >= count && reports[count - 1]!.has('Implementations')) return reports;
    if (Date.now() > until) throw new Error(`expected ${count} reports:\n${process.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

t.test('SIGINT with connections open: close_notify to each, status 0', async (t) => {
  usePeers(t);
  const server = await startCliServer([...RSA_AND_ECDSA, '--echo']);
  const clients = await Promise.all([0, 1, 2].map(() => ourClient(server.port, 'native')));
  for (const c of clients) c.write('x');
  for (const c of clients) t.equal(Buffer.from(await c.recv()).toString(), 'x', 'echoed');
  const ends = clients.map((c) => c.recv());
  server.process.child.kill('SIGINT');
  for (const end of ends) t.equal((await end).length, 0, 'a clean end (close_notify), not a truncation error');
  const exit = await server.process.waitExit();
  t.equal(exit.code, 0, 'exit status 0');
  t.match(server.process.output, /SIGINT, closing/);
});
