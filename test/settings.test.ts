import t from 'tap';
import { CertificateType, ProtocolVersion } from '../src/constants.js';
import { getCertSuites } from '../src/suites.js';
import {
  CIPHER_NAMES,
  HandshakeSettings,
  MAX_IMPLEMENTED_VERSION,
  validateSettings,
  type HandshakeSettingsInit,
} from '../src/settings.js';

const { SSL3, TLS1_0, TLS1_1, TLS1_2, TLS1_3 } = ProtocolVersion;

t.test('defaults are the seed\'s (TLS 1.0 to TLS 1.3)', async (t) => {
  const s = new HandshakeSettings();
  t.equal(s.minKeySize, 1023);
  t.equal(s.maxKeySize, 8193);
  t.same(s.cipherNames, ['chacha20-poly1305', 'aes256gcm', 'aes128gcm', 'aes256ccm', 'aes128ccm', 'aes256', 'aes128', '3des']);
  t.same(s.macNames, ['sha', 'sha256', 'sha384', 'aead']);
  t.same(s.keyExchangeNames, ['ecdhe_ecdsa', 'rsa', 'dhe_rsa', 'ecdhe_rsa', 'srp_sha', 'srp_sha_rsa', 'ecdh_anon', 'dh_anon', 'dhe_dsa']);
  t.same(s.cipherImplementations, ['native', 'pure']);
  t.same(s.certificateTypes, ['x509']);
  t.equal(s.minVersion, TLS1_0);
  t.equal(s.maxVersion, TLS1_3);
  t.equal(MAX_IMPLEMENTED_VERSION, TLS1_3);
  t.same(s.rsaSigHashes, ['sha512', 'sha384', 'sha256', 'sha224', 'sha1']);
  t.same(s.rsaSchemes, ['pss', 'pkcs1']);
  t.same(s.ecdsaSigHashes, ['sha512', 'sha384', 'sha256', 'sha224', 'sha1']);
  t.same(s.moreSigSchemes, ['Ed25519', 'Ed448']);
  t.same(s.eccCurves, ['x25519', 'x448', 'secp384r1', 'secp256r1', 'secp521r1']);
  t.same(s.dhGroups, ['ffdhe2048', 'ffdhe3072', 'ffdhe4096', 'ffdhe6144', 'ffdhe8192']);
  t.equal(s.dhParams, null);
  t.equal(s.defaultCurve, 'secp256r1');
  t.same(s.keyShares, ['secp256r1', 'x25519']);
  t.equal(s.sendFallbackSCSV, false);
  t.equal(s.useEncryptThenMAC, true);
  t.equal(s.useExtendedMasterSecret, true);
  t.equal(s.requireExtendedMasterSecret, false);
  t.equal(s.usePaddingExtension, true);
  t.equal(s.useExperimentalTackExtension, false);
  t.equal(s.ticketCipher, 'aes256gcm');
  t.equal(s.ticketLifetime, 86400);
  t.same(s.ticketKeys, []);
  t.equal(s.ticketCount, 2);
  t.equal(s.recordSizeLimit, 16385);
  t.equal(s.maxEarlyData, 16400);
  t.same(s.pskModes, ['psk_dhe_ke', 'psk_ke']);
  t.same(s.getCertificateTypes(), [CertificateType.x509]);
  // Default lists are copies: changing one settings object leaves the next alone.
  (s.cipherNames as string[]).push('rc4');
  t.same(new HandshakeSettings().cipherNames, CIPHER_NAMES);
});

t.test('validate() returns a frozen, normalised copy and leaves the original alone', async (t) => {
  const s = new HandshakeSettings();
  const v = s.validate();
  t.not(v, s);
  t.ok(Object.isFrozen(v));
  t.ok(Object.isFrozen(v.cipherNames));
  t.equal(v.maxVersion, TLS1_3);
  t.same(v.versions, [TLS1_3, TLS1_2, TLS1_1, TLS1_0]);
  t.same(new HandshakeSettings({ maxVersion: TLS1_2 }).validate().versions, [TLS1_2, TLS1_1, TLS1_0], 'TLS 1.3 dropped from versions above maxVersion');
  t.same(s.versions, [TLS1_3, TLS1_2, TLS1_1, TLS1_0], 'original untouched');
  t.same(v.cipherImplementations, ['native', 'pure']);
  t.equal(v.validate(), v, 'validating a validated object is the identity');
  t.same(v.getCertificateTypes(), [0]);
  t.ok(v.getProvider().hashes.sha256, 'getProvider gives a provider');
  t.throws(() => {
    (v as { minKeySize: number }).minKeySize = 1;
  }, TypeError);
  // The suite filters take a validated object as their selection.
  t.ok(getCertSuites(v).length > 0);
  // Later changes to the original do not reach the copy.
  s.cipherNames = ['aes128'];
  t.equal(v.cipherNames.length, CIPHER_NAMES.length);
});


t.test('validate() reuses its result only while no field changed, even inside arrays and keys', async (t) => {
  const key = new Uint8Array(32).fill(1);
  const psk: [Uint8Array, Uint8Array] = [new TextEncoder().encode('id'), new Uint8Array(32).fill(2)];
  const s = new HandshakeSettings({ ticketKeys: [key], pskConfigs: [psk] });
  const v = s.validate();
  t.equal(s.validate(), v, 'unchanged: the same frozen object');
  s.minKeySize = 2048;
  const v2 = s.validate();
  t.not(v2, v);
  t.equal(v2.minKeySize, 2048, 'a changed scalar is seen');
  (s.cipherNames as string[]).splice(0, s.cipherNames.length, 'aes128gcm');
  t.same(s.validate().cipherNames, ['aes128gcm'], 'an array changed in place is seen');
  key[0] = 9;
  t.equal(s.validate().ticketKeys[0]![0], 9, 'a key changed in place is seen');
  psk[1][0] = 7;
  t.equal(s.validate().pskConfigs[0]![1][0], 7, 'a PSK secret changed in place is seen');
  (s.cipherNames as string[]).push('no-such-cipher');
  t.throws(() => s.validate(), RangeError, 'a bad change still throws after a good validate()');
});
t.test('versions: numbers and the seed\'s tuples', async (t) => {
  const v = new HandshakeSettings({ minVersion: [3, 0], maxVersion: [3, 2] }).validate();
  t.equal(v.minVersion, SSL3);
  t.equal(v.maxVersion, TLS1_1);
  t.same(v.versions, [TLS1_1, TLS1_0]);
  t.same(v.macNames, ['sha'], 'no SHA-2 MACs or AEAD below TLS 1.2');
  const v2 = validateSettings({ minVersion: 0x0302, maxVersion: 0x0302, versions: [[3, 2]] });
  t.same(v2.versions, [TLS1_1]);
  t.throws(() => validateSettings({ minVersion: TLS1_2, maxVersion: TLS1_1 }), { name: 'RangeError', message: /minVersion/ });
  t.throws(() => validateSettings({ minVersion: 0x0200 }), { name: 'RangeError', message: /minVersion.*not a known version/ });
  t.throws(() => validateSettings({ maxVersion: 0x0305 }), { name: 'RangeError', message: /maxVersion/ });
  t.equal(validateSettings({ maxVersion: TLS1_3 }).maxVersion, TLS1_3, 'TLS 1.3 is implemented');
  t.throws(() => validateSettings({ maxVersion: 'TLS 1.2' as never }), { name: 'TypeError', message: /maxVersion/ });
  t.throws(() => validateSettings({ minVersion: [3, 1, 0] as never }), { name: 'TypeError', message: /minVersion/ });
  t.throws(() => validateSettings({ minVersion: 3.5 }), { name: 'RangeError', message: /minVersion/ });
  t.throws(() => validateSettings({ versions: [0x0299] }), { name: 'RangeError', message: /versions/ });
  t.throws(() => validateSettings({ versions: 'all' as never }), { name: 'TypeError', message: /versions/ });
});

t.test('key sizes', async (t) => {
  t.equal(validateSettings({ minKeySize: 512, maxKeySize: 512 }).minKeySize, 512);
  t.equal(validateSettings({ minKeySize: 16384, maxKeySize: 16384 }).maxKeySize, 16384);
  t.throws(() => validateSettings({ minKeySize: 511 }), { name: 'RangeError', message: /minKeySize.*too small/ });
  t.throws(() => validateSettings({ minKeySize: 16385 }), { name: 'RangeError', message: /minKeySize.*too large/ });
  t.throws(() => validateSettings({ maxKeySize: 511 }), { name: 'RangeError', message: /maxKeySize.*too small/ });
  t.throws(() => validateSettings({ maxKeySize: 16385 }), { name: 'RangeError', message: /maxKeySize.*too large/ });
  t.throws(() => validateSettings({ minKeySize: 2048, maxKeySize: 1024 }), { name: 'RangeError', message: /maxKeySize.*smaller than minKeySize/ });
  t.throws(() => validateSettings({ minKeySize: '1024' as never }), { name: 'TypeError', message: /minKeySize/ });
  t.throws(() => validateSettings({ minKeySize: 1024.5 }), { name: 'TypeError', message: /minKeySize/ });
});

t.test('names of primitives', async (t) => {
  const all = validateSettings({
    cipherNames: ['rc4', 'null', 'chacha20-poly1305_draft00', 'aes128ccm_8', 'aes256ccm_8', 'aes128'],
    macNames: ['md5', 'sha'],
  });
  t.same(all.cipherNames, ['rc4', 'null', 'chacha20-poly1305_draft00', 'aes128ccm_8', 'aes256ccm_8', 'aes128']);
  const cases: [HandshakeSettingsInit, RegExp][] = [
    [{ cipherNames: ['aes128', 'des'] }, /cipherNames: unknown cipher name: "des"/],
    [{ cipherNames: [] }, /cipherNames: no supported ciphers/],
    [{ macNames: ['sha1'] }, /macNames: unknown MAC name/],
    [{ keyExchangeNames: ['ecdh_rsa'] }, /keyExchangeNames: unknown key exchange/],
    [{ cipherImplementations: ['m2crypto'] }, /cipherImplementations: unknown/],
    [{ cipherImplementations: [] }, /cipherImplementations: no supported/],
    [{ cipherImplementations: ['pycrypto'] }, /cipherImplementations: no supported/],
    [{ eccCurves: ['x25519', 'curve41417'] }, /eccCurves: unknown curve name/],
    [{ eccCurves: ['secp256k1'] }, /eccCurves: curves not supported by this library: secp256k1/],
    [{ defaultCurve: 'brainpoolP256r1' }, /defaultCurve: curves not supported/],
    [{ defaultCurve: 'p256' }, /defaultCurve: unknown curve/],
    [{ dhGroups: ['ffdhe1024'] }, /dhGroups: unknown FFDHE group/],
    [{ keyShares: ['mlkem768'] }, /keyShares: unknown key share/],
    [{ keyShares: ['x448'], eccCurves: ['x25519'] }, /keyShares: key shares for groups not enabled.*x448/],
    [{ ecdsaSigHashes: ['md5'] }, /ecdsaSigHashes: unknown ECDSA signature hash/],
    [{ dsaSigHashes: ['md5'] }, /dsaSigHashes: unknown DSA/],
    [{ rsaSigHashes: ['sha3_256'] }, /rsaSigHashes: unknown RSA signature hash/],
    [{ rsaSchemes: ['oaep'] }, /rsaSchemes: unknown RSA padding mode/],
    [{ moreSigSchemes: ['ed25519'] }, /moreSigSchemes: unknown signature scheme/],
    [{ certificateTypes: ['openpgp'] }, /certificateTypes: unknown certificate type/],
    [{ certificateTypes: [] }, /certificateTypes: no supported certificate types/],
    [{ rsaSigHashes: [], ecdsaSigHashes: [], dsaSigHashes: [], moreSigSchemes: [] }, /TLS 1.2 requires signature algorithms/],
  ];
  for (const [init, message] of cases) {
    t.throws(() => validateSettings(init), { name: 'RangeError', message }, JSON.stringify(init));
  }
  t.throws(() => validateSettings({ cipherNames: 'aes128' as never }), { name: 'TypeError', message: /cipherNames: must be an array/ });
  t.throws(() => validateSettings({ macNames: [1] as never }), { name: 'TypeError', message: /macNames/ });
  t.throws(() => validateSettings({ defaultCurve: 23 as never }), { name: 'TypeError', message: /defaultCurve/ });
  // No signature algorithms is fine below TLS 1.2, where signature_algorithms does not exist.
  t.ok(validateSettings({ maxVersion: TLS1_1, rsaSigHashes: [], ecdsaSigHashes: [], dsaSigHashes: [], moreSigSchemes: [] }));
  t.same(validateSettings({ rsaSigHashes: ['md5'] }).rsaSigHashes, ['md5']);
});

t.test('cipherImplementations: ours and the seed\'s names', async (t) => {
  t.same(validateSettings({ cipherImplementations: ['pure'] }).cipherImplementations, ['pure']);
  t.same(validateSettings({ cipherImplementations: ['python', 'openssl'] }).cipherImplementations, ['pure', 'native']);
  t.same(validateSettings({ cipherImplementations: ['openssl', 'pycrypto', 'python'] }).cipherImplementations, ['native', 'pure']);
  t.same(validateSettings({ cipherImplementations: ['native', 'openssl', 'pure'] }).cipherImplementations, ['native', 'pure']);
  const pure = validateSettings({ cipherImplementations: ['pure'] }).getProvider();
  t.equal(pure.hashes.sha256.implementation, 'pure');
  t.equal(pure.aeads.aes256gcm.implementation, 'pure');
});

t.test('dhParams', async (t) => {
  const p = (1n << 127n) - 1n; // a Mersenne prime; enough to test the shape checks
  t.same(validateSettings({ dhParams: [2, p] }).dhParams, { g: 2n, p });
  t.same(validateSettings({ dhParams: { g: 5n, p } }).dhParams, { g: 5n, p });
  t.equal(validateSettings({ dhParams: null }).dhParams, null);
  t.throws(() => validateSettings({ dhParams: [2n] as never }), { name: 'TypeError', message: /dhParams/ });
  t.throws(() => validateSettings({ dhParams: [2, '7'] as never }), { name: 'TypeError', message: /dhParams/ });
  t.throws(() => validateSettings({ dhParams: 'ffdhe2048' as never }), { name: 'TypeError', message: /dhParams/ });
  t.throws(() => validateSettings({ dhParams: [2n, p + 1n] }), { name: 'RangeError', message: /dhParams: p must be an odd prime/ });
  t.throws(() => validateSettings({ dhParams: [1n, p] }), { name: 'RangeError', message: /dhParams: g must be/ });
  t.throws(() => validateSettings({ dhParams: [p - 1n, p] }), { name: 'RangeError', message: /dhParams: g must be/ });
});

t.test('extensions and EMS', async (t) => {
  const v = validateSettings({ useEncryptThenMAC: false, useExtendedMasterSecret: true, requireExtendedMasterSecret: true, sendFallbackSCSV: true });
  t.equal(v.useEncryptThenMAC, false);
  t.equal(v.requireExtendedMasterSecret, true);
  t.equal(v.sendFallbackSCSV, true);
  t.throws(() => validateSettings({ useExtendedMasterSecret: false, requireExtendedMasterSecret: true }), {
    name: 'RangeError',
    message: /requireExtendedMasterSecret: requires useExtendedMasterSecret/,
  });
  for (const field of ['useEncryptThenMAC', 'usePaddingExtension', 'useHeartbeatExtension', 'useExtendedMasterSecret', 'requireExtendedMasterSecret', 'sendFallbackSCSV', 'useExperimentalTackExtension'] as const) {
    t.throws(() => validateSettings({ [field]: 1 } as never), { name: 'TypeError', message: new RegExp(`${field}: must be true or false`) }, field);
  }
  t.throws(() => validateSettings({ useHeartbeatExtension: false, heartbeatResponseCallback: () => {} }), { name: 'RangeError', message: /heartbeatResponseCallback/ });
  t.throws(() => validateSettings({ paddingCb: 5 as never }), { name: 'TypeError', message: /paddingCb/ });
  t.equal(validateSettings({ recordSizeLimit: null }).recordSizeLimit, null);
  t.equal(validateSettings({ recordSizeLimit: 64 }).recordSizeLimit, 64);
  t.throws(() => validateSettings({ recordSizeLimit: 63 }), { name: 'RangeError', message: /recordSizeLimit/ });
  t.throws(() => validateSettings({ recordSizeLimit: 16386 }), { name: 'RangeError', message: /recordSizeLimit/ });
});

t.test('PSKs and tickets', async (t) => {
  const key32 = new Uint8Array(32).fill(7);
  const v = validateSettings({ ticketKeys: [key32, new Uint8Array(16)], ticketCipher: 'chacha20-poly1305', ticketLifetime: 604800 });
  t.equal(v.ticketKeys.length, 2);
  t.not(v.ticketKeys[0], key32, 'keys are copied');
  key32.fill(0);
  t.equal(v.ticketKeys[0]![0], 7);
  t.throws(() => validateSettings({ ticketKeys: [new Uint8Array(24)] }), { name: 'RangeError', message: /ticketKeys: keys must be 16 or 32 bytes long, not 24/ });
  t.throws(() => validateSettings({ ticketKeys: ['secret'] as never }), { name: 'TypeError', message: /ticketKeys/ });
  t.throws(() => validateSettings({ ticketCipher: 'aes128' }), { name: 'RangeError', message: /ticketCipher/ });
  t.throws(() => validateSettings({ ticketLifetime: 0 }), { name: 'RangeError', message: /ticketLifetime/ });
  t.throws(() => validateSettings({ ticketLifetime: 604801 }), { name: 'RangeError', message: /ticketLifetime/ });
  t.throws(() => validateSettings({ maxEarlyData: 0 }), { name: 'RangeError', message: /maxEarlyData/ });
  t.throws(() => validateSettings({ ticketCount: 65536 }), { name: 'RangeError', message: /ticketCount/ });
  t.throws(() => validateSettings({ ticketCount: -1 }), { name: 'RangeError', message: /ticketCount/ });
  const id = new TextEncoder().encode('client1');
  t.equal(validateSettings({ pskConfigs: [[id, new Uint8Array(32), 'sha384']] }).pskConfigs.length, 1);
  t.throws(() => validateSettings({ pskConfigs: [[id]] as never }), { name: 'TypeError', message: /pskConfigs/ });
  t.throws(() => validateSettings({ pskConfigs: [[id, new Uint8Array(1), 'md5']] as never }), { name: 'RangeError', message: /pskConfigs: invalid hash/ });
  t.throws(() => validateSettings({ pskModes: ['psk_only'] }), { name: 'RangeError', message: /pskModes/ });
});

t.test('constructor and plain objects', async (t) => {
  const s = new HandshakeSettings({ cipherNames: ['aes128gcm'], maxVersion: [3, 3] });
  t.same(s.cipherNames, ['aes128gcm']);
  t.same(s.macNames, ['sha', 'sha256', 'sha384', 'aead']);
  t.throws(() => new HandshakeSettings({ cipherName: ['aes128'] } as never), { name: 'TypeError', message: /unknown field "cipherName"/ });
  t.throws(() => new HandshakeSettings(null as never), TypeError);
  t.same(validateSettings().versions, [TLS1_3, TLS1_2, TLS1_1, TLS1_0]);
  t.throws(() => validateSettings(5 as never), TypeError);
  // The error messages carry no key bytes.
  try {
    validateSettings({ ticketKeys: [Uint8Array.of(0xde, 0xad, 0xbe, 0xef)] });
    t.fail('should throw');
  } catch (err) {
    t.notMatch((err as Error).message, /dead|222/);
  }
});
