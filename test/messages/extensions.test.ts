import t, { type Test } from 'tap';
import { Parser } from '../../src/codec/parser.js';
import { ExtensionType, GroupName, SignatureScheme } from '../../src/constants.js';
import { TLSDecodeError, TLSError, TLSIllegalParameterException } from '../../src/errors.js';
import {
  ALPNExtension,
  CertTypeExtension,
  CookieExtension,
  ECPointFormatsExtension,
  EncryptThenMACExtension,
  ExtendedMasterSecretExtension,
  Extensions,
  HeartbeatExtension,
  KeyShareExtension,
  NPNExtension,
  OpaqueExtension,
  PaddingExtension,
  PskKeyExchangeModesExtension,
  RecordSizeLimitExtension,
  RenegotiationInfoExtension,
  SRPExtension,
  ServerNameExtension,
  SessionTicketExtension,
  SignatureAlgorithmsCertExtension,
  SignatureAlgorithmsExtension,
  StatusRequestExtension,
  SupportedGroupsExtension,
  SupportedVersionsExtension,
  TACKExtension,
  PreSharedKeyExtension,
  EarlyDataExtension,
  CertificateAuthoritiesExtension,
  PostHandshakeAuthExtension,
  truncatedClientHello,
  defaultExtensionRegistry,
  type ExtensionContext,
  type ExtensionMessage,
} from '../../src/messages/extensions/index.js';
import { hex, parseAll, serialize, thrown, toHex } from './helpers.js';

const CH: ExtensionContext = { message: 'client_hello' };
const SH: ExtensionContext = { message: 'server_hello' };

/** Wraps one extension body in a block: the type, its length, the body. */
function block(type: number, body: string): Uint8Array {
  const b = hex(body);
  const entry = [type >> 8, type & 0xff, b.length >> 8, b.length & 0xff, ...b];
  return new Uint8Array([entry.length >> 8, entry.length & 0xff, ...entry]);
}

function readBlock(bytes: Uint8Array, ctx: ExtensionContext = CH): Extensions {
  return parseAll(bytes, (p) => Extensions.read(p, ctx));
}

/** Parses a body through the list and checks it re-serializes, directly and through the list. */
function roundTrip(t: Test, type: number, body: string, ctx: ExtensionContext = CH) {
  const bytes = block(type, body);
  const list = readBlock(bytes, ctx);
  const ext = list.get(type)!;
  t.equal(toHex(serialize((w) => ext.write(w))), hex(body).length ? toHex(hex(body)) : '', `${ext} writes its body back`);
  t.equal(toHex(serialize((w) => list.write(w))), toHex(bytes), 'block round trip');
  t.equal(toHex(serialize((w) => Extensions.of([ext], ctx).write(w))), toHex(bytes), 'rebuilt block');
  t.type(ext.toString(), 'string');
  return ext;
}

function rejects(t: Test, type: number, body: string, ctx: ExtensionContext, cls: typeof TLSError, why: string) {
  const e = thrown(() => readBlock(block(type, body), ctx));
  t.type(e, cls, why);
  if (!(e instanceof cls)) t.comment(String(e));
}


t.test('server_name', async (t) => {
  const ext = roundTrip(t, 0, '000e 00 000b 6578616d706c652e636f6d') as ServerNameExtension;
  t.equal(ext.hostName, 'example.com');
  t.equal(ext.toString(), 'server_name("example.com")');
  t.equal(toHex(serialize((w) => ServerNameExtension.forHost('example.com').write(w))), '000e00000b6578616d706c652e636f6d');
  const server = roundTrip(t, 0, '', SH) as ServerNameExtension;
  t.equal(server.names.length, 0);
  rejects(t, 0, '00', SH, TLSDecodeError, 'server body must be empty');
  rejects(t, 0, '0000', CH, TLSDecodeError, 'empty list');
  rejects(t, 0, '', CH, TLSDecodeError, 'no list');
  rejects(t, 0, '0003 00 0000', CH, TLSDecodeError, 'empty host name');
  rejects(t, 0, '000a 00 0002 6161 00 0002 6262', CH, TLSIllegalParameterException, 'two host names');
  rejects(t, 0, '0006 00 0003 6161', CH, TLSDecodeError, 'name overruns list');
  const two = roundTrip(t, 0, '000a 00 0002 6161 01 0002 6262') as ServerNameExtension;
  t.equal(two.names.length, 2, 'different name types are allowed');
});

t.test('supported_groups, ec_point_formats, signature_algorithms(_cert)', async (t) => {
  const groups = roundTrip(t, 10, '0006 001d 0017 0100') as SupportedGroupsExtension;
  t.same(groups.groups, [GroupName.x25519, GroupName.secp256r1, GroupName.ffdhe2048]);
  t.equal(groups.toString(), 'supported_groups(x25519, secp256r1, ffdhe2048)');
  rejects(t, 10, '0000', CH, TLSDecodeError, 'empty group list');
  rejects(t, 10, '0003 001d 00', CH, TLSDecodeError, 'odd group list');
  const formats = roundTrip(t, 11, '03 00 01 02') as ECPointFormatsExtension;
  t.same(formats.formats, [0, 1, 2]);
  rejects(t, 11, '00', CH, TLSDecodeError, 'empty point formats');
  const sigs = roundTrip(t, 13, '0004 0403 0804') as SignatureAlgorithmsExtension;
  t.same(sigs.schemes, [SignatureScheme.ecdsa_secp256r1_sha256, SignatureScheme.rsa_pss_rsae_sha256]);
  rejects(t, 13, '0000', CH, TLSDecodeError, 'empty signature algorithms');
  rejects(t, 13, '0001 04', CH, TLSDecodeError, 'odd signature algorithms');
  roundTrip(t, 50, '0002 0401');
  t.type(readBlock(block(50, '0002 0401')).signatureAlgorithmsCert, SignatureAlgorithmsCertExtension);
  rejects(t, 50, '0000', CH, TLSDecodeError, 'empty signature_algorithms_cert');
});

t.test('alpn', async (t) => {
  const alpn = roundTrip(t, 16, '000c 02 6832 08 687474702f312e31') as ALPNExtension;
  t.same(alpn.protocolNames, ['h2', 'http/1.1']);
  roundTrip(t, 16, '0003 02 6832', SH);
  rejects(t, 16, '0000', CH, TLSDecodeError, 'empty list');
  rejects(t, 16, '0001 00', CH, TLSDecodeError, 'empty name');
  rejects(t, 16, '0004 02 6832 00', CH, TLSDecodeError, 'empty name after a good one');
  rejects(t, 16, '0006 02 6832 02 6833', SH, TLSDecodeError, 'server picks two');
  t.equal(toHex(serialize((w) => new ALPNExtension(['h2']).write(w))), '0003026832');
});

t.test('npn', async (t) => {
  const client = roundTrip(t, 13172, '') as NPNExtension;
  t.equal(client.protocols.length, 0);
  rejects(t, 13172, '02 6832', CH, TLSDecodeError, 'client body must be empty');
  const server = roundTrip(t, 13172, '02 6832 08 687474702f312e31', SH) as NPNExtension;
  t.equal(server.protocols.length, 2);
  rejects(t, 13172, '00', SH, TLSDecodeError, 'empty protocol');
  rejects(t, 13172, '03 6832', SH, TLSDecodeError, 'overlong protocol');
});

t.test('padding', async (t) => {
  const pad = roundTrip(t, 21, '00000000') as PaddingExtension;
  t.ok(pad.allZero);
  t.equal(pad.toString(), 'padding(4 zero bytes)');
  const odd = roundTrip(t, 21, '0001') as PaddingExtension;
  t.notOk(odd.allZero, 'non-zero padding is accepted but flagged');
  t.equal(toHex(serialize((w) => new PaddingExtension(3).write(w))), '000000');
  roundTrip(t, 21, '');
});

t.test('empty-bodied extensions', async (t) => {
  for (const [type, cls] of [
    [22, EncryptThenMACExtension],
    [23, ExtendedMasterSecretExtension],
  ] as const) {
    t.type(roundTrip(t, type, ''), cls);
    t.type(roundTrip(t, type, '', SH), cls);
    rejects(t, type, '00', CH, TLSDecodeError, `${cls.name} with a body`);
  }
});

t.test('renegotiation_info, session_ticket, srp, cookie, psk modes', async (t) => {
  t.equal((roundTrip(t, 0xff01, '00') as RenegotiationInfoExtension).renegotiatedConnection.length, 0);
  t.equal((roundTrip(t, 0xff01, '0c' + '11'.repeat(12), SH) as RenegotiationInfoExtension).renegotiatedConnection.length, 12);
  rejects(t, 0xff01, '', CH, TLSDecodeError, 'missing length');
  rejects(t, 0xff01, '01', CH, TLSDecodeError, 'short');
  rejects(t, 0xff01, '00 00', CH, TLSDecodeError, 'trailing');
  t.equal((roundTrip(t, 35, '') as SessionTicketExtension).ticket.length, 0);
  t.equal((roundTrip(t, 35, 'abcdef') as SessionTicketExtension).ticket.length, 3);
  t.equal(new TextDecoder().decode((roundTrip(t, 12, '04 75736572') as SRPExtension).identity), 'user');
  rejects(t, 12, '00', CH, TLSDecodeError, 'empty srp identity');
  t.equal((roundTrip(t, 44, '0002 abcd') as CookieExtension).cookie.length, 2);
  rejects(t, 44, '0000', CH, TLSDecodeError, 'empty cookie');
  t.same((roundTrip(t, 45, '01 01') as PskKeyExchangeModesExtension).modes, [1]);
  rejects(t, 45, '00', CH, TLSDecodeError, 'empty modes');
});

t.test('record_size_limit and heartbeat', async (t) => {
  t.equal((roundTrip(t, 28, '4000') as RecordSizeLimitExtension).recordSizeLimit, 16384);
  t.equal((roundTrip(t, 28, '0040') as RecordSizeLimitExtension).recordSizeLimit, 64);
  rejects(t, 28, '003f', CH, TLSIllegalParameterException, 'RFC 8449 4: below 64');
  rejects(t, 28, '40', CH, TLSDecodeError, 'short');
  rejects(t, 28, '400000', CH, TLSDecodeError, 'long');
  t.equal((roundTrip(t, 15, '01') as HeartbeatExtension).mode, 1);
  t.equal((roundTrip(t, 15, '02', SH) as HeartbeatExtension).mode, 2);
  rejects(t, 15, '00', CH, TLSIllegalParameterException, 'RFC 6520 2: unknown mode');
  rejects(t, 15, '03', CH, TLSIllegalParameterException, 'RFC 6520 2: unknown mode');
  rejects(t, 15, '', CH, TLSDecodeError, 'no mode');
});

t.test('status_request', async (t) => {
  const ocsp = roundTrip(t, 5, '01 0000 0000') as StatusRequestExtension;
  t.equal(ocsp.statusType, 1);
  t.equal(toHex(serialize((w) => StatusRequestExtension.ocsp().write(w))), '0100000000');
  const withIds = roundTrip(t, 5, '01 0007 0002 aabb 0001 cc 0003 300100') as StatusRequestExtension;
  t.equal(withIds.responderIds.length, 2);
  t.equal(withIds.requestExtensions.length, 3);
  roundTrip(t, 5, '', SH);
  rejects(t, 5, '01', SH, TLSDecodeError, 'server hello body must be empty');
  rejects(t, 5, '01 0002 0000 0000', CH, TLSDecodeError, 'empty responder id');
  rejects(t, 5, '01 0000', CH, TLSDecodeError, 'missing request_extensions');
  const unknown = roundTrip(t, 5, '02 1234') as StatusRequestExtension;
  t.equal(unknown.request?.length, 2, 'unknown status type kept raw');
  const cert = roundTrip(t, 5, '01 000003 300100', { message: 'certificate' }) as StatusRequestExtension;
  t.equal(cert.ocspResponse?.length, 3);
  rejects(t, 5, '01 000000', { message: 'certificate' }, TLSDecodeError, 'empty OCSP response');
});

t.test('tack', async (t) => {
  const client = roundTrip(t, 0xf300, '') as TACKExtension;
  t.equal(client.tacks, undefined);
  rejects(t, 0xf300, '00', CH, TLSDecodeError, 'client body must be empty');
  const tack = 'aa'.repeat(64) + '01' + '02' + '00000010' + 'bb'.repeat(32) + 'cc'.repeat(64);
  const server = roundTrip(t, 0xf300, '00a6' + tack + '01', SH) as TACKExtension;
  t.equal(server.tacks!.length, 1);
  t.equal(server.tacks![0]!.expiration, 16);
  t.equal(server.activationFlags, 1);
  roundTrip(t, 0xf300, '0000 00', SH);
  rejects(t, 0xf300, '00a5' + tack.slice(2) + '01', SH, TLSDecodeError, 'partial TACK');
  rejects(t, 0xf300, '0000', SH, TLSDecodeError, 'missing activation flags');
});

t.test('cert_type', async (t) => {
  t.same((roundTrip(t, 9, '02 00 01') as CertTypeExtension).certTypes, [0, 1]);
  t.same((roundTrip(t, 9, '00', SH) as CertTypeExtension).certTypes, [0]);
  rejects(t, 9, '00', CH, TLSDecodeError, 'empty list');
  rejects(t, 9, '0000', SH, TLSDecodeError, 'server sends one type');
});

t.test('TLS 1.3 extensions', async (t) => {
  t.same((roundTrip(t, 43, '04 0304 0303') as SupportedVersionsExtension).versions, [0x0304, 0x0303]);
  t.same((roundTrip(t, 43, '0304', SH) as SupportedVersionsExtension).versions, [0x0304]);
  roundTrip(t, 43, '0304', { message: 'hello_retry_request' });
  rejects(t, 43, '00', CH, TLSDecodeError, 'empty versions');
  rejects(t, 43, '03 0304 03', CH, TLSDecodeError, 'odd versions');
  rejects(t, 43, '030403', SH, TLSDecodeError, 'server: trailing');
  const ks = roundTrip(t, 51, '0024 001d 0020' + '11'.repeat(32)) as KeyShareExtension;
  t.equal(ks.shares[0]!.group, GroupName.x25519);
  roundTrip(t, 51, '0000');
  roundTrip(t, 51, '001d 0020' + '11'.repeat(32), SH);
  t.equal((roundTrip(t, 51, '0017', { message: 'hello_retry_request' }) as KeyShareExtension).selectedGroup, 23);
  rejects(t, 51, '000a 001d 0001 11 001d 0001 22', CH, TLSIllegalParameterException, 'two shares for one group');
  rejects(t, 51, '0004 001d 0000', CH, TLSDecodeError, 'empty key_exchange');
  const shares = new KeyShareExtension('client_hello', [{ group: 29, keyExchange: new Uint8Array(32) }]);
  t.match(shares.toString(), /x25519:32 bytes/);
});

t.test('the list: typed fields, order, unknown types, duplicates', async (t) => {
  const bytes = hex(`0026
    0000 0008 0006 00 0003 616263
    fe00 0003 010203
    0017 0000
    000b 0002 0100
    ff01 0001 00
    0a0a 0000`);
  const list = readBlock(bytes);
  t.same(list.types, [0, 0xfe00, 23, 11, 0xff01, 0x0a0a]);
  t.type(list.extendedMasterSecret, ExtendedMasterSecretExtension);
  t.type(list.ecPointFormats, ECPointFormatsExtension);
  t.type(list.renegotiationInfo, RenegotiationInfoExtension);
  t.equal(list.serverName?.hostName, 'abc');
  t.equal(list.supportedGroups, undefined);
  t.equal(list.unknown.length, 2);
  t.type(list.get(0xfe00), OpaqueExtension);
  t.equal(toHex((list.get(0xfe00) as OpaqueExtension).data), '010203');
  t.equal(toHex(serialize((w) => list.write(w))), toHex(bytes), 'byte-exact including unknown types');
  t.match(list.toString(), /extended_master_secret\(\)/);
  t.equal(list.length, 6);
});

t.test('duplicates and framing', async (t) => {
  const dup = hex('0008 0017 0000 0017 0000');
  t.type(thrown(() => readBlock(dup)), TLSIllegalParameterException, 'duplicate type');
  const dupUnknown = hex('0008 fe00 0000 fe00 0000');
  t.type(thrown(() => readBlock(dupUnknown)), TLSIllegalParameterException, 'duplicate unknown type');
  t.type(thrown(() => readBlock(hex('0005 0017 0000'))), TLSDecodeError, 'block length too long');
  t.type(thrown(() => readBlock(hex('0003 0017 00'))), TLSDecodeError, 'partial header');
  t.type(thrown(() => readBlock(hex('0004 0017 0001'))), TLSDecodeError, 'body overruns block');
  t.same(readBlock(hex('0000')).types, [], 'an empty block is valid');
  // pre_shared_key must be last in a ClientHello (RFC 8446 4.2.11)
  const offer = `0008 0002 abcd 00000010 0021 20${'55'.repeat(32)}`;
  const psk = `0029 ${(hex(offer).length).toString(16).padStart(4, '0')} ${offer}`;
  const withLength = (entries: string) => {
    const b = hex(entries);
    return new Uint8Array([b.length >> 8, b.length & 0xff, ...b]);
  };
  t.type(thrown(() => readBlock(withLength(`${psk} 0017 0000`))), TLSIllegalParameterException);
  t.same(readBlock(withLength(`0017 0000 ${psk}`)).types, [23, 41]);
  t.same(readBlock(withLength(`0029 0002 0000 0017 0000`), SH).types, [41, 23], 'only the ClientHello has that rule');
  t.throws(() => Extensions.of([new ExtendedMasterSecretExtension(), new ExtendedMasterSecretExtension()]), RangeError);
});

t.test('registry: an extension not parsed in a message is kept opaque', async (t) => {
  // padding in a ServerHello is not parsed (servers must not send it, RFC 7685 3)
  const list = readBlock(block(21, '0000'), SH);
  t.equal(list.padding, undefined);
  t.type(list.get(21), OpaqueExtension);
  const messages: ExtensionMessage[] = ['client_hello', 'server_hello', 'encrypted_extensions'];
  for (const m of messages) t.ok(defaultExtensionRegistry.lookup(m, ExtensionType.server_name), m);
  t.equal(defaultExtensionRegistry.fieldOf(ExtensionType.key_share), 'keyShare');
  const custom = defaultExtensionRegistry.with({
    cls: { type: 0xfe00, read: (p: Parser) => new OpaqueExtension(0xfe00, p.rest()) },
    field: 'experimental',
    messages: ['client_hello'],
  });
  const parsed = parseAll(hex('0006 fe00 0002 abcd'), (p) => Extensions.read(p, CH, custom));
  t.ok((parsed as unknown as Record<string, unknown>)['experimental'], 'custom field set');
});

t.test('every parser fails only with TLS errors on every truncation of its block', async (t) => {
  const samples: Array<[number, string, ExtensionContext]> = [
    [0, '000e 00 000b 6578616d706c652e636f6d', CH],
    [5, '01 0007 0002 aabb 0001 cc 0003 300100', CH],
    [16, '000c 02 6832 08 687474702f312e31', CH],
    [51, '0024 001d 0020' + '11'.repeat(32), CH],
    [0xf300, '0000 00', SH],
  ];
  for (const [type, body, ctx] of samples) {
    const bytes = block(type, body);
    for (let n = 0; n < bytes.length; n++) {
      const e = thrown(() => readBlock(bytes.subarray(0, n), ctx));
      if (!(e instanceof TLSError)) t.fail(`type ${type} prefix ${n}: ${String(e)}`);
    }
  }
  t.pass('done');
});

t.test('pre_shared_key, early_data, certificate_authorities, post_handshake_auth', async (t) => {
  const binder = '20' + '55'.repeat(32);
  const offer = `0008 0002 abcd 00000010 0021 ${binder}`;
  const psk = roundTrip(t, 41, offer) as PreSharedKeyExtension;
  t.equal(psk.identities[0]!.obfuscatedTicketAge, 16);
  t.equal(psk.binders[0]!.length, 32);
  t.equal(psk.bindersLength, 2 + 33);
  t.equal((roundTrip(t, 41, '0000', SH) as PreSharedKeyExtension).selectedIdentity, 0);
  rejects(t, 41, `0008 0002 abcd 00000010 0042 ${binder} ${binder}`, CH, TLSIllegalParameterException, 'two binders, one identity');
  rejects(t, 41, `0008 0002 abcd 00000010 0020 1f${'55'.repeat(31)}`, CH, TLSDecodeError, 'binder of 31 bytes');
  rejects(t, 41, `0000 0021 ${binder}`, CH, TLSDecodeError, 'no identities');
  rejects(t, 41, `0006 0000 00000010 0021 ${binder}`, CH, TLSDecodeError, 'empty identity');
  // The truncated hello ends where the binders list starts (RFC 8446 4.2.11.2).
  const hello = new Uint8Array([1, 2, 3, ...hex(offer)]);
  t.equal(toHex(truncatedClientHello(hello, psk)), '010203' + toHex(hex('0008 0002 abcd 00000010')));

  t.equal((roundTrip(t, 42, '') as EarlyDataExtension).maxEarlyDataSize, undefined);
  roundTrip(t, 42, '', { message: 'encrypted_extensions' });
  t.equal((roundTrip(t, 42, '00004000', { message: 'new_session_ticket' }) as EarlyDataExtension).maxEarlyDataSize, 16384);
  rejects(t, 42, '00', CH, TLSDecodeError, 'early_data with a body in a ClientHello');
  rejects(t, 42, '0000', { message: 'new_session_ticket' }, TLSDecodeError, 'short max_early_data_size');

  t.equal((roundTrip(t, 47, '0005 0003 300100') as CertificateAuthoritiesExtension).authorities.length, 1);
  rejects(t, 47, '0000', CH, TLSDecodeError, 'no authorities');
  rejects(t, 47, '0002 0000', CH, TLSDecodeError, 'empty name');
  t.type(roundTrip(t, 49, ''), PostHandshakeAuthExtension);
  rejects(t, 49, '00', CH, TLSDecodeError, 'post_handshake_auth with a body');
});

t.test('registry: misplaced extensions', async (t) => {
  const r = defaultExtensionRegistry;
  t.same(r.misplaced('encrypted_extensions', [0, 16, 43, 21, 0xfe00]), [43, 21], 'supported_versions and padding do not belong in EE');
  t.same(r.misplaced('client_hello', [0, 41, 45]), []);
  t.same(r.misplaced('server_hello', [45]), [45], 'psk_key_exchange_modes is ClientHello-only');
});
