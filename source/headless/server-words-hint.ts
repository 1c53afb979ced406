// `smtp-tui smtp.example.com 587`: a server and port typed as words, as telnet takes them. The dashboard takes no
// word, so the hint gives the flags that were meant, ready to copy.
import {isIP} from 'node:net';
import {isHostName} from '../transport/host-port.js';

const PORT = /^\d{1,5}$/;

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
	if (PORT.test(first)) return `a port goes after --port: --port ${first}`;
	const colon = /^(.+):(\d{1,5})$/.exec(first);
	const [host, port] = colon && !isIP(first) ? [colon[1]!, colon[2]] : [first, second !== undefined && PORT.test(second) ? second : undefined];
	if (!serverWord(host)) return undefined;
	const target = port === undefined ? host : `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
	return `the server goes after --host: --host ${host}${port === undefined ? '' : ` --port ${port}`} (or see if it answers: smtp-tui check ${target})`;
}
