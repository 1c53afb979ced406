// The lesson's progress as React state: fed every snapshot of the session the dashboard draws, what the sandbox
// captured, the message open in the inbox, and the panel's key.
import {useCallback, useEffect, useMemo, useReducer, useState, useSyncExternalStore} from 'react';
import type {ControllerSnapshot} from '../../session/controller.js';
import type {Mailbox} from '../../sandbox/mailbox.js';
import type {CapturedMessageSummary} from '../../sandbox/mailbox-types.js';
import type {Captured} from '../../lesson/captured.js';
import type {capturedOf} from '../../lesson/captured-read.js';
import {lessonReducer, startLesson, type LessonProgress} from '../../lesson/progress.js';

/** Unsubscribes from no mailbox. */
const NO_MAILBOX = () => {};
const NOTHING: never[] = [];

/**
 * `start`: the lesson --lesson names (its panel open from the first frame); without it the first, its panel closed.
 * `opened`: the id of the message open in the inbox.
 */
export function useLesson(view: ControllerSnapshot, start: number | undefined, mailbox: Mailbox | undefined, opened: string | undefined): {progress: LessonProgress; press: () => void} {
	const [progress, dispatch] = useReducer(lessonReducer, start, given => startLesson(given ?? 0, given !== undefined));
	// The mailbox's list is the same array until it changes; each message's headers are read once, and only while the
	// panel is open (a sandbox of thousands of messages costs a dashboard without a lesson nothing).
	// One subscription per mailbox: a new function each render would have React subscribe again at every frame.
	const subscribe = useCallback((listener: () => void) => mailbox?.subscribe(listener) ?? NO_MAILBOX, [mailbox]);
	const list = useSyncExternalStore(subscribe, () => mailbox?.list() ?? NOTHING);
	const [read] = useState(() => new WeakMap<CapturedMessageSummary, Captured>());
	// The reader (and the address parser it needs) loads when the panel first opens, after the first frame.
	const [reader, setReader] = useState<{capturedOf: typeof capturedOf}>();
	useEffect(() => {
		if (progress.open && !reader) void import('../../lesson/captured-read.js').then(setReader);
	}, [progress.open, reader]);
	const captured = useMemo(() => (progress.open && reader ? reader.capturedOf(list, id => mailbox?.get(id)?.raw, read) : NOTHING), [list, mailbox, read, progress.open, reader]);
	// Read only while the panel is open: opened later, it reads what the log holds since (a session's thousand RCPTs
	// in auto mode cost nothing meanwhile).
	useEffect(() => {
		if (progress.open) dispatch({type: 'observe', snapshot: view});
	}, [view, progress.open]);
	useEffect(() => {
		if (progress.open) dispatch({type: 'sandbox', captured});
	}, [captured, progress.open]);
	// A message opened with the panel closed counts too: the student did the task (an id costs nothing to keep).
	useEffect(() => {
		if (opened !== undefined) dispatch({type: 'opened', id: Number(opened)});
	}, [opened]);
	return {progress, press: () => dispatch({type: 'key'})};
}
