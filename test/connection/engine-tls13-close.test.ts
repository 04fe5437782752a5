/**
 * TLS 1.3 closure (RFC 8446 6.1): close_notify closes the sender's write
 * side only. The receiver may go on sending until it closes; whatever
 * arrives after a close_notify is ignored. Up to TLS 1.2 a close_notify
 * is answered at once (RFC 5246 7.2.1). Then the same over TCP with
 * TLSConnection: by default it ends its side itself once the reader has
 * seen the end (as node:tls), and with allowHalfOpen it keeps writing.
 */
import t from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { AlertDescription, CipherSuite, ContentType, ProtocolVersion } from '../../src/constants.js';
import { fromHex } from '../../src/crypto/bytes.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { trafficState } from '../../src/handshake/tls13-shared.js';
import { suiteInfo } from '../../src/suites.js';
import { TLSConnection } from '../../src/connection/tls-connection.js';
import { HandshakeSettings } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, joined, pair, settle } from './engine-pair.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (chunks: readonly Uint8Array[]) => new TextDecoder().decode(joined(chunks));
/** Size of a TLS 1.3 alert record (AES-GCM): header, alert, inner content type, tag. */
const ALERT_RECORD_13 = 5 + 2 + 1 + 16;

/** A TLS_AES_128_GCM_SHA256 record sealed under the client's first application traffic secret, sequence number `seq`. */
function forge(provider: CryptoProvider, keylog: readonly string[], seq: number, type: number, content: Uint8Array): Uint8Array {
  const line = keylog.find((l) => l.startsWith('CLIENT_TRAFFIC_SECRET_0 '));
  if (line === undefined) throw new Error('no CLIENT_TRAFFIC_SECRET_0 in the key log');
  const state = trafficState(provider, suiteInfo(CipherSuite.TLS_AES_128_GCM_SHA256)!, fromHex(line.split(' ')[2]!), 'write');
  state.sequence.value = BigInt(seq);
  return state.seal(type, 0x0303, content);
}

for (const label of providerLabels()) {
  const provider = providerOf(label);

  t.test(`${label}: TLS 1.3 close_notify closes one direction`, async (t) => {
    const sides = pair({ provider });
    const server = { ...credentials('server-rsa', provider) };
    t.same(await handshake(sides, {}, server), { client: undefined, server: undefined });
    t.equal(sides.client.engine.version, ProtocolVersion.TLS1_3);

    sides.client.engine.send(text('request'));
    sides.client.engine.close();
    await settle();
    t.same(sides.server.closed, { clean: true }, 'the server saw a clean close');
    t.equal(str(sides.server.received), 'request', 'and the data before it');
    const wireBefore = sides.server.wire.length;
    t.doesNotThrow(() => sides.server.engine.send(text('response after your close_notify')), 'the server may still send');
    await settle();
    t.equal(str(sides.client.received), 'response after your close_notify', 'the client still reads after sending close_notify');
    t.equal(sides.client.closed, undefined, 'the client has not seen the server close yet');
    t.ok(sides.server.wire.length > wireBefore, 'the server wrote');
    t.notOk(
      sides.server.wire.slice(wireBefore).some((w) => w.length === ALERT_RECORD_13),
      'the server did not answer the close_notify by itself',
    );
    sides.server.engine.close();
    await settle();
    t.same(sides.client.closed, { clean: true }, 'the client sees the server close');
    t.throws(() => sides.server.engine.send(text('x')), /closed/, 'nothing more to send after both closed');
    t.same([sides.client.errors, sides.server.errors], [[], []]);
  });

  t.test(`${label}: TLS 1.3 records after close_notify are ignored`, async (t) => {
    // What the client could not send itself: records after its close_notify,
    // sealed with its traffic secret from the key log (sequence numbers 0
    // and 1 went to 'before' and the close_notify).
    const sides = pair({ provider });
    const settings = new HandshakeSettings({ cipherNames: ['aes128gcm'] });
    t.same(await handshake(sides, { settings }, { ...credentials('server-rsa', provider), settings }), { client: undefined, server: undefined });
    sides.client.engine.send(text('before'));
    sides.client.engine.close();
    await settle();
    t.same(sides.server.closed, { clean: true });
    const keyUpdate = Uint8Array.of(24, 0, 0, 1, 1); // KeyUpdate(update_requested)
    const fatal = Uint8Array.of(2, AlertDescription.internal_error);
    sides.server.engine.receive(forge(provider, sides.client.keylog, 2, ContentType.application_data, text('after')));
    sides.server.engine.receive(forge(provider, sides.client.keylog, 3, ContentType.handshake, keyUpdate));
    sides.server.engine.receive(forge(provider, sides.client.keylog, 4, ContentType.alert, fatal));
    await settle();
    t.equal(str(sides.server.received), 'before', 'data after close_notify is not delivered');
    t.same(sides.server.errors, [], 'a fatal alert after close_notify is ignored too');
    const before = sides.server.wire.length;
    sides.server.engine.send(text('still here'));
    await settle();
    t.equal(sides.server.wire.length, before + 1, 'no KeyUpdate answer went out, only our data');
    t.equal(str(sides.client.received), 'still here', 'and the client can read it');
  });

  t.test(`${label}: TLS 1.2 answers close_notify at once`, async (t) => {
    const sides = pair({ provider });
    const tls12 = new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2 });
    t.same(await handshake(sides, { settings: tls12 }, { ...credentials('server-rsa', provider), settings: tls12 }), {
      client: undefined,
      server: undefined,
    });
    sides.client.engine.close();
    await settle();
    t.same(sides.server.closed, { clean: true });
    t.same(sides.client.closed, { clean: true }, 'the server answered with its own close_notify');
    t.throws(() => sides.server.engine.send(text('x')), /closed/);
  });

  t.test(`${label}: TLSConnection over TCP`, async (t) => {
    const { certChain, privateKey } = credentials('server-rsa', provider);
    const run = async (allowHalfOpen: boolean | undefined) => {
      const served = new Promise<TLSConnection>((resolve) => {
        const server = net.createServer(async (socket) => {
          const conn = new TLSConnection(socket, { provider, ...(allowHalfOpen !== undefined && { allowHalfOpen }) });
          conn.on('error', () => {});
          await conn.handshakeServer({ certChain, privateKey });
          resolve(conn);
        });
        server.listen(0, '127.0.0.1', () => {
          t.teardown(() => server.close());
          port = (server.address() as net.AddressInfo).port;
          ready();
        });
      });
      let port = 0;
      let ready!: () => void;
      await new Promise<void>((r) => (ready = r));
      const socket = net.connect(port, '127.0.0.1');
      await once(socket, 'connect');
      const client = new TLSConnection(socket, { provider });
      await client.handshakeClientCert();
      const server = await served;
      const got: Buffer[] = [];
      client.on('data', (d: Buffer) => got.push(d));
      const clientEnded = once(client, 'end');
      const serverEnded = once(server, 'end');
      server.resume();
      client.end(); // our close_notify
      await serverEnded;
      return { client, server, got, clientEnded };
    };

    // Default: the server's side ends by itself after the reader saw the end.
    {
      const { client, got, clientEnded } = await run(undefined);
      await clientEnded;
      t.equal(Buffer.concat(got).length, 0);
      t.ok(client.readableEnded, 'the client got the server close_notify without the server calling end()');
    }
    // allowHalfOpen: the server writes after the client's close_notify, then ends.
    {
      const { server, got, clientEnded } = await run(true);
      t.notOk(server.writableEnded, 'half-open: the server side is still writable');
      // Even after the client's TCP FIN: the transport is not ended under us.
      const transport = server.socket as net.Socket;
      if (!transport.readableEnded) await once(transport, 'end');
      await new Promise((r) => setImmediate(r));
      t.notOk(transport.writableEnded, 'the FIN did not end the transport');
      server.write('late reply');
      server.end();
      await clientEnded;
      t.equal(Buffer.concat(got).toString(), 'late reply', 'the client read what came after its close_notify');
    }
  });
}

