#!/usr/bin/env node
/**
 * The `tlsdb` command (the seed's tlsdb.py) manages SRP verifier
 * databases. The SRP issue builds it; until then it says so and fails.
 *
 * @module
 */
process.stderr.write('tlsdb: not available yet in this version (SRP verifier databases are not built)\n');
process.exitCode = 2;
