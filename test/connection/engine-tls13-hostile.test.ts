/**
 * TLS 1.3 against peers that break the rules, in memory: a second
 * ClientHello that changes what RFC 8446 4.1.2 forbids, a KeyUpdate
 * flood, a ChangeCipherSpec after the handshake, a tampered encrypted
 * flight. Each ends with the RFC's alert, never a crash or a hang.
 */
import t from 'tap';
import { AlertDescription, ContentType } from '../../src/constants.js';
import { TLSLocalAlert, TLSRemoteAlert } from '../../src/errors.js';
import { MAX_KEY_UPDATES_IN_A_ROW } from '../../src/handshake/tls13-shared.js';
import { HandshakeSettings } from '../../src/settings.js';
import { fromHex } from '../../src/crypto/bytes.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { trafficKeys } from '../../src/handshake/key-schedule13.js';
import { createProtection } from '../../src/record/protection/index.js';
import { providerLabels, providerOf } from '../interop/ours.js';
import { credentials, handshake, pair, settle } from './engine-pair.js';

const ok = { client: undefined, server: undefined };

/** Rewrites the n-th ClientHello record the client sends (1-based) with `edit`. */
function editClientHello(n: number, edit: (record: Uint8Array) => void) {
  let seen = 0;
  return (bytes: Uint8Array) => {
    for (let i = 0; i + 5 <= bytes.length; ) {
      const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
      if (bytes[i] === ContentType.handshake && bytes[i + 5] === 1 && ++seen === n) edit(bytes.subarray(i, i + 5 + length));
      i += 5 + length;
    }
    return bytes;
  };
}

/**
 * Re-encrypts the first protected record of `bytes` (sequence number 0
 * under `secret`, AES-128-GCM) with the last byte of its last handshake
 * message, a Finished, flipped: a Finished made with the wrong key, in a
 * record that itself decrypts fine.
 */
function wrongFinished(provider: CryptoProvider, secret: Uint8Array, bytes: Uint8Array): Uint8Array {
  const keys = { macKey: new Uint8Array(0), ...trafficKeys(provider, 'sha256', secret, 16) };
  const spec = { type: 'aead', cipher: 'aes128gcm' } as const;
  let i = 0;
  while (bytes[i] !== ContentType.application_data) i += 5 + ((bytes[i + 3]! << 8) | bytes[i + 4]!);
  const length = (bytes[i + 3]! << 8) | bytes[i + 4]!;
  const opened = createProtection(provider, 0x0304, spec, keys, 'read').open(23, 0x0303, bytes.slice(i + 5, i + 5 + length));
  const content = opened.data.slice();
  content[content.length - 1]! ^= 1;
  const sealed = createProtection(provider, 0x0304, spec, keys, 'write').seal(opened.contentType, 0x0303, content);
  const out = new Uint8Array(bytes.length);
  out.set(bytes.subarray(0, i));
  out.set(sealed, i);
  out.set(bytes.subarray(i + 5 + length), i + sealed.length);
  return out;
}

function hasProtectedRecord(bytes: Uint8Array): boolean {
  for (let i = 0; i + 5 <= bytes.length; i += 5 + ((bytes[i + 3]! << 8) | bytes[i + 4]!)) {
    if (bytes[i] === ContentType.application_data) return true;
  }
  return false;
}

const secretOf = (keylog: readonly string[], label: string) => fromHex(keylog.find((l) => l.startsWith(label))!.split(' ')[2]!);

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);
  // The client shares X25519 only; the server wants P-384: a HelloRetryRequest every time.
  const client = new HandshakeSettings({ keyShares: ['x25519'] });
  const server = new HandshakeSettings({ eccCurves: ['secp384r1'], keyShares: [] });

  t.test(`${name}: a second ClientHello that changes its random or session ID is illegal_parameter`, async (t) => {
    for (const [what, offset] of [
      ['random', 5 + 4 + 2 + 5],
      ['legacy_session_id', 5 + 4 + 2 + 32 + 1 + 3],
    ] as const) {
      const sides = pair({ provider, toServer: editClientHello(2, (record) => (record[offset]! ^= 0x55)) });
      const r = await handshake(sides, { settings: client }, { ...rsa, settings: server });
      t.equal((r.server as TLSLocalAlert).description, AlertDescription.illegal_parameter, `${what}: the server says illegal_parameter`);
      t.equal((r.client as TLSRemoteAlert).description, AlertDescription.illegal_parameter, `${what}: the client hears it`);
    }
    const honest = pair({ provider });
    t.same(await handshake(honest, { settings: client }, { ...rsa, settings: server }), ok, 'untouched, the same retry succeeds');
  });

  t.test(`${name}: a KeyUpdate flood is unexpected_message`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa }), ok);
    for (let i = 0; i < MAX_KEY_UPDATES_IN_A_ROW; i++) sides.client.engine.keyUpdate(false);
    await settle();
    t.same(sides.server.errors, [], `${MAX_KEY_UPDATES_IN_A_ROW} in a row are accepted`);
    sides.client.engine.send(new TextEncoder().encode('data resets the count'));
    await settle();
    for (let i = 0; i <= MAX_KEY_UPDATES_IN_A_ROW; i++) sides.client.engine.keyUpdate(false);
    await settle();
    t.equal((sides.server.errors[0] as TLSLocalAlert | undefined)?.description, AlertDescription.unexpected_message, 'one more is refused');
    t.equal((sides.client.errors[0] as TLSRemoteAlert | undefined)?.description, AlertDescription.unexpected_message, 'the client hears it');
    t.equal(sides.server.engine.state, 'closed');
  });

  t.test(`${name}: a ChangeCipherSpec after the handshake is unexpected_message`, async (t) => {
    const sides = pair({ provider });
    t.same(await handshake(sides, {}, { ...rsa }), ok);
    sides.client.engine.receive(Uint8Array.of(ContentType.change_cipher_spec, 3, 3, 0, 1, 1));
    await settle();
    t.equal((sides.client.errors[0] as TLSLocalAlert | undefined)?.description, AlertDescription.unexpected_message);
  });

  t.test(`${name}: a tampered encrypted flight is bad_record_mac`, async (t) => {
    let tampered = false;
    const sides = pair({
      provider,
      toClient: (bytes) => {
        // The server's first flight (ServerHello, CCS, then the encrypted rest) in one write: its last byte is a tag's.
        if (!tampered && hasProtectedRecord(bytes)) {
          tampered = true;
          bytes[bytes.length - 1]! ^= 1;
        }
        return bytes;
      },
    });
    const r = await handshake(sides, {}, { ...rsa });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.bad_record_mac);
    t.equal((r.server as TLSRemoteAlert).description, AlertDescription.bad_record_mac);
  });

  t.test(`${name}: a ServerHello for a group we sent no share for is illegal_parameter`, async (t) => {
    // Our client offers P-256 and X25519 shares; a server limited to X448 asks for it by HRR,
    // which is legal; but a HelloRetryRequest naming a group we already shared is not.
    const sides = pair({
      provider,
      toClient: (bytes) => {
        // HelloRetryRequest: key_share (0x0033, length 2) selects secp384r1 (0x0018): change it to x25519 (0x001d).
        const hex = Buffer.from(bytes).toString('hex');
        const at = hex.indexOf('003300020018');
        if (at >= 0) bytes[at / 2 + 5] = 0x1d;
        return bytes;
      },
    });
    const r = await handshake(sides, {}, { ...rsa, settings: server });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.illegal_parameter);
  });
}

for (const name of providerLabels()) {
  const provider = providerOf(name);
  const rsa = credentials('server-rsa', provider);
  const settings = new HandshakeSettings({ cipherNames: ['aes128gcm'] });

  t.test(`${name}: a Finished made with the wrong key is decrypt_error`, async (t) => {
    // The server's Finished: in the first write that holds protected records (the encrypted flight).
    let rewritten = false;
    let sides = pair({
      provider,
      toClient: (bytes) => {
        if (rewritten || !hasProtectedRecord(bytes)) return bytes;
        rewritten = true;
        return wrongFinished(provider, secretOf(sides.server.keylog, 'SERVER_HANDSHAKE_TRAFFIC_SECRET'), bytes);
      },
    });
    let r = await handshake(sides, { settings }, { ...rsa, settings });
    t.equal((r.client as TLSLocalAlert).description, AlertDescription.decrypt_error, 'server Finished: the client says decrypt_error');
    t.equal((r.server as TLSRemoteAlert).description, AlertDescription.decrypt_error, 'the server hears it');

    // The client's Finished: the write that holds a protected record after the ServerHello.
    let tampered = false;
    sides = pair({
      provider,
      toServer: (bytes) => {
        if (tampered || !hasProtectedRecord(bytes) || sides.client.keylog.length === 0) return bytes;
        tampered = true;
        return wrongFinished(provider, secretOf(sides.client.keylog, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET'), bytes);
      },
    });
    r = await handshake(sides, { settings }, { ...rsa, settings });
    t.ok(tampered, 'the client Finished was rewritten');
    t.equal((r.server as TLSLocalAlert).description, AlertDescription.decrypt_error, 'client Finished: the server says decrypt_error');
  });
}
