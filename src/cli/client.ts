/**
 * `tlslite client`: tls.py's client command. Connects, handshakes,
 * prints tls.py's report; with --resumption reconnects once with the
 * session and reports again; with --get PATH (ours) sends a simple HTTP
 * GET and prints the response.
 *
 * Exit status: 0 on success, 1 when the connection or handshake failed
 * (or --resumption did not resume), 2 on a usage error or an option
 * that needs a feature not built.
 *
 * @module
 */
import net from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { TLSConnection } from '../connection/tls-connection.js';
import type { Session } from '../session/session.js';
import type { HandshakeSettings } from '../settings.js';
import { TLSAbruptCloseError, TLSRemoteAlert } from '../errors.js';
import { AlertDescription } from '../constants.js';
import { UsageError, hasFlag, lastValue, parseAddress, parseArgs, valuesOf, type OptionSpec } from './args.js';
import { missingFeature } from './features.js';
import { buildSettings, exporterOptions, loadKeyPairs } from './options.js';
import { formatReport } from './report.js';
import type { KeyPair } from './key-select.js';

export const CLIENT_USAGE = `usage: tlslite client [-c CERT] [-k KEY] [-u USER] [-p PASS] [-l LABEL]
          [-L LENGTH] [-a ALPN]... [--psk PSK] [--psk-ident ID] [--psk-sha384]
          [--resumption] [--ssl3] [--max-ver VER] [--min-ver VER]
          [--cipherlist NAME]... [--get PATH] [--ocsp] HOST:PORT

  -c CERT, -k KEY  client certificate chain (PEM) and its private key; in
                   TLS 1.3 also offered for post-handshake authentication
  -u USER, -p PASS SRP user name and password
  -l LABEL         print keying material exported with LABEL (RFC 5705)
  -L LENGTH        bytes of keying material (default 20)
  -a ALPN          offer protocol ALPN; repeat for more, in preference order
  --psk PSK        hex pre-shared key; --psk-ident ID its identity;
                   --psk-sha384 binds it to SHA-384
  --resumption     reconnect once, resuming the session, and report again
  --ssl3           allow SSL 3.0
  --max-ver VER, --min-ver VER
                   SSLv3, TLSv1.0, TLSv1.1, TLSv1.2 or TLSv1.3
  --cipherlist NAME
                   allow cipher NAME; repeat for more
  --get PATH       (ours) send "GET PATH" over HTTP/1.0 and print the response
  --ocsp           (ours) ask for a stapled OCSP response (status_request) and
                   print its size; it is not validated
  HOST:PORT        the server

The server is NOT authenticated (no certificate validation): the report
shows its certificate's SHA-1 fingerprint for you to compare.
SSLKEYLOGFILE=FILE appends the NSS key log of the connection.
`;

const SPECS: Record<string, OptionSpec> = {
  '-c': { takesValue: true },
  '-k': { takesValue: true },
  '-u': { takesValue: true },
  '-p': { takesValue: true },
  '-l': { takesValue: true },
  '-L': { takesValue: true },
  '-a': { takesValue: true },
  '--psk': { takesValue: true },
  '--psk-ident': { takesValue: true },
  '--psk-sha384': { takesValue: false },
  '--resumption': { takesValue: false },
  '--ssl3': { takesValue: false },
  '--max-ver': { takesValue: true },
  '--min-ver': { takesValue: true },
  '--cipherlist': { takesValue: true },
  '--get': { takesValue: true },
  '--ocsp': { takesValue: false },
};

/** What one client run does. */
export interface ClientConfig {
  readonly host: string;
  readonly port: number;
  readonly pair?: KeyPair;
  /** -u/-p: SRP credentials (the SRP feature). */
  readonly srp?: { readonly username: string; readonly password: string };
  readonly settings: HandshakeSettings;
  readonly alpn: readonly string[];
  readonly resumption: boolean;
  /** --ocsp: ask for a stapled OCSP response. */
  readonly ocsp?: boolean;
  readonly get?: string;
  readonly exporterLabel?: string;
  readonly exporterLength?: number;
}

/** An option needs a feature this build lacks. */
export class ClientFeatureError extends Error {
  override readonly name = 'FeatureError';
}

/** Parses the command line (UsageError / ClientFeatureError on bad input). */
export function parseClientArgs(argv: readonly string[]): ClientConfig {
  const args = parseArgs(argv, SPECS);
  const missing = missingFeature(args.options);
  if (missing !== undefined) throw new ClientFeatureError(missing);
  if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'HOST:PORT is required' : `unexpected argument ${args.positional[1]}`);
  const { host, port } = parseAddress(args.positional[0]);
  if (port === 0) throw new UsageError('the client needs a port other than 0');
  const pairs = loadKeyPairs(args);
  if (pairs.length > 1) throw new UsageError('the client takes one -c/-k pair');
  const username = lastValue(args, '-u');
  const password = lastValue(args, '-p');
  if ((username === undefined) !== (password === undefined)) throw new UsageError('-u USER and -p PASS go together');
  const get = lastValue(args, '--get');
  if (get !== undefined && !/^\/[\x21-\x7e]*$/.test(get)) throw new UsageError('--get: expected a path starting with / (no spaces or control characters)');
  return {
    host,
    port,
    ...(pairs[0] !== undefined && { pair: pairs[0] }),
    ...(username !== undefined && password !== undefined && { srp: { username, password } }),
    // SRP is a TLS 1.2 (and earlier) key exchange: an SRP login must not
    // end up in a TLS 1.3 certificate handshake that never checks the password.
    settings: buildSettings(args, username !== undefined && lastValue(args, '--max-ver') === undefined ? { maxVersion: 0x0303 } : {}),
    alpn: valuesOf(args, '-a'),
    resumption: hasFlag(args, '--resumption'),
    ...(hasFlag(args, '--ocsp') && { ocsp: true }),
    ...(get !== undefined && { get }),
    ...exporterOptions(args),
  };
}

/** Connects and handshakes once; the report is printed by the caller. */
async function connectOnce(config: ClientConfig, session: Session | undefined): Promise<{ connection: TLSConnection; seconds: number }> {
  const socket = net.connect(config.port, config.host);
  socket.on('error', () => {});
  const connected = once(socket, 'connect');
  await connected;
  const connection = new TLSConnection(socket);
  const started = performance.now();
  // RFC 6066 3: SNI carries DNS names only.
  const serverName = net.isIP(config.host) === 0 ? config.host : undefined;
  const options = {
    settings: config.settings,
    ...(serverName !== undefined && { serverName }),
    ...(config.alpn.length > 0 && { alpn: config.alpn }),
    ...(session !== undefined && { session }),
    ...(config.ocsp === true && { requestOCSP: true }),
    timeout: 30_000,
  };
  if (config.srp !== undefined) {
    await connection.handshakeClientSRP(config.srp.username, config.srp.password, options);
  } else {
    await connection.handshakeClientCert(config.pair?.certChain, config.pair?.privateKey, options);
  }
  return { connection, seconds: (performance.now() - started) / 1000 };
}

/** Sends GET and writes the response to stdout, until the server closes. */
async function httpGet(connection: TLSConnection, host: string, path: string): Promise<void> {
  connection.write(`GET ${path} HTTP/1.0\r\nHost: ${host}\r\nUser-Agent: tlslite-ng\r\nConnection: close\r\n\r\n`);
  try {
    for await (const chunk of connection) process.stdout.write(chunk as Buffer);
  } catch (error) {
    if (!(error instanceof TLSAbruptCloseError)) throw error;
    process.stderr.write('(the server closed the connection without close_notify)\n');
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The `tlslite client` command; resolves to the exit status. */
export async function clientCommand(argv: readonly string[]): Promise<number> {
  let config: ClientConfig;
  try {
    config = parseClientArgs(argv);
  } catch (error) {
    if (error instanceof ClientFeatureError) {
      process.stderr.write(`tlslite client: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`tlslite client: ${error.message}\n\n${CLIENT_USAGE}`);
      return 2;
    }
    throw error;
  }
  const report = (connection: TLSConnection, seconds: number) => {
    const lines = formatReport(connection, {
      seconds,
      ...(config.exporterLabel !== undefined && { exporterLabel: config.exporterLabel }),
      ...(config.exporterLength !== undefined && { exporterLength: config.exporterLength }),
    });
    process.stdout.write(`Handshake success\n${lines.join('\n')}\n`);
    if (config.ocsp === true) {
      const ocsp = connection.ocspResponse;
      process.stdout.write(ocsp === undefined ? '  OCSP response: none\n' : `  OCSP response: ${ocsp.length} bytes (not validated)\n`);
    }
  };
  let session: Session | undefined;
  try {
    const { connection, seconds } = await connectOnce(config, undefined);
    report(connection, seconds);
    if (config.get !== undefined) await httpGet(connection, config.host, config.get);
    session = connection.session;
    await connection.close(2000);
  } catch (error) {
    // tls.py's words: with SRP a wrong password shows as the server's bad_record_mac.
    if (config.srp !== undefined && error instanceof TLSRemoteAlert && error.description === AlertDescription.bad_record_mac) {
      process.stderr.write('Bad username or password\n');
    }
    process.stderr.write(`tlslite client: ${describe(error)}\n`);
    return 1;
  }
  if (!config.resumption) return 0;
  try {
    const { connection, seconds } = await connectOnce(config, session);
    report(connection, seconds);
    const resumed = connection.resumed;
    process.stdout.write(resumed ? 'Session resumed\n' : 'Session NOT resumed\n');
    if (config.get !== undefined) await httpGet(connection, config.host, config.get);
    await connection.close(2000);
    return resumed ? 0 : 1;
  } catch (error) {
    process.stderr.write(`tlslite client: resumption: ${describe(error)}\n`);
    return 1;
  }
}
