/**
 * A capturing TCP proxy for interop tests: listens on 127.0.0.1 (an
 * OS-chosen port), forwards each connection to a target port and keeps
 * both byte streams, so a test can look at the TLS records on the wire
 * (their sizes, their content types) without the peer's cooperation.
 * Not a test file itself.
 */
import net from 'node:net';
import { once } from 'node:events';

/** What went through one proxied connection. */
export interface CapturedConnection {
  /** Bytes from the connecting side (the client) to the target. */
  readonly toServer: Buffer[];
  /** Bytes from the target (the server) to the client. */
  readonly toClient: Buffer[];
}

/** A TLS record on the wire. */
export interface WireRecord {
  readonly type: number;
  readonly length: number;
}

/** A running proxy. */
export interface CaptureProxy {
  readonly port: number;
  readonly connections: CapturedConnection[];
  close(): Promise<void>;
}

/** Starts a proxy to 127.0.0.1:targetPort. */
export async function captureProxy(targetPort: number): Promise<CaptureProxy> {
  const connections: CapturedConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const captured: CapturedConnection = { toServer: [], toClient: [] };
    connections.push(captured);
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (b: Buffer) => {
      captured.toServer.push(Buffer.from(b));
      upstream.write(b);
    });
    upstream.on('data', (b: Buffer) => {
      captured.toClient.push(Buffer.from(b));
      client.write(b);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The TLS records of one direction's byte stream (a trailing partial record is left out). */
export function wireRecords(chunks: readonly Buffer[]): WireRecord[] {
  const bytes = Buffer.concat(chunks);
  const out: WireRecord[] = [];
  for (let i = 0; i + 5 <= bytes.length; ) {
    const length = bytes.readUInt16BE(i + 3);
    if (i + 5 + length > bytes.length) break;
    out.push({ type: bytes[i]!, length });
    i += 5 + length;
  }
  return out;
}

/**
 * The protected records of one direction: TLS 1.3, every application_data
 * record; TLS 1.2, every record after the ChangeCipherSpec.
 */
export function protectedWireRecords(chunks: readonly Buffer[], tls13: boolean): WireRecord[] {
  const all = wireRecords(chunks);
  if (tls13) return all.filter((r) => r.type === 23);
  const ccs = all.findIndex((r) => r.type === 20);
  return ccs < 0 ? [] : all.slice(ccs + 1);
}
