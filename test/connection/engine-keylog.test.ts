/**
 * The engine's NSS key log hook (SSLKEYLOGFILE): one CLIENT_RANDOM line per
 * key installation on each side, naming the client random sent on the
 * wire and the session's master secret, for full and resumed handshakes.
 */
import t from 'tap';
import { ProtocolVersion } from '../../src/constants.js';
import { toHex } from '../../src/crypto/bytes.js';
import { HandshakeSettings } from '../../src/settings.js';
import { SessionCache } from '../../src/session/session-cache.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair } from './engine-pair.js';
import { Engine } from '../../src/connection/engine.js';

const V = ProtocolVersion;

for (const name of providerLabels()) {
  const provider = providerOf(name);
  t.test(`${name}: CLIENT_RANDOM lines for full and resumed handshakes`, async (t) => {
    const server = credentials('server-rsa', provider);
    for (const version of [V.TLS1_2, V.TLS1_0, V.SSL3]) {
      const settings = new HandshakeSettings({ minVersion: V.SSL3, maxVersion: version });
      const sessionCache = new SessionCache();
      const first = pair({ provider });
      const r1 = await handshake(first, { settings }, { ...server, settings, sessionCache });
      t.same(r1, { client: undefined, server: undefined }, `${V.nameOf(version)}: handshake`);
      // The client random is in the first record: header (5), handshake header (4), version (2).
      const clientRandom = first.client.wire[0]!.subarray(11, 43);
      const expected = `CLIENT_RANDOM ${toHex(clientRandom)} ${toHex(first.client.engine.session!.masterSecret)}`;
      t.same(first.client.keylog, [expected], 'client logs the master secret once');
      t.same(first.server.keylog, [expected], 'server logs the same line');
      t.match(expected, /^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/, 'NSS format');

      const second = pair({ provider });
      const session = first.client.engine.session!;
      const r2 = await handshake(second, { settings, session }, { ...server, settings, sessionCache });
      t.same(r2, { client: undefined, server: undefined }, 'resumed handshake');
      t.ok(second.client.engine.resumed, 'resumed');
      const random2 = second.client.wire[0]!.subarray(11, 43);
      t.same(second.client.keylog, [`CLIENT_RANDOM ${toHex(random2)} ${toHex(session.masterSecret)}`], 'resumption logs the new random');
      t.same(second.server.keylog, second.client.keylog, 'both sides agree');
    }
  });
}

t.test('keylogWanted: no line is made while nobody wants one, lines come once someone does', async (t) => {
  const provider = providerOf(providerLabels()[0]!);
  let wanted = false;
  const lines: string[] = [];
  let client!: Engine;
  let server!: Engine;
  client = new Engine({ provider, output: (b) => { const c = b.slice(); queueMicrotask(() => server.receive(c)); } });
  server = new Engine({
    provider,
    output: (b) => { const c = b.slice(); queueMicrotask(() => client.receive(c)); },
    keylog: (line) => lines.push(line),
    keylogWanted: () => wanted,
  });
  const settings = new HandshakeSettings({ maxVersion: V.TLS1_2 });
  await Promise.all([server.handshakeServer({ ...credentials('server-rsa', provider), settings }), client.handshakeClient({ settings })]);
  t.same(lines, [], 'not wanted: the callback is not called');
  wanted = true;
  const client2 = new Engine({ provider, output: (b) => { const c = b.slice(); queueMicrotask(() => server2.receive(c)); } });
  const server2: Engine = new Engine({
    provider,
    output: (b) => { const c = b.slice(); queueMicrotask(() => client2.receive(c)); },
    keylog: (line) => lines.push(line),
    keylogWanted: () => wanted,
  });
  await Promise.all([server2.handshakeServer({ ...credentials('server-rsa', provider), settings }), client2.handshakeClient({ settings })]);
  t.match(lines, [/^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$/], 'wanted: the line is made');
});
