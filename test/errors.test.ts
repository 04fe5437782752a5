import t from 'tap';
import * as errors from '../src/errors.js';
import { AlertDescription, AlertLevel } from '../src/constants.js';

t.test('protocol exceptions name the alert the RFC asks for', async (t) => {
  const cases: [new (m: string) => errors.TLSProtocolException, number][] = [
    [errors.TLSIllegalParameterException, 47],
    [errors.TLSDecodeError, 50],
    [errors.TLSUnexpectedMessage, 10],
    [errors.TLSRecordOverflow, 22],
    [errors.TLSDecryptionFailed, 21],
    [errors.TLSBadRecordMAC, 20],
    [errors.TLSInsufficientSecurity, 71],
    [errors.TLSUnknownPSKIdentity, 115],
    [errors.TLSHandshakeFailure, 40],
    [errors.TLSDecryptError, 51],
    [errors.TLSProtocolVersionError, 70],
    [errors.TLSMissingExtension, 109],
    [errors.TLSUnsupportedExtension, 110],
    [errors.TLSBadCertificate, 42],
  ];
  for (const [Class, alert] of cases) {
    const e = new Class('why');
    t.equal(e.alert, alert, `${e.name} -> ${AlertDescription.nameOf(alert)}`);
    t.equal(errors.alertFor(e), alert);
    t.ok(e instanceof errors.TLSProtocolException && e instanceof errors.TLSError && e instanceof Error);
    t.equal(e.message, 'why');
  }
});

t.test('alerts carry their description and level, and print by name', async (t) => {
  const local = new errors.TLSLocalAlert(AlertDescription.bad_record_mac, AlertLevel.fatal, 'record 3');
  t.equal(local.description, 20);
  t.equal(local.level, 2);
  t.equal(local.descriptionName, 'bad_record_mac');
  t.equal(local.message, 'bad_record_mac: record 3');
  t.equal(errors.alertFor(local), 20);
  const remote = new errors.TLSRemoteAlert(250);
  t.equal(remote.message, '0xfa', 'an unknown description prints as hex');
  t.equal(remote.level, AlertLevel.fatal);
  t.ok(remote instanceof errors.TLSAlert);
});

t.test('anything else becomes internal_error', async (t) => {
  t.equal(errors.alertFor(new Error('bug')), 80);
  t.equal(errors.alertFor(new errors.TLSInternalError('bug')), 80);
  t.equal(errors.alertFor('not even an error'), 80);
});

t.test('authentication errors form the seed hierarchy', async (t) => {
  for (const Class of [
    errors.TLSNoAuthenticationError,
    errors.TLSAuthenticationTypeError,
    errors.TLSFingerprintError,
    errors.TLSAuthorizationError,
  ]) {
    t.ok(new Class('x') instanceof errors.TLSAuthenticationError);
  }
  const v = new errors.TLSValidationError('expired', { notAfter: 1 });
  t.ok(v instanceof errors.TLSAuthenticationError);
  t.same(v.info, { notAfter: 1 });
});
