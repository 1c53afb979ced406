// --background light|dark, checked: the dashboard's, replay's and inbox's (projectors with a white background).
import {UsageError} from '../headless/command.js';
import {flagChoice} from '../headless/flags.js';
import type {Background} from './theme.js';

const BACKGROUNDS: readonly Background[] = ['dark', 'light'];

/** --background, or undefined to go by COLORFGBG (see createTheme). */
export function backgroundFlag(flags: Record<string, unknown>): Background | undefined {
	if (flags.background === undefined) return undefined;
	const background = flagChoice(flags.background, BACKGROUNDS);
	if (background === undefined) throw new UsageError(`--background must be dark or light, not "${String(flags.background)}"`, 'light is for a terminal with a white or pale background: no yellow or cyan text');
	return background;
}
