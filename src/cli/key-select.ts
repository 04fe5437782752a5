/**
 * Several certificates on one server (tls.py's repeated -c/-k, e.g. RSA
 * and ECDSA): the ClientHello is read ahead of the handshake, without
 * consuming it, and the first pair (in the order given) that the client
 * can use is chosen; the handshake then runs with that pair alone.
 *
 * "Can use": the client offers a suite that the certificate's key can
 * serve (`filterForCertificate`), and, when it sends
 * signature_algorithms (TLS 1.2, RFC 5246 7.4.1.4.1), a scheme for the
 * key's type. When the hello cannot be read (SSLv2 format, garbage, a
 * peer that stalls) the first pair is used and the handshake itself
 * answers with the proper alert.
 *
 * @module
 */
import type { Socket } from 'node:net';
import { ContentType, GroupName, SignatureScheme } from '../constants.js';
import { ECDSAKey } from '../crypto/ecdsa-key.js';
import { Parser } from '../codec/parser.js';
import { ClientHello } from '../messages/client-hello.js';
import { certificateAlgorithmOf } from '../handshake/bridge.js';
import { filterForCertificate } from '../suites.js';
import { preferCandidate } from '../handshake/certificate-select.js';
import type { X509CertChain } from '../x509/cert-chain.js';
import type { Key } from '../x509/keys.js';

/** A certificate chain and its private key (and the OCSP response to staple with it). */
export interface KeyPair {
  readonly certChain: X509CertChain;
  readonly privateKey: Key;
  readonly ocspResponse?: Uint8Array;
}

/** ClientHello bodies are small; a bigger one is not read ahead (the handshake deals with it). */
const MAX_HELLO = 0x10000;
/** How long to wait for the hello before giving up reading ahead. */
const PEEK_TIMEOUT_MS = 10_000;

/**
 * Reads the ClientHello from `socket` without consuming it (the bytes are
 * put back with `unshift`). Resolves undefined when it cannot be read.
 */
export function peekClientHello(socket: Socket): Promise<ClientHello | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (hello: ClientHello | undefined) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onEnd);
      socket.pause();
      if (size > 0) socket.unshift(Buffer.concat(chunks, size));
      resolve(hello);
    };
    const onEnd = () => finish(undefined);
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      const state = tryParse(Buffer.concat(chunks, size));
      if (state !== 'more') finish(state);
      else if (size > MAX_HELLO + 5 * 8) finish(undefined);
    };
    const timer = setTimeout(() => finish(undefined), PEEK_TIMEOUT_MS);
    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('error', onEnd);
  });
}

/** The hello, 'more' when more bytes are needed, undefined when it is not a readable TLS ClientHello. */
function tryParse(bytes: Buffer): ClientHello | undefined | 'more' {
  // Reassemble handshake bytes from the records received so far.
  const handshake: Buffer[] = [];
  let length = 0;
  let offset = 0;
  for (;;) {
    if (length >= 4) {
      const bodyLength = (handshake[0]!.length >= 4 ? handshake[0]! : Buffer.concat(handshake)).readUIntBE(1, 3);
      if (bodyLength > MAX_HELLO) return undefined;
      if (length >= 4 + bodyLength) {
        const all = Buffer.concat(handshake);
        if (all[0] !== 1) return undefined;
        try {
          return ClientHello.read(new Parser(all.subarray(4, 4 + bodyLength)));
        } catch {
          return undefined;
        }
      }
    }
    if (bytes.length - offset < 5) return 'more';
    if (bytes[offset] !== ContentType.handshake) return undefined;
    const recordLength = bytes.readUInt16BE(offset + 3);
    if (bytes.length - offset - 5 < recordLength) return 'more';
    handshake.push(bytes.subarray(offset + 5, offset + 5 + recordLength));
    length += recordLength;
    offset += 5 + recordLength;
  }
}

/** Whether a client that sent `hello` can use `pair`. */
export function clientCanUse(hello: ClientHello, pair: KeyPair): boolean {
  const alg = certificateAlgorithmOf(pair.privateKey);
  const suites = filterForCertificate(hello.cipherSuites, alg).filter((id) => id >> 8 !== 0x13);
  // TLS 1.3 suites fit any certificate: there the signature scheme decides (RFC 8446 4.4.2.2).
  const offersTls13 = hello.cipherSuites.some((id) => id >> 8 === 0x13);
  if (suites.length === 0 && !offersTls13) return false;
  const schemes = hello.extensions?.signatureAlgorithms?.schemes;
  if (schemes === undefined) return alg === 'rsa' || (alg === 'ecdsa' && curveOffered(hello, pair.privateKey));
  const names = schemes.map((s) => SignatureScheme.nameOf(s));
  switch (alg) {
    case 'rsa':
      return names.some((n) => n.startsWith('rsa_pkcs1_') || n.startsWith('rsa_pss_rsae_'));
    case 'rsa-pss':
      return names.some((n) => n.startsWith('rsa_pss_pss_'));
    case 'ecdsa':
      return names.some((n) => n.startsWith('ecdsa_')) && curveOffered(hello, pair.privateKey);
    case 'Ed25519':
      return names.includes('ed25519');
    case 'Ed448':
      return names.includes('ed448');
    default:
      return false;
  }
}

/** RFC 8422 5.1: an ECDSA certificate's curve must be one the client's supported_groups lists (when it sends one). */
function curveOffered(hello: ClientHello, key: Key): boolean {
  const groups = hello.extensions?.supportedGroups?.groups;
  if (groups === undefined || !(key instanceof ECDSAKey)) return true;
  return groups.some((g) => GroupName.nameOf(g) === key.curveName);
}

/**
 * The pair to use for this client: the first it can use, preferring one
 * issued by a CA it names in certificate_authorities (RFC 8446 4.2.4),
 * else the first.
 */
export function chooseKeyPair(hello: ClientHello | undefined, pairs: readonly KeyPair[]): KeyPair {
  if (pairs.length === 0) throw new RangeError('pairs must not be empty');
  if (hello === undefined || pairs.length === 1) return pairs[0]!;
  const authorities = hello.extensions?.certificateAuthorities?.authorities;
  return (preferCandidate(pairs, (p) => clientCanUse(hello, p), authorities) as KeyPair | undefined) ?? pairs[0]!;
}
