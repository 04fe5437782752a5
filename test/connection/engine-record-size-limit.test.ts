/**
 * record_size_limit (RFC 8449) between two engines in memory, with both
 * providers, TLS 1.2 and TLS 1.3: what is offered and answered, the size
 * of every protected record on the wire against the peer's limit, a
 * limit on one side only, and hostile peers (a value below 64, a value
 * above the version's maximum, a record above our limit).
 */
import t from 'tap';
import { AlertDescription, ContentType, ProtocolVersion } from '../../src/constants.js';
import type { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { HandshakeSettings, type HandshakeSettingsInit } from '../../src/settings.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, joined, pair, settle, type Side } from './engine-pair.js';
import { Forger, protectedRecords, records } from './forge.js';

const ok = { client: undefined, server: undefined };
const TAG = 16;
/** aes128gcm: TLS 1.2 adds an 8-byte explicit nonce and the tag; TLS 1.3 the tag (and the type byte, inside the limit). */
const OVERHEAD = { tls12: 8 + TAG, tls13: TAG };

const VERSIONS = [
  { name: 'TLS 1.2', tls13: false, init: { maxVersion: ProtocolVersion.TLS1_2, cipherNames: ['aes128gcm'] } },
  { name: 'TLS 1.3', tls13: true, init: { cipherNames: ['aes128gcm'] } },
] as const;

function settingsWith(base: HandshakeSettingsInit, init: HandshakeSettingsInit): HandshakeSettings {
  return new HandshakeSettings({ ...base, ...init });
}

/** The largest plaintext of a protected record `side` wrote (TLS 1.3: the whole TLSInnerPlaintext). */
function largestRecord(side: Side, tls13: boolean): number {
  const overhead = tls13 ? OVERHEAD.tls13 : OVERHEAD.tls12;
  return Math.max(...protectedRecords(side, tls13).map((r) => r.length - overhead));
}

/** The bytes of ClientHello's record_size_limit value (extension 28, length 2). */
function editRecordSizeLimit(value: number, inType = 1) {
  let done = false;
  return (bytes: Uint8Array) => {
    if (done || bytes[0] !== ContentType.handshake || bytes[5] !== inType) return bytes;
    const hex = Buffer.from(bytes).toString('hex');
    const at = hex.search(/001c0002(4001|4000|0100|0200)/);
    if (at >= 0 && at % 2 === 0) {
      bytes[at / 2 + 4] = value >> 8;
      bytes[at / 2 + 5] = value & 0xff;
      done = true;
    }
    return bytes;
  };
}

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);

  for (const v of VERSIONS) {
    t.test(`${name} ${v.name}: each side keeps to the peer's limit`, async (t) => {
      const sides = pair({ provider });
      const client = settingsWith(v.init, { recordSizeLimit: 256 });
      const server = settingsWith(v.init, { recordSizeLimit: 512 });
      t.same(await handshake(sides, { settings: client }, { ...rsa, settings: server }), ok);
      t.same(sides.client.engine.recordSizeLimit, { send: 512, receive: 256 });
      t.same(sides.server.engine.recordSizeLimit, { send: 256, receive: 512 });
      const upload = provider.random.bytes(5000);
      const download = provider.random.bytes(7000);
      sides.client.engine.send(upload);
      sides.server.engine.send(download);
      await settle();
      t.same(joined(sides.server.received), upload, 'the server got every byte');
      t.same(joined(sides.client.received), download, 'the client got every byte');
      // RFC 8449 4: the limit counts the plaintext (TLS 1.2) or the whole TLSInnerPlaintext (TLS 1.3).
      t.equal(largestRecord(sides.client, v.tls13), 512, 'the client filled records up to the server limit, not beyond');
      t.equal(largestRecord(sides.server, v.tls13), 256, 'the server filled records up to the client limit, not beyond');
      if (!v.tls13) {
        // Unprotected records are not bound: the server's Certificate is larger than 256.
        const plain = records(sides.server).slice(0, records(sides.server).findIndex((r) => r.type === ContentType.change_cipher_spec));
        t.ok(plain.some((r) => r.length > 256), 'unprotected handshake records keep the 2^14 limit');
      }
    });

    t.test(`${name} ${v.name}: a limit on one side only is not negotiated`, async (t) => {
      for (const [clientLimit, serverLimit] of [
        [256, null],
        [null, 256],
      ] as const) {
        const sides = pair({ provider });
        const r = await handshake(
          sides,
          { settings: settingsWith(v.init, { recordSizeLimit: clientLimit }) },
          { ...rsa, settings: settingsWith(v.init, { recordSizeLimit: serverLimit }) },
        );
        t.same(r, ok);
        t.same(sides.client.engine.recordSizeLimit, { send: null, receive: null }, `client ${clientLimit}, server ${serverLimit}`);
        t.same(sides.server.engine.recordSizeLimit, { send: null, receive: null });
        sides.client.engine.send(new Uint8Array(3000));
        await settle();
        t.equal(largestRecord(sides.client, v.tls13), v.tls13 ? 3001 : 3000, 'one record for the whole write');
      }
    });

    t.test(`${name} ${v.name}: defaults negotiate the protocol maximum`, async (t) => {
      const sides = pair({ provider });
      t.same(await handshake(sides, { settings: new HandshakeSettings(v.init) }, { ...rsa, settings: new HandshakeSettings(v.init) }), ok);
      const max = v.tls13 ? 2 ** 14 + 1 : 2 ** 14;
      t.same(sides.client.engine.recordSizeLimit, { send: max, receive: max });
      sides.server.engine.send(new Uint8Array(40000));
      await settle();
      t.equal(joined(sides.client.received).length, 40000);
      t.equal(largestRecord(sides.server, v.tls13), max);
    });

    t.test(`${name} ${v.name}: a ClientHello limit below 64 is illegal_parameter`, async (t) => {
      const sides = pair({ provider, toServer: editRecordSizeLimit(63) });
      const r = await handshake(sides, { settings: settingsWith(v.init, { recordSizeLimit: 256 }) }, { ...rsa, settings: new HandshakeSettings(v.init) });
      t.equal((r.server as TLSLocalAlert).description, AlertDescription.illegal_parameter, 'RFC 8449 4');
      t.equal((r.client as TLSRemoteAlert).description, AlertDescription.illegal_parameter);
    });

    t.test(`${name} ${v.name}: a record above our limit is record_overflow`, async (t) => {
      const sides = pair({ provider });
      const client = settingsWith(v.init, { recordSizeLimit: 100 });
      t.same(await handshake(sides, { settings: client }, { ...rsa, settings: new HandshakeSettings(v.init) }), ok);
      const forger = new Forger(provider, sides.server, sides.server);
      // The largest content allowed: 100 bytes in TLS 1.2, 99 and the type byte in TLS 1.3.
      const fits = v.tls13 ? 99 : 100;
      sides.client.engine.receive(forger.seal(ContentType.application_data, new Uint8Array(fits).fill(7)));
      await settle();
      t.same(sides.client.errors, [], 'a record at the limit is fine');
      t.equal(joined(sides.client.received).length, fits, 'and delivered (the forger has the right keys)');
      sides.client.engine.receive(forger.seal(ContentType.application_data, new Uint8Array(fits + 1)));
      await settle();
      t.equal((sides.client.errors[0] as TLSLocalAlert | undefined)?.description, AlertDescription.record_overflow, 'one byte more: record_overflow');
      t.equal((sides.server.errors[0] as TLSRemoteAlert | undefined)?.description, AlertDescription.record_overflow, 'the peer hears it');
      t.equal(sides.client.engine.state, 'closed');
    });
  }

  t.test(`${name} TLS 1.3: padding counts against the limit`, async (t) => {
    const sides = pair({ provider });
    const server = new HandshakeSettings({ recordSizeLimit: 300, paddingCb: () => 1000 });
    const client = new HandshakeSettings({ recordSizeLimit: 200 });
    t.same(await handshake(sides, { settings: client }, { ...rsa, settings: server }), ok);
    sides.server.engine.send(new Uint8Array(10));
    await settle();
    t.same(joined(sides.client.received), new Uint8Array(10));
    // Every protected record of the server (handshake ones included) is padded to exactly the client's limit.
    const sizes = protectedRecords(sides.server, true).map((r) => r.length - TAG);
    t.ok(sizes.length > 3 && sizes.every((n) => n === 200), `records of ${[...new Set(sizes)].join(', ')}`);
  });

  t.test(`${name} TLS 1.2: a server limit above 2^14 is illegal_parameter`, async (t) => {
    // Our server never sends one; rewrite its ServerHello (TLS 1.2 servers answer in ServerHello).
    const init = { maxVersion: ProtocolVersion.TLS1_2 };
    const sides = pair({ provider, toClient: editRecordSizeLimit(2 ** 14 + 1, 2) });
    const r = await handshake(sides, { settings: new HandshakeSettings(init) }, { ...rsa, settings: new HandshakeSettings(init) });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.illegal_parameter, 'RFC 8449 4: the client may abort; tlslite-ng does');
  });

  t.test(`${name} TLS 1.2: a record_size_limit body of 1 byte is decode_error`, async (t) => {
    // The ServerHello's extension (001c 0002 4000) rewritten to a 1-byte body (001c 0001 40 ...).
    const init = { maxVersion: ProtocolVersion.TLS1_2 };
    const sides = pair({
      provider,
      toClient: (bytes) => {
        if (bytes[0] !== ContentType.handshake || bytes[5] !== 2) return bytes;
        const at = Buffer.from(bytes).toString('hex').indexOf('001c00024000');
        if (at >= 0 && at % 2 === 0) bytes[at / 2 + 3] = 1;
        return bytes;
      },
    });
    const r = await handshake(sides, { settings: new HandshakeSettings(init) }, { ...rsa, settings: new HandshakeSettings(init) });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.decode_error);
  });

  t.test(`${name}: a client offering TLS 1.3 and 1.2 sends 2^14 + 1; a TLS 1.2 server reads it as 2^14`, async (t) => {
    const sides = pair({ provider });
    const r = await handshake(sides, { settings: new HandshakeSettings() }, { ...rsa, settings: new HandshakeSettings({ maxVersion: ProtocolVersion.TLS1_2 }) });
    t.same(r, ok);
    t.equal(sides.client.engine.version, ProtocolVersion.TLS1_2);
    const hello = records(sides.client)[0]!.fragment;
    t.ok(Buffer.from(hello).toString('hex').includes('001c00024001'), 'record_size_limit(16385) in the ClientHello');
    t.same(sides.server.engine.recordSizeLimit, { send: 2 ** 14, receive: 2 ** 14 });
    t.same(sides.client.engine.recordSizeLimit, { send: 2 ** 14, receive: 2 ** 14 });
  });
}
