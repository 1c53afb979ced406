// Colours by role, and the markers that carry the same meaning when colour is off (NO_COLOR, https://no-color.org).
// Markers are narrow symbols only: emoji with VS16 break box borders in Ink 6.8.
import {createContext, useContext} from 'react';

export type Theme = {
	/** False when NO_COLOR is set: every colour below is undefined, markers and attributes remain. */
	color: boolean;
	sent?: string;
	/** Reply colours by class: 2xx, 3xx, 4xx, 5xx. */
	reply: {2?: string; 3?: string; 4?: string; 5?: string};
	info?: string;
	error?: string;
	warning?: string;
	/** Secondary text (explanations, hints); also drawn with Ink's dimColor attribute. */
	dim?: string;
	border?: string;
	focusBorder?: string;
	accent?: string;
};

/** Meaning-carrying markers, used with or without colour. */
export const MARK = {
	sent: '→',
	received: '←',
	info: '•',
	error: '✖',
	done: '✔',
	active: '▸',
	pending: '·',
	skipped: '-',
	warning: '!',
} as const;

const colourful: Omit<Theme, 'color'> = {
	sent: 'cyan',
	reply: {2: 'green', 3: 'blue', 4: 'yellow', 5: 'red'},
	info: 'gray',
	error: 'red',
	warning: 'yellow',
	dim: 'gray',
	border: 'gray',
	focusBorder: 'cyan',
	accent: 'magenta',
};

/** The theme for an environment: NO_COLOR set to any non-empty value turns colour off. */
export function createTheme(env: Record<string, string | undefined>): Theme {
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return {color: false, reply: {}};
	return {color: true, ...colourful, reply: {...colourful.reply}};
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
