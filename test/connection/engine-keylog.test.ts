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
