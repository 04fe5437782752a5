/**
 * Driving the `tlslite` command as a user would: child processes of
 * src/cli/tlslite.ts (through tsx, as the tests run TypeScript), with
 * bounded waits, reaped by the interop helpers' usePeers().
 */
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { PeerProcess, PEER_TIMEOUT_MS, cert } from '../interop/peers.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../src/cli/tlslite.ts', import.meta.url));

/** Environment for a child: TLSLITE_PURE=1 for the pure provider. */
export function envFor(provider: 'native' | 'pure', extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env['SSLKEYLOGFILE'];
  if (extra['SSLKEYLOGFILE'] !== undefined) env['SSLKEYLOGFILE'] = extra['SSLKEYLOGFILE'];
  if (provider === 'pure') env['TLSLITE_PURE'] = '1';
  else delete env['TLSLITE_PURE'];
  return env;
}

/** Starts `tlslite ARGS...` (not waiting for anything). */
export function spawnTlslite(args: readonly string[], env: NodeJS.ProcessEnv = envFor('native'), cwd = ROOT): PeerProcess {
  return new PeerProcess(process.execPath, ['--import', 'tsx', ENTRY, ...args], { cwd, env });
}

/** A `tlslite server` child, once it listens. */
export interface CliServer {
  readonly process: PeerProcess;
  readonly port: number;
}

/** Starts `tlslite server ARGS... 127.0.0.1:0` and waits for "Listening on". */
export async function startCliServer(args: readonly string[], env: NodeJS.ProcessEnv = envFor('native')): Promise<CliServer> {
  const child = spawnTlslite(['server', ...args, '127.0.0.1:0'], env);
  const m = await child.waitFor(/Listening on 127\.0\.0\.1:(\d+)/, PEER_TIMEOUT_MS * 2);
  return { process: child, port: Number(m[1]) };
}

/** Runs `tlslite ARGS...` to its end (bounded) and returns its status and output. */
export async function runTlslite(
  args: readonly string[],
  env: NodeJS.ProcessEnv = envFor('native'),
  timeoutMs = PEER_TIMEOUT_MS * 2,
): Promise<{ code: number | null; output: string; stdout: string }> {
  const child = spawnTlslite(args, env);
  child.endInput();
  const exit = await child.waitExit(timeoutMs);
  return { code: exit.code, output: child.output, stdout: child.stdoutBytes.toString('utf8') };
}

/** RSA and ECDSA fixture pairs as -c/-k options. */
export const RSA_AND_ECDSA = [
  '-c',
  cert('server-rsa.chain.pem'),
  '-k',
  cert('server-rsa.key.pem'),
  '-c',
  cert('server-ecdsa.chain.pem'),
  '-k',
  cert('server-ecdsa.key.pem'),
];

/** Whether curl runs here. */
export function haveCurl(): boolean {
  return spawnSync('curl', ['--version'], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/**
 * tls.py's report lines in their order (each optional line may be
 * absent); returns the lines of the first report block in `text`.
 */
export const REPORT_ORDER: readonly RegExp[] = [
  /^ {2}Handshake time: \d+\.\d{3} seconds$/,
  /^ {2}Version: (SSL 3\.0|TLS 1\.[0-3])$/,
  /^ {2}Cipher: [a-z0-9_-]+ (native|pure)$/,
  /^ {2}Ciphersuite: TLS_[A-Z0-9_]+$/,
  /^ {2}Client SRP username: .+$/,
  /^ {2}(Client X\.509 SHA1 fingerprint: [0-9a-f]{40}|No client certificate provided by peer)$/,
  /^ {2}Server X\.509 SHA1 fingerprint: [0-9a-f]{40}$/,
  /^ {2}Key exchange signature: [a-z0-9_]+$/,
  /^ {2}Group used for key exchange: [a-z0-9]+$/,
  /^ {2}DH group size: \d+ bits$/,
  /^ {2}SNI: .+$/,
  /^ {2}Application Layer Protocol negotiated: .+$/,
  /^ {2}Next-Protocol Negotiated: .+$/,
  /^ {2}Encrypt-then-MAC: (True|False)$/,
  /^ {2}Extended Master Secret: (True|False)$/,
  /^ {2}Session Resumed: (True|False)$/,
  /^ {2}Exporter label: .+$/,
  /^ {2}Exporter length: \d+$/,
  /^ {2}Keying material: [0-9A-F]+$/,
  /^ {2}Implementations: .+$/,
];

/**
 * Splits report blocks out of `text` (runs of lines starting with two
 * spaces after "Connection from" / "Handshake success"), each as a map
 * from the label before ":" to the value, and checks that every line
 * matches tls.py's format in tls.py's order. Throws on a line out of place.
 */
export function parseReports(text: string): Array<Map<string, string>> {
  const reports: Array<Map<string, string>> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^(Connection from |Handshake success)/.test(lines[i]!)) continue;
    const report = new Map<string, string>();
    let position = 0;
    for (i++; i < lines.length && lines[i]!.startsWith('  '); i++) {
      const line = lines[i]!;
      while (position < REPORT_ORDER.length && !REPORT_ORDER[position]!.test(line)) position++;
      if (position === REPORT_ORDER.length) throw new Error(`report line out of tls.py's format or order: ${JSON.stringify(line)}\n${text}`);
      const colon = line.indexOf(':');
      report.set(colon === -1 ? line.trim() : line.slice(2, colon), colon === -1 ? '' : line.slice(colon + 2));
      position++;
    }
    i--;
    reports.push(report);
  }
  return reports;
}
