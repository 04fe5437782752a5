/**
 * TLS 1.3 interop with the OpenSSL CLI, both directions, with the native
 * and the pure provider: every suite (-ciphersuites), every group
 * (-groups, which forces a HelloRetryRequest when our default shares do
 * not fit), every signature scheme (-sigalgs, the certificate types),
 * client authentication, the exporter compared with OpenSSL's own value,
 * and KeyUpdate from s_server's and s_client's interactive k / K commands.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProtocolVersion } from '../../src/constants.js';
import { CIPHER_NAMES } from '../../src/settings.js';
import { cert, opensslClient, opensslServer, parseOpenSSLOutput, skipUnless, usePeers } from './peers.js';
import { credentials, hex, ourClient, ourServer, pingPong, providerLabels, settings } from './ours.js';

usePeers(t);
const skip = skipUnless('openssl');
const LABEL = 'EXPORTER-interop';
const TLS13 = ProtocolVersion.TLS1_3;

const SUITES: Array<[string, string]> = [
  ['TLS_AES_128_GCM_SHA256', 'aes128gcm'],
  ['TLS_AES_256_GCM_SHA384', 'aes256gcm'],
  ['TLS_CHACHA20_POLY1305_SHA256', 'chacha20-poly1305'],
  ['TLS_AES_128_CCM_SHA256', 'aes128ccm'],
  ['TLS_AES_128_CCM_8_SHA256', 'aes128ccm_8'],
];

/** OpenSSL group name, ours; our default key shares are P-256 and X25519, so the others take a HelloRetryRequest. */
const GROUPS: Array<[string, string]> = [
  ['X25519', 'x25519'],
  ['P-256', 'secp256r1'],
  ['X448', 'x448'],
  ['P-384', 'secp384r1'],
  ['P-521', 'secp521r1'],
  ['ffdhe2048', 'ffdhe2048'],
  ['ffdhe3072', 'ffdhe3072'],
];

/** Certificate fixture and the sigalgs OpenSSL may use with it. */
const SIGNATURES: Array<[string, string]> = [
  ['server-rsa', 'rsa_pss_rsae_sha256'],
  ['server-rsa', 'rsa_pss_rsae_sha384'],
  ['server-rsa', 'rsa_pss_rsae_sha512'],
  ['server-rsapss', 'rsa_pss_pss_sha256'],
  ['server-ecdsa', 'ecdsa_secp256r1_sha256'],
  ['server-ed25519', 'ed25519'],
];

for (const provider of providerLabels()) {
  t.test(`our TLS 1.3 client -> openssl s_server (${provider})`, { skip }, async (t) => {
    for (const [suite, cipher] of SUITES) {
      t.test(suite, async (t) => {
        const { peer, port } = await opensslServer({ version: 'tls1_3', extra: ['-ciphersuites', suite], exporter: { label: LABEL, length: 32 } });
        const conn = await ourClient(port, provider, { settings: settings({ cipherNames: [cipher] }) });
        t.equal(conn.version, TLS13);
        t.equal(conn.getVersionName(), 'TLS 1.3');
        t.equal(conn.getCipherName(), cipher);
        await pingPong(conn, peer, suite);
        const report = parseOpenSSLOutput(peer.output);
        t.equal(report.cipher, suite);
        t.equal(report.exported, hex(conn.keyingMaterialExporter(LABEL, 32)), 'exporter equals s_server’s');
        conn.close();
      });
    }
    for (const [group, ours] of GROUPS) {
      t.test(`group ${group}`, async (t) => {
        const { peer, port } = await opensslServer({ version: 'tls1_3', groups: group });
        const conn = await ourClient(port, provider, { settings: settings({ eccCurves: ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1'] }) });
        t.equal(conn.version, TLS13);
        await pingPong(conn, peer, group);
        t.match(peer.output, new RegExp(`Shared groups:.*${group}|${group}`), `${ours}: negotiated`);
        conn.close();
      });
    }
    for (const [name, sigalg] of SIGNATURES) {
      t.test(`${name} ${sigalg}`, async (t) => {
        const { peer, port } = await opensslServer({
          version: 'tls1_3',
          sigalgs: sigalg,
          certFile: cert(`${name}.chain.pem`),
          keyFile: cert(`${name}.key.pem`),
        });
        const conn = await ourClient(port, provider);
        t.equal(conn.version, TLS13);
        t.ok(conn.session?.serverCertChain, 'server chain kept');
        await pingPong(conn, peer, sigalg);
        conn.close();
      });
    }
    t.test('client certificate (required)', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_3', clientAuth: 'require' });
      const conn = await ourClient(port, provider, { client: credentials('client-rsa') });
      await pingPong(conn, peer, 'client-auth');
      t.match(peer.output, /CN\s*=\s*client|subject=.*client/i, 's_server saw our certificate');
      conn.close();
    });
    t.test('KeyUpdate: s_server k and K, then ours', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_3', naccept: 1 });
      const conn = await ourClient(port, provider);
      await pingPong(conn, peer, 'before');
      // s_server sends a KeyUpdate for a "k" line (update_requested for "K"); the
      // line after it comes under its next key, which we can only read if we updated.
      peer.write('k\n');
      await pingPong(conn, peer, 'after-k');
      peer.write('K\n');
      await pingPong(conn, peer, 'after-K');
      conn.keyUpdate(true);
      await pingPong(conn, peer, 'after-ours');
      t.equal(conn.version, TLS13, 'still talking after four key updates');
      // s_server (-naccept 1) ends the connection and exits at the end of its input.
      conn.on('error', () => {});
      peer.endInput();
      await peer.waitExit();
      conn.destroy();
      // s_server prints (to a buffered stdout, so only at exit) one line per update it made.
      t.equal(peer.output.match(/SSL_do_handshake -> 1/g)?.length, 2, 's_server made both updates');
    });
  });

  t.test(`TLS 1.3 resumption with openssl (${provider})`, { skip }, async (t) => {
    t.test('our client resumes with a ticket from s_server', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_3' });
      const first = await ourClient(port, provider);
      // The tickets arrive after the handshake: a round trip makes sure they were read.
      await pingPong(first, peer, 'first');
      const session = first.session!;
      t.ok((session.tickets?.length ?? 0) >= 1, `s_server sent tickets (${session.tickets?.length})`);
      first.close();
      const second = await ourClient(port, provider, { session });
      t.ok(second.resumed, 'resumed');
      await pingPong(second, peer, 'second');
      second.close();
    });
    t.test('s_client -sess_out then -sess_in against our server', async (t) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-tls13-'));
      t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
      const server = await ourServer(provider, { settings: settings({ ticketKeys: [new Uint8Array(32).fill(5)] }) });
      t.teardown(() => server.close());
      const sess = path.join(dir, 'sess.pem');
      for (const [i, o] of [{ sessOut: sess }, { sessIn: sess }].entries()) {
        const client = opensslClient({ port: server.port, version: 'tls1_3', ...o });
        await client.waitFor(/Verify return code|Reused, /);
        client.write('resume me\n');
        await client.waitFor(/resume me\n/);
        client.endInput();
        await client.waitExit();
        const conn = await server.connection(i);
        t.equal(conn.resumed, i === 1, i === 0 ? 'full handshake first' : 'our server resumed');
        t.equal(parseOpenSSLOutput(client.output).reused, i === 1, i === 0 ? 's_client: new' : 's_client: Reused');
      }
    });
  });

  t.test(`openssl s_client -> our TLS 1.3 server (${provider})`, { skip }, async (t) => {
    // CCM_8 is not among the seed's default ciphers: enabled here so s_client can pick it.
    const server = await ourServer(provider, { ALPNProtocols: ['h2', 'http/1.1'], settings: settings({ cipherNames: [...CIPHER_NAMES, 'aes128ccm_8'] }) });
    t.teardown(() => server.close());
    let n = 0;
    const run = async (o: Omit<import('./peers.js').OpenSSLClientOptions, 'port'>, input: string[] = []) => {
      const client = opensslClient({ port: server.port, version: 'tls1_3', ...o });
      await client.waitFor(/Verify return code/);
      // Our server echoes; s_client's k / K lines are commands (a KeyUpdate), not data.
      for (const line of ['echo me', ...input, 'last line']) {
        client.write(`${line}\n`);
        if (line.length > 1) await client.waitFor(new RegExp(`${line}\n`));
        // s_client takes a read of stdin as one command only when it is exactly "k\n" or "K\n":
        // let it read the command alone before the next line arrives.
        else await new Promise((resolve) => setTimeout(resolve, 300));
      }
      client.endInput();
      await client.waitExit();
      return { client, report: parseOpenSSLOutput(client.output), conn: await server.connection(n++) };
    };
    for (const [suite, cipher] of SUITES) {
      t.test(suite, async (t) => {
        const { report, conn } = await run({ extra: ['-ciphersuites', suite], exporter: { label: LABEL, length: 20 } });
        t.equal(conn.getVersionName(), 'TLS 1.3');
        t.equal(report.cipher, suite);
        t.equal(conn.getCipherName(), cipher);
        t.equal(report.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals s_client’s');
      });
    }
    const TEMP_KEY: Record<string, RegExp> = {
      X25519: /Server Temp Key: X25519/,
      'P-256': /Server Temp Key: ECDH, prime256v1/,
      X448: /Server Temp Key: X448/,
      'P-384': /Server Temp Key: ECDH, secp384r1/,
      'P-521': /Server Temp Key: ECDH, secp521r1/,
      ffdhe2048: /Server Temp Key: DH, 2048 bits/,
      ffdhe3072: /Server Temp Key: DH, 3072 bits/,
    };
    for (const [group] of GROUPS) {
      t.test(`group ${group}`, async (t) => {
        const { client, conn } = await run({ groups: group });
        t.equal(conn.getVersionName(), 'TLS 1.3');
        t.match(client.output, TEMP_KEY[group]!, `s_client reports our ${group} share`);
        t.match(client.output, /New, TLSv1\.3/);
      });
    }
    t.test('HelloRetryRequest: s_client shares X25519, our server wants P-384', async (t) => {
      const other = await ourServer(provider, { settings: settings({ eccCurves: ['secp384r1'], keyShares: [] }) });
      t.teardown(() => other.close());
      const client = opensslClient({ port: other.port, version: 'tls1_3', groups: 'X25519:P-384', msg: true });
      await client.waitFor(/Verify return code/);
      client.write('hrr\n');
      await client.waitFor(/hrr\n/);
      client.endInput();
      await client.waitExit();
      t.match(client.output, />>> [^\n]*ClientHello[\s\S]*>>> [^\n]*ClientHello/, 's_client sent a second ClientHello');
      t.match(client.output, /Server Temp Key: ECDH, secp384r1/, 'with a P-384 share');
      t.equal((await other.connection(0)).getVersionName(), 'TLS 1.3');
    });
    t.test('ALPN, SNI', async (t) => {
      const { report, conn } = await run({ alpn: 'http/1.1,h2', servername: 'localhost' });
      t.equal(report.alpn, 'h2', 'server preference wins');
      t.equal(conn.serverName, 'localhost');
    });
    t.test('KeyUpdate from s_client (k, K)', async (t) => {
      const { conn } = await run({}, ['k', 'after k', 'K', 'after K']);
      t.equal(conn.getVersionName(), 'TLS 1.3');
    });
  });
}
