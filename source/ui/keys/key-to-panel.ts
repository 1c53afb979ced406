// The key that takes the focus from where it is to a panel: said wherever the dashboard sends the user to another
// panel (the certificate advice, a key that works only elsewhere), so the words are true from every panel.
import {keyFor, type Panel} from './bindings.js';

/** Where the focus is, and the panels Tab moves it through in order. */
export type FocusPlace = {focus: Panel; order: readonly Panel[]};

/** How many Tab presses, and how many Shift+Tab, from the focus to `target`: none where it is not on the screen. */
function presses({focus, order}: FocusPlace, target: Panel): {forward: number; back: number} | undefined {
	const to = order.indexOf(target);
	if (to < 0) return undefined;
	const back = (Math.max(0, order.indexOf(focus)) - to + order.length) % order.length;
	return {forward: (order.length - back) % order.length, back};
}

/**
 * The key that reaches the nearest of `targets` from the focus, the shorter way round the Tab order: to the connection
 * panel, "Shift+Tab" from the composer, "Shift+Tab twice" from the log, "Tab" from the inbox (the last panel); none
 * where the focus is on one of them, or none is on the screen.
 */
export function keyToPanel(place: FocusPlace, targets: Panel | readonly Panel[] = 'connection'): string | undefined {
	const ways = ([] as Panel[]).concat(targets).flatMap(target => presses(place, target) ?? []);
	if (ways.length === 0 || ways.some(way => way.back === 0)) return undefined;
	const [key, count] = ways
		.map(({forward, back}) => (forward < back ? [keyFor('focus.next'), forward] as const : [keyFor('focus.prev'), back] as const))
		.reduce((best, way) => (way[1] < best[1] ? way : best));
	return count === 1 ? key : `${key} ${count === 2 ? 'twice' : `${count} times`}`;
}
