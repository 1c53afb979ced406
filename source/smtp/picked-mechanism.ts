// A login refused after smtp-tui chose SCRAM or CRAM-MD5 on its own: a server that keeps the password hashed for
// logins (crypt, as Dovecot's and /etc/shadow's often are) cannot check these mechanisms and refuses even the right
// password, where PLAIN, which hands it the password to hash, would log in.
import {SCRAM_MECHANISMS} from './sasl-scram.js';

const HASH_BOUND = new Set([...SCRAM_MECHANISMS, 'CRAM-MD5']);

/** For a mechanism chosen without --auth: the password mechanism offered beside it (PLAIN, else LOGIN) to suggest. */
export function passwordFallback(mechanism: string, offered: readonly string[]): string | undefined {
	if (!HASH_BOUND.has(mechanism)) return undefined;
	const upper = new Set(offered.map(name => name.toUpperCase()));
	return ['PLAIN', 'LOGIN'].find(name => upper.has(name));
}

/**
 * The hint for a refusal of such a login, or undefined. `atAuth`: the reply answered AUTH itself; a SCRAM server that
 * sent its salt (server-first) holds the account's SCRAM keys, so its refusal is the password's. CRAM-MD5's
 * challenge comes before the server looks the account up, so any refusal of it may be this one.
 */
export function pickedMechanismHint(mechanism: string, fallback: string, atAuth: boolean): string | undefined {
	if (SCRAM_MECHANISMS.includes(mechanism) && !atAuth) return undefined;
	return `${mechanism} was chosen as the strongest the server offers (no --auth), and a server that keeps the password as a hash (crypt) cannot check it, so it refuses even the right password: if yours is right, try --auth ${fallback}`;
}
