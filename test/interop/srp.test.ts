/**
 * SRP (RFC 5054) interop on 127.0.0.1, both directions.
 *
 * Peers: GnuTLS — `gnutls-serv --srppasswd/--srppasswdconf` (verifiers
 * made by GnuTLS's own `srptool`) against our client, and `gnutls-cli
 * --srpusername/--srppasswd` against our server (verifiers made by our
 * VerifierDB): SRP_SHA and SRP_SHA_RSA, AES-128/256-CBC and 3DES, TLS
 * 1.0-1.2, wrong passwords, resumption. OpenSSL — `openssl s_client
 * -srpuser` and `s_server -srpvfile` are tried too; the OpenSSL 3.0 found
 * here cannot do SRP (s_client crashes, s_server reads a garbled user
 * name), so those cases run, and say in their output that OpenSSL was
 * unusable, only when OpenSSL itself breaks; a handshake that OpenSSL
 * completes is asserted like GnuTLS's.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { ProtocolVersion } from '../../src/constants.js';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { VerifierDB } from '../../src/srp/verifier-db.js';
import { gnutlsClient, gnutlsServer, have, opensslClient, parseGnuTLSOutput, PEER_TIMEOUT_MS, PeerProcess, skipUnless, testText, usePeers } from './peers.js';
import { echoThrough, ourServer, providerLabels, providerOf, settings, type ProviderLabel } from './ours.js';

usePeers(t);
const skip = skipUnless('gnutls') || (spawnSync('srptool', ['--version'], { stdio: 'ignore' }).status === 0 ? false : 'srptool (gnutls-bin) is not installed');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tlslite-srp-interop-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

const VERSIONS = [
  ['TLS 1.0', ProtocolVersion.TLS1_0, 'VERS-TLS1.0'],
  ['TLS 1.1', ProtocolVersion.TLS1_1, 'VERS-TLS1.1'],
  ['TLS 1.2', ProtocolVersion.TLS1_2, 'VERS-TLS1.2'],
] as const;
/** [our key exchange name, GnuTLS's KX name] */
const KXS = [
  ['srp_sha', 'SRP'],
  ['srp_sha_rsa', 'SRP-RSA'],
] as const;
/** [our cipher name, GnuTLS's] */
const CIPHERS = [
  ['aes128', 'AES-128-CBC'],
  ['aes256', 'AES-256-CBC'],
  ['3des', '3DES-CBC'],
] as const;

/** GnuTLS's tpasswd files: srptool's group file, alice in the 2048-bit group, bob in the 3072-bit one. */
function gnutlsPasswordFiles(): { passwd: string; conf: string } {
  const conf = path.join(dir, 'tpasswd.conf');
  const passwd = path.join(dir, 'tpasswd');
  if (!fs.existsSync(passwd)) {
    const run = (args: string[], input?: string) => {
      const r = spawnSync('srptool', args, { input: input ?? '', encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`srptool ${args.join(' ')}: ${r.stderr}`);
    };
    run(['--create-conf', conf]);
    run(['-p', passwd, '-v', conf, '-u', 'alice', '-i', '3'], 'alice-pw\n');
    run(['-p', passwd, '-v', conf, '-u', 'bob', '-i', '4'], 'bob-pw\n');
  }
  return { passwd, conf };
}

async function srpClient(port: number, provider: ProviderLabel, user: string, password: string, init: object = {}): Promise<TLSConnection> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider: providerOf(provider) });
  try {
    await conn.handshakeClientSRP(user, password, { timeout: PEER_TIMEOUT_MS, settings: settings(init) });
  } catch (error) {
    conn.destroy();
    throw error;
  }
  return conn;
}

/** Waits until `marker` appears `count` times in the peer's output. */
async function waitForCount(peer: PeerProcess, marker: string, count: number): Promise<void> {
  const until = Date.now() + PEER_TIMEOUT_MS;
  while (peer.output.split(marker).length - 1 < count) {
    if (Date.now() > until) throw new Error(`peer did not report ${count} x ${JSON.stringify(marker)}:\n${peer.tail(10)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function echo(conn: TLSConnection, length = 3000): Promise<boolean> {
  const data = testText(length, length);
  return (await echoThrough(conn, data)).equals(data);
}

for (const provider of providerLabels()) {
  t.test(`our SRP client -> gnutls-serv --srppasswd (${provider})`, { skip }, async (t) => {
    const { passwd, conf } = gnutlsPasswordFiles();
    const { peer, port } = await gnutlsServer({
      priority: 'NORMAL:-VERS-ALL:+VERS-TLS1.2:+VERS-TLS1.1:+VERS-TLS1.0:-KX-ALL:+SRP:+SRP-RSA:+3DES-CBC',
      extra: [`--srppasswd=${passwd}`, `--srppasswdconf=${conf}`],
    });
    let n = 0;
    for (const [vname, version] of VERSIONS) {
      for (const [kx, gkx] of KXS) {
        for (const [cipher, gcipher] of CIPHERS) {
          const name = `${vname} ${gkx} ${gcipher}`;
          const user = n % 2 === 0 ? 'alice' : 'bob';
          const conn = await srpClient(port, provider, user, `${user}-pw`, {
            minVersion: version,
            maxVersion: version,
            keyExchangeNames: [kx],
            cipherNames: [cipher],
          });
          t.equal(conn.getVersionName(), vname, `${name}: version`);
          t.equal(conn.getCipherName(), cipher, `${name}: cipher`);
          t.equal(conn.session?.srpUsername, user, `${name}: session.srpUsername`);
          t.ok(await echo(conn), `${name}: echo`);
          conn.destroy();
          await waitForCount(peer, 'SRP authentication. Connected as', ++n);
          const r = parseGnuTLSOutput(peer.output);
          const described = new RegExp(`^\\(TLS${vname.slice(4)}-X\\.509\\)-\\(${gkx}\\)(-\\(RSA[^)]*\\))?-\\(${gcipher}\\)-\\(SHA1\\)$`);
          t.match(r.description ?? '', described, `${name}: GnuTLS agrees (${r.description})`);
          t.match(peer.output.split('* Accepted connection').at(-1)!, new RegExp(`Connected as '${user}'`), `${name}: GnuTLS authenticated ${user}`);
        }
      }
    }
    // A wrong password fails at Finished (GnuTLS cannot decrypt ours).
    await t.rejects(srpClient(port, provider, 'alice', 'not-alice-pw'), TLSRemoteAlert, 'wrong password');
    // The 3072-bit group below our minKeySize.
    const small = await srpClient(port, provider, 'bob', 'bob-pw', { minKeySize: 4096 }).catch((e: unknown) => e);
    t.ok(small instanceof TLSLocalAlert && small.descriptionName === 'insufficient_security', `a group below minKeySize: ${String(small)}`);
  });

  t.test(`gnutls-cli --srpusername -> our server with a VerifierDB (${provider})`, { skip }, async (t) => {
    const db = VerifierDB.create(path.join(dir, `ours-${provider}.db`));
    db.add('carol', VerifierDB.makeVerifier('carol', 'carol-pw', 2048));
    db.add('dave', VerifierDB.makeVerifier('dave', 'dave-pw', 1536));
    const server = await ourServer(provider, {
      verifierDB: VerifierDB.open(db.path!),
      settings: settings({ minVersion: ProtocolVersion.TLS1_0, cipherNames: ['aes256', 'aes128', '3des'] }),
    });
    t.teardown(() => server.close());
    let n = 0;
    for (const [vname, , vers] of VERSIONS) {
      for (const [, gkx] of KXS) {
        for (const [cipher, gcipher] of CIPHERS) {
          const name = `${vname} ${gkx} ${gcipher}`;
          const user = n % 2 === 0 ? 'carol' : 'dave';
          const cli = gnutlsClient({
            port: server.port,
            priority: `NORMAL:-VERS-ALL:+${vers}:-KX-ALL:+${gkx}:-CIPHER-ALL:+${gcipher}`,
            extra: [`--srpusername=${user}`, `--srppasswd=${user}-pw`],
          });
          await cli.waitFor(/Simple Client Mode/);
          cli.write('srp line\n');
          await cli.waitFor(/Simple Client Mode:[\s\S]*srp line/);
          cli.endInput();
          await cli.waitExit();
          const conn = await server.connection(n++);
          t.equal(conn.getVersionName(), vname, `${name}: version`);
          t.equal(conn.getCipherName(), cipher, `${name}: cipher`);
          t.equal(conn.session?.srpUsername, user, `${name}: server session.srpUsername`);
          t.match(parseGnuTLSOutput(cli.output).description ?? '', new RegExp(`\\(${gkx}\\)[\\s\\S]*\\(${gcipher}\\)`), `${name}: gnutls-cli agrees`);
        }
      }
    }
    // Resumption: gnutls-cli --resume reconnects with the session (createServer caches sessions).
    const cli = gnutlsClient({ port: server.port, priority: 'NORMAL:-VERS-TLS1.3:-KX-ALL:+SRP', extra: ['--srpusername=carol', '--srppasswd=carol-pw'], resume: true });
    await cli.waitFor(/This is a resumed session/);
    cli.endInput();
    await cli.waitExit();
    const second = await server.connection(n + 1);
    t.ok(second.resumed, 'our server resumed the SRP session');
    t.equal(second.session?.srpUsername, 'carol', 'srpUsername after resumption');
    // A wrong password: our server sees bad_record_mac at the client's Finished.
    const errorsBefore = server.errors.length;
    const bad = gnutlsClient({ port: server.port, priority: 'NORMAL:-VERS-TLS1.3:-KX-ALL:+SRP', extra: ['--srpusername=carol', '--srppasswd=wrong'] });
    await bad.waitExit();
    await new Promise((r) => setTimeout(r, 200));
    t.match(String(server.errors.slice(errorsBefore)), /bad_record_mac/, 'wrong password: bad_record_mac');
    // An unknown user: unknown_psk_identity, which gnutls-cli reports.
    const unknown = gnutlsClient({ port: server.port, priority: 'NORMAL:-VERS-TLS1.3:-KX-ALL:+SRP', extra: ['--srpusername=nobody', '--srppasswd=x'] });
    await unknown.waitExit();
    t.match(unknown.output, /Unknown PSK identity|unknown_psk_identity|alert.*115/i, 'gnutls-cli hears unknown_psk_identity');
  });
}

// ------------------------------------------------------------------ OpenSSL

t.test('OpenSSL s_client -srpuser -> our server', { skip: have.openssl ? false : skipUnless('openssl') }, async (t) => {
  const db = new VerifierDB();
  db.add('erin', VerifierDB.makeVerifier('erin', 'erin-pw', 2048));
  const server = await ourServer('native', { verifierDB: db });
  t.teardown(() => server.close());
  const cli = opensslClient({ port: server.port, extra: ['-srpuser', 'erin', '-srppass', 'pass:erin-pw', '-cipher', 'SRP', '-tls1_2'] });
  cli.write('from openssl\n');
  const exit = await cli.waitExit().catch(() => null);
  const crashed = exit !== null && (exit.signal !== null || exit.code === 139 || exit.code === 134);
  if (crashed || server.connections.length === 0) {
    t.comment(`OpenSSL s_client could not do SRP here (${crashed ? `it crashed: ${JSON.stringify(exit)}` : 'no handshake'}); peer did not run. Output tail:\n${cli.tail(5)}`);
    t.ok(crashed || /error|alert/i.test(cli.output), 'the failure is OpenSSL\'s (crash or its own error), not a hang');
    return;
  }
  t.equal(server.connections[0]!.session?.srpUsername, 'erin', 'OpenSSL client authenticated by SRP');
});

t.test('our SRP client -> OpenSSL s_server -srpvfile', { skip: have.openssl ? false : skipUnless('openssl') }, async (t) => {
  const vfile = path.join(dir, 'openssl-srp.txt');
  fs.writeFileSync(vfile, '');
  const made = spawnSync('openssl', ['srp', '-srpvfile', vfile, '-add', '-gn', '2048', '-passout', 'pass:frank-pw', 'frank'], { encoding: 'utf8' });
  if (made.status !== 0) {
    t.comment(`openssl srp cannot make a verifier file here; OpenSSL server did not run: ${made.stderr.trim()}`);
    return;
  }
  const peer = new PeerProcess('openssl', ['s_server', '-accept', '127.0.0.1:0', '-srpvfile', vfile, '-cipher', 'SRP', '-nocert', '-tls1_2', '-naccept', '1']);
  const port = Number((await peer.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/))[1]);
  try {
    const conn = await srpClient(port, 'native', 'frank', 'frank-pw');
    t.equal(conn.session?.srpUsername, 'frank', 'OpenSSL server authenticated our client');
    conn.destroy();
  } catch (error) {
    const garbled = (await peer.waitFor(/doesn't exist|psk identity not found/, 3000).catch(() => null)) !== null;
    t.comment(`OpenSSL s_server could not do SRP here; peer did not complete: ${String(error)}; its log: ${peer.tail(3)}`);
    t.ok(garbled && error instanceof TLSRemoteAlert, 'OpenSSL itself refused the user it holds (its own bug), with an alert');
  } finally {
    await peer.stop();
  }
});
