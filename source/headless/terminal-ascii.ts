// The headless commands' lines at a terminal whose locale is not UTF-8 (LANG=C, en_US.ISO-8859-1): there, by the
// dashboard's rule (glyphSetWanted: SMTP_TUI_ASCII=1 or 0 first), smtp-tui's own marks are written as ASCII stand-ins,
// not as UTF-8 bytes the terminal shows as `Â§` or `_`. A pipe or a file gets them as written: a transcript is read
// elsewhere, and JSON is UTF-8 by definition. The Linux console in a UTF-8 locale gets them as they are: every font of
// Debian's console-setup at 16 lines (Lat15, Uni2…; Fixed, VGA, Terminus) draws these marks; what they lack (✔ ✖ ↳ ⏎)
// only the dashboard draws, and its console set stands in for those.
import {glyphSetWanted} from '../text/glyph-set.js';

/** The marks smtp-tui's own words use, and what stands in for each (the dashboard's ASCII set's where it has one). */
const STAND_INS: Readonly<Record<string, string>> = {
	'§': 'section ',
	'—': '-',
	'–': '-',
	'…': '...',
	'→': '->',
	'←': '<-',
	'×': 'x',
	'⏎': '|',
	'•': '*',
	'·': '|',
	'✔': '+',
	'✖': 'x',
	'↳': '=>',
	'“': '"',
	'”': '"',
	'‘': "'",
	'’': "'",
};
const MARKS = new RegExp(`[${Object.keys(STAND_INS).join('')}]`, 'g');

/** `text` with the marks of STAND_INS in ASCII, a server's or a subject's too (the terminal could not show them); any other character as it is. */
export const asciiStandIns = (text: string): string => text.replace(MARKS, mark => STAND_INS[mark]!);

/** The streams forTerminal made write ASCII stand-ins (see writesAscii). */
const asciiStreams = new WeakSet<object>();

/**
 * Whether `stream` writes through asciiStandIns: text fitted to its width (wrapped, in aligned columns) takes them
 * first, as it will be shown ('…' is three columns there, '§' eight), or its lines overflow the terminal.
 */
export const writesAscii = (stream: object): boolean => asciiStreams.has(stream);

/** `stream`, or where it is a terminal that wants ASCII (glyphSetWanted), `stream` writing through asciiStandIns. */
export function forTerminal<T extends NodeJS.WritableStream>(stream: T, env: Record<string, string | undefined>): T {
	if ((stream as {isTTY?: boolean}).isTTY !== true || glyphSetWanted(env) !== 'ascii') return stream;
	const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
	const ascii = new Proxy(stream, {
		get(target, key) {
			if (key === 'write') return (chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? asciiStandIns(chunk) : chunk, ...rest);
			const value: unknown = Reflect.get(target, key, target);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
	asciiStreams.add(ascii);
	return ascii;
}
