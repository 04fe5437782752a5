/**
 * Test helpers: two Engines wired back to back in memory, the certificate
 * fixtures, and a handshake runner. Not a test file itself.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Engine, type ClientHandshakeOptions, type ServerHandshakeOptions } from '../../src/connection/engine.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import type { TLSError } from '../../src/errors.js';
import { X509CertChain } from '../../src/x509/cert-chain.js';
import { parsePEMKey, type Key } from '../../src/x509/keys.js';
import { ProtocolVersion } from '../../src/constants.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';

const CERTS = fileURLToPath(new URL('../fixtures/certs/', import.meta.url));

/** A certificate chain and its key, bound to `provider`. */
export interface Credentials {
  readonly certChain: X509CertChain;
  readonly privateKey: Key;
}

/** Loads `test/fixtures/certs/<name>.{chain,key}.pem`. */
export function credentials(name: string, provider?: CryptoProvider): Credentials {
  const chain = readFileSync(`${CERTS}${name}.chain.pem`, 'utf8');
  const key = readFileSync(`${CERTS}${name}.key.pem`, 'utf8');
  return { certChain: X509CertChain.fromPEM(chain), privateKey: parsePEMKey(key, { private: true, provider }) };
}

/** One side of a pair: its engine and what it received. */
export interface Side {
  readonly engine: Engine;
  readonly received: Uint8Array[];
  readonly errors: TLSError[];
  closed: { clean: boolean } | undefined;
  /** Every byte it wrote, in order (for tests that tamper or inspect). */
  readonly wire: Uint8Array[];
  /** Its NSS key log lines (the engine's `keylog` callback). */
  readonly keylog: string[];
  /** Early data it accepted (the engine's `earlyData` callback). */
  readonly early: Uint8Array[];
}

/** Options for `pair`. */
export interface PairOptions {
  readonly provider?: CryptoProvider;
  readonly serverProvider?: CryptoProvider;
  /** Rewrites (or drops, returning null) what the client sends to the server. */
  readonly toServer?: (bytes: Uint8Array) => Uint8Array | null;
  /** Rewrites (or drops) what the server sends to the client. */
  readonly toClient?: (bytes: Uint8Array) => Uint8Array | null;
}

/** Two engines whose outputs feed each other (copied, since receivers decrypt in place). */
export function pair(options: PairOptions = {}): { client: Side; server: Side } {
  const sides: { client?: Side; server?: Side } = {};
  const make = (name: 'client' | 'server', provider: CryptoProvider | undefined): Side => {
    const side: Side = {
      received: [],
      errors: [],
      closed: undefined,
      wire: [],
      keylog: [],
      early: [],
      engine: new Engine({
        provider,
        output: (bytes) => {
          const copy = bytes.slice();
          side.wire.push(copy);
          const peer = name === 'client' ? sides.server! : sides.client!;
          const filter = name === 'client' ? options.toServer : options.toClient;
          const delivered = filter ? filter(copy.slice()) : copy.slice();
          if (delivered !== null) queueMicrotask(() => peer.engine.receive(delivered));
        },
        data: (data) => side.received.push(data.slice()),
        close: (info) => {
          side.closed = info;
        },
        error: (error) => side.errors.push(error),
        keylog: (line) => side.keylog.push(line),
        earlyData: (data) => side.early.push(data.slice()),
      }),
    };
    return side;
  };
  sides.client = make('client', options.provider);
  sides.server = make('server', options.serverProvider ?? options.provider);
  return { client: sides.client, server: sides.server };
}

/** Runs both handshakes; resolves with both outcomes (errors are returned, not thrown). */
export async function handshake(
  sides: { client: Side; server: Side },
  clientOptions: ClientHandshakeOptions,
  serverOptions: ServerHandshakeOptions,
): Promise<{ client: unknown; server: unknown }> {
  const settle = (p: Promise<void>) => p.then(() => undefined, (e: unknown) => e ?? new Error('rejected'));
  const [server, client] = await Promise.all([
    settle(sides.server.engine.handshakeServer(serverOptions)),
    settle(sides.client.engine.handshakeClient(clientOptions)),
  ]);
  return { client, server };
}

/** Waits until queued microtasks and deliveries have run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Concatenates received chunks. */
export function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.length;
  }
  return out;
}

/** Settings pinned to TLS 1.2 unless `init` names a maxVersion (for tests about TLS 1.2 and earlier). */
export function tls12Settings(init: HandshakeSettingsInit = {}): HandshakeSettings {
  return new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2, ...init });
}

/** `handshake` for tests about TLS 1.2 and earlier: a side given no settings gets `tls12Settings()`. */
export function handshake12(
  sides: { client: Side; server: Side },
  clientOptions: ClientHandshakeOptions,
  serverOptions: ServerHandshakeOptions,
): Promise<{ client: unknown; server: unknown }> {
  return handshake(
    sides,
    { settings: tls12Settings(), ...clientOptions },
    { settings: tls12Settings(), ...serverOptions },
  );
}
