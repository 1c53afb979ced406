// A MAIL FROM or RCPT TO parameter typed by hand whose extension the server did not advertise: it will likely answer
// 555 (RFC 5321 §4.1.1.11), whatever else the line gets right; a SIZE= the server will refuse by RFC 1870. Said
// before the line goes (it still goes).
import {groupDigits} from './digits.js';
import type {Command, Extensions} from './types.js';

/** The EHLO keyword that offers a parameter; BODY=BINARYMIME is CHUNKING's companion BINARYMIME (RFC 3030). */
function offeredBy(name: string, value: string | true): string | undefined {
	switch (name) {
		case 'SMTPUTF8':
			return 'SMTPUTF8';
		case 'SIZE':
			return 'SIZE';
		case 'BODY':
			return typeof value === 'string' && value.toUpperCase() === 'BINARYMIME' ? 'BINARYMIME' : '8BITMIME';
		case 'RET':
		case 'ENVID':
		case 'NOTIFY':
		case 'ORCPT':
			return 'DSN';
		default:
			return undefined;
	}
}

/**
 * One warning per parameter of a typed MAIL or RCPT that the server does not offer. `extensions`: what EHLO
 * advertised (undefined before EHLO, or after HELO, which offers none). `said`: extensions another warning about
 * the line already names as missing (the address's SMTPUTF8).
 */
export function parameterWarnings(command: Command, extensions: Extensions | undefined, said: readonly string[] = []): string[] {
	if (command.verb !== 'MAIL' && command.verb !== 'RCPT') return [];
	return Object.entries(command.params ?? {}).flatMap(([name, value]) => {
		const keyword = offeredBy(name, value);
		if (keyword === 'SIZE' && extensions?.keywords.has(keyword)) return sizeWarning(value, extensions.size);
		if (keyword === undefined || extensions?.keywords.has(keyword) || said.includes(keyword)) return [];
		const parameter = value === true ? name : `${name}=${value}`;
		const why = extensions ? `this server does not offer ${keyword} (its EHLO reply does not list it)` : `only an EHLO reply can offer ${keyword}, and none came (HELO lists no extensions)`;
		return [`${why}, so the ${parameter} parameter will likely get 555 (a parameter the server does not recognise)`];
	});
}

/**
 * SIZE= to a server that offers SIZE: the value must be octets in digits (RFC 1870 §3 size-value), and one over the
 * limit its EHLO reply declares is refused with 552 (§6.1). A limit of 0 or none declared: no fixed limit to judge.
 */
function sizeWarning(value: string | true, limit: number | undefined): string[] {
	if (value === true || !/^\d{1,20}$/.test(value)) {
		return [`SIZE= takes the message's size in octets, in at most 20 digits (RFC 1870), so SIZE${value === true ? '' : `=${value}`} will likely get 501 (a syntax error in the parameters)`];
	}
	if (limit === undefined || limit === 0 || Number(value) <= limit) return [];
	return [`SIZE=${value} is over this server's limit of ${groupDigits(limit)} octets (its EHLO reply says SIZE ${limit}), so this MAIL will likely get 552 (the message is too big for the server)`];
}
