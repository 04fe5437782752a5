/**
 * What `tlslite client` and `tlslite server` share: loading -c/-k
 * pairs, and turning tls.py's options into HandshakeSettings.
 *
 * @module
 */
import fs from 'node:fs';
import { HandshakeSettings, validateSettings, ALL_DH_GROUP_NAMES, CURVE_NAMES, type HandshakeSettingsInit } from '../settings.js';
import { X509CertChain } from '../x509/cert-chain.js';
import { parsePEMKey } from '../x509/keys.js';
import { pemDecode } from '../x509/pem.js';
import { readDER, Tag } from '../x509/der.js';
import { fromHex } from '../crypto/bytes.js';
import { UsageError, hasFlag, lastValue, parseVersion, valuesOf, type ParsedArgs } from './args.js';
import type { KeyPair } from './key-select.js';

function readText(option: string, file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${option} ${file}: ${(error as Error).message}`);
  }
}

/** The -c/-k pairs, in order: the n-th -c goes with the n-th -k. */
export function loadKeyPairs(args: ParsedArgs): KeyPair[] {
  const certs = valuesOf(args, '-c');
  const keys = valuesOf(args, '-k');
  if (certs.length !== keys.length) throw new UsageError('each -c CERT needs its -k KEY (and the other way round)');
  return certs.map((certFile, i) => {
    const keyFile = keys[i]!;
    let certChain: X509CertChain;
    try {
      certChain = X509CertChain.fromPEM(readText('-c', certFile));
    } catch (error) {
      throw new UsageError(`-c ${certFile}: not a PEM certificate chain (${(error as Error).message})`);
    }
    let privateKey;
    try {
      privateKey = parsePEMKey(readText('-k', keyFile), { private: true });
    } catch (error) {
      throw new UsageError(`-k ${keyFile}: not a PEM private key (${(error as Error).message})`);
    }
    return { certChain, privateKey };
  });
}

/** Reads `openssl dhparam` output (PEM "DH PARAMETERS": SEQUENCE { p INTEGER, g INTEGER }, PKCS #3). */
export function readDHParams(file: string): { p: bigint; g: bigint } {
  const text = readText('--param', file);
  try {
    const seq = readDER(pemDecode(text, 'DH PARAMETERS'), Tag.SEQUENCE, 'DHParameter');
    const p = seq.unsignedInteger('prime');
    const g = seq.unsignedInteger('base');
    return { p, g };
  } catch (error) {
    throw new UsageError(`--param ${file}: not PEM DH parameters (${(error as Error).message})`);
  }
}

/** The PSK options (TLS 1.3: the feature table gates them). */
function pskConfigs(args: ParsedArgs): HandshakeSettingsInit['pskConfigs'] {
  const psk = lastValue(args, '--psk');
  if (psk === undefined) {
    if (hasFlag(args, '--psk-ident') || hasFlag(args, '--psk-sha384')) throw new UsageError('--psk-ident and --psk-sha384 need --psk');
    return undefined;
  }
  if (!/^([0-9a-fA-F]{2})+$/.test(psk)) throw new UsageError('--psk: expected hex digits (without 0x)');
  const ident = new TextEncoder().encode(lastValue(args, '--psk-ident') ?? 'Client_identity');
  return [[ident, fromHex(psk), hasFlag(args, '--psk-sha384') ? 'sha384' : 'sha256']];
}

/** HandshakeSettings from the options both commands take, validated (bad values are usage errors). */
export function buildSettings(args: ParsedArgs, extra: HandshakeSettingsInit = {}): HandshakeSettings {
  const init: HandshakeSettingsInit = {};
  let minVersion: number | undefined;
  if (hasFlag(args, '--ssl3')) minVersion = 0x0300;
  const minVer = lastValue(args, '--min-ver');
  if (minVer !== undefined) minVersion = parseVersion('--min-ver', minVer);
  if (minVersion !== undefined) init.minVersion = minVersion;
  const maxVer = lastValue(args, '--max-ver');
  if (maxVer !== undefined) init.maxVersion = parseVersion('--max-ver', maxVer);
  // The default version list stops at TLS 1.0; SSLv3 has to be listed to be allowed.
  if (minVersion !== undefined && minVersion <= 0x0300) init.versions = [0x0304, 0x0303, 0x0302, 0x0301, 0x0300];
  const ciphers = valuesOf(args, '--cipherlist');
  if (ciphers.length > 0) init.cipherNames = ciphers;
  const groups = lastValue(args, '--groups');
  if (groups !== undefined) {
    const names = groups.split(',').map((g) => g.trim()).filter((g) => g !== '');
    const unknown = names.filter((g) => !CURVE_NAMES.includes(g) && !ALL_DH_GROUP_NAMES.includes(g));
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(`--groups: unknown group ${unknown[0] ?? '(none given)'} (known: ${[...CURVE_NAMES, ...ALL_DH_GROUP_NAMES].join(', ')})`);
    }
    const curves = names.filter((g) => CURVE_NAMES.includes(g));
    init.eccCurves = curves;
    init.dhGroups = names.filter((g) => ALL_DH_GROUP_NAMES.includes(g));
    init.keyShares = names.slice(0, 2);
    if (curves.length > 0) init.defaultCurve = curves[0]!;
  }
  const param = lastValue(args, '--param');
  if (param !== undefined) init.dhParams = readDHParams(param);
  const psk = pskConfigs(args);
  if (psk !== undefined) init.pskConfigs = psk;
  const tickets = lastValue(args, '--tickets');
  if (tickets !== undefined) {
    if (!/^\d+$/.test(tickets)) throw new UsageError('--tickets: expected a count (0 or more)');
    init.ticketCount = Number(tickets);
  }
  const settings = new HandshakeSettings({ ...init, ...extra });
  try {
    validateSettings(settings);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return settings;
}

/** -l LABEL / -L LENGTH (the exporter, RFC 5705). */
export function exporterOptions(args: ParsedArgs): { exporterLabel?: string; exporterLength?: number } {
  const label = lastValue(args, '-l');
  const length = lastValue(args, '-L');
  if (length !== undefined && (!/^\d+$/.test(length) || Number(length) < 1)) throw new UsageError('-L: expected a positive length');
  if (length !== undefined && label === undefined) throw new UsageError('-L needs -l LABEL');
  return {
    ...(label !== undefined && { exporterLabel: label }),
    ...(length !== undefined && { exporterLength: Number(length) }),
  };
}
