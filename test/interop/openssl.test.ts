/**
 * Interop with the OpenSSL CLI, both directions: our client against
 * `openssl s_server`, `openssl s_client` against our server; versions,
 * key exchanges, groups, cipher families, EMS/ETM, ALPN, SNI, resumption,
 * client certificates, RSA-PSS and the exporter compared with OpenSSL's
 * own value; each with the native and the pure provider.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProtocolVersion } from '../../src/constants.js';
import {
  cert,
  opensslClient,
  opensslServer,
  parseOpenSSLOutput,
  sessionUsedEMS,
  skipUnless,
  testText,
  usePeers,
  type OpenSSLVersion,
} from './peers.js';
import { credentials, hex, ourClient, ourServer, providerLabels, settings } from './ours.js';

usePeers(t);
const skip = skipUnless('openssl');
const LABEL = 'EXPORTER-interop';

const VERSIONS: Array<[OpenSSLVersion, number, string]> = [
  ['tls1', ProtocolVersion.TLS1_0, 'TLS 1.0'],
  ['tls1_1', ProtocolVersion.TLS1_1, 'TLS 1.1'],
  ['tls1_2', ProtocolVersion.TLS1_2, 'TLS 1.2'],
];

/** OpenSSL suite name -> our settings that offer exactly that family, and the seed's cipher name. */
const SUITES: Array<{ openssl: string; kx: string; cipher: string; mac?: string; key?: string }> = [
  { openssl: 'AES128-SHA', kx: 'rsa', cipher: 'aes128' },
  { openssl: 'AES256-SHA256', kx: 'rsa', cipher: 'aes256', mac: 'sha256' },
  { openssl: 'DHE-RSA-AES128-GCM-SHA256', kx: 'dhe_rsa', cipher: 'aes128gcm' },
  { openssl: 'DHE-RSA-AES256-SHA', kx: 'dhe_rsa', cipher: 'aes256' },
  { openssl: 'ECDHE-RSA-AES256-GCM-SHA384', kx: 'ecdhe_rsa', cipher: 'aes256gcm' },
  { openssl: 'ECDHE-RSA-AES128-SHA256', kx: 'ecdhe_rsa', cipher: 'aes128', mac: 'sha256' },
  { openssl: 'ECDHE-RSA-CHACHA20-POLY1305', kx: 'ecdhe_rsa', cipher: 'chacha20-poly1305' },
  { openssl: 'AES128-CCM', kx: 'rsa', cipher: 'aes128ccm' },
  { openssl: 'ECDHE-ECDSA-AES128-GCM-SHA256', kx: 'ecdhe_ecdsa', cipher: 'aes128gcm', key: 'server-ecdsa' },
  { openssl: 'ECDHE-ECDSA-AES256-SHA', kx: 'ecdhe_ecdsa', cipher: 'aes256', key: 'server-ecdsa' },
];

const GROUPS: Array<[string, string]> = [
  ['X25519', 'x25519'],
  ['X448', 'x448'],
  ['P-256', 'secp256r1'],
  ['P-384', 'secp384r1'],
  ['P-521', 'secp521r1'],
];

/** Sends a line to s_server through our client and checks it arrived; returns s_server's report. */
async function exchange(conn: import('../../src/connection/tls-connection.js').TLSConnection, peer: import('./peers.js').PeerProcess) {
  await conn.sendall('from tlslite-ng\n');
  await peer.waitFor(/from tlslite-ng\n/);
  peer.write('from openssl\n');
  let got = '';
  while (!got.includes('from openssl\n')) got += Buffer.from(await conn.recv()).toString();
  return parseOpenSSLOutput(peer.output);
}

for (const provider of providerLabels()) {
  t.test(`our client -> openssl s_server (${provider})`, { skip }, async (t) => {
    for (const [flag, version, name] of VERSIONS) {
      t.test(`${name}`, async (t) => {
        const cipher = version === ProtocolVersion.TLS1_2 ? 'ECDHE-RSA-AES128-GCM-SHA256' : 'ECDHE-RSA-AES128-SHA';
        const { peer, port } = await opensslServer({ version: flag, cipher, exporter: { label: LABEL, length: 32 } });
        const conn = await ourClient(port, provider, { settings: settings({ minVersion: version, maxVersion: version }) });
        t.equal(conn.version, version);
        t.equal(conn.getVersionName(), name);
        const exported = hex(conn.keyingMaterialExporter(LABEL, 32));
        const report = await exchange(conn, peer);
        t.equal(report.cipher, cipher);
        t.equal(report.exported, exported, 'exporter equals s_server’s');
        await conn.close(1000);
        await peer.stop();
      });
    }

    for (const suite of SUITES) {
      t.test(`TLS 1.2 ${suite.openssl}`, async (t) => {
        const key = suite.key ?? 'server-rsa';
        const { peer, port } = await opensslServer({
          version: 'tls1_2',
          cipher: suite.openssl,
          certFile: cert(`${key}.chain.pem`),
          keyFile: cert(`${key}.key.pem`),
        });
        const conn = await ourClient(port, provider, {
          settings: settings({
            cipherNames: [suite.cipher],
            keyExchangeNames: [suite.kx],
            ...(suite.mac && { macNames: [suite.mac] }),
          }),
        });
        const report = await exchange(conn, peer);
        t.equal(report.cipher, suite.openssl);
        t.equal(conn.getCipherName(), suite.cipher);
        t.equal(conn.getCipherImplementation(), provider === 'pure' ? 'pure' : conn.getCipherImplementation());
        await conn.close(1000);
        await peer.stop();
      });
    }

    for (const [group, ours] of GROUPS) {
      t.test(`ECDHE group ${group}`, async (t) => {
        const { peer, port } = await opensslServer({ version: 'tls1_2', cipher: 'ECDHE-RSA-AES128-GCM-SHA256', groups: group });
        const conn = await ourClient(port, provider, { settings: settings({ eccCurves: [ours], keyShares: [ours] }) });
        await exchange(conn, peer);
        t.match(peer.output, new RegExp(`Shared groups: ${ours}\\b`), `offered only ${ours}`);
        await conn.close(1000);
        await peer.stop();
      });
    }

    t.test('EMS off and on (server session shows it)', async (t) => {
      for (const ems of [true, false]) {
        const { peer, port } = await opensslServer({ version: 'tls1_2' });
        const conn = await ourClient(port, provider, { settings: settings({ useExtendedMasterSecret: ems }) });
        const report = await exchange(conn, peer);
        t.equal(sessionUsedEMS(report.sessionPem!), ems, `EMS ${ems ? 'on' : 'off'}`);
        t.equal(conn.session?.extendedMasterSecret, ems);
        await conn.close(1000);
        await peer.stop();
      }
    });

    t.test('ETM on and off with a CBC suite', async (t) => {
      for (const [ours, peerOff] of [
        [true, false],
        [false, false],
        [true, true],
      ] as const) {
        const { peer, port } = await opensslServer({ version: 'tls1_2', cipher: 'ECDHE-RSA-AES128-SHA', noEtm: peerOff });
        const conn = await ourClient(port, provider, { settings: settings({ useEncryptThenMAC: ours }) });
        await exchange(conn, peer);
        t.equal(conn.session?.encryptThenMAC, ours && !peerOff, `ours ${ours}, peer ${peerOff ? 'off' : 'on'}`);
        await conn.close(1000);
        await peer.stop();
      }
    });

    t.test('ALPN', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_2', alpn: 'h2,http/1.1' });
      const conn = await ourClient(port, provider, { alpn: ['http/1.1', 'spdy/1'] });
      await exchange(conn, peer);
      t.equal(conn.alpnProtocol, 'http/1.1');
      await conn.close(1000);
      await peer.stop();
    });

    t.test('SNI (s_server -servername_fatal)', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_2', servername: 'localhost' });
      const conn = await ourClient(port, provider, { serverName: 'localhost' });
      await exchange(conn, peer);
      t.match(peer.output, /Hostname in TLS extension: "localhost"/);
      t.equal(conn.session?.serverName, 'localhost');
      await conn.close(1000);
      await peer.stop();
    });

    t.test('resumption by session id and by ticket', async (t) => {
      for (const noTicket of [true, false]) {
        const { peer, port } = await opensslServer({ version: 'tls1_2', noTicket });
        const first = await ourClient(port, provider);
        await exchange(first, peer);
        const session = first.session!;
        await first.close(1000);
        const second = await ourClient(port, provider, { session });
        t.equal(second.resumed, true, noTicket ? 'session id' : 'ticket');
        await second.sendall('again\n');
        await peer.waitFor(/again\n/);
        await second.close(1000);
        await peer.stop();
      }
    });

    t.test('client certificate (TLS 1.2 and 1.0)', async (t) => {
      for (const version of ['tls1_2', 'tls1'] as const) {
        const { peer, port } = await opensslServer({ version, clientAuth: 'require' });
        const conn = await ourClient(port, provider, {
          client: credentials('client-rsa'),
          settings: settings({ minVersion: ProtocolVersion.TLS1_0 }),
        });
        await exchange(conn, peer);
        t.match(peer.output, /subject=.*CN ?= ?client/, `${version}: s_server saw the client certificate`);
        await conn.close(1000);
        await peer.stop();
      }
    });

    t.test('RSA-PSS signatures (rsae and pss keys)', async (t) => {
      for (const [sigalg, key] of [
        ['rsa_pss_rsae_sha256', 'server-rsa'],
        ['rsa_pss_pss_sha256', 'server-rsapss'],
      ] as const) {
        const { peer, port } = await opensslServer({
          version: 'tls1_2',
          sigalgs: sigalg,
          certFile: cert(`${key}.chain.pem`),
          keyFile: cert(`${key}.key.pem`),
        });
        const conn = await ourClient(port, provider);
        await exchange(conn, peer);
        t.pass(`${sigalg} verified`);
        await conn.close(1000);
        await peer.stop();
      }
    });

    t.test('256 KiB in odd-sized writes to s_server, checked byte for byte', async (t) => {
      const { peer, port } = await opensslServer({ version: 'tls1_2' });
      const conn = await ourClient(port, provider);
      const data = testText(256 * 1024, 7);
      for (let off = 0, i = 0; off < data.length; i++) {
        const n = [1, 17, 16385, 999, 4096][i % 5]!;
        await conn.send(data.subarray(off, off + n));
        off += n;
      }
      t.ok((await peer.waitForStdoutData(data)) >= 0, 'every byte arrived in order');
      await conn.close(1000);
      await peer.stop();
    });
  });

  t.test(`openssl s_client -> our server (${provider})`, { skip }, async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-openssl-'));
    t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
    const server = await ourServer(provider, { settings: settings({ minVersion: ProtocolVersion.TLS1_0 }), ALPNProtocols: ['h2', 'http/1.1'] });
    t.teardown(() => server.close());
    let n = 0;

    const run = async (o: Omit<import('./peers.js').OpenSSLClientOptions, 'port'>) => {
      const client = opensslClient({ port: server.port, ...o });
      await client.waitFor(/Verify return code|Reused, /);
      client.write('echo me\n');
      await client.waitFor(/echo me\n/);
      client.endInput();
      await client.waitExit();
      return { client, report: parseOpenSSLOutput(client.output), conn: await server.connection(n++) };
    };

    for (const [flag, , name] of VERSIONS) {
      t.test(name, async (t) => {
        const { report, conn } = await run({ version: flag, exporter: { label: LABEL, length: 20 } });
        t.equal(conn.getVersionName(), name);
        t.equal(report.exported, hex(conn.keyingMaterialExporter(LABEL, 20)), 'exporter equals s_client’s');
        t.equal(report.ems, true, 'EMS');
      });
    }
    for (const suite of SUITES.filter((s) => !s.key)) {
      t.test(`TLS 1.2 ${suite.openssl}`, async (t) => {
        const { report, conn } = await run({ version: 'tls1_2', cipher: suite.openssl });
        t.equal(report.cipher, suite.openssl);
        t.equal(conn.getCipherName(), suite.cipher);
      });
    }
    t.test('ALPN, SNI', async (t) => {
      const { report, conn } = await run({ version: 'tls1_2', alpn: 'http/1.1,h2', servername: 'localhost' });
      t.equal(report.alpn, 'h2', 'server preference wins');
      t.equal(conn.serverName, 'localhost');
    });
    t.test('ETM off (-no_etm) with CBC', async (t) => {
      const { conn } = await run({ version: 'tls1_2', cipher: 'ECDHE-RSA-AES128-SHA', noEtm: true });
      t.equal(conn.session?.encryptThenMAC, false);
    });
    t.test('resumption: -sess_out then -sess_in (session id)', async (t) => {
      const sess = path.join(dir, 'sess.pem');
      await run({ version: 'tls1_2', sessOut: sess, noTicket: true });
      const { report, conn } = await run({ version: 'tls1_2', sessIn: sess, noTicket: true });
      t.equal(report.reused, true);
      t.equal(conn.resumed, true);
    });
  });
}
