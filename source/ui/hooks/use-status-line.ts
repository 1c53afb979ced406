// The footer's status line, and what makes it stale by itself: typed lines all sent, the step prompt's line gone,
// the server ending the session between runs, a SIGTSTP refused.
import {useEffect, useRef, useState, type Dispatch, type SetStateAction} from 'react';
import type {ControllerSnapshot} from '../../session/controller.js';
import {keyFor, type Mode} from '../keys/bindings.js';
import {SUSPEND_OFF} from '../key-hints.js';
import {RESET_CONFIRM_MS} from '../second-press.js';

/** Ctrl+S while a pasted script still goes out; said only until it is done. */
export const TYPED_LINES_GOING = `typed lines still going; ${keyFor('session.disconnect')} drops them`;

export type StatusLine = {
	status: string | undefined;
	setStatus: Dispatch<SetStateAction<string | undefined>>;
	/** Shows the question of a key that asks first (see SecondPress), gone when its time to answer is. */
	askTwice: (show: (text: string) => void, question: string) => void;
	/** Shows a reminder about the step prompt's keys, or about waiting: it goes with the line then on offer (or with
	 * the help or edit line then open). */
	hintStep: (text: string, given?: {overlay: Overlay | undefined}) => void;
	/** A step hint about a hold that ends by itself `ms` after it was last given: it goes then, unless given again. */
	hintUntil: (text: string, ms: number) => void;
	/**
	 * The dashboard is closing (Ctrl+C): `text` stays to the end, whatever else would be said meanwhile (the stopped
	 * run's own result, which comes as the QUIT goes, would otherwise hide "Ctrl+C again leaves at once").
	 */
	leave: (text: string) => void;
};

type Overlay = 'help' | 'stepEdit';

/** `overlay`: the help or the step prompt's edit line is open (the step prompt itself is the line on offer). */
export function useStatusLine(view: ControllerSnapshot, mode: Mode, overlay?: Overlay): StatusLine {
	const [status, setShown] = useState<string | undefined>(undefined);
	const leaving = useRef(false);
	const setStatus: Dispatch<SetStateAction<string | undefined>> = value => {
		if (!leaving.current) setShown(value);
	};
	const leave = (text: string) => {
		leaving.current = true;
		setShown(text);
	};
	const linesDone = view.linesWaiting === 0;
	useEffect(() => {
		if (linesDone) setStatus(current => (current === TYPED_LINES_GOING ? undefined : current));
	}, [linesDone]);
	// A question asked by the first of two presses goes when its time to answer does (the second press then only
	// asks again): shown later, it would promise what the next press no longer does.
	const askTwice = (show: (text: string) => void, question: string) => {
		show(question);
		setTimeout(() => setStatus(current => (current === question ? undefined : current)), RESET_CONFIRM_MS).unref();
	};
	// A reminder about the step prompt's keys, or about waiting, is about the line then on offer: it goes with it,
	// and gives back what it covered (the last result, "✔ queued as 2 (250)", under a double Enter's hold).
	const stepHint = useRef<{text: string; overlay?: string; covered?: string} | undefined>(undefined);
	const shownOverlay = useRef(overlay);
	shownOverlay.current = overlay;
	// `given`: the overlay the key was pressed under, when known (keys of one read come before the render between).
	const hintStep = (text: string, given?: {overlay: Overlay | undefined}) => {
		const hintOverlay = given ? given.overlay : shownOverlay.current;
		setStatus(current => {
			// A hint over a hint covers what the first one covered.
			const covered = current !== undefined && current === stepHint.current?.text ? stepHint.current.covered : current;
			stepHint.current = {text, overlay: hintOverlay, covered};
			return text;
		});
	};
	const dropHint = (text: string | undefined) => setStatus(current => (current !== undefined && current === text ? stepHint.current?.covered : current));
	const holdEnds = useRef<NodeJS.Timeout | undefined>(undefined);
	const hintUntil = (text: string, ms: number) => {
		hintStep(text);
		clearTimeout(holdEnds.current);
		holdEnds.current = setTimeout(() => dropHint(text), ms).unref();
	};
	useEffect(() => () => clearTimeout(holdEnds.current), []);
	const offered = view.session.proposed?.display;
	// Gone too when the mode changes: in manual mode "Enter held back" would be about a prompt that is no more.
	useEffect(() => {
		dropHint(stepHint.current?.text);
	}, [offered, view.session.busy, mode]);
	// And when the help or the edit line it was about closes (Esc discards an edit, the line still on offer); judged
	// by the overlay it was given under, as a key can come before this runs for the overlay just opened.
	useEffect(() => {
		const hint = stepHint.current;
		if (hint && hint.overlay !== overlay) dropHint(hint.text);
	}, [overlay]);
	// The session ended by the server between runs (an idle timeout's 421, a server gone), or under a message typed
	// by hand: the footer's last result ("sent: queued …") would sit beside "closed" as if all were well. A failed run
	// says its own end already.
	const {failure, failureKind, busy} = view.session;
	const endedBetween = !busy && failure !== undefined && (failureKind === 'closed-between-commands' || view.messageCut);
	useEffect(() => {
		if (endedBetween) setStatus(failure);
	}, [endedBetween, failure]);
	// terminal.ts keeps the dashboard running on SIGTSTP (`kill -TSTP`, or Ctrl+Z where raw mode is off): say why.
	useEffect(() => {
		const refused = () => setStatus(SUSPEND_OFF);
		process.on('SIGTSTP', refused);
		return () => {
			process.off('SIGTSTP', refused);
		};
	}, []);
	return {status, setStatus, askTwice, hintStep, hintUntil, leave};
}
