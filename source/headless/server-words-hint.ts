// `smtp-tui smtp.example.com 587`: a server and port typed as words, as telnet takes them. The dashboard takes no
// word, so the hint gives the flags that were meant, ready to copy.
import {isIP} from 'node:net';
import {isHostName} from '../transport/host-port.js';

/** A port a server can listen on: 99999 or 0 offered as --port would only be refused next. */
const isPort = (word: string | undefined): word is string => word !== undefined && /^\d{1,5}$/.test(word) && Number(word) >= 1 && Number(word) <= 65_535;

/** A word that names a server: an address, localhost, or a name with a dot (a lone word is a mistyped command). */
function serverWord(word: string): boolean {
	return isIP(word) !== 0 || word === 'localhost' || (word.includes('.') && isHostName(word));
}

/**
 * The hint for words the dashboard was given: `words` as typed, in order. A server (with its port after it, or
 * after a colon) is meant for --host, a port alone for --port; other words get none.
 */
export function serverWordsHint(words: readonly string[]): string | undefined {
	const [first = '', second] = words;
	if (isPort(first)) return `a port goes after --port: --port ${first}`;
	// host:port, [IPv6]:port as a URL writes it; an IPv6 address alone has colons of its own.
	const colon = isIP(first) ? null : /^\[?(.+?)\]?:(\d+)$/.exec(first);
	const [host, port] = colon ? [colon[1]!, isPort(colon[2]) ? colon[2] : undefined] : [first, isPort(second) ? second : undefined];
	if (!serverWord(host)) return undefined;
	const target = port === undefined ? host : `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
	return `the server goes after --host: --host ${host}${port === undefined ? '' : ` --port ${port}`} (or see if it answers: smtp-tui check ${target})`;
}
