/**
 * Command-line parsing with tls.py's conventions (Python getopt): short
 * options take their value as the next word or glued (`-cFILE`), long
 * options as the next word or after `=`; `--` ends the options. Every
 * occurrence is kept in order, so repeatable options (-c/-k pairs, -a,
 * --cipherlist) keep theirs.
 *
 * @module
 */

/** An option's spelling and whether it takes a value. */
export interface OptionSpec {
  readonly takesValue: boolean;
}

/** One option as given. */
export interface GivenOption {
  readonly option: string;
  readonly value?: string;
}

/** The parsed command line. */
export interface ParsedArgs {
  readonly options: readonly GivenOption[];
  readonly positional: readonly string[];
}

/** A usage error: the caller prints usage and exits non-zero. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses `argv` against `specs` (keys like "-c", "--max-ver"). */
export function parseArgs(argv: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArgs {
  const options: GivenOption[] = [];
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word : word.slice(0, eq);
      const spec = specs[name];
      if (spec === undefined) throw new UsageError(`unknown option ${name}`);
      if (!spec.takesValue) {
        if (eq !== -1) throw new UsageError(`option ${name} takes no value`);
        options.push({ option: name });
        continue;
      }
      const value = eq !== -1 ? word.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      options.push({ option: name, value });
      continue;
    }
    if (word.startsWith('-') && word.length > 1) {
      const name = word.slice(0, 2);
      const spec = specs[name];
      if (spec === undefined) throw new UsageError(`unknown option ${name}`);
      if (!spec.takesValue) {
        if (word.length > 2) throw new UsageError(`option ${name} takes no value`);
        options.push({ option: name });
        continue;
      }
      const value = word.length > 2 ? word.slice(2) : argv[++i];
      if (value === undefined) throw new UsageError(`option ${name} needs a value`);
      options.push({ option: name, value });
      continue;
    }
    positional.push(word);
  }
  return { options, positional };
}

/** All values of `option`, in order. */
export function valuesOf(args: ParsedArgs, option: string): string[] {
  return args.options.filter((o) => o.option === option).map((o) => o.value ?? '');
}

/** The last value of `option`, or undefined. */
export function lastValue(args: ParsedArgs, option: string): string | undefined {
  const all = valuesOf(args, option);
  return all[all.length - 1];
}

/** Whether the flag `option` was given. */
export function hasFlag(args: ParsedArgs, option: string): boolean {
  return args.options.some((o) => o.option === option);
}

/** Splits HOST:PORT (IPv6 as [::1]:PORT); the port must be 0..65535. */
export function parseAddress(text: string | undefined): { host: string; port: number } {
  if (text === undefined) throw new UsageError('HOST:PORT is required');
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`expected HOST:PORT, got ${JSON.stringify(text)}`);
  const port = Number(m[3]);
  if (!Number.isInteger(port) || port > 65535) throw new UsageError(`port out of range: ${m[3]}`);
  return { host: m[1] ?? (m[2] || 'localhost'), port };
}

/** tls.py's version names: SSLv3, TLSv1.0 .. TLSv1.3. */
export function parseVersion(option: string, text: string): number {
  const versions: Record<string, number> = { sslv3: 0x0300, 'tlsv1.0': 0x0301, 'tlsv1.1': 0x0302, 'tlsv1.2': 0x0303, 'tlsv1.3': 0x0304 };
  const v = versions[text.toLowerCase()];
  if (v === undefined) throw new UsageError(`${option}: unknown version ${JSON.stringify(text)} (SSLv3, TLSv1.0, TLSv1.1, TLSv1.2 or TLSv1.3)`);
  return v;
}
