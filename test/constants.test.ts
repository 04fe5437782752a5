import t from 'tap';
import * as c from '../src/constants.js';

t.test('reverse lookup gives names, and hex for unknown values', async (t) => {
  t.equal(c.AlertDescription.nameOf(20), 'bad_record_mac');
  t.equal(c.AlertDescription.nameOf(255), '0xff');
  t.equal(c.ExtensionType.nameOf(0xff01), 'renegotiation_info');
  t.equal(c.ExtensionType.nameOf(0x1234), '0x1234');
  t.equal(c.GroupName.nameOf(29), 'x25519');
  t.equal(c.GroupName.nameOf(0x11ec), 'x25519mlkem768');
  t.equal(c.SignatureScheme.nameOf(0x0804), 'rsa_pss_rsae_sha256');
  t.equal(c.HandshakeType.nameOf(67), 'next_protocol');
  t.equal(c.ContentType.nameOf(23), 'application_data');
  t.ok(c.ExtensionType.has(13172));
  t.notOk(c.ExtensionType.has(9999));
});

t.test('values match the IANA registries', async (t) => {
  t.equal(c.ExtensionType.encrypt_then_mac, 22);
  t.equal(c.ExtensionType.extended_master_secret, 23);
  t.equal(c.ExtensionType.record_size_limit, 28);
  t.equal(c.ExtensionType.key_share, 51);
  t.equal(c.ExtensionType.tack, 0xf300);
  t.equal(c.GroupName.ffdhe2048, 256);
  t.equal(c.SignatureScheme.ed448, 0x0808);
  t.equal(c.ProtocolVersion.TLS1_2, 0x0303);
});

t.test('version names as the seed prints them', async (t) => {
  t.equal(c.versionName(0x0300), 'SSL 3.0');
  t.equal(c.versionName(0x0303), 'TLS 1.2');
  t.equal(c.versionName(0x0304), 'TLS 1.3');
  t.equal(c.versionName(0x7f1c), 'unknown (0x7f1c)');
});

t.test('tables are frozen', async (t) => {
  t.ok(Object.isFrozen(c.AlertDescription));
});
