/**
 * Our side of the interop tests: a client TLSConnection over a fresh TCP
 * socket, and a createServer() echo server on an OS-chosen port, each
 * with the provider under test ("native" = the default merged provider,
 * which is native where the addon serves, "pure" = pure TypeScript).
 */
import net from 'node:net';
import { once } from 'node:events';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { createServer, type TLSServer, type TLSServerOptions } from '../../src/connection/server.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';
import { parsePEMKey, type Key } from '../../src/x509/keys.js';
import { defaultProvider, providerFor } from '../../src/crypto/select.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import type { ClientCertHandshakeOptions } from '../../src/connection/tls-connection.js';
import { nativeProvider } from '../../src/crypto/native/index.js';
import { certText, PEER_TIMEOUT_MS, type PeerProcess } from './peers.js';

/** The providers every interop case runs with. */
export type ProviderLabel = 'native' | 'pure';

/** "native" only when the addon loaded (CI requires it elsewhere). */
export function providerLabels(): ProviderLabel[] {
  return nativeProvider ? ['native', 'pure'] : ['pure'];
}

/** The provider for a label. */
export function providerOf(label: ProviderLabel): CryptoProvider {
  return label === 'native' ? defaultProvider() : providerFor(['pure']);
}

/** Settings from the seed's field names. */
export function settings(init: Partial<HandshakeSettingsInit> = {}): HandshakeSettings {
  return new HandshakeSettings(init as HandshakeSettingsInit);
}

/** A fixture's certificate chain and key (`server-rsa`, `server-ecdsa`, `client-rsa`, ...). */
export function credentials(name: string): { certChain: X509CertChain; privateKey: Key } {
  return {
    certChain: X509CertChain.fromPEM(certText(`${name}.chain.pem`)),
    privateKey: parsePEMKey(certText(`${name}.key.pem`), { private: true }),
  };
}

/** Opens a TCP connection to 127.0.0.1:port and runs our client handshake over it. */
export async function ourClient(
  port: number,
  provider: ProviderLabel,
  options: ClientCertHandshakeOptions & { client?: { certChain: X509CertChain; privateKey: Key } } = {},
): Promise<TLSConnection> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const conn = new TLSConnection(socket, { provider: providerOf(provider) });
  const { client, ...rest } = options;
  await conn.handshakeClientCert(client?.certChain, client?.privateKey, { timeout: PEER_TIMEOUT_MS, ...rest });
  return conn;
}

/** Our echo server (createServer), and every connection it completed. */
export interface OurServer {
  readonly server: TLSServer;
  readonly port: number;
  readonly connections: TLSConnection[];
  readonly errors: unknown[];
  /** Resolves with the n-th (0-based) completed connection. */
  connection(n: number): Promise<TLSConnection>;
  close(): Promise<void>;
}

/** Starts our TLS echo server on 127.0.0.1 (RSA fixture unless options say otherwise). */
export async function ourServer(provider: ProviderLabel, options: Partial<TLSServerOptions> = {}): Promise<OurServer> {
  const connections: TLSConnection[] = [];
  const errors: unknown[] = [];
  const waiters: Array<() => void> = [];
  const server = createServer({ ...credentials('server-rsa'), provider: providerOf(provider), handshakeTimeout: PEER_TIMEOUT_MS, ...options }, (conn) => {
    connections.push(conn);
    conn.on('error', () => {});
    conn.pipe(conn);
    for (const w of waiters.splice(0)) w();
  });
  server.on('tlsClientError', (error) => {
    errors.push(error);
    for (const w of waiters.splice(0)) w();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as net.AddressInfo).port;
  const connection = async (n: number) => {
    const until = Date.now() + PEER_TIMEOUT_MS;
    while (connections.length <= n) {
      if (Date.now() > until) throw new Error(`our server: no connection #${n}; errors: ${errors.map(String).join('; ')}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return connections[n]!;
  };
  const close = async () => {
    for (const c of connections) c.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { server, port, connections, errors, connection, close };
}

/** Hex of bytes. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Sends `data` and reads until as many bytes came back (or the peer closed): what an echoing peer returned. */
export async function echoThrough(conn: TLSConnection, data: Uint8Array): Promise<Buffer> {
  await conn.sendall(data);
  const chunks: Uint8Array[] = [];
  let got = 0;
  while (got < data.length) {
    const c = await conn.recv();
    if (c.length === 0) break;
    chunks.push(c);
    got += c.length;
  }
  return Buffer.concat(chunks);
}

/** A line each way between our connection and an OpenSSL peer in interactive mode. */
export async function pingPong(conn: TLSConnection, peer: PeerProcess, tag: string): Promise<void> {
  await conn.sendall(`ours ${tag}\n`);
  await peer.waitFor(new RegExp(`ours ${tag}\\n`));
  peer.write(`openssl ${tag}\n`);
  let got = '';
  while (!got.includes(`openssl ${tag}\n`)) got += Buffer.from(await conn.recv()).toString();
}
