/**
 * EndOfEarlyData (RFC 8446 4.5): an empty body, handshake type 5; a body
 * with anything in it is a decode_error.
 */
import t from 'tap';
import { HandshakeType, ProtocolVersion } from '../../src/constants.js';
import { EndOfEarlyData } from '../../src/messages/end-of-early-data.js';
import { HandshakeMessage } from '../../src/messages/handshake-message.js';

const ctx = { version: ProtocolVersion.TLS1_3 };

t.test('EndOfEarlyData round trip', async (t) => {
  const bytes = HandshakeMessage.of(new EndOfEarlyData()).bytes;
  t.same(Array.from(bytes), [HandshakeType.end_of_early_data, 0, 0, 0]);
  const parsed = HandshakeMessage.parse(bytes, ctx);
  t.ok(parsed.body instanceof EndOfEarlyData);
  t.equal(parsed.body.toString(), 'EndOfEarlyData()');
});

t.test('EndOfEarlyData with a body is decode_error', async (t) => {
  t.throws(() => HandshakeMessage.parse(Uint8Array.of(5, 0, 0, 1, 0), ctx), { name: 'TLSDecodeError' });
});
