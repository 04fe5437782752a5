/**
 * SRP (RFC 5054): the arithmetic, the RFC groups and the VerifierDB.
 *
 * @module
 */
export { VerifierDB, VerifierDBError } from './verifier-db.js';
export type { SRPVerifierEntry } from './entry.js';
export { SRP_GROUPS, SRP_GROUP_BITS, findGroup, groupForBits, type SRPGroup } from './groups.js';
export { checkUsername, usernameFromWire, usernameProblem, MAX_USERNAME_BYTES } from './username.js';
export { clientPremaster, computeK, computeU, computeVerifier, computeX, serverSession } from './math.js';
