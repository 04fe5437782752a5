/**
 * The matrix of in-memory handshakes between two Engines: version x key
 * exchange x cipher family, each followed by data both ways, the
 * exporter and a clean close. engine-matrix-{pure,native}.test.ts run it
 * per provider (two files, so the runner spreads them over the cores).
 * Not a test file itself.
 */
import t, { type Test } from 'tap';
import { CipherSuite, ProtocolVersion } from '../../src/constants.js';
import type { CryptoProvider } from '../../src/crypto/provider.js';
import { HandshakeSettings } from '../../src/settings.js';
import { suiteInfo } from '../../src/suites.js';
import { credentials, handshake, joined, pair, settle } from './engine-pair.js';

const V = ProtocolVersion;
const VERSIONS: ReadonlyArray<[string, number]> = [
  ['TLS 1.2', V.TLS1_2],
  ['TLS 1.1', V.TLS1_1],
  ['TLS 1.0', V.TLS1_0],
  ['SSL 3.0', V.SSL3],
];

interface Case {
  readonly version: number;
  readonly kx: string;
  readonly cipher: string;
  readonly mac: string;
}

const CERT_FOR: Readonly<Record<string, string | undefined>> = {
  rsa: 'server-rsa',
  dhe_rsa: 'server-rsa',
  ecdhe_rsa: 'server-rsa',
  ecdhe_ecdsa: 'server-ecdsa',
  dh_anon: undefined,
  ecdh_anon: undefined,
};

async function run(t: Test, provider: CryptoProvider, c: Case): Promise<void> {
  const anon = CERT_FOR[c.kx] === undefined;
  const settings = new HandshakeSettings({
    cipherNames: [c.cipher],
    macNames: [c.mac],
    keyExchangeNames: [c.kx],
    minVersion: c.version,
    maxVersion: c.version,
  });
  const sides = pair({ provider });
  const creds = anon ? {} : credentials(CERT_FOR[c.kx]!, provider);
  const r = await handshake(sides, { settings, anon }, { ...creds, settings, anon });
  t.equal(r.client, undefined, `client ok (${String(r.client)})`);
  t.equal(r.server, undefined, `server ok (${String(r.server)})`);
  if (r.client !== undefined || r.server !== undefined) return;
  const suite = suiteInfo(sides.client.engine.cipherSuite!)!;
  t.equal(sides.client.engine.version, c.version, 'version');
  t.equal(suite.keyExchange, c.kx, 'key exchange');
  t.equal(suite.cipher, c.cipher, `cipher (${CipherSuite.nameOf(suite.id)})`);
  t.equal(sides.server.engine.cipherSuite, suite.id, 'both sides agree');
  // Odd sizes both ways, including one above a record.
  const big = new Uint8Array(16385 + 17).map((_, i) => (i * 7) & 0xff);
  sides.client.engine.send(big);
  sides.server.engine.send(new Uint8Array([1]));
  await settle();
  t.same(joined(sides.server.received), big, 'client to server');
  t.same(joined(sides.client.received), new Uint8Array([1]), 'server to client');
  const label = 'EXPERIMENTAL test';
  if (c.version > V.SSL3) {
    t.same(
      sides.client.engine.exportKeyingMaterial(label, null, 20),
      sides.server.engine.exportKeyingMaterial(label, null, 20),
      'exporter agrees',
    );
  }
  sides.client.engine.close();
  await settle();
  t.same(sides.server.closed, { clean: true }, 'server saw close_notify');
  t.same(sides.client.closed, { clean: true }, 'client saw the answering close_notify');
}

const KX_CIPHERS: ReadonlyArray<[string, string]> = [
  ['rsa', 'aes128'],
  ['dhe_rsa', 'aes256'],
  ['ecdhe_rsa', 'aes128'],
  ['ecdhe_ecdsa', 'aes256'],
  ['dh_anon', 'aes128'],
  ['ecdh_anon', 'aes256'],
];

/** Registers the matrix for `provider`. */
export function matrix(pname: string, provider: CryptoProvider): void {
  t.test(`${pname}: version x key exchange (CBC-SHA)`, async (t) => {
    for (const [vname, version] of VERSIONS) {
      for (const [kx, cipher] of KX_CIPHERS) {
        if (version === V.SSL3 && (kx.startsWith('ecdh'))) continue; // RFC 4492: ECC suites are TLS only
        await t.test(`${vname} ${kx} ${cipher}`, (t) => run(t, provider, { version, kx, cipher, mac: 'sha' }));
      }
    }
  });

  t.test(`${pname}: TLS 1.2 cipher families`, async (t) => {
    const families: ReadonlyArray<[string, string, string]> = [
      ['ecdhe_rsa', 'aes128gcm', 'aead'],
      ['ecdhe_rsa', 'aes256gcm', 'aead'],
      ['ecdhe_rsa', 'chacha20-poly1305', 'aead'],
      ['ecdhe_ecdsa', 'chacha20-poly1305', 'aead'],
      ['ecdhe_rsa', 'chacha20-poly1305_draft00', 'aead'],
      ['rsa', 'aes128ccm', 'aead'],
      ['rsa', 'aes256ccm', 'aead'],
      ['rsa', 'aes128ccm_8', 'aead'],
      ['rsa', 'aes256ccm_8', 'aead'],
      ['ecdhe_ecdsa', 'aes128ccm', 'aead'],
      ['rsa', 'aes128', 'sha256'],
      ['rsa', 'aes256', 'sha256'],
      ['ecdhe_rsa', 'aes256', 'sha384'],
      ['dhe_rsa', 'aes256gcm', 'aead'],
      ['rsa', '3des', 'sha'],
      ['ecdhe_rsa', '3des', 'sha'],
      ['rsa', 'rc4', 'sha'],
      ['rsa', 'rc4', 'md5'],
      ['ecdhe_rsa', 'null', 'sha'],
      ['rsa', 'null', 'sha256'],
      ['dh_anon', 'aes128gcm', 'aead'],
    ];
    for (const [kx, cipher, mac] of families) {
      await t.test(`${kx} ${cipher} ${mac}`, (t) => run(t, provider, { version: V.TLS1_2, kx, cipher, mac }));
    }
  });

  t.test(`${pname}: old versions x stream and 3DES`, async (t) => {
    for (const [vname, version] of VERSIONS) {
      for (const [cipher, mac] of [['3des', 'sha'], ['rc4', 'md5'], ['rc4', 'sha'], ['null', 'sha']] as const) {
        await t.test(`${vname} rsa ${cipher} ${mac}`, (t) => run(t, provider, { version, kx: 'rsa', cipher, mac }));
      }
    }
  });
}
