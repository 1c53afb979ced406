// Reads a line typed in manual mode as a typed Command, so the engine can follow the conversation
// (the step rail moves on "MAIL FROM:<a>" typed by hand just as on a planned MAIL).
import type {Command} from './types.js';

function parseParams(text: string): Record<string, string | true> | undefined {
	const params: Record<string, string | true> = {};
	for (const word of text.trim().split(/\s+/).filter(Boolean)) {
		const equals = word.indexOf('=');
		if (equals === -1) params[word.toUpperCase()] = true;
		else params[word.slice(0, equals).toUpperCase()] = word.slice(equals + 1);
	}
	return Object.keys(params).length > 0 ? params : undefined;
}

/** `<addr> PARAMS` after `MAIL FROM:` / `RCPT TO:`; undefined when the path is not in angle brackets. */
function parsePath(rest: string): {address: string; params?: Record<string, string | true>} | undefined {
	const match = /^\s*<([^>]*)>(.*)$/.exec(rest);
	if (!match) return undefined;
	const params = parseParams(match[2]!);
	return params ? {address: match[1]!, params} : {address: match[1]!};
}

export function parseCommandLine(line: string): Command {
	// Leading blanks do not hide the verb: " AUTH PLAIN <secret>" is still AUTH, and redacted as such.
	const match = /^\s*(\S+)(?:\s+(.*))?$/.exec(line);
	if (!match) return {verb: 'RAW', line};
	const verb = match[1]!.toUpperCase();
	const argument = match[2] ?? '';
	switch (verb) {
		case 'EHLO':
		case 'HELO':
			return argument ? {verb, domain: argument} : {verb: 'RAW', line};
		case 'STARTTLS':
		case 'DATA':
		case 'RSET':
		case 'NOOP':
		case 'QUIT':
			return argument ? {verb: 'RAW', line} : {verb};
		case 'VRFY':
			return {verb, argument};
		case 'HELP':
			return argument ? {verb, argument} : {verb};
		case 'AUTH': {
			const [mechanism, initialResponse] = argument.split(/\s+/, 2);
			if (!mechanism) return {verb: 'RAW', line};
			return initialResponse === undefined ? {verb, mechanism} : {verb, mechanism, initialResponse};
		}
		case 'MAIL':
		case 'RCPT': {
			const prefix = verb === 'MAIL' ? /^FROM:/i : /^TO:/i;
			if (!prefix.test(argument)) return {verb: 'RAW', line};
			const path = parsePath(argument.replace(prefix, ''));
			if (!path) return {verb: 'RAW', line};
			return verb === 'MAIL'
				? {verb, from: path.address, ...(path.params && {params: path.params})}
				: {verb, to: path.address, ...(path.params && {params: path.params})};
		}
		default:
			return {verb: 'RAW', line};
	}
}
