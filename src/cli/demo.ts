/**
 * `npm start` (`tlslite demo`): the main job on a fresh clone. Starts a
 * `tlslite server` on 127.0.0.1 with the built-in PUBLIC TEST KEYS (RSA
 * and ECDSA), connects to it with our client over every protocol version
 * and key exchange that is built, and prints what was negotiated, which
 * implementation ran each primitive, and the handshake time.
 *
 * Exit status 1 if any connection failed.
 *
 * @module
 */
import net from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { TLSConnection } from '../connection/tls-connection.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../settings.js';
import { SessionCache } from '../session/session-cache.js';
import { TicketKeys } from '../session/ticket.js';
import { VerifierDB } from '../srp/verifier-db.js';
import { X509CertChain } from '../x509/cert-chain.js';
import { parsePEMKey } from '../x509/keys.js';
import { GroupName, versionName } from '../constants.js';
import { defaultProvider } from '../crypto/select.js';
import { startServer, type RunningServer } from './server.js';
import { primitivesOf } from './report.js';
import { FEATURES } from './features.js';
import { DEMO_ECDSA_CHAIN_PEM, DEMO_ECDSA_KEY_PEM, DEMO_KEYS_WARNING, DEMO_RSA_CHAIN_PEM, DEMO_RSA_KEY_PEM } from './demo-credentials.js';

/** One connection of the demo. */
export interface DemoCase {
  readonly version: number;
  readonly keyExchange: string;
  /** Restricts the client's groups (ECDHE curve or FFDHE group). */
  readonly group?: string;
  /** Restricts the client's ciphers. */
  readonly cipher?: string;
  readonly anon?: boolean;
  /** Log in with the demo SRP user. */
  readonly srp?: boolean;
}

/** PUBLIC demo SRP account (the demo server's in-memory verifier database). */
export const DEMO_SRP_USER = 'demo';
export const DEMO_SRP_PASSWORD = 'public-demo-password';

const TLS12 = 0x0303;

/** Every version and key exchange that is built, with each group for TLS 1.2. */
export function demoCases(): DemoCase[] {
  const cases: DemoCase[] = [];
  cases.push({ version: 0x0300, keyExchange: 'rsa', cipher: 'aes128' }, { version: 0x0300, keyExchange: 'dhe_rsa', cipher: 'aes128' });
  for (const version of [0x0301, 0x0302]) {
    for (const keyExchange of ['rsa', 'dhe_rsa', 'ecdhe_rsa', 'ecdhe_ecdsa']) cases.push({ version, keyExchange });
  }
  cases.push({ version: TLS12, keyExchange: 'rsa', cipher: 'aes128gcm' });
  cases.push({ version: TLS12, keyExchange: 'dhe_rsa', group: 'ffdhe2048', cipher: 'aes256gcm' });
  for (const group of ['x25519', 'x448', 'secp256r1', 'secp384r1', 'secp521r1']) cases.push({ version: TLS12, keyExchange: 'ecdhe_rsa', group });
  cases.push({ version: TLS12, keyExchange: 'ecdhe_ecdsa', group: 'x25519', cipher: 'chacha20-poly1305' });
  cases.push({ version: TLS12, keyExchange: 'ecdhe_ecdsa', group: 'secp256r1', cipher: 'aes128' });
  if (FEATURES.srp.built) {
    cases.push({ version: TLS12, keyExchange: 'srp_sha', srp: true, cipher: 'aes128' });
    cases.push({ version: TLS12, keyExchange: 'srp_sha_rsa', srp: true, cipher: 'aes256' });
  }
  if (FEATURES.tls13.built) {
    // TLS 1.3: (EC)DHE always; the suite names only the AEAD and hash.
    cases.push({ version: 0x0304, keyExchange: 'ecdhe_rsa', group: 'x25519', cipher: 'aes128gcm' });
    cases.push({ version: 0x0304, keyExchange: 'ecdhe_rsa', group: 'secp256r1', cipher: 'chacha20-poly1305' });
    cases.push({ version: 0x0304, keyExchange: 'ecdhe_rsa', group: 'secp384r1', cipher: 'aes256gcm' });
    cases.push({ version: 0x0304, keyExchange: 'dhe_rsa', group: 'ffdhe2048', cipher: 'aes128gcm' });
  }
  cases.push({ version: TLS12, keyExchange: 'dh_anon', anon: true, cipher: 'aes128gcm' });
  cases.push({ version: TLS12, keyExchange: 'ecdh_anon', anon: true, group: 'x25519', cipher: 'aes128' });
  return cases;
}

/** The outcome of one case. */
export interface DemoRow {
  readonly case: DemoCase;
  readonly ok: boolean;
  readonly version?: string;
  readonly suite?: string;
  readonly group?: string;
  readonly implementations?: string;
  readonly milliseconds?: number;
  readonly error?: string;
}

function settingsFor(c: DemoCase): HandshakeSettings {
  const init: HandshakeSettingsInit = {
    minVersion: c.version,
    maxVersion: c.version,
    versions: [0x0304, 0x0303, 0x0302, 0x0301, 0x0300],
    keyExchangeNames: [c.keyExchange],
    ...(c.cipher !== undefined && { cipherNames: [c.cipher] }),
  };
  if (c.group !== undefined) {
    if (c.group.startsWith('ffdhe')) {
      init.dhGroups = [c.group];
      // TLS 1.3 negotiates FFDHE through the same groups list and key shares as the curves.
      if (c.version === 0x0304) {
        init.eccCurves = [];
        init.keyShares = [c.group];
      }
    }
    else {
      // RFC 8422 5.1: an ECDSA certificate's curve (P-256 here) must be offered too.
      init.eccCurves = c.keyExchange === 'ecdhe_ecdsa' && c.group !== 'secp256r1' ? [c.group, 'secp256r1'] : [c.group];
      init.defaultCurve = c.group;
      init.keyShares = [c.group];
    }
  }
  return new HandshakeSettings(init);
}

/** Runs one case against the server at `port`. */
export async function runCase(port: number, c: DemoCase): Promise<DemoRow> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  try {
    await once(socket, 'connect');
    const connection = new TLSConnection(socket);
    const started = performance.now();
    const options = { settings: settingsFor(c), timeout: 30_000 };
    if (c.anon) await connection.handshakeClientAnonymous(options);
    else if (c.srp) await connection.handshakeClientSRP(DEMO_SRP_USER, DEMO_SRP_PASSWORD, options);
    else await connection.handshakeClientCert(undefined, undefined, options);
    const milliseconds = performance.now() - started;
    // Prove the keys work both ways: the server echoes.
    // (SSLv3 and TLS 1.0 CBC split records 1/n-1 against BEAST: read until all came back.)
    const ping = 'ping';
    connection.write(ping);
    let echo = '';
    while (echo.length < ping.length) {
      const chunk = await connection.recv();
      if (chunk.length === 0) break;
      echo += Buffer.from(chunk).toString('latin1');
    }
    if (echo !== ping) throw new Error('the echo did not match');
    const group =
      connection.ecdhCurve !== undefined ? GroupName.nameOf(connection.ecdhCurve) : connection.dhGroupSize !== undefined ? `${connection.dhGroupSize}-bit DH` : '-';
    const row: DemoRow = {
      case: c,
      ok: true,
      version: connection.getVersionName() ?? '?',
      suite: connection.cipherSuiteName ?? '?',
      group,
      implementations: primitivesOf(connection)
        .map((u) => `${shortRole(u.role)}=${u.implementation}`)
        .join(' '),
      milliseconds,
    };
    await connection.close(1000);
    return row;
  } catch (error) {
    socket.destroy();
    return { case: c, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function shortRole(role: string): string {
  return ({ bulk: 'bulk', PRF: 'prf', 'key exchange': 'kx', signature: 'sig' } as Record<string, string>)[role] ?? role;
}

function demoPairs() {
  return [
    { certChain: X509CertChain.fromPEM(DEMO_RSA_CHAIN_PEM), privateKey: parsePEMKey(DEMO_RSA_KEY_PEM, { private: true }) },
    { certChain: X509CertChain.fromPEM(DEMO_ECDSA_CHAIN_PEM), privateKey: parsePEMKey(DEMO_ECDSA_KEY_PEM, { private: true }) },
  ];
}

function demoVerifiers(): VerifierDB {
  const db = new VerifierDB();
  db.add(DEMO_SRP_USER, VerifierDB.makeVerifier(DEMO_SRP_USER, DEMO_SRP_PASSWORD, 2048));
  return db;
}

function startDemoServer(anon: boolean): Promise<RunningServer> {
  const allVersions = { minVersion: 0x0300, versions: [0x0304, 0x0303, 0x0302, 0x0301, 0x0300] };
  return startServer({
    host: '127.0.0.1',
    port: 0,
    pairs: anon ? [] : demoPairs(),
    echo: true,
    dir: process.cwd(),
    report: false,
    log: (t) => { if (process.env['TLSLITE_DEMO_DEBUG']) process.stderr.write(t); },
    handshake: {
      settings: new HandshakeSettings(allVersions),
      sessionCache: new SessionCache(),
      ticketKeys: new TicketKeys(),
      ...(anon && { anon: true }),
      ...(!anon && FEATURES.srp.built && { verifierDB: demoVerifiers() }),
    },
  });
}

/** Formats rows as a fixed-width table. */
export function formatTable(rows: readonly DemoRow[]): string {
  const header = ['version', 'key exchange', 'group', 'cipher suite', 'implementations', 'handshake'];
  const body = rows.map((r) =>
    r.ok
      ? [r.version!, r.case.keyExchange, r.group!, r.suite!, r.implementations!, `${r.milliseconds!.toFixed(1)} ms`]
      : [versionName(r.case.version), r.case.keyExchange, r.case.group ?? '-', `FAILED: ${r.error}`, '', ''],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** The `tlslite demo` command (what `npm start` runs); resolves to the exit status. */
export async function demoCommand(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    process.stderr.write(`tlslite demo: unexpected argument ${argv[0]}\n`);
    return 2;
  }
  const provider = defaultProvider();
  console.log('tlslite-ng demo: our server and our client on 127.0.0.1');
  console.log(`  ${DEMO_KEYS_WARNING}`);
  console.log(`  Node ${process.version}, OpenSSL ${process.versions.openssl}; provider: ${provider.name}${process.env['TLSLITE_PURE'] ? ' (TLSLITE_PURE is set)' : ''}`);
  const notBuilt = Object.values(FEATURES)
    .filter((f) => !f.built)
    .map((f) => f.description.replace(/ \(.*\)$/, ''));
  if (notBuilt.length > 0) console.log(`  not built yet, so not shown: ${notBuilt.join(', ')}`);
  console.log('');
  const server = await startDemoServer(false);
  const anonServer = await startDemoServer(true);
  const rows: DemoRow[] = [];
  try {
    for (const c of demoCases()) rows.push(await runCase(c.anon ? anonServer.address.port : server.address.port, c));
  } finally {
    await server.close();
    await anonServer.close();
  }
  console.log(formatTable(rows));
  console.log('');
  console.log('implementations: which provider ran the bulk cipher, the PRF/MAC hash, the key exchange and the signature');
  console.log('(native = OpenSSL through the addon, pure = TypeScript). TLSLITE_PURE=1 npm start runs everything pure;');
  console.log('`npx tlslite selfcheck` checks vectors and times each primitive; `npx tlslite server --help` for the real commands.');
  const failed = rows.filter((r) => !r.ok).length;
  console.log(failed === 0 ? `all ${rows.length} connections succeeded` : `${failed} of ${rows.length} connections FAILED`);
  return failed === 0 ? 0 : 1;
}
