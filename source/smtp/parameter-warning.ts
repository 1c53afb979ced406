// A MAIL FROM or RCPT TO parameter typed by hand whose extension the server did not advertise: it will likely answer
// 555 (RFC 5321 §4.1.1.11), whatever else the line gets right. Said before the line goes (it still goes).
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
		if (keyword === undefined || extensions?.keywords.has(keyword) || said.includes(keyword)) return [];
		const parameter = value === true ? name : `${name}=${value}`;
		const why = extensions ? `this server does not offer ${keyword} (its EHLO reply does not list it)` : `only an EHLO reply can offer ${keyword}, and none came (HELO lists no extensions)`;
		return [`${why}, so the ${parameter} parameter will likely get 555 (a parameter the server does not recognise)`];
	});
}
