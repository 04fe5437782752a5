/**
 * The client's check of the server's ALPN answer (RFC 7301 3.1), shared by
 * the TLS 1.2 (ServerHello) and TLS 1.3 (EncryptedExtensions) clients:
 * exactly one protocol, one we offered, else illegal_parameter.
 */
import t from 'tap';
import { AlertDescription } from '../../src/constants.js';
import { alertFor, TLSIllegalParameterException } from '../../src/errors.js';
import { serverAlpnChoice } from '../../src/handshake/shared.js';

const b = (s: string) => new TextEncoder().encode(s);
const offered = [b('h2'), b('http/1.1')];

t.equal(serverAlpnChoice(offered, undefined), undefined, 'no answer: no protocol');
t.same(serverAlpnChoice(offered, { protocols: [b('http/1.1')] }), b('http/1.1'), 'one we offered');
for (const [why, protocols] of [
  ['one we did not offer', [b('spdy/3')]],
  ['two protocols', [b('h2'), b('http/1.1')]],
  ['no protocol', []],
  ['a prefix of one we offered', [b('h')]],
] as const) {
  t.throws(() => serverAlpnChoice(offered, { protocols }), TLSIllegalParameterException, why);
}
t.throws(() => serverAlpnChoice([], { protocols: [b('h2')] }), TLSIllegalParameterException, 'an answer when we offered nothing');
try {
  serverAlpnChoice(offered, { protocols: [b('x')] });
} catch (error) {
  t.equal(alertFor(error), AlertDescription.illegal_parameter, 'the alert is illegal_parameter');
}
