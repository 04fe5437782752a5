/**
 * `tlslite server`: tls.py's server command. An HTTPS file server over
 * a directory (default), or an echo server (--echo); after each
 * handshake it prints tls.py's report. Serves many clients at once; a
 * client's failure is logged and the server goes on; SIGINT/SIGTERM
 * close the listener and every connection cleanly.
 *
 * @module
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { TLSConnection } from '../connection/tls-connection.js';
import { SessionCache } from '../session/session-cache.js';
import { VerifierDB } from '../srp/verifier-db.js';
import { TicketKeys } from '../session/ticket.js';
import { attachHTTP } from '../integration/https-server.js';
import type { ServerHandshakeOptions } from '../handshake/options.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import { UsageError, hasFlag, lastValue, parseAddress, parseArgs, valuesOf, type OptionSpec } from './args.js';
import { missingFeature } from './features.js';
import { buildSettings, exporterOptions, loadKeyPairs } from './options.js';
import { chooseKeyPair, peekClientHello, type KeyPair } from './key-select.js';
import { formatReport } from './report.js';
import { fileServer } from './file-server.js';

export const SERVER_USAGE = `usage: tlslite server [-c CERT] [-k KEY] [-v VERIFIERDB] [-d DIR] [-l LABEL]
          [-L LENGTH] [--reqcert] [--param DHFILE] [--psk PSK] [--psk-ident ID]
          [--psk-sha384] [--ssl3] [--max-ver VER] [--min-ver VER] [--tickets N]
          [--cipherlist NAME]... [--request-pha] [--require-pha] [--echo]
          [--groups G,G] [--ocsp-response FILE]... HOST:PORT

  -c CERT, -k KEY  PEM certificate chain and its private key; repeat the pair
                   (e.g. RSA and ECDSA): each handshake uses the first pair
                   the client can use
  -v VERIFIERDB    SRP verifier database (tlsdb)
  -d DIR           directory the HTTPS server serves (default: current)
  -l LABEL         print keying material exported with LABEL (RFC 5705)
  -L LENGTH        bytes of keying material (default 20)
  --reqcert        ask the client for a certificate
  --param DHFILE   DH parameters (openssl dhparam PEM) for DHE
  --psk PSK        hex pre-shared key; --psk-ident ID its identity;
                   --psk-sha384 binds it to SHA-384
  --ssl3           allow SSL 3.0
  --max-ver VER, --min-ver VER
                   SSLv3, TLSv1.0, TLSv1.1, TLSv1.2 or TLSv1.3
  --tickets N      session tickets to send (0: none)
  --cipherlist NAME
                   allow cipher NAME (aes128gcm, chacha20-poly1305, ...);
                   repeat for more
  --request-pha    TLS 1.3: after the handshake, ask the client for a
                   certificate (post-handshake authentication, when the
                   client offers it); the answer is logged
  --require-pha    as --request-pha, and a client that sends no
                   certificate fails with certificate_required
  --echo           echo application data instead of serving HTTP
  --groups G,G     key exchange groups (x25519, secp256r1, ffdhe2048, ...)
  --ocsp-response FILE
                   (ours) DER OCSP response to staple for the certificate of
                   the same rank (first -c, second -c, ...) when the client
                   asks (status_request); sent as it is, not checked
  HOST:PORT        where to listen (port 0: any free port)

Prints "Listening on HOST:PORT" when ready, then tls.py's report after each
handshake. SSLKEYLOGFILE=FILE appends the NSS key log of every connection.
`;

const SPECS: Record<string, OptionSpec> = {
  '-c': { takesValue: true },
  '-k': { takesValue: true },
  '-v': { takesValue: true },
  '-d': { takesValue: true },
  '-l': { takesValue: true },
  '-L': { takesValue: true },
  '--reqcert': { takesValue: false },
  '--param': { takesValue: true },
  '--psk': { takesValue: true },
  '--psk-ident': { takesValue: true },
  '--psk-sha384': { takesValue: false },
  '--ssl3': { takesValue: false },
  '--max-ver': { takesValue: true },
  '--min-ver': { takesValue: true },
  '--tickets': { takesValue: true },
  '--cipherlist': { takesValue: true },
  '--request-pha': { takesValue: false },
  '--require-pha': { takesValue: false },
  '--echo': { takesValue: false },
  '--groups': { takesValue: true },
  '--ocsp-response': { takesValue: true },
};

/** What `startServer` needs: parsed from the command line, or given by the demo. */
export interface ServerConfig {
  readonly host: string;
  readonly port: number;
  readonly pairs: readonly KeyPair[];
  readonly handshake: Omit<ServerHandshakeOptions, 'certChain' | 'privateKey'>;
  readonly echo: boolean;
  readonly dir: string;
  readonly exporterLabel?: string;
  readonly exporterLength?: number;
  /** -v: the SRP verifier database to open (the SRP feature). */
  readonly verifierDBPath?: string;
  /** Where reports go (default stdout). */
  readonly out?: (text: string) => void;
  /** Where failures and request logs go (default stderr). */
  readonly log?: (text: string) => void;
  /** Print the report after each handshake (default true). */
  readonly report?: boolean;
  /** --request-pha / --require-pha: TLS 1.3 post-handshake client authentication after the report. */
  readonly postHandshakeAuth?: 'request' | 'require';
}

/** A running server. */
export interface RunningServer {
  readonly address: net.AddressInfo;
  /** Stops listening and closes every connection (close_notify first); resolves when all are closed. */
  close(): Promise<void>;
}

/** Parses the command line into a ServerConfig (UsageError on bad input). */
export function parseServerArgs(argv: readonly string[]): ServerConfig {
  const args = parseArgs(argv, SPECS);
  const missing = missingFeature(args.options);
  if (missing !== undefined) throw new FeatureError(missing);
  if (args.positional.length !== 1) throw new UsageError(args.positional.length === 0 ? 'HOST:PORT is required' : `unexpected argument ${args.positional[1]}`);
  const { host, port } = parseAddress(args.positional[0]);
  const pairs = withOcspResponses(loadKeyPairs(args), valuesOf(args, '--ocsp-response'));
  if (pairs.length === 0 && !hasFlag(args, '-v') && !hasFlag(args, '--psk')) throw new UsageError('the server needs -c CERT -k KEY (or -v VERIFIERDB, or --psk)');
  const settings = buildSettings(args);
  const tickets = lastValue(args, '--tickets');
  return {
    host,
    port,
    pairs,
    echo: hasFlag(args, '--echo'),
    dir: lastValue(args, '-d') ?? process.cwd(),
    ...exporterOptions(args),
    ...(hasFlag(args, '-v') && { verifierDBPath: lastValue(args, '-v')! }),
    ...(hasFlag(args, '--require-pha')
      ? { postHandshakeAuth: 'require' as const }
      : hasFlag(args, '--request-pha') && { postHandshakeAuth: 'request' as const }),
    handshake: {
      settings,
      reqCert: hasFlag(args, '--reqcert'),
      sessionCache: new SessionCache(),
      // tls.py gives its server ticket keys; --tickets 0 turns tickets off.
      ...(tickets !== '0' && { ticketKeys: new TicketKeys() }),
      alpn: ['http/1.1'],
    },
  };
}

/** The i-th --ocsp-response FILE (DER, read as it is) goes with the i-th certificate. */
function withOcspResponses(pairs: KeyPair[], files: readonly string[]): KeyPair[] {
  if (files.length > pairs.length) throw new UsageError('each --ocsp-response FILE goes with a -c CERT (more responses than certificates)');
  return pairs.map((pair, i) => {
    const file = files[i];
    if (file === undefined) return pair;
    let ocspResponse: Uint8Array;
    try {
      ocspResponse = new Uint8Array(fs.readFileSync(file));
    } catch (error) {
      throw new UsageError(`--ocsp-response ${file}: ${(error as Error).message}`);
    }
    if (ocspResponse.length === 0) throw new UsageError(`--ocsp-response ${file}: the file is empty`);
    return { ...pair, ocspResponse };
  });
}

/** Opens the -v database (a usage-level failure when it cannot be read). */
function openVerifierDB(path: string): VerifierDB {
  try {
    return VerifierDB.open(path);
  } catch (error) {
    throw new Error(`-v ${path}: ${(error as Error).message}`);
  }
}

/** An option needs a feature this build lacks (exit status 2, with the message). */
export class FeatureError extends Error {
  override readonly name = 'FeatureError';
}

/** Starts the server; resolves once it listens. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const out = config.out ?? ((text: string) => process.stdout.write(text));
  const log = config.log ?? ((text: string) => process.stderr.write(text));
  const connections = new Set<TLSConnection>();
  const sockets = new Set<net.Socket>();
  const httpServer = config.echo ? undefined : http.createServer(requestLogger(fileServer(config.dir), log));
  const verifierDB = config.verifierDBPath === undefined ? undefined : openVerifierDB(config.verifierDBPath);

  const serve = async (socket: net.Socket): Promise<void> => {
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const started = performance.now();
    const hello = config.pairs.length > 1 ? await peekClientHello(socket) : undefined;
    if (socket.destroyed) return;
    const pair = config.pairs.length > 0 ? chooseKeyPair(hello, config.pairs) : undefined;
    const connection = new TLSConnection(socket);
    connections.add(connection);
    connection.on('close', () => connections.delete(connection));
    try {
      await connection.handshakeServer({
        ...config.handshake,
        ...(pair !== undefined && { certChain: pair.certChain, privateKey: pair.privateKey }),
        ...(pair?.ocspResponse !== undefined && { ocspResponse: pair.ocspResponse }),
        ...(verifierDB !== undefined && { verifierDB }),
        timeout: 30_000,
      });
    } catch (error) {
      log(`Handshake with ${peer} failed: ${describe(error)}\n`);
      return;
    }
    const seconds = (performance.now() - started) / 1000;
    // As tls.py: a client that just drops the connection after its data is not an attack on us.
    connection.ignoreAbruptClose = true;
    if (config.report !== false) {
      const lines = formatReport(connection, {
        seconds,
        ...(config.exporterLabel !== undefined && { exporterLabel: config.exporterLabel }),
        ...(config.exporterLength !== undefined && { exporterLength: config.exporterLength }),
      });
      out(`Connection from ${peer}\n${lines.join('\n')}\n`);
    }
    connection.on('error', (error: unknown) => log(`Connection with ${peer} failed: ${describe(error)}\n`));
    if (config.postHandshakeAuth !== undefined) requestPostHandshakeAuth(connection, peer, config.postHandshakeAuth, out, log);
    if (httpServer !== undefined) {
      attachHTTP(httpServer, connection);
    } else {
      connection.on('data', (data: Buffer) => connection.write(data));
      connection.on('end', () => connection.end());
    }
  };

  const server = net.createServer((socket) => {
    serve(socket).catch((error: unknown) => {
      log(`Connection failed: ${describe(error)}\n`);
      socket.destroy();
    });
  });
  server.on('error', (error) => log(`Server error: ${describe(error)}\n`));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as net.AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      httpServer?.closeIdleConnections();
      // Each connection sends close_notify and waits briefly for the peer's.
      await Promise.all([...connections].map((c) => c.close(1000).catch(() => c.destroy())));
      for (const s of sockets) s.destroy();
      await closed;
    })();
    return closing;
  };
  return { address, close };
}

/**
 * tls.py's --request-pha / --require-pha: a post-handshake
 * CertificateRequest right after the handshake (not awaited: data flows
 * meanwhile), its outcome logged. As tls.py, a client that cannot do it
 * (not TLS 1.3, no post_handshake_auth) is served anyway.
 */
function requestPostHandshakeAuth(
  connection: TLSConnection,
  peer: string,
  mode: 'request' | 'require',
  out: (text: string) => void,
  log: (text: string) => void,
): void {
  let answered: Promise<X509CertChain | null>;
  try {
    answered = connection.requestPostHandshakeAuth({ require: mode === 'require' });
  } catch (error) {
    log(`Post-handshake authentication with ${peer} not possible: ${(error as Error).message}\n`);
    return;
  }
  answered.then(
    (chain) =>
      out(
        chain === null
          ? `Post-handshake authentication from ${peer}: no client certificate\n`
          : `Post-handshake authentication from ${peer}: client X.509 SHA1 fingerprint: ${chain.getFingerprint()}\n`,
      ),
    (error: unknown) => log(`Post-handshake authentication with ${peer} failed: ${describe(error)}\n`),
  );
}

function requestLogger(listener: http.RequestListener, log: (text: string) => void): http.RequestListener {
  return (req, res) => {
    res.on('finish', () => {
      log(`${req.socket.remoteAddress ?? '-'} - - [${new Date().toUTCString()}] "${req.method} ${req.url} HTTP/${req.httpVersion}" ${res.statusCode} -\n`);
    });
    listener(req, res);
  };
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The `tlslite server` command; resolves to the exit status. */
export async function serverCommand(argv: readonly string[]): Promise<number> {
  let config: ServerConfig;
  try {
    config = parseServerArgs(argv);
  } catch (error) {
    if (error instanceof FeatureError) {
      process.stderr.write(`tlslite server: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`tlslite server: ${error.message}\n\n${SERVER_USAGE}`);
      return 2;
    }
    throw error;
  }
  let running: RunningServer;
  try {
    running = await startServer(config);
  } catch (error) {
    process.stderr.write(`tlslite server: cannot start on ${config.host}:${config.port}: ${describe(error)}\n`);
    return 1;
  }
  const host = running.address.family === 'IPv6' ? `[${running.address.address}]` : running.address.address;
  process.stdout.write(`Listening on ${host}:${running.address.port}\n`);
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.stderr.write(`tlslite server: ${signal}, closing\n`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      running.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
