// A zoomed panel has the screen: the log (with manual mode's command line under it, which keeps its focus there) or
// the inbox. Tab and Shift+Tab never move the focus to a panel the zoom hides: a letter typed next would land in a
// field nobody sees (From, say). From the log the first press gives the screen back with the focus where it was; the
// next moves it. The inbox's letters are commands (Enter opens, s saves), so leaving the focus there would run a
// command a student meant to type elsewhere: Tab from a zoomed inbox gives the screen back and moves the focus at once.
import type {Panel} from '../keys/bindings.js';
import type {DashboardState} from './dashboard-state.js';

type ZoomState = Pick<DashboardState, 'focus' | 'log' | 'inboxZoomed'>;

/** The panels on screen while a zoom holds, or undefined with none. */
function zoomShows(state: ZoomState): ReadonlySet<Panel> | undefined {
	if (state.log.zoomed && (state.focus === 'log' || state.focus === 'command')) return new Set(['log', 'command']);
	if (state.inboxZoomed && state.focus === 'inbox') return new Set(['inbox']);
	return undefined;
}

/** Every panel back on screen. */
export function unzoom<State extends ZoomState>(state: State): State {
	const {inboxZoomed: _inbox, ...rest} = state;
	return {...rest, log: {...state.log, zoomed: false}} as State;
}

/** The focus moved to `target` (Tab, Shift+Tab): or, where the zoom hides it, the screen given back first. */
export function focusTo<State extends ZoomState>(state: State, target: Panel): State {
	const shown = zoomShows(state);
	if (!shown || shown.has(target)) return {...state, focus: target};
	return state.focus === 'inbox' ? {...unzoom(state), focus: target} : unzoom(state);
}

/** A zoom gives the screen back once the focus went (by another key: a mode change) to a panel it hides. */
export function unzoomAway<State extends ZoomState>(state: State): State {
	const logAway = state.log.zoomed && state.focus !== 'log' && state.focus !== 'command';
	const inboxAway = state.inboxZoomed && state.focus !== 'inbox';
	return logAway || inboxAway ? unzoom(state) : state;
}
