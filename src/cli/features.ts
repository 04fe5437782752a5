/**
 * The ONE place that says which command-line options need a feature this
 * build does not have yet. An option listed here fails at start with a
 * clear message (issue 6) instead of being ignored or failing
 * mid-handshake.
 *
 * Each feature is detected from the library itself, so merging the
 * branch that builds it switches its options on without editing this
 * file: SRP when `VerifierDB` is exported and TLSConnection has
 * `handshakeClientSRP`; TLS 1.3 when `MAX_IMPLEMENTED_VERSION` reaches
 * TLS 1.3. To force an entry (e.g. while wiring), edit `FEATURES`.
 * The SRP options call those APIs (`handshakeClientSRP`, `verifierDB:
 * VerifierDB.open(path)`); the PSK options go into `settings.pskConfigs`.
 *
 * @module
 */
import * as api from '../index.js';
import { ProtocolVersion } from '../constants.js';
import { MAX_IMPLEMENTED_VERSION } from '../settings.js';
import { TLSConnection } from '../connection/tls-connection.js';

/** A feature some options need. */
export interface Feature {
  /** Shown in the error message. */
  readonly description: string;
  /** Whether this build has it. */
  readonly built: boolean;
}

const exported = (name: string): boolean => (api as Record<string, unknown>)[name] !== undefined;

/** Features options may need, and whether they are built. */
export const FEATURES = {
  srp: {
    description: 'SRP (password authentication: -u/-p on the client, -v on the server)',
    built: exported('VerifierDB') && typeof (TLSConnection.prototype as unknown as Record<string, unknown>)['handshakeClientSRP'] === 'function',
  },
  tls13: {
    description: 'TLS 1.3',
    built: MAX_IMPLEMENTED_VERSION >= ProtocolVersion.TLS1_3,
  },
  // The server asks with the TLS 1.3 connection's post-handshake
  // CertificateRequest after the report (--request-pha), and fails the
  // connection without a certificate (--require-pha).
  postHandshakeAuth: {
    description: 'TLS 1.3 post-handshake authentication',
    built: typeof (TLSConnection.prototype as unknown as Record<string, unknown>)['requestPostHandshakeAuth'] === 'function',
  },
} as const satisfies Record<string, Feature>;

export type FeatureName = keyof typeof FEATURES;

/** Option -> the feature it needs. */
export const OPTION_FEATURES: Readonly<Record<string, FeatureName>> = {
  '-u': 'srp',
  '-p': 'srp',
  '-v': 'srp',
  '--psk': 'tls13',
  '--psk-ident': 'tls13',
  '--psk-sha384': 'tls13',
  '--request-pha': 'postHandshakeAuth',
  '--require-pha': 'postHandshakeAuth',
};

/** Option values that need a feature (e.g. `--max-ver TLSv1.3`). */
export const VALUE_FEATURES: ReadonlyArray<{ readonly option: string; readonly value: RegExp; readonly feature: FeatureName }> = [
  { option: '--max-ver', value: /^TLSv1\.3$/i, feature: 'tls13' },
  { option: '--min-ver', value: /^TLSv1\.3$/i, feature: 'tls13' },
];

/**
 * The message for the first option (or option value) in `given` whose
 * feature is not built, or undefined when all are available.
 */
export function missingFeature(given: ReadonlyArray<{ readonly option: string; readonly value?: string }>): string | undefined {
  for (const { option, value } of given) {
    const needs = OPTION_FEATURES[option];
    if (needs !== undefined && !FEATURES[needs].built) {
      return `${option} needs ${FEATURES[needs].description}, which this version of tlslite-ng does not have yet`;
    }
    for (const rule of VALUE_FEATURES) {
      if (rule.option === option && value !== undefined && rule.value.test(value) && !FEATURES[rule.feature].built) {
        return `${option} ${value} needs ${FEATURES[rule.feature].description}, which this version of tlslite-ng does not have yet`;
      }
    }
  }
  return undefined;
}
