/**
 * STARTTLS: upgrading a connected plaintext socket to TLS in place, for
 * either side, and SMTP, IMAP and POP3 clients that do it (the seed's
 * SMTP_TLS, IMAP4_TLS and POP3_TLS).
 *
 * @module
 */
export { LineChannel, MailProtocolError, type LineChannelOptions } from './line-channel.js';
export { startTLSClient, startTLSServer, type StartTLSClientOptions, type StartTLSServerOptions } from './upgrade.js';
export { LineClient, type LineClientOptions } from './line-client.js';
export { SMTPClient, type SMTPClientOptions, type SMTPReply } from './smtp.js';
export { IMAPClient, type IMAPClientOptions, type IMAPResponse } from './imap.js';
export { POP3Client, type POP3ClientOptions } from './pop3.js';
