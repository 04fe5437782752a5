import t from 'tap';
import { CipherSuite, ProtocolVersion } from '../src/constants.js';
import {
  CERT_SUITES,
  CIPHER_SUITES,
  TLS13_SUITES,
  TLS13_IV_LENGTH,
  canonicalCipherName,
  canonicalMacName,
  filterForCertificate,
  filterForVersion,
  filterSuites,
  getAnonSuites,
  getCertSuites,
  getDheCertSuites,
  getEcdheCertSuites,
  getEcdsaSuites,
  getSrpAllSuites,
  getTLS13Suites,
  isSignalingSuite,
  suiteInfo,
} from '../src/suites.js';
import {
  AEAD_NAMES,
  BLOCK_CIPHER_NAMES,
  STREAM_CIPHER_NAMES,
  type AeadAlgorithm,
  type BlockCipherAlgorithm,
  type HmacAlgorithm,
  type StreamCipherAlgorithm,
} from '../src/crypto/provider.js';
import { algorithm, providers } from './crypto/providers.js';
import { HandshakeSettings } from '../src/settings.js';

const { TLS1_0, TLS1_1, TLS1_2, TLS1_3, SSL3 } = ProtocolVersion;

t.test('ids and IANA names (IANA TLS Cipher Suites registry)', async (t) => {
  const known: Array<[number, string]> = [
    [0x0004, 'TLS_RSA_WITH_RC4_128_MD5'],
    [0x000a, 'TLS_RSA_WITH_3DES_EDE_CBC_SHA'],
    [0x002f, 'TLS_RSA_WITH_AES_128_CBC_SHA'],
    [0x0034, 'TLS_DH_anon_WITH_AES_128_CBC_SHA'],
    [0x009e, 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256'],
    [0x1301, 'TLS_AES_128_GCM_SHA256'],
    [0x1305, 'TLS_AES_128_CCM_8_SHA256'],
    [0xc02f, 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'],
    [0xc030, 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'],
    [0xc01a, 'TLS_SRP_SHA_WITH_3DES_EDE_CBC_SHA'],
    [0xc018, 'TLS_ECDH_anon_WITH_AES_128_CBC_SHA'],
    [0xc0a3, 'TLS_DHE_RSA_WITH_AES_256_CCM_8'],
    [0xc0ac, 'TLS_ECDHE_ECDSA_WITH_AES_128_CCM'],
    [0xcca8, 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
    [0xccaa, 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256'],
  ];
  for (const [id, name] of known) t.equal(suiteInfo(id)?.name, name, name);
  t.equal(CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV, 0x00ff);
  t.equal(CipherSuite.TLS_FALLBACK_SCSV, 0x5600);
  t.equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_draft_00, 0xcca2);
  t.equal(CipherSuite.SSL_CK_DES_192_EDE3_CBC_WITH_MD5, 0x0700c0);
  t.equal(CipherSuite.nameOf(0xc02f), 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256');
  t.equal(CipherSuite.nameOf(0x1234), '0x1234', 'unknown suites print as hex');
  t.ok(isSignalingSuite(0x00ff) && isSignalingSuite(0x5600) && !isSignalingSuite(0x002f));
  t.equal(suiteInfo(0x00ff), undefined, 'SCSVs carry no metadata');
  t.equal(suiteInfo(0x1234), undefined);
});

t.test('every real suite of the table has metadata, and the name agrees with it', async (t) => {
  let counted = 0;
  for (const [key, id] of Object.entries(CipherSuite)) {
    if (typeof id !== 'number' || key.startsWith('SSL_CK_') || isSignalingSuite(id)) continue;
    counted++;
    const info = suiteInfo(id);
    if (!info) {
      t.fail(`${key} has no metadata`);
      continue;
    }
    t.equal(info.name.toUpperCase(), key.toUpperCase(), `${key} name`);
    // Cross-check the hand-written rows against what the name says.
    const name = info.name.toUpperCase();
    if (name.includes('_WITH_')) {
      const kx = name.slice(4, name.indexOf('_WITH_')).toLowerCase().replace('dhe_dss', 'dhe_dsa');
      t.equal(info.keyExchange, kx, `${key} key exchange`);
    } else t.equal(info.keyExchange, 'tls13', `${key} key exchange`);
    if (info.cipherType === 'aead') t.equal(info.mac, 'aead', `${key} mac`);
    else if (name.endsWith('_MD5')) t.equal(info.mac, 'md5');
    else if (name.endsWith('_SHA')) t.equal(info.mac, 'sha');
    else if (name.endsWith('_SHA256')) t.equal(info.mac, 'sha256');
    else if (name.endsWith('_SHA384')) t.equal(info.mac, 'sha384');
    const cipherFromName = name.includes('CHACHA20')
      ? name.endsWith('DRAFT_00')
        ? 'chacha20-poly1305_draft00'
        : 'chacha20-poly1305'
      : name.includes('3DES')
        ? '3des'
        : name.includes('RC4')
          ? 'rc4'
          : name.includes('NULL')
            ? 'null'
            : (name.includes('AES_128') ? 'aes128' : 'aes256') +
              (name.includes('GCM') ? 'gcm' : name.includes('CCM_8') ? 'ccm_8' : name.includes('CCM') ? 'ccm' : '');
    t.equal(info.cipher, cipherFromName, `${key} cipher`);
    t.equal(info.prfHash, name.endsWith('SHA384') ? 'sha384' : 'sha256', `${key} prf`);
  }
  t.equal(counted, CIPHER_SUITES.size, 'no metadata without a table entry');
  t.equal(counted, 114, 'the seed lists 114 negotiable suites besides the SSLv2 kinds and SCSVs');
});

t.test('every cipher name is a provider algorithm name', async (t) => {
  const names = new Set<string>([...AEAD_NAMES, ...BLOCK_CIPHER_NAMES, ...STREAM_CIPHER_NAMES]);
  for (const info of CIPHER_SUITES.values()) t.ok(names.has(info.cipher), `${info.name}: ${info.cipher}`);
});

t.test('lengths agree with the provider algorithms', async (t) => {
  const hmacName = { md5: 'md5', sha: 'sha1', sha256: 'sha256', sha384: 'sha384' } as const;
  for (const p of providers()) {
    for (const info of CIPHER_SUITES.values()) {
      const what = `${p.label} ${info.name}`;
      if (info.mac === 'aead') t.equal(info.macLength, 0);
      else {
        const hmac = algorithm<HmacAlgorithm>(p, 'hmacs', hmacName[info.mac])!;
        t.equal(info.macLength, hmac.outputLength, `${what} mac length`);
      }
      if (info.cipherType === 'aead') {
        const aead = algorithm<AeadAlgorithm>(p, 'aeads', info.cipher)!;
        t.equal(info.keyLength, aead.keyLength, `${what} key`);
        t.equal(info.tagLength, aead.tagLength, `${what} tag`);
        // The full nonce is fixed IV + explicit part, or the fixed IV alone
        // XORed with the sequence number; draft-00 ChaCha is 4 + 8 implicit.
        const nonce =
          info.cipher === 'chacha20-poly1305_draft00' ? info.fixedIvLength + 8 : info.fixedIvLength + info.recordIvLength;
        t.equal(nonce, aead.nonceLength, `${what} nonce`);
        t.equal(TLS13_IV_LENGTH, aead.nonceLength);
      } else if (info.cipherType === 'block') {
        const block = algorithm<BlockCipherAlgorithm>(p, 'blockCiphers', info.cipher)!;
        t.equal(info.keyLength, block.keyLength, `${what} key`);
        t.equal(info.fixedIvLength, block.ivLength, `${what} iv`);
        t.equal(info.tagLength, 0);
      } else {
        const stream = algorithm<StreamCipherAlgorithm>(p, 'streamCiphers', info.cipher);
        if (!stream) continue; // a partial native provider may lack RC4 (OpenSSL legacy provider)
        t.equal(info.keyLength, stream.keyLength, `${what} key`);
        t.equal(info.fixedIvLength, 0);
      }
    }
  }
});

t.test('versions', async (t) => {
  const v = (id: number) => [suiteInfo(id)!.minVersion, suiteInfo(id)!.maxVersion];
  t.same(v(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA), [SSL3, TLS1_2]);
  t.same(v(CipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256), [TLS1_2, TLS1_2]);
  t.same(v(CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384), [TLS1_2, TLS1_2]);
  t.same(v(CipherSuite.TLS_AES_128_GCM_SHA256), [TLS1_3, TLS1_3]);
  const all = [...CIPHER_SUITES.keys()];
  const tls10 = filterForVersion(all, TLS1_0, TLS1_1);
  t.ok(tls10.includes(CipherSuite.TLS_RSA_WITH_RC4_128_SHA));
  t.notOk(tls10.includes(CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256));
  t.notOk(tls10.includes(CipherSuite.TLS_AES_128_GCM_SHA256));
  const tls13 = filterForVersion(all, TLS1_3, TLS1_3);
  t.same(tls13.sort(), [0x1301, 0x1302, 0x1303, 0x1304, 0x1305]);
});

t.test('filters behave as the seed', async (t) => {
  const settings = {
    cipherNames: ['chacha20-poly1305', 'aes256gcm', 'aes128gcm', 'aes256ccm', 'aes128ccm', 'aes256', 'aes128', '3des'],
    macNames: ['sha', 'sha256', 'sha384', 'aead'],
    keyExchangeNames: ['ecdhe_ecdsa', 'rsa', 'dhe_rsa', 'ecdhe_rsa', 'srp_sha', 'srp_sha_rsa', 'ecdh_anon', 'dh_anon', 'dhe_dsa'],
  };
  const cert12 = getCertSuites(settings, TLS1_2);
  t.same(cert12.slice(0, 4), [0x009d, 0x009c, 0xc09d, 0xc09c], 'seed preference order kept');
  t.notOk(cert12.includes(CipherSuite.TLS_RSA_WITH_RC4_128_SHA), 'rc4 not selected');
  t.notOk(cert12.includes(CipherSuite.TLS_RSA_WITH_AES_128_CCM_8), 'ccm_8 not selected');
  const cert10 = getCertSuites(settings, TLS1_0);
  t.same(cert10, [0x0035, 0x002f, 0x000a], 'TLS 1.0: no AEAD, no SHA-256');
  t.same(getTLS13Suites(settings, TLS1_2), [], 'TLS 1.3 suites need TLS 1.3');
  t.same(getTLS13Suites(settings, TLS1_3), [0x1302, 0x1301, 0x1303, 0x1304]);
  t.same(getTLS13Suites({ ...settings, maxVersion: TLS1_3 }), [0x1302, 0x1301, 0x1303, 0x1304], 'maxVersion default');
  t.ok(getDheCertSuites(settings, TLS1_2).includes(CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256));
  t.notOk(getDheCertSuites(settings, TLS1_2).includes(CipherSuite.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_draft_00));
  t.same(getSrpAllSuites(settings, TLS1_2), [0xc020, 0xc01d, 0xc01a, 0xc021, 0xc01e, 0xc01b]);
  t.same(getSrpAllSuites({ ...settings, keyExchangeNames: ['srp_sha'] }, TLS1_2), [0xc020, 0xc01d, 0xc01a]);
  t.same(getAnonSuites({ ...settings, macNames: ['md5'], cipherNames: ['rc4'] }, SSL3), [0x0018]);
  t.same(getEcdheCertSuites({ ...settings, keyExchangeNames: [] }, TLS1_2), [], 'key exchange not selected');
  t.ok(getEcdsaSuites(settings, TLS1_2).length > 0);
  // Suites the seed never negotiates are never selected, whatever is asked.
  const statics = filterSuites(
    [CipherSuite.TLS_ECDH_RSA_WITH_AES_128_CBC_SHA, CipherSuite.TLS_DH_DSS_WITH_AES_128_CBC_SHA],
    { ...settings, keyExchangeNames: ['ecdh_rsa', 'dh_dss'] },
    TLS1_2,
  );
  t.same(statics, []);
  t.equal(canonicalCipherName(0xc02f), 'aes128gcm');
  t.equal(canonicalCipherName(0xcca1), 'chacha20-poly1305_draft00');
  t.equal(canonicalMacName(0x0004), 'md5');
  t.equal(canonicalMacName(0xc02f), undefined);
  t.equal(canonicalMacName(0x00ff), undefined);
});

t.test('filterForCertificate behaves as the seed', async (t) => {
  const all = [...CIPHER_SUITES.keys()];
  const kx = (ids: number[]) => [...new Set(ids.map((id) => suiteInfo(id)!.keyExchange))].sort();
  t.same(kx(filterForCertificate(all, 'rsa')), ['dhe_rsa', 'ecdhe_rsa', 'rsa', 'srp_sha_rsa', 'tls13']);
  t.same(kx(filterForCertificate(all, 'rsa-pss')), ['dhe_rsa', 'ecdhe_rsa', 'srp_sha_rsa', 'tls13'], 'no RSA decryption with a PSS key');
  t.same(kx(filterForCertificate(all, 'ecdsa')), ['ecdhe_ecdsa', 'tls13']);
  t.same(kx(filterForCertificate(all, 'Ed25519')), ['ecdhe_ecdsa', 'tls13']);
  t.same(kx(filterForCertificate(all, 'dsa')), ['dhe_dsa', 'tls13']);
  t.same(kx(filterForCertificate(all)), ['dh_anon', 'ecdh_anon', 'srp_sha', 'tls13']);
  t.same(filterForCertificate([0x00ff, 0x1234]), [], 'SCSVs and unknown ids dropped');
});

t.test('filterSuites keeps its answer for frozen settings, and hands out a fresh copy each time', async (t) => {
  const validated = new HandshakeSettings({ cipherNames: ['aes128gcm', 'chacha20-poly1305'] }).validate();
  const plain = { cipherNames: [...validated.cipherNames], macNames: [...validated.macNames], keyExchangeNames: [...validated.keyExchangeNames] };
  const first = filterSuites(CERT_SUITES, validated, ProtocolVersion.TLS1_2);
  t.same(first, filterSuites(CERT_SUITES, plain, ProtocolVersion.TLS1_2), 'the same answer as for unfrozen settings');
  first.length = 0;
  t.same(filterSuites(CERT_SUITES, validated, ProtocolVersion.TLS1_2), filterSuites(CERT_SUITES, plain, ProtocolVersion.TLS1_2), 'a caller changing its copy changes nothing');
  t.same(filterSuites(CERT_SUITES, validated, ProtocolVersion.TLS1_1), [], 'asked per version: no AEAD suites below TLS 1.2');
  // Unfrozen settings are read afresh each time.
  plain.cipherNames = ['aes256gcm'];
  t.ok(filterSuites(CERT_SUITES, plain, ProtocolVersion.TLS1_2).every((id) => suiteInfo(id)!.cipher === 'aes256gcm'));
  t.ok(Object.isFrozen(CERT_SUITES) && Object.isFrozen(TLS13_SUITES), 'the suite lists cannot be changed under the cache');
});
