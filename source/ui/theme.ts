// Colours by role, and the markers that carry the same meaning when colour is off (NO_COLOR, https://no-color.org).
// Markers are narrow symbols only: emoji with VS16 break box borders in Ink 6.8.
//
// The glyphs the dashboard's components draw live here, in a Unicode set, an ASCII set and the Linux console's set,
// chosen once at start (selectGlyphs): in a terminal whose locale is not UTF-8, tmux shows each non-ASCII character
// as "_", and the console's fonts draw no ✔ ✖ ○; then done and failed, sent and received, all read the same.
import {createContext, useContext} from 'react';
import chalk from 'chalk';
import type {BoxProps} from 'ink';
import {forcesNoColour} from './load-environment.js';
import {onLinuxConsole, type GlyphSet} from '../text/glyph-set.js';

export type Theme = {
	/** False when NO_COLOR is set: every colour below is undefined, markers and attributes remain. */
	color: boolean;
	/**
	 * Whether secondary text (hints, explanations, timestamps, steps to come) is drawn faint (SGR 2). Not in presenter
	 * mode: a projector washes faint text out, so it is drawn in the secondary colour instead (see `secondary`).
	 */
	faint: boolean;
	sent?: string;
	/** Reply colours by class: 2xx, 3xx, 4xx, 5xx. */
	reply: {2?: string; 3?: string; 4?: string; 5?: string};
	/**
	 * The log's words a reader reads: info lines, the replies' explanations, the lines typed for the message. Never
	 * colour 8 (bright black): it is the background in Solarized Dark, 4:1 on white, dark grey on the Linux console.
	 */
	info?: string;
	error?: string;
	warning?: string;
	/**
	 * Presenter mode's secondary text (hints, steps to come, reply times), which is not faint there. Never colour 8,
	 * as `info`: a grey of the fixed table with 256 colours, the text colour (undefined) with 16.
	 */
	dim?: string;
	border?: string;
	focusBorder?: string;
	accent?: string;
};

export type Marks = {
	sent: string;
	received: string;
	info: string;
	error: string;
	done: string;
	active: string;
	pending: string;
	skipped: string;
	/** A connection that was open and is no longer: no step, so not the rail's "-". */
	closed: string;
	warning: string;
};

type BorderStyle = NonNullable<BoxProps['borderStyle']>;

/** The other glyphs drawn: cut text, wrapped rows, separators, borders. */
type Glyphs = {
	/** Ends text cut to fit. */
	ellipsis: string;
	/** Starts a preview row that continues the line above (the wire has no line break there). */
	continued: string;
	/** "More below" in the log and the help. */
	down: string;
	/** "More above" in the help. */
	up: string;
	/** Around a choice too narrow to list (Left/Right change it). */
	previous: string;
	next: string;
	/** Draws the composer's body divider. */
	rule: string;
	/** Between the parts of a one-line summary. */
	separator: string;
	/** Sender to recipients in the inbox. */
	to: string;
	/** What an encoded header decodes to. */
	decoded: string;
	/** Stands for an invisible or bidi control character in shown text. */
	invisible: string;
	/** Columns by rows. */
	by: string;
	/** Box borders: a panel, and the focused panel or the step prompt (told apart without colour too). */
	border: BorderStyle;
	focusBorder: BorderStyle;
};

const UNICODE_MARKS: Marks = {
	sent: '→',
	received: '←',
	info: '•',
	error: '✖',
	done: '✔',
	active: '▸',
	// Hollow, not a dot: beside skipped's dash on the rail (`· STARTTLS - AUTH`) the two read alike.
	pending: '○',
	skipped: '-',
	// Stopped, as on a player: not the rail's "○ to come" nor its "-" (which read as a stray dash beside "closed").
	closed: '■',
	warning: '!',
};

// One column each, like the Unicode ones (the step rail's width is unchanged), except sent and received, which
// need two to be arrows: the log pads every marker to the widest.
const ASCII_MARKS: Marks = {
	sent: '->',
	received: '<-',
	info: '*',
	error: 'x',
	done: '+',
	active: '>',
	pending: 'o',
	skipped: '-',
	closed: '#',
	warning: '!',
};

const UNICODE_GLYPHS: Glyphs = {
	ellipsis: '…',
	continued: '»',
	down: '↓',
	up: '↑',
	previous: '◂',
	next: '▸',
	rule: '─',
	separator: '·',
	to: '→',
	decoded: '↳',
	invisible: '\uFFFD',
	by: '×',
	border: 'single',
	focusBorder: 'double',
};

const ASCII_GLYPHS: Glyphs = {
	ellipsis: '...',
	continued: '+',
	down: 'v',
	up: '^',
	previous: '<',
	next: '>',
	rule: '-',
	separator: '|',
	to: '->',
	decoded: '=>',
	invisible: '?',
	by: 'x',
	border: 'classic',
	// "double" in ASCII: = instead of - on top and bottom, so focus still shows without colour.
	focusBorder: {topLeft: '+', top: '=', topRight: '+', right: '|', bottomRight: '+', bottom: '=', bottomLeft: '+', left: '|'},
};

// The Linux console (TERM=linux): no font of Debian's console-setup (Uni1-3, Lat15, Lat2; Fixed, VGA, Terminus) has
// ✔ ✖ ○ ↳, its Full* fonts (FullCyrSlav, FullGreek) and the kernel's own (code page 437) lack ▸ ◂ too, each drawn as
// the same replacement glyph: those are ASCII. The arrows, • · ■ » and box lines (htop and mc draw them there) stay,
// and … × as in the headless commands (terminal-ascii.ts): the fonts above have them (read from their unicode tables).
const CONSOLE_MARKS: Marks = {...ASCII_MARKS, sent: UNICODE_MARKS.sent, received: UNICODE_MARKS.received, info: UNICODE_MARKS.info, closed: UNICODE_MARKS.closed};
const {previous, next, decoded, invisible} = ASCII_GLYPHS;
const CONSOLE_GLYPHS: Glyphs = {...UNICODE_GLYPHS, previous, next, decoded, invisible};

/** What each mark says, for the help's legend: kept beside the marks, so the two cannot drift apart. */
const MARK_MEANINGS: Readonly<Record<keyof Marks, string>> = {
	done: 'Done: a step, the connection',
	active: 'Now: the current step, the focused field, the selected message',
	pending: 'A step still to come',
	skipped: 'A step left out (not needed, not offered), or ended unanswered',
	closed: 'The connection is closed',
	error: 'Failed, or an error',
	sent: 'A line sent to the server (in the inbox: sender → recipients)',
	received: "A line of the server's reply",
	info: "A note of smtp-tui's own",
	warning: "A warning (RCPT 1/3: some refused; inbox: another program's mail)",
};

/** The glyphs that carry a meaning too (the others cut text, draw borders and separate). */
const GLYPH_MEANINGS: Readonly<Partial<Record<keyof Glyphs, string>>> = {
	continued: 'The line above goes on (wrapped to fit)',
	decoded: 'What the header above decodes to',
};

/** Meaning-carrying markers, used with or without colour. Unicode until selectGlyphs says otherwise. */
export let MARK: Readonly<Marks> = UNICODE_MARKS;
export let GLYPH: Readonly<Glyphs> = UNICODE_GLYPHS;

const SETS: Readonly<Record<GlyphSet, {marks: Marks; glyphs: Glyphs}>> = {
	unicode: {marks: UNICODE_MARKS, glyphs: UNICODE_GLYPHS},
	ascii: {marks: ASCII_MARKS, glyphs: ASCII_GLYPHS},
	console: {marks: CONSOLE_MARKS, glyphs: CONSOLE_GLYPHS},
};

/** Each mark and meaning-carrying glyph of the set chosen, with what it says. */
export function legend(): Array<{mark: string; meaning: string}> {
	return [
		...(Object.keys(MARK_MEANINGS) as Array<keyof Marks>).map(name => ({mark: MARK[name], meaning: withGlyphs(MARK_MEANINGS[name])})),
		...(Object.keys(GLYPH_MEANINGS) as Array<keyof Glyphs>).map(name => ({mark: String(GLYPH[name]), meaning: GLYPH_MEANINGS[name]!})),
	];
}

// Each set's form of each Unicode glyph, for text written elsewhere (the key table's descriptions). In prose a "·"
// separates (the glyphs come after the marks, so they win where both use the same character).
const formsOf = ({marks, glyphs}: {marks: Marks; glyphs: Glyphs}) => new Map<string, string>([
	...(Object.keys(UNICODE_MARKS) as Array<keyof Marks>).map(name => [UNICODE_MARKS[name], marks[name]] as const),
	...(['ellipsis', 'continued', 'down', 'previous', 'next', 'rule', 'separator', 'to', 'decoded', 'invisible', 'by'] as const).map(name => [UNICODE_GLYPHS[name], glyphs[name]] as const),
]);
let forms = formsOf(SETS.unicode);

/** Picks the glyph set for the whole process: once, at start, before the first frame. */
export function selectGlyphs(set: GlyphSet): void {
	({marks: MARK, glyphs: GLYPH} = SETS[set]);
	forms = formsOf(SETS[set]);
}

/**
 * The UI's own text (never a server's: that is shown as it came) with the glyphs of the chosen set:
 * "auto → step" stays as it is in Unicode and reads "auto -> step" in ASCII and on the Linux console.
 */
export function withGlyphs(text: string): string {
	return GLYPH === UNICODE_GLYPHS ? text : text.replace(/[^\u0000-\u007F]/g, glyph => forms.get(glyph) ?? glyph);
}

/** The terminal's background: the palette that reads on it. */
export type Background = 'dark' | 'light';

type Palette = Omit<Theme, 'color' | 'faint'>;

// Named colours (the terminal's own 16) for 16-colour terminals; where it has 256 (chalk's level 2 and 3), the
// *_256 palettes replace those that read badly on their background with entries of xterm's fixed 256-colour table
// (the same in nearly every terminal). WCAG asks a contrast of 4.5 for text; the figures are xterm's.
const DARK: Palette = {
	sent: 'cyan',
	// Blue on black is 2.2 (bright blue 4.4): 3xx ("go on") in bright blue, told apart from the cyan sent lines.
	reply: {2: 'green', 3: 'blueBright', 4: 'yellow', 5: 'red'},
	// 16 colours have no grey but colour 8, whose shade is the palette's (see Theme.info): the text colour.
	info: undefined,
	error: 'red',
	warning: 'yellow',
	// Presenter mode's secondary text (not faint there) likewise: the text colour, which the rail's marks, the
	// footer's layout and the log's indent set apart. Borders may stay in colour 8 (not on the Linux console: createTheme): they are no text to read.
	dim: undefined,
	border: 'gray',
	focusBorder: 'cyan',
	accent: 'magenta',
};
// The log's explanations, and secondary text in presenter mode (hints, timestamps), in a grey of the fixed table (7.8
// on black, 5.6 on Solarized Dark's base03), not colour 8.
const DARK_256: Palette = {...DARK, reply: {...DARK.reply, 3: 'ansi256(69)'}, info: 'ansi256(247)', dim: 'ansi256(247)'};

// On white, yellow and cyan read at 1.7-3.5: blue and magenta stand in for them. Green reads at 2.2, and 16 colours
// have no darker one: 2xx (with the rail's and the connection's ✔) is drawn in the text colour, as is 3xx, which the
// blue of the sent lines would take for one of them.
const LIGHT: Palette = {...DARK, sent: 'blue', reply: {4: 'magenta', 5: 'red'}, warning: 'magenta', focusBorder: 'blue'};
// Dark green (4.7) for 2xx, and petrol blue (7.0) for 3xx, a hue apart from the sent lines' blue.
// A dark grey (7.1 on white) for the log's explanations and presenter mode's secondary text.
const LIGHT_256: Palette = {...LIGHT, reply: {...LIGHT.reply, 2: 'ansi256(28)', 3: 'ansi256(24)'}, info: 'ansi256(240)', dim: 'ansi256(240)'};

/**
 * The background COLORFGBG names, where a terminal sets it (rxvt, Konsole, iTerm2): "foreground;background" as colour
 * numbers, 7 and 15 being white ("0;15" is black on white); undefined when it is unset or names no basic colour.
 */
export function backgroundOf(env: Record<string, string | undefined>): Background | undefined {
	const last = env.COLORFGBG?.split(';').at(-1);
	if (last === undefined || !/^\d{1,2}$/.test(last) || Number(last) > 15) return undefined;
	return last === '7' || last === '15' ? 'light' : 'dark';
}

export type ThemeOptions = {
	/** --presenter: nothing faint. */
	presenter?: boolean;
	/** --background; else what COLORFGBG says; else dark. */
	background?: Background;
	/** The terminal's colours as chalk counts them (1: 16, 2: 256, 3: true colour); else what chalk detected. */
	colours?: number;
};

/** The theme for an environment: NO_COLOR set to any non-empty value turns colour off, and so does FORCE_COLOR=0. */
export function createTheme(env: Record<string, string | undefined>, options: ThemeOptions = {}): Theme {
	// The Linux console draws faint text in colour 8 whatever its colour (its "half-bright" colour, dark grey: 2.8:1
	// on its black), colour on or off: there secondary text is drawn as in presenter mode.
	const faint = options.presenter !== true && !onLinuxConsole(env);
	if ((env.NO_COLOR !== undefined && env.NO_COLOR !== '') || forcesNoColour(env)) return {color: false, faint, reply: {}};
	const light = (options.background ?? backgroundOf(env)) === 'light';
	const rich = (options.colours ?? chalk.level) >= 2;
	const palette = light ? (rich ? LIGHT_256 : LIGHT) : rich ? DARK_256 : DARK;
	// The console's colour 8 is its half-bright dark grey too, which draws a panel's border barely seen: the text colour
	// there (the focused one keeps its colour and double line).
	const border = onLinuxConsole(env) ? undefined : palette.border;
	return {color: true, faint, ...palette, border, reply: {...palette.reply}};
}

/** How secondary text is drawn: faint, or (presenter mode) in the secondary colour, or plain without colour. */
export function secondary(theme: Theme): {dimColor?: boolean; color?: string} {
	return theme.faint ? {dimColor: true} : {color: theme.dim};
}

/** Colour for a reply code (by its first digit), or undefined for unknown classes and when colour is off. */
export function replyColor(theme: Theme, code: number | undefined): string | undefined {
	if (code === undefined) return undefined;
	const kind = Math.floor(code / 100);
	return kind === 2 || kind === 3 || kind === 4 || kind === 5 ? theme.reply[kind] : undefined;
}

export const ThemeContext = createContext<Theme>(createTheme(process.env));

export function useTheme(): Theme {
	return useContext(ThemeContext);
}
