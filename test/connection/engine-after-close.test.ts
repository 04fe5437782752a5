/**
 * Records after close_notify (RFC 8446 6.1: "Any data received after a
 * closure alert has been received MUST be ignored"; RFC 5246 7.2.1 the
 * same for TLS 1.2): a hostile peer that keeps sending after its
 * close_notify, in the same TCP segment or later, with valid records or
 * garbage, is not heard: no data, no alert, no error, one clean close.
 */
import t from 'tap';
import { AlertDescription, AlertLevel, ContentType, ProtocolVersion } from '../../src/constants.js';
import { concatBytes } from '../../src/crypto/bytes.js';
import { HandshakeSettings } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair, settle } from './engine-pair.js';
import { Forger } from './forge.js';

const ok = { client: undefined, server: undefined };
const text = (s: string) => new TextEncoder().encode(s);

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);
  for (const [version, settings] of [
    ['TLS 1.2', () => new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2 })],
    ['TLS 1.3', () => new HandshakeSettings()],
  ] as const) {
    t.test(`${name} ${version}: what follows the peer's close_notify is ignored`, async (t) => {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: settings() }, { ...rsa, settings: settings() }), ok);
      const forger = new Forger(provider, sides.server, sides.server);
      const before = forger.seal(ContentType.application_data, text('before'));
      const closeNotify = forger.seal(ContentType.alert, Uint8Array.of(AlertLevel.warning, AlertDescription.close_notify));
      const after = [
        forger.seal(ContentType.application_data, text('after close_notify')),
        forger.seal(ContentType.alert, Uint8Array.of(AlertLevel.fatal, AlertDescription.internal_error)),
        forger.seal(ContentType.handshake, Uint8Array.of(0, 0, 0, 0)), // a HelloRequest
        forger.seal(ContentType.heartbeat, Uint8Array.of(1, 0, 0, ...new Uint8Array(16))),
        Uint8Array.of(ContentType.application_data, 3, 3, 0, 20, ...new Uint8Array(20)), // does not decrypt
        Uint8Array.of(99, 3, 3, 0, 1, 0), // not even a record type
      ];
      const clientWrote = () => sides.client.wire.reduce((n, c) => n + c.length, 0);
      // In one segment: data, close_notify, then the rest.
      sides.client.engine.receive(concatBytes(before, closeNotify, ...after));
      await settle();
      t.same(sides.client.received.map((d) => Buffer.from(d).toString()), ['before'], 'only the data before close_notify');
      t.same(sides.client.closed, { clean: true }, 'a clean close');
      t.same(sides.client.errors, [], 'no error');
      const written = clientWrote();
      // And later segments too.
      for (const record of after) sides.client.engine.receive(record.slice());
      sides.client.engine.receiveEOF();
      await settle();
      t.equal(clientWrote(), written, 'nothing more sent');
      t.same(sides.client.errors, []);
      if (version === 'TLS 1.2') {
        // RFC 5246 7.2.1: answered at once.
        t.equal(sides.client.engine.state, 'closed');
        t.same(sides.server.closed, { clean: true }, 'the peer got our close_notify');
      } else {
        // RFC 8446 6.1: the peer closed its side only; ours closes when we say so.
        t.equal(sides.server.closed, undefined, 'no close_notify of ours yet');
        t.equal(sides.client.engine.state, 'open', 'still open for sending');
        sides.client.engine.close();
        await settle();
        t.equal(sides.client.engine.state, 'closed');
        t.same(sides.server.closed, { clean: true }, 'the peer got our close_notify');
      }
    });

    t.test(`${name} ${version}: after our own close_notify, the peer's data still arrives until its close_notify`, async (t) => {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: settings() }, { ...rsa, settings: settings() }), ok);
      const forger = new Forger(provider, sides.server, sides.server);
      // The server's real engine would answer our close_notify at once; the forger plays a peer that
      // still had data in flight (RFC 8446 6.1: each side closes its own write direction).
      sides.client.engine.close();
      sides.client.engine.receive(forger.seal(ContentType.application_data, text('late data')));
      sides.client.engine.receive(forger.seal(ContentType.alert, Uint8Array.of(AlertLevel.warning, AlertDescription.close_notify)));
      sides.client.engine.receive(forger.seal(ContentType.application_data, text('too late')));
      t.same(sides.client.received.map((d) => Buffer.from(d).toString()), ['late data']);
      t.same(sides.client.closed, { clean: true });
      t.same(sides.client.errors, []);
      t.throws(() => sides.client.engine.send(text('x')), { name: 'TLSClosedConnectionError' });
    });
  }
}
