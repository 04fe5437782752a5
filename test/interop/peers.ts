/**
 * Real TLS peers for the interop tests: `openssl s_server`/`s_client`,
 * `gnutls-serv`/`gnutls-cli` and Node's own tls, on 127.0.0.1 with ports
 * the OS chooses.
 *
 * Every process started here is tracked and killed on teardown (tap's
 * `t.teardown` through `usePeers(t)`, and a last-resort `exit` hook), every
 * wait is bounded, and each peer's whole output is collected so a failed
 * assertion can show what the peer printed.
 *
 * Peer options that matter, found on this machine (OpenSSL 3.0.19,
 * GnuTLS 3.7.9):
 * - OpenSSL 3 refuses TLS 1.0/1.1 at its default security level (the
 *   server answers internal_error): old versions need `@SECLEVEL=0` in
 *   `-cipher` (Node: `ciphers: 'DEFAULT:@SECLEVEL=0'`, `minVersion: 'TLSv1'`).
 *   Neither OpenSSL nor Debian's GnuTLS has SSLv3, so SSLv3 is tested
 *   in memory only; OpenSSL offers no 3DES suites, GnuTLS does
 *   (`+3DES-CBC`).
 * - `s_server -accept 127.0.0.1:0` prints `ACCEPT 127.0.0.1:<port>`, so
 *   the OS picks the port. `gnutls-serv --port 0` does not report its
 *   port, so a free port is found first and the start retried if taken.
 * - `s_server` shuts down when its stdin reaches EOF: stdin stays an
 *   open pipe. It prints the negotiated `CIPHER is ...`, the exporter
 *   (`-keymatexport LABEL -keymatexportlen N` -> `Keying material: HEX`)
 *   and the session as PEM (`openssl sess_id -text` shows `Extended
 *   master secret: yes|no`); received application data goes to stdout.
 * - `s_client` prints `Protocol`, `Cipher`, `Session-ID`, `Extended
 *   master secret: yes|no`, `Keying material: HEX`; `-sess_out`/`-sess_in`
 *   save and reuse a session (`Reused, ...` on resumption), `-reconnect`
 *   resumes five times in one run, `-no_ticket` forces session-id
 *   resumption, `-no_etm` turns encrypt-then-MAC off (there is no option
 *   to turn EMS off in OpenSSL 3.0). `-msg` prints every message in hex:
 *   the extension types appear in the hello dumps.
 * - `gnutls-serv --echo` echoes; it prints `- Options: extended master
 *   secret, safe renegotiation, [EtM,]`, `- Key material: HEX`
 *   (`--keymatexport LABEL --keymatexportsize N`) and `*** This is a
 *   resumed session`. `gnutls-cli --resume` reconnects with the session
 *   (prints `*** This is a resumed session`). Priority strings:
 *   `NORMAL:-VERS-ALL:+VERS-TLS1.2`, `%NO_ETM`, `%NO_SESSION_HASH` (EMS
 *   off), `%FORCE_ETM`, `-CIPHER-ALL:+AES-128-CBC`, `-KX-ALL:+DHE-RSA`,
 *   `-GROUP-ALL:+GROUP-X25519`, `+SIGN-RSA-PSS-RSAE-SHA256`, `+3DES-CBC`,
 *   `+ARCFOUR-128`, `+ANON-ECDH`.
 *
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import fs from 'node:fs';

/** Default bound for any single wait on a peer. */
export const PEER_TIMEOUT_MS = 15_000;

/** The certificate fixtures (engineer A's test/fixtures/certs/). */
export const CERTS_DIR = fileURLToPath(new URL('../fixtures/certs/', import.meta.url));

/** Path of a fixture file, e.g. `cert('server-rsa.chain.pem')`. */
export function cert(name: string): string {
  return path.join(CERTS_DIR, name);
}

/** Contents of a fixture file as text. */
export function certText(name: string): string {
  return fs.readFileSync(cert(name), 'utf8');
}

/** The fixture SHA-256 / SHA-1 fingerprints from fingerprints.txt, keyed "name sha256". */
export function fingerprint(name: string, hash: 'sha1' | 'sha256' = 'sha256'): string {
  for (const line of certText('fingerprints.txt').split('\n')) {
    const [n, h, hex] = line.trim().split(/\s+/);
    if (n === name && h === hash && hex) return hex;
  }
  throw new Error(`no ${hash} fingerprint for ${name}`);
}

const commandCache = new Map<string, boolean>();

/** True when `command` runs on this machine (its version flag exits 0). */
export function hasCommand(command: string, versionArgs: string[] = ['--version']): boolean {
  const key = `${command} ${versionArgs.join(' ')}`;
  let found = commandCache.get(key);
  if (found === undefined) {
    const r = spawnSync(command, versionArgs, { stdio: 'ignore', timeout: 5000 });
    found = r.status === 0;
    commandCache.set(key, found);
  }
  return found;
}

/** Whether each peer is present; a missing one makes its tests skip with a message. */
export const have = {
  get openssl(): boolean {
    return hasCommand('openssl', ['version']);
  },
  get gnutls(): boolean {
    return hasCommand('gnutls-serv', ['--version']) && hasCommand('gnutls-cli', ['--version']);
  },
};

/** The skip reason for a missing peer, or false (for tap's `{ skip }`). */
export function skipUnless(peer: 'openssl' | 'gnutls'): string | false {
  if (have[peer]) return false;
  const pkg = peer === 'openssl' ? 'openssl' : 'gnutls-bin';
  return `${peer} is not installed (Debian package ${pkg}); these interop tests need it`;
}

/** A port that was free a moment ago (the OS picked it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const live = new Set<PeerProcess>();

process.once('exit', () => {
  // Last resort: a test that crashed before its teardown must not leave peers behind.
  for (const peer of live) peer.child.kill('SIGKILL');
});

/** How a peer process ended. */
export interface PeerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * A running peer process: collects stdout and stderr (together, in
 * arrival order, and stdout alone as bytes), lets a test wait for a line,
 * write to stdin, and stop it.
 */
export class PeerProcess {
  readonly child: ChildProcess;
  readonly label: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<PeerExit>;
  #text = '';
  #stdout: Buffer[] = [];
  #stdoutLength = 0;
  #exit: PeerExit | null = null;
  #waiters = new Set<() => void>();

  constructor(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.label = `${command} ${args.join(' ')}`;
    this.child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    live.add(this);
    this.child.stdout!.on('data', (chunk: Buffer) => {
      this.#stdout.push(chunk);
      this.#stdoutLength += chunk.length;
      this.#append(chunk);
    });
    this.child.stderr!.on('data', (chunk: Buffer) => this.#append(chunk));
    // Writing to a peer that has already exited is not an error for the test.
    this.child.stdin!.on('error', () => {});
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#exit) return;
        this.#exit = { code, signal };
        live.delete(this);
        this.#wake();
        resolve(this.#exit);
      };
      this.child.once('close', done);
      this.child.once('error', (err) => {
        this.#text += `\n[spawn error: ${err.message}]`;
        done(null, null);
      });
    });
  }

  #append(chunk: Buffer): void {
    // Keep the text bounded: a 16 MiB echo through s_server must not become a 16 MiB string twice.
    if (this.#text.length < 1 << 20) this.#text += chunk.toString('latin1');
    this.#wake();
  }

  #wake(): void {
    for (const w of [...this.#waiters]) w();
  }

  /** Everything printed so far (stdout and stderr, first MiB). */
  get output(): string {
    return this.#text;
  }

  /** The bytes written to stdout so far. */
  get stdoutBytes(): Buffer {
    return Buffer.concat(this.#stdout, this.#stdoutLength);
  }

  /** Number of stdout bytes so far. */
  get stdoutLength(): number {
    return this.#stdoutLength;
  }

  /** Exit status, or null while running. */
  get exitStatus(): PeerExit | null {
    return this.#exit;
  }

  /**
   * Resolves with the first match of `pattern` in the output (waiting for
   * it); rejects when the process exits first or `timeoutMs` passes, with
   * the output's tail in the message.
   */
  waitFor(pattern: RegExp, timeoutMs = PEER_TIMEOUT_MS): Promise<RegExpMatchArray> {
    return this.#waitUntil(() => this.#text.match(pattern), `${pattern}`, timeoutMs);
  }

  /** Resolves once `data` appears (byte for byte) in stdout. */
  waitForStdoutData(data: Uint8Array, timeoutMs = PEER_TIMEOUT_MS): Promise<number> {
    let searched = 0;
    return this.#waitUntil(
      () => {
        if (this.#stdoutLength < data.length || this.#stdoutLength === searched) return null;
        searched = this.#stdoutLength;
        const at = this.stdoutBytes.indexOf(data);
        return at >= 0 ? at : null;
      },
      `${data.length} bytes of data on stdout`,
      timeoutMs,
    );
  }

  /** Resolves once `count` bytes have arrived on stdout. */
  waitForStdout(count: number, timeoutMs = PEER_TIMEOUT_MS): Promise<Buffer> {
    return this.#waitUntil(() => (this.#stdoutLength >= count ? this.stdoutBytes : null), `${count} stdout bytes`, timeoutMs);
  }

  #waitUntil<T>(test: () => T | null, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = test();
        if (value !== null) return finish(() => resolve(value));
        if (this.#exit) {
          finish(() => reject(new Error(`${this.label}: exited (${this.#describeExit()}) before ${what}\n${this.tail()}`)));
        }
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`${this.label}: no ${what} within ${timeoutMs} ms\n${this.tail()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }

  #describeExit(): string {
    const e = this.#exit;
    return e ? (e.signal ? `signal ${e.signal}` : `code ${e.code}`) : 'running';
  }

  /** The last lines of output, for error messages. */
  tail(lines = 40): string {
    return this.#text.split('\n').slice(-lines).join('\n');
  }

  /** Writes to the peer's stdin. */
  write(data: string | Uint8Array): void {
    if (!this.child.stdin!.destroyed) this.child.stdin!.write(data);
  }

  /** Closes the peer's stdin. */
  endInput(): void {
    if (!this.child.stdin!.destroyed) this.child.stdin!.end();
  }

  /** Waits for a natural exit, bounded; kills the process if it does not come. */
  async waitExit(timeoutMs = PEER_TIMEOUT_MS): Promise<PeerExit> {
    const timer = setTimeout(() => void this.stop(), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * SIGTERM, then SIGKILL after a grace period; resolves when the process
   * is gone. The grace is generous: a Node child (our CLI) on a loaded
   * 2-core machine took over a second to run its SIGTERM handler, and
   * tests that check its exit status then saw SIGKILL's null code.
   */
  async stop(graceMs = 5000): Promise<PeerExit> {
    if (this.#exit) return this.#exit;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Stops every peer still running. */
export async function stopAllPeers(): Promise<void> {
  await Promise.all([...live].map((p) => p.stop()));
}

/** The part of tap's Test that usePeers needs. */
export interface Teardownable {
  teardown(fn: () => unknown): void;
}

/** Registers the cleanup of every peer (and Node server) started by the test. */
export function usePeers(t: Teardownable): void {
  t.teardown(async () => {
    await stopAllPeers();
    await closeAllNodeServers();
  });
}

// ------------------------------------------------------------------ OpenSSL

/** A TLS version as the OpenSSL CLI names it. */
export type OpenSSLVersion = 'tls1' | 'tls1_1' | 'tls1_2' | 'tls1_3';

/** Options common to s_server and s_client. */
export interface OpenSSLCommonOptions {
  /** Restrict to one version (`-tls1_2` ...). */
  readonly version?: OpenSSLVersion;
  /** OpenSSL cipher string for TLS <= 1.2 (`-cipher`). `@SECLEVEL=0` is added for TLS 1.0/1.1. */
  readonly cipher?: string;
  /** Colon-separated groups (`-groups`, e.g. "X25519:P-256:ffdhe2048"). */
  readonly groups?: string;
  /** Colon-separated signature algorithms (`-sigalgs`, e.g. "rsa_pss_rsae_sha256"). */
  readonly sigalgs?: string;
  /** Comma-separated ALPN protocols (`-alpn`). */
  readonly alpn?: string;
  /** `-no_ticket`. */
  readonly noTicket?: boolean;
  /** `-no_etm`. */
  readonly noEtm?: boolean;
  /** Exporter (RFC 5705): `-keymatexport label -keymatexportlen length`. */
  readonly exporter?: { readonly label: string; readonly length: number };
  /** Certificate and key files (the server's, or the client's for client auth). */
  readonly certFile?: string;
  readonly keyFile?: string;
  /** `-msg`: print every protocol message (hex). */
  readonly msg?: boolean;
  /** Anything else, appended verbatim. */
  readonly extra?: readonly string[];
}

function opensslCommonArgs(o: OpenSSLCommonOptions): string[] {
  const args: string[] = [];
  if (o.version) args.push(`-${o.version}`);
  const old = o.version === 'tls1' || o.version === 'tls1_1';
  let cipher = o.cipher;
  // OpenSSL 3 refuses TLS 1.0/1.1 (their MD5/SHA-1 signatures) above security level 0.
  if (old || (cipher && /NULL|RC4|anon|ADH|AECDH/i.test(cipher))) cipher = `${cipher ?? 'DEFAULT'}:@SECLEVEL=0`;
  if (cipher) args.push('-cipher', cipher);
  if (o.groups) args.push('-groups', o.groups);
  if (o.sigalgs) args.push('-sigalgs', o.sigalgs);
  if (o.alpn) args.push('-alpn', o.alpn);
  if (o.noTicket) args.push('-no_ticket');
  if (o.noEtm) args.push('-no_etm');
  if (o.exporter) args.push('-keymatexport', o.exporter.label, '-keymatexportlen', String(o.exporter.length));
  if (o.certFile) args.push('-cert', o.certFile);
  if (o.keyFile) args.push('-key', o.keyFile);
  if (o.msg) args.push('-msg');
  if (o.extra) args.push(...o.extra);
  return args;
}

/** Options of `openssl s_server`. */
export interface OpenSSLServerOptions extends OpenSSLCommonOptions {
  /** Ask for a client certificate (`-verify 1`), or require one (`-Verify 1`); CA from `caFile`. */
  readonly clientAuth?: 'request' | 'require';
  /** CA for client certificates. Default the fixture CA. */
  readonly caFile?: string;
  /** Expected SNI host name (`-servername`, with `-servername_fatal`). */
  readonly servername?: string;
  /** Number of connections to accept before exiting (`-naccept`). */
  readonly naccept?: number;
  /** `-rev`: echo each line reversed instead of interactive mode. */
  readonly rev?: boolean;
  /** `-www`: answer GET / with a status page. */
  readonly www?: boolean;
  /** `-dhparam file`. */
  readonly dhparam?: string;
}

/** A started server and the port it listens on. */
export interface StartedServer {
  readonly peer: PeerProcess;
  readonly port: number;
}

/**
 * Starts `openssl s_server` on 127.0.0.1 with an OS-chosen port; the RSA
 * fixture is the default certificate. Resolves once it accepts.
 */
export async function opensslServer(o: OpenSSLServerOptions = {}): Promise<StartedServer> {
  const args = ['s_server', '-accept', '127.0.0.1:0'];
  args.push(
    ...opensslCommonArgs({
      ...o,
      certFile: o.certFile ?? cert('server-rsa.chain.pem'),
      keyFile: o.keyFile ?? cert('server-rsa.key.pem'),
    }),
  );
  if (o.clientAuth) {
    args.push(o.clientAuth === 'require' ? '-Verify' : '-verify', '1', '-CAfile', o.caFile ?? cert('ca.cert.pem'));
    args.push('-verify_return_error');
  }
  if (o.servername) {
    // s_server insists on a second certificate for the SNI name (default server2.pem): the same one.
    args.push('-servername', o.servername, '-servername_fatal');
    args.push('-cert2', o.certFile ?? cert('server-rsa.chain.pem'), '-key2', o.keyFile ?? cert('server-rsa.key.pem'));
  }
  if (o.naccept) args.push('-naccept', String(o.naccept));
  if (o.rev) args.push('-rev');
  if (o.www) args.push('-www');
  if (o.dhparam) args.push('-dhparam', o.dhparam);
  const peer = new PeerProcess('openssl', args);
  const m = await peer.waitFor(/ACCEPT 127\.0\.0\.1:(\d+)/);
  return { peer, port: Number(m[1]) };
}

/** Options of `openssl s_client`. */
export interface OpenSSLClientOptions extends OpenSSLCommonOptions {
  readonly port: number;
  /** SNI host name (`-servername`); default none (`-noservername`). */
  readonly servername?: string;
  /** Save the session to this file (`-sess_out`). */
  readonly sessOut?: string;
  /** Resume the session from this file (`-sess_in`). */
  readonly sessIn?: string;
  /** `-reconnect`: after the first handshake, reconnect five times resuming the session. */
  readonly reconnect?: boolean;
  /** Stay connected after stdin EOF until the server closes (`-ign_eof`). */
  readonly ignoreEof?: boolean;
}

/**
 * Starts `openssl s_client` against 127.0.0.1:port. Write to its stdin to
 * send application data; received data appears in its stdout.
 */
export function opensslClient(o: OpenSSLClientOptions): PeerProcess {
  const args = ['s_client', '-connect', `127.0.0.1:${o.port}`];
  args.push(...(o.servername ? ['-servername', o.servername] : ['-noservername']));
  args.push(...opensslCommonArgs(o));
  if (o.sessOut) args.push('-sess_out', o.sessOut);
  if (o.sessIn) args.push('-sess_in', o.sessIn);
  if (o.reconnect) args.push('-reconnect');
  if (o.ignoreEof) args.push('-ign_eof');
  return new PeerProcess('openssl', args);
}

/** Facts `s_server`/`s_client` printed about a connection. */
export interface OpenSSLReport {
  /** e.g. "ECDHE-RSA-AES128-GCM-SHA256". */
  readonly cipher?: string;
  /** e.g. "TLSv1.2" (s_client only). */
  readonly protocol?: string;
  /** Exporter output, lower-case hex. */
  readonly exported?: string;
  /** `Extended master secret: yes|no` (s_client, or from the server's session PEM). */
  readonly ems?: boolean;
  /** `Reused, ...` appeared (s_client resumption). */
  readonly reused: boolean;
  /** The session PEM the server printed (for `openssl sess_id`). */
  readonly sessionPem?: string;
  /** ALPN protocol selected (`ALPN protocol: x`). */
  readonly alpn?: string;
}

/** Parses what s_server / s_client printed. */
export function parseOpenSSLOutput(text: string): OpenSSLReport {
  const cipher = text.match(/CIPHER is (\S+)/)?.[1] ?? text.match(/Cipher is (\S+)/)?.[1];
  const protocol = text.match(/Protocol\s*: (\S+)/)?.[1];
  const exported = text.match(/Keying material: ([0-9A-F]+)/)?.[1]?.toLowerCase();
  const emsText = text.match(/Extended master secret: (yes|no)/)?.[1];
  const sessionPem = text.match(/-----BEGIN SSL SESSION PARAMETERS-----[\s\S]*?-----END SSL SESSION PARAMETERS-----/)?.[0];
  const alpn = text.match(/ALPN protocol: (\S+)/)?.[1];
  return {
    ...(cipher !== undefined && { cipher }),
    ...(protocol !== undefined && { protocol }),
    ...(exported !== undefined && { exported }),
    ...(emsText !== undefined && { ems: emsText === 'yes' }),
    reused: /\bReused, /.test(text),
    ...(sessionPem !== undefined && { sessionPem }),
    ...(alpn !== undefined && { alpn }),
  };
}

/**
 * Decodes a session PEM that s_server printed with `openssl sess_id` and
 * returns whether it used the extended master secret.
 */
export function sessionUsedEMS(sessionPem: string): boolean {
  const r = spawnSync('openssl', ['sess_id', '-noout', '-text'], { input: sessionPem, timeout: 5000 });
  const text = r.stdout.toString();
  const m = text.match(/Extended master secret: (yes|no)/);
  if (!m) throw new Error(`openssl sess_id printed no EMS line:\n${text}${r.stderr}`);
  return m[1] === 'yes';
}

// ------------------------------------------------------------------ GnuTLS

/** Options common to gnutls-serv and gnutls-cli. */
export interface GnuTLSCommonOptions {
  /** Priority string, e.g. "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_ETM". Default "NORMAL:-VERS-TLS1.3". */
  readonly priority?: string;
  /** Exporter (RFC 5705): `--keymatexport label --keymatexportsize length`. */
  readonly exporter?: { readonly label: string; readonly length: number };
  /** ALPN protocols (`--alpn`, repeated). */
  readonly alpn?: readonly string[];
  readonly certFile?: string;
  readonly keyFile?: string;
  /** `--verbose`. */
  readonly verbose?: boolean;
  readonly extra?: readonly string[];
}

/** Default GnuTLS priority: what GnuTLS normally offers, without TLS 1.3 (not in this issue). */
export const GNUTLS_TLS12 = 'NORMAL:-VERS-TLS1.3';

function gnutlsCommonArgs(o: GnuTLSCommonOptions): string[] {
  const args = [`--priority=${o.priority ?? GNUTLS_TLS12}`];
  if (o.exporter) args.push(`--keymatexport=${o.exporter.label}`, `--keymatexportsize=${o.exporter.length}`);
  for (const p of o.alpn ?? []) args.push(`--alpn=${p}`);
  if (o.certFile) args.push(`--x509certfile=${o.certFile}`);
  if (o.keyFile) args.push(`--x509keyfile=${o.keyFile}`);
  if (o.verbose) args.push('--verbose');
  if (o.extra) args.push(...o.extra);
  return args;
}

/** Options of `gnutls-serv`. */
export interface GnuTLSServerOptions extends GnuTLSCommonOptions {
  /** Require a client certificate (`--require-client-cert --verify-client-cert`, CA = fixture CA). */
  readonly requireClientCert?: boolean;
  /** `--noticket`. */
  readonly noTicket?: boolean;
  /** `--sni-hostname`, with `--sni-hostname-fatal`. */
  readonly sniHostname?: string;
}

/**
 * Starts `gnutls-serv --echo` on a free port of 127.0.0.1 (retrying when
 * another process took the port between the probe and the bind).
 */
export async function gnutlsServer(o: GnuTLSServerOptions = {}): Promise<StartedServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const args = ['--echo', `--port=${port}`];
    args.push(
      ...gnutlsCommonArgs({
        ...o,
        certFile: o.certFile ?? cert('server-rsa.chain.pem'),
        keyFile: o.keyFile ?? cert('server-rsa.key.pem'),
      }),
    );
    if (o.requireClientCert) args.push('--require-client-cert', '--verify-client-cert', `--x509cafile=${cert('ca.cert.pem')}`);
    else args.push('--disable-client-cert');
    if (o.noTicket) args.push('--noticket');
    if (o.sniHostname) args.push(`--sni-hostname=${o.sniHostname}`, '--sni-hostname-fatal');
    const peer = new PeerProcess('gnutls-serv', args);
    try {
      await peer.waitFor(/listening on IPv4 [\d.]+ port \d+\.\.\.done/);
      await waitForPort(port);
      return { peer, port };
    } catch (err) {
      await peer.stop();
      if (attempt >= 3 || !/bind|in use/i.test(peer.output)) throw err;
    }
  }
}

/** Waits until something accepts TCP connections on 127.0.0.1:port. */
export async function waitForPort(port: number, timeoutMs = PEER_TIMEOUT_MS): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Options of `gnutls-cli`. */
export interface GnuTLSClientOptions extends GnuTLSCommonOptions {
  readonly port: number;
  /** `--sni-hostname`; without it no SNI is sent (`--disable-sni`, since the host is an IP anyway). */
  readonly sniHostname?: string;
  /** `--resume`: connect, then reconnect resuming the session. */
  readonly resume?: boolean;
}

/** Starts `gnutls-cli` against 127.0.0.1:port (no certificate validation: `--insecure`). */
export function gnutlsClient(o: GnuTLSClientOptions): PeerProcess {
  const args = [`--port=${o.port}`, '--insecure'];
  args.push(...(o.sniHostname ? [`--sni-hostname=${o.sniHostname}`] : ['--disable-sni']));
  args.push(...gnutlsCommonArgs(o));
  if (o.resume) args.push('--resume');
  args.push('127.0.0.1');
  return new PeerProcess('gnutls-cli', args);
}

/** Facts gnutls-serv / gnutls-cli printed about a connection. */
export interface GnuTLSReport {
  /** `- Description: (TLS1.2-X.509)-(ECDHE-SECP256R1)-(RSA-SHA256)-(AES-128-GCM)`. */
  readonly description?: string;
  readonly version?: string;
  readonly keyExchange?: string;
  readonly cipher?: string;
  readonly mac?: string;
  /** The `- Options:` line mentions extended master secret. */
  readonly ems: boolean;
  /** The `- Options:` line mentions encrypt-then-mac. */
  readonly etm: boolean;
  /** Exporter output, lower-case hex. */
  readonly exported?: string;
  /** `*** This is a resumed session`. */
  readonly resumed: boolean;
  /** `- Application protocol: x` (ALPN). */
  readonly alpn?: string;
}

/**
 * Parses one connection's report from GnuTLS output: `which` picks the
 * n-th `- Description:` block (0 = first; -1 = last).
 */
export function parseGnuTLSOutput(text: string, which = -1): GnuTLSReport {
  // One segment per connection: gnutls-serv starts each with "* Accepted
  // connection", gnutls-cli with "Connecting to"; the resumption marker is
  // inside the segment (before the description on the server, after it on
  // the client).
  const segments = text.split(/(?=\* Accepted connection from|Connecting to ')/).filter((s) => s.includes('- Description: '));
  const block = segments.at(which) ?? '';
  const field = (name: string) => block.match(new RegExp(`- ${name}: (.*)`))?.[1]?.trim();
  const options = field('Options') ?? '';
  const description = field('Description');
  const version = field('Version');
  const keyExchange = field('Key Exchange');
  const cipher = field('Cipher');
  const mac = field('MAC');
  const exported = (block.match(/- (?:Key material|Exported keying material): ([0-9a-fA-F]+)/)?.[1] ?? '').toLowerCase();
  const alpn = field('Application protocol');
  return {
    ...(description !== undefined && { description }),
    ...(version !== undefined && { version }),
    ...(keyExchange !== undefined && { keyExchange }),
    ...(cipher !== undefined && { cipher }),
    ...(mac !== undefined && { mac }),
    ems: /extended master secret/.test(options),
    etm: /\bEtM\b|encrypt-then-mac/i.test(options),
    ...(exported !== '' && { exported }),
    resumed: /This is a resumed session/.test(block),
    ...(alpn !== undefined && { alpn }),
  };
}

/** Number of connections GnuTLS reported in `text`. */
export function gnutlsConnectionCount(text: string): number {
  return text.split(/(?=\* Accepted connection from|Connecting to ')/).filter((s) => s.includes('- Description: ')).length;
}

// ------------------------------------------------------------------ Node tls

const nodeServers = new Set<tls.Server>();

/** A Node tls server on 127.0.0.1 with an OS-chosen port. */
export interface NodeServer {
  readonly server: tls.Server;
  readonly port: number;
  /** Sockets that completed a handshake, in order. */
  readonly sockets: tls.TLSSocket[];
  close(): Promise<void>;
}

/** Node tls options that open TLS 1.0/1.1 and legacy suites (OpenSSL 3: security level 0). */
export const NODE_LEGACY: tls.SecureContextOptions & { minVersion: tls.SecureVersion } = {
  minVersion: 'TLSv1',
  ciphers: 'DEFAULT:@SECLEVEL=0',
};

/**
 * Starts a Node tls server (RSA fixture by default, TLS 1.2 max) that
 * echoes what it receives unless `onSocket` takes the socket over.
 */
export async function nodeServer(
  options: tls.TlsOptions = {},
  onSocket?: (socket: tls.TLSSocket) => void,
): Promise<NodeServer> {
  const sockets: tls.TLSSocket[] = [];
  const server = tls.createServer(
    {
      cert: certText('server-rsa.chain.pem'),
      key: certText('server-rsa.key.pem'),
      maxVersion: 'TLSv1.2',
      ...options,
    },
    (socket) => {
      sockets.push(socket);
      socket.on('error', () => {});
      if (onSocket) onSocket(socket);
      else socket.pipe(socket);
    },
  );
  // Handshake failures are what some tests provoke; they must not crash the run.
  server.on('tlsClientError', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  nodeServers.add(server);
  const port = (server.address() as net.AddressInfo).port;
  const close = async () => {
    nodeServers.delete(server);
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port, sockets, close };
}

async function closeAllNodeServers(): Promise<void> {
  await Promise.all(
    [...nodeServers].map(
      (s) =>
        new Promise<void>((resolve) => {
          nodeServers.delete(s);
          s.close(() => resolve());
          // Open connections would keep close() waiting forever.
          (s as tls.Server & { closeAllConnections?: () => void }).closeAllConnections?.();
        }),
    ),
  );
}

/** Connects a Node tls client to 127.0.0.1:port and waits for the handshake (bounded). */
export async function nodeClient(port: number, options: tls.ConnectionOptions = {}, timeoutMs = PEER_TIMEOUT_MS): Promise<tls.TLSSocket> {
  const socket = tls.connect({
    host: '127.0.0.1',
    port,
    rejectUnauthorized: false,
    maxVersion: 'TLSv1.2',
    ...options,
  });
  const timer = setTimeout(() => socket.destroy(new Error(`Node tls client: no handshake within ${timeoutMs} ms`)), timeoutMs);
  try {
    await once(socket, 'secureConnect');
    return socket;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Node's exporter without a context (RFC 5705: "no context" differs from
 * an empty one; @types/node wrongly makes the argument mandatory).
 */
export function nodeExport(socket: tls.TLSSocket, length: number, label: string): string {
  return socket.exportKeyingMaterial(length, label, undefined as unknown as Buffer).toString('hex');
}

/** Reads a stream until it ends or `count` bytes arrived (bounded); resolves with the bytes. */
export async function readBytes(stream: NodeJS.ReadableStream, count: number, timeoutMs = PEER_TIMEOUT_MS): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`read ${length} of ${count} bytes within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= count) done();
    };
    const onEnd = () => done();
    const onError = (err: Error) => done(err);
    const done = (err?: Error) => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (err) reject(err);
      else resolve(Buffer.concat(chunks, length));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
  });
}

/** Deterministic test data (a counter through a xorshift), so a mismatch can be located. */
export function testData(length: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Printable test data in lines (no NUL, no CR): `gnutls-serv --echo`
 * handles what it receives as C strings, so binary data does not come back.
 */
export function testText(length: number, seed = 1): Buffer {
  const out = testData(length, seed);
  for (let i = 0; i < length; i++) out[i] = i % 64 === 63 ? 0x0a : 0x21 + (out[i]! % 94);
  return out;
}

/** Odd write sizes for echo tests: they straddle record, block and MAC boundaries. */
export const ODD_SIZES = [1, 15, 16, 17, 255, 1000, 16383, 16384, 16385, 65537, 3, 100_003];
