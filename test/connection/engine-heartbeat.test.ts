/**
 * Heartbeats (RFC 6520) between two engines in memory, with both
 * providers: negotiation (TLS 1.0 to 1.3), requests
 * and responses both ways, and hostile peers: a Heartbleed request, too
 * little padding, unknown types, unsolicited responses, heartbeats that
 * were not negotiated, heartbeats during the handshake. The handler is
 * also tested alone, with a fake port.
 */
import t from 'tap';
import { AlertDescription, ContentType, HeartbeatMessageType, ProtocolVersion } from '../../src/constants.js';
import type { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { HeartbeatHandler } from '../../src/connection/heartbeat.js';
import { HeartbeatMessage } from '../../src/messages/heartbeat-message.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair, settle } from './engine-pair.js';
import { Forger, protectedRecords, records } from './forge.js';

const ok = { client: undefined, server: undefined };
const text = (s: string) => new TextEncoder().encode(s);

/** A raw HeartbeatMessage: type, the payload_length field as given, payload and padding. */
function rawHeartbeat(type: number, payloadLength: number, payload: Uint8Array, paddingLength: number): Uint8Array {
  const out = new Uint8Array(3 + payload.length + paddingLength);
  out[0] = type;
  out[1] = payloadLength >> 8;
  out[2] = payloadLength & 0xff;
  out.set(payload, 3);
  return out;
}

function tls12(init: HandshakeSettingsInit = {}): HandshakeSettings {
  return new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2, ...init });
}

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);

  for (const version of [ProtocolVersion.TLS1_0, ProtocolVersion.TLS1_2, ProtocolVersion.TLS1_3]) {
    t.test(`${name} ${ProtocolVersion.nameOf(version)}: requests are answered both ways`, async (t) => {
      const clientGot: Uint8Array[] = [];
      const serverGot: Uint8Array[] = [];
      const sides = pair({ provider });
      const r = await handshake(
        sides,
        { settings: tls12({ maxVersion: version, heartbeatResponseCallback: (p) => clientGot.push(p) }) },
        { ...rsa, settings: tls12({ maxVersion: version, heartbeatResponseCallback: (p) => serverGot.push(p) }) },
      );
      t.same(r, ok);
      t.same(sides.client.engine.heartbeat, { negotiated: true, canSendRequests: true });
      t.same(sides.server.engine.heartbeat, { negotiated: true, canSendRequests: true });
      sides.client.engine.sendHeartbeatRequest(text('ping from the client'), 16);
      sides.server.engine.sendHeartbeatRequest(text('ping from the server'), 100);
      await settle();
      t.same(clientGot, [text('ping from the client')], 'the client got its payload back');
      t.same(serverGot, [text('ping from the server')], 'the server got its payload back');
      // Once answered, the next request may go; data still flows.
      sides.client.engine.sendHeartbeatRequest(new Uint8Array(0), 16);
      sides.client.engine.send(text('data'));
      await settle();
      t.equal(clientGot.length, 2);
      t.same(Buffer.concat(sides.server.received).toString(), 'data');
      t.same(sides.client.errors, []);
      t.same(sides.server.errors, []);
      // One heartbeat record each way per request, sized header + payload + padding (+ the protection).
      if (version < ProtocolVersion.TLS1_3) {
        t.equal(protectedRecords(sides.client, false).filter((rec) => rec.type === ContentType.heartbeat).length, 3, 'client: two requests and one response');
      }
    });
  }

  t.test(`${name}: only one request in flight (RFC 6520 4)`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { settings: tls12() }, { ...rsa, settings: tls12() }), ok);
    sides.client.engine.sendHeartbeatRequest(text('one'));
    t.throws(() => sides.client.engine.sendHeartbeatRequest(text('two')), /in flight/);
    await settle();
    t.doesNotThrow(() => sides.client.engine.sendHeartbeatRequest(text('two')), 'after the response, another');
  });

  t.test(`${name}: bad arguments`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, { settings: tls12({ recordSizeLimit: 512 }) }, { ...rsa, settings: tls12({ recordSizeLimit: 256 }) }), ok);
    const engine = sides.client.engine;
    t.throws(() => engine.sendHeartbeatRequest(text('x'), 15), { name: 'RangeError', message: /paddingLength/ });
    t.throws(() => engine.sendHeartbeatRequest(text('x'), 16.5), { name: 'TypeError', message: /paddingLength/ });
    t.throws(() => engine.sendHeartbeatRequest('x' as unknown as Uint8Array, 16), { name: 'TypeError', message: /payload/ });
    // The server's record_size_limit is 256: header 3 + payload + padding must fit.
    t.throws(() => engine.sendHeartbeatRequest(new Uint8Array(238), 16), { name: 'RangeError', message: /does not fit/ });
    t.doesNotThrow(() => engine.sendHeartbeatRequest(new Uint8Array(237), 16));
  });

  t.test(`${name}: not negotiated when either side turns it off`, async (t) => {
    const off = { useHeartbeatExtension: false };
    const cases: Array<[string, HandshakeSettings, HandshakeSettings]> = [
      ['TLS 1.2, client off', tls12(off), tls12()],
      ['TLS 1.2, server off', tls12(), tls12(off)],
      ['TLS 1.3, client off', new HandshakeSettings(off), new HandshakeSettings()],
      ['TLS 1.3, server off', new HandshakeSettings(), new HandshakeSettings(off)],
    ];
    for (const [what, client, server] of cases) {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: client }, { ...rsa, settings: server }), ok);
      t.same(sides.client.engine.heartbeat, { negotiated: false, canSendRequests: false }, what);
      t.same(sides.server.engine.heartbeat, { negotiated: false, canSendRequests: false }, what);
      t.throws(() => sides.client.engine.sendHeartbeatRequest(text('x')), /not negotiated/, `${what}: no request`);
    }
    const sides = pair({ provider });
    t.same(await handshake(sides, { settings: new HandshakeSettings() }, { ...rsa, settings: new HandshakeSettings() }), ok);
    t.ok(Buffer.from(records(sides.client)[0]!.fragment).toString('hex').includes('000f000101'), 'heartbeat(peer_allowed_to_send) in the ClientHello');
  });

  t.test(`${name}: a heartbeat that was not negotiated is unexpected_message`, async (t) => {
    for (const [what, client, server] of [
      ['TLS 1.2', tls12({ useHeartbeatExtension: false }), tls12()],
      ['TLS 1.3', new HandshakeSettings({ useHeartbeatExtension: false }), new HandshakeSettings()],
    ] as const) {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: client }, { ...rsa, settings: server }), ok);
      const forger = new Forger(provider, sides.server, sides.server);
      sides.client.engine.receive(forger.seal(ContentType.heartbeat, rawHeartbeat(1, 4, text('ping'), 16)));
      await settle();
      t.equal((sides.client.errors[0] as TLSLocalAlert | undefined)?.description, AlertDescription.unexpected_message, what);
      t.equal((sides.server.errors[0] as TLSRemoteAlert | undefined)?.description, AlertDescription.unexpected_message, `${what}: the peer hears it`);
    }
  });

  t.test(`${name}: a heartbeat during the handshake is unexpected_message`, async (t) => {
    let first = true;
    const sides = pair({
      provider,
      toClient: (bytes) => {
        if (!first) return bytes;
        first = false;
        // A plaintext HeartbeatRequest record before the ServerHello.
        const hb = rawHeartbeat(1, 1, text('x'), 16);
        const rec = new Uint8Array(5 + hb.length);
        rec.set([ContentType.heartbeat, 3, 3, 0, hb.length]);
        rec.set(hb, 5);
        return Buffer.concat([rec, bytes]);
      },
    });
    const r = await handshake(sides, { settings: tls12() }, { ...rsa, settings: tls12() });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.unexpected_message, 'RFC 6520 3');
  });

  for (const [version, settings] of [['TLS 1.2', tls12], ['TLS 1.3', () => new HandshakeSettings()]] as const) {
    t.test(`${name} ${version}: Heartbleed and other malformed requests are discarded silently`, async (t) => {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: settings() }, { ...rsa, settings: settings() }), ok);
      const forger = new Forger(provider, sides.client, sides.server);
      const written = () => sides.server.wire.reduce((n, c) => n + c.length, 0);
      const before = written();
      const hostile: Array<[string, Uint8Array]> = [
        ['Heartbleed: payload_length 16384 in a 20-byte message', rawHeartbeat(1, 16384, text('x'), 16)],
        ['payload_length one byte too long for 16 bytes of padding', rawHeartbeat(1, 5, text('abcd'), 16)],
        ['padding of 15 bytes', rawHeartbeat(1, 4, text('abcd'), 15)],
        ['too short for a header', Uint8Array.of(1, 0)],
        ['empty', new Uint8Array(0)],
        ['unknown type 3', rawHeartbeat(3, 4, text('abcd'), 16)],
        ['a response we did not ask for', rawHeartbeat(2, 4, text('abcd'), 16)],
      ];
      for (const [, bytes] of hostile) sides.server.engine.receive(forger.seal(ContentType.heartbeat, bytes));
      await settle();
      t.same(sides.server.errors, [], 'no alert');
      t.equal(written(), before, 'nothing sent back: no memory leaked, no response');
      // A well-formed request right after is answered: the connection is fine.
      sides.server.engine.receive(forger.seal(ContentType.heartbeat, rawHeartbeat(1, 4, text('ping'), 16)));
      await settle();
      t.ok(written() > before, 'a good request is answered');
      t.equal(sides.server.engine.state, 'open');
    });
  }
}

t.test('HeartbeatHandler alone', async (t) => {
  const provider = providerOf('pure');
  const sent: Uint8Array[] = [];
  const got: Uint8Array[] = [];
  let max = 2 ** 14;
  let open = true;
  const port = { provider, maxRecord: () => max, send: (m: Uint8Array) => sent.push(m), canSend: () => open };
  const handler = new HeartbeatHandler({ peerAllowsRequests: true }, port, (p) => got.push(p));

  handler.receive(rawHeartbeat(1, 3, text('abc'), 40));
  t.equal(sent.length, 1);
  const response = HeartbeatMessage.read(sent[0]!)!;
  t.equal(response.type, HeartbeatMessageType.heartbeat_response);
  t.same(response.payload, text('abc'), 'the payload echoed');
  t.equal(response.padding.length, 16, 'RFC 6520 4: at least 16 bytes of padding');
  handler.receive(rawHeartbeat(1, 3, text('abc'), 40));
  t.notSame(HeartbeatMessage.read(sent[1]!)!.padding, response.padding, 'the padding is random');

  max = 3 + 3 + 15;
  handler.receive(rawHeartbeat(1, 3, text('abc'), 16));
  t.equal(sent.length, 2, 'no response that would not fit the peer limit');
  max = 2 ** 14;
  open = false;
  handler.receive(rawHeartbeat(1, 3, text('abc'), 16));
  t.equal(sent.length, 2, 'no response after our close_notify');
  open = true;

  handler.request(text('hello'), 20);
  const request = HeartbeatMessage.read(sent[2]!)!;
  t.equal(request.type, HeartbeatMessageType.heartbeat_request);
  t.equal(request.padding.length, 20);
  t.ok(handler.requestInFlight);
  handler.receive(rawHeartbeat(2, 5, text('hellx'), 16));
  t.same(got, [], 'a response with another payload is discarded');
  handler.receive(rawHeartbeat(2, 5, text('hello'), 16));
  t.same(got, [text('hello')]);
  t.notOk(handler.requestInFlight);
  handler.receive(rawHeartbeat(2, 5, text('hello'), 16));
  t.equal(got.length, 1, 'a second copy is discarded');

  const refused = new HeartbeatHandler({ peerAllowsRequests: false }, port, null);
  t.throws(() => refused.request(text('x'), 16), /peer_not_allowed_to_send/);
  t.notOk(refused.canSendRequests);
});
