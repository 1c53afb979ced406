// The one way a view that scrolls says what it hides: "↑ 3 above (Up, PgUp) · ↓ 86 more (Down, PgDn)". The help, the
// DATA preview and the inbox's list say it alike (the protocol log says what is new, and the key back to the live end).
import {groupDigits} from '../../smtp/digits.js';
import {keyFor} from '../keys/bindings.js';
import {GLYPH} from '../theme.js';
import {textWidth} from './display-text.js';

/** The keys after a count: "(Down, PgDn)". */
const keys = (line: 'view.up' | 'view.down', page: 'view.pageUp' | 'view.pageDown') => ` (${keyFor(line)}, ${keyFor(page)})`;

/** "↑ 3 above (Up, PgUp)"; without the keys where they do not act (a panel without the focus) or do not fit. */
export const linesAbove = (count: number, withKeys = true) => `${GLYPH.up} ${groupDigits(count)} above${withKeys ? keys('view.up', 'view.pageUp') : ''}`;

/** "↓ 86 more (Down, PgDn)". */
export const linesBelow = (count: number, withKeys = true) => `${GLYPH.down} ${groupDigits(count)} more${withKeys ? keys('view.down', 'view.pageDown') : ''}`;

/**
 * What is above and below, the fullest form that fits `width`: both with their keys; the keys below only (the way
 * on); none. Nothing hidden: ''.
 */
export function scrollIndicator(above: number, below: number, width: number, withKeys = true): string {
	const parts = (keysAbove: boolean, keysBelow: boolean) =>
		[above > 0 ? linesAbove(above, keysAbove) : '', below > 0 ? linesBelow(below, keysBelow) : ''].filter(Boolean).join(` ${GLYPH.separator} `);
	const forms = withKeys ? [parts(true, true), parts(false, true), parts(false, false)] : [parts(false, false)];
	return forms.find(form => textWidth(form) <= width) ?? forms.at(-1)!;
}
