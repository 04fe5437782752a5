/** The integrations are reachable from the package's main entry point. */
import t from 'tap';
import * as api from '../../src/index.js';

t.test('tlslite-ng exports the integrations', async (t) => {
  for (const name of [
    'TLSAgent',
    'ClientContext',
    'undiciConnector',
    'createUndiciAgent',
    'startTLSClient',
    'startTLSServer',
    'LineChannel',
    'MailProtocolError',
    'SMTPClient',
    'IMAPClient',
    'POP3Client',
  ]) {
    t.equal(typeof (api as Record<string, unknown>)[name], 'function', `exports ${name}`);
  }
});
