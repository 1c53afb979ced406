// The dashboard wired to a live session: dashboard state and keys (useDashboardKeys), the session controller
// (useSmtpSession), and the hooks for the rest: the footer's status line, the sandbox and its inbox, field errors,
// drafts, the DATA preview, Ctrl+S, Ctrl+C, Ctrl+X, the connection panel's keys. Components only draw.
import React, {useEffect, useMemo, useRef, useState} from 'react';
import path from 'node:path';
import type {DraftStore} from '../message/drafts.js';
import type {Sandbox} from '../sandbox/server.js';
import type {SessionController} from '../session/controller.js';
import {connectionsOf, type Recording} from '../session/recording.js';
import {stepsNotPlayed} from '../session/replay.js';
import type {Resolver} from '../transport/mx.js';
import type {ComposerDraft} from './components/composer-form.js';
import {stillConnectedNote} from './components/next-step.js';
import {Dashboard} from './components/dashboard.js';
import type {DashboardInit} from './components/dashboard-state.js';
import {undoFormAt} from './components/form-undo.js';
import {STEP_ENTER_GRACE_MS, toDashboardProps, useDashboardKeys, useDashboardState, type DashboardScreen} from './hooks/use-dashboard-keys.js';
import {useConnectionKeys} from './hooks/use-connection-keys.js';
import {useDashboardSandbox} from './hooks/use-dashboard-sandbox.js';
import {useDataPreview} from './hooks/use-data-preview.js';
import {useMessageRoute} from './hooks/use-message-route.js';
import {useDisconnect} from './hooks/use-disconnect.js';
import {useDrafts} from './hooks/use-drafts.js';
import {useFieldErrors} from './hooks/use-field-errors.js';
import {useFormHints} from './hooks/use-form-hints.js';
import {useQuit} from './hooks/use-quit.js';
import {useCutLine} from './hooks/use-cut-line.js';
import {useSend} from './hooks/use-send.js';
import {useSmtpSession} from './hooks/use-smtp-session.js';
import {useLesson} from './hooks/use-lesson.js';
import {lessonLeft, unfinished} from '../lesson/progress.js';
import {useStatusLine} from './hooks/use-status-line.js';
import {useTerminalSize, type TerminalSize} from './hooks/use-terminal-size.js';
import {useMinuteClock} from './hooks/use-minute-clock.js';
import {useWaitClock} from './hooks/use-wait-clock.js';
import {EARLY_ENTER, HAND_TYPED_MESSAGE_OPEN, heldAtStepHint, LATE_ENTER, NO_HEADER_HERE, strayTextHint, UNDOES, unboundKeyHint, undoHint, type KeyHint} from './key-hints.js';
import {panelTargeting, type TargetDefaults} from './panel-target.js';
import {DkimLogLines, dkimPanelTexts} from './dashboard-dkim.js';
import {formValue} from './components/form-state.js';
import {saveTranscript, type TranscriptOptions} from './transcript-action.js';
import {saveOpenedMessage} from './save-message-action.js';

type AppProps = {
	controller: SessionController;
	init: DashboardInit;
	defaults: TargetDefaults;
	sandbox?: Sandbox;
	/** Starts the sandbox after the first frame (the runner's, for a fast first frame); the panel follows it. */
	startSandbox?: () => Promise<Sandbox>;
	drafts?: DraftStore;
	/**
	 * The sample message for this target. Left as it is, it is not saved as a draft (the next run's sample follows
	 * its own target); Ctrl+F brings it back.
	 */
	sample?: ComposerDraft;
	/** `smtp-tui replay`: Ctrl+S plays this recording instead of sending the composer's message. */
	replay?: Recording;
	transcript: TranscriptOptions;
	/** DNS for the MX lookup (tests pass their own). */
	resolver?: Resolver;
	/**
	 * Called once when the user quits; the runner unmounts, restores the terminal and exits. `lesson`: how far a lesson
	 * begun got (see lessonLeft), for the main screen.
	 */
	onExit: (code: number, lesson?: string) => void;
	size?: TerminalSize;
	/** The terminal marks its pastes (bracketed paste): an unmarked read is typed keys, however fast they came. */
	pastesMarked?: boolean;
	/** See STEP_LINE_SETTLE_MS (tests that press Enter as soon as a line shows: 0). */
	stepLineSettleMs?: number;
	/** See SESSION_FRAME_MS (tests that press a key as soon as the controller's state changes: 0). */
	sessionFrameMs?: number;
	/** --lesson: the lesson (index into LESSONS) whose panel is open from the start. */
	lesson?: number;
};

export function App({controller, init, defaults, sandbox: givenSandbox, startSandbox, drafts: draftStore, sample, replay: recording, resolver, transcript, onExit, size: fixedSize, pastesMarked = false, stepLineSettleMs, sessionFrameMs, lesson: startLesson}: AppProps) {
	const replay = recording !== undefined;
	const size = useTerminalSize(fixedSize);
	const view = useSmtpSession(controller, sessionFrameMs);
	const store = useDashboardState(init);
	const {state} = store;
	// The hooks' effects run in this order: where two set the footer in one render, the later one's text stays.
	const status = useStatusLine(view, state.mode, state.help ? 'help' : state.stepEdit ? 'stepEdit' : undefined);
	const {setStatus, hintStep} = status;
	const {sandboxes, inbox} = useDashboardSandbox({controller, store, defaults, given: givenSandbox, start: startSandbox, setStatus});
	const lesson = useLesson(view, startLesson, sandboxes.sandbox?.mailbox, state.inbox.open ? state.inbox.selected : undefined);
	const fieldError = useFieldErrors(store, setStatus);
	// A session that is running follows the mode: Ctrl+T to auto lets a step session finish by itself.
	useEffect(() => controller.setMode(state.mode), [controller, state.mode]);
	const drafts = useDrafts({controller, store, drafts: draftStore, sample, defaults, sandbox: sandboxes.current, replay});
	// With --bdat: BDAT or DATA, as the server last said (the rail and the preview keep it while EHLO goes again).
	const route = useMessageRoute(view.session);
	const preview = useDataPreview(controller, state.preview !== undefined, state.composer, route && defaults.bdat ? {route, chunkSize: defaults.bdat.chunkSize, sandbox: view.session.target.sandbox} : undefined, defaults.dkim?.settings);
	// One for the run: the key check is remembered from one Ctrl+S to the next.
	const [dkimLines] = useState(() => defaults.dkim && new DkimLogLines(defaults.dkim));
	const {hintForm, resetDraft, forget: forgetReset} = useFormHints({store, status, sample, holdsSample: drafts.holdsSample});
	const targeting = panelTargeting(controller, store, defaults, sandboxes.current, fieldError);
	const {disconnect, offerQuit} = useDisconnect(controller, store, setStatus);
	useCutLine(controller, store, view.messageCut);
	const {send, sendLine, replayProgress, forget: forgetResend} = useSend({controller, store, replay, status, fieldError, targeting, sandboxes, preview, drafts, ...(dkimLines && {dkim: dkimLines}), offerQuit, lessonOpen: lesson.progress.open});
	// The progress as the dashboard closes, not as it was at Ctrl+C: replies still come while its QUIT is answered.
	const lessonNow = useRef(lesson.progress);
	lessonNow.current = lesson.progress;
	const {quit, forget: forgetQuit} = useQuit({controller, store, status, editsNotSaved: drafts.editsNotSaved, lessonLoses: () => unfinished(lesson.progress), recheckSaved: drafts.recheck, replay, onExit: code => onExit(code, lessonLeft(lessonNow.current))});
	const report = (promise: Promise<unknown>) => {
		promise.catch((error: unknown) => setStatus(`error: ${error instanceof Error ? error.message : String(error)}`));
	};
	const connectionKeys = useConnectionKeys({controller, store, defaults, resolver, status, fieldError, hintForm, panelSettings: targeting.panelSettings, report});

	const movedOn = () => {
		setStatus(undefined);
		// A second press confirms only what the footer still asks: once the question is gone, it starts over.
		forgetReset();
		connectionKeys.forget();
		forgetQuit();
		forgetResend();
	};
	/** What the last key that does nothing said: the next key that acts takes it away ("Enter does nothing" under Home). */
	const unboundSaid = useRef<string | undefined>(undefined);
	// The mode notes logged since the log last had another entry (its total then).
	const notesLogged = useRef({total: 0, notes: new Set<string>()});
	const say = (hint: KeyHint | undefined) => {
		if (hint) (hint.step ? hintStep : setStatus)(hint.text);
	};

	// Worked out once per connection to play, not at each frame: a recording's bodies may be megabytes.
	const nextConnection = replayProgress?.next ?? 1;
	const replayUnused = useMemo(() => recording && stepsNotPlayed(connectionsOf(recording.events)[nextConnection - 1]!), [recording, nextConnection]);
	const screen: DashboardScreen = {
		size,
		snapshot: view.session,
		...(route && {route}),
		...(inbox && {inbox}),
		...(preview.preview !== undefined && {preview: preview.preview}),
		...(preview.previewNote !== undefined && {previewNote: preview.previewNote}),
		...(status.status !== undefined && {status: status.status}),
		...(replay && {replay: true}),
		...(replayProgress && {replayProgress}),
		...(replayUnused && {replayUnused}),
		...(view.warning !== undefined && {commandWarning: view.warning}),
		dataMode: view.dataMode,
		bodyLines: view.bodyLines,
		body: view.body,
		authAnswer: view.authAnswer,
		authRefused: view.authRefused,
		// The line in flight is not queued: those typed behind it are.
		linesQueued: Math.max(0, view.linesWaiting - 1),
		messagesQueued: view.messagesQueued,
		lesson: lesson.progress,
		...(connectionKeys.lookingUp && {mxLookup: true}),
		...(defaults.dkim && {dkim: dkimPanelTexts(defaults.dkim.settings, formValue(state.composer, 'from'))}),
	};

	useDashboardKeys(screen, store, {
		send: () => report(send()),
		quit: () => report(quit()),
		disconnect: () => report(disconnect()),
		saveTranscript: () =>
			report(
				saveTranscript(controller.driver, transcript).then(text => {
					// In the log whole; the footer names a file in the current folder by its name, which fits at 100 columns.
					controller.info(text);
					setStatus(text.replace(`: ${process.cwd()}${path.sep}`, `: .${path.sep}`));
				}),
			),
		saveMessage: () =>
			report(
				saveOpenedMessage(sandboxes.sandbox?.mailbox, store.current().inbox.selected).then(text => {
					controller.info(text);
					setStatus(text);
				}),
			),
		check: connectionKeys.check,
		mx: connectionKeys.mx,
		stopMx: connectionKeys.stopMx,
		resetDraft,
		removedHeader: () => hintForm('composer')(`header removed; ${UNDOES}`),
		noHeaderHere: () => setStatus(NO_HEADER_HERE),
		undo: (left, key) => {
			// The command line's hint goes with its next line sent, as its other messages do.
			const form = undoFormAt(store.current().focus);
			// Goes at the panel's next change, as the others do: by then there is something to undo.
			(form ? hintForm(form) : setStatus)(undoHint(left, key, controller.getSnapshot().dataMode && store.current().focus === 'command'));
		},
		// Gone at the next key that acts, as an unbound key's word is: "a choice takes no typing" stayed on under the
		// body typed after Down.
		strayText: (context, input) => {
			const hint = strayTextHint(context, store.current(), input);
			unboundSaid.current = hint.text;
			say(hint);
		},
		movedOn,
		// The hold ends after a rest of STEP_ENTER_GRACE_MS: so does the word about it.
		lateEnter: () => status.hintUntil(LATE_ENTER, STEP_ENTER_GRACE_MS),
		enterPassed: () => setStatus(current => (current === LATE_ENTER ? undefined : current)),
		earlyEnter: () => hintStep(EARLY_ENTER),
		heldAtStep: id => hintStep(heldAtStepHint(id, store.current().stepEdit !== undefined, controller.getSnapshot().session.proposed?.command.verb === 'QUIT')),
		// About the place it was pressed in: it goes as the help or the edit line opens or closes, as the step's do.
		unboundKey: (chord, context) => {
			const text = unboundKeyHint(chord, context, store.current(), () => controller.getSnapshot().session.connection === 'connected');
			unboundSaid.current = text;
			hintStep(text, {overlay: context.overlay === 'help' || context.overlay === 'stepEdit' ? context.overlay : undefined});
		},
		keyActs: () => setStatus(current => (current !== undefined && current === unboundSaid.current ? undefined : current)),
		// Body lines typed after 354 are in the command line, which only manual mode has: they stay until "." ends them.
		// Another mode is moving on too: the last result ("not sent (data): …") would sit beside the new mode's keys.
		cycleMode: cycle => {
			if (controller.getSnapshot().dataMode) return setStatus(HAND_TYPED_MESSAGE_OPEN);
			movedOn();
			cycle();
			const note = replay ? undefined : stillConnectedNote(store.current().mode, controller.getSnapshot().session, () => controller.commandsAhead());
			if (note) {
				// Logged once each until something else is: Ctrl+T pressed round the modes again would stack them.
				const {log} = controller.driver;
				if (log.total !== notesLogged.current.total) notesLogged.current.notes.clear();
				if (!notesLogged.current.notes.has(note)) {
					controller.info(note);
					notesLogged.current = {total: log.total, notes: notesLogged.current.notes.add(note)};
				}
				setStatus(note);
			}
		},
		remembers: line => controller.remembers(line),
		confirmStep: line => controller.confirmStep(line),
		stopStep: () => controller.stopStep(),
		sendLine: line => report(sendLine(line)),
		lesson: lesson.press,
	}, {pastesMarked, ...(stepLineSettleMs !== undefined && {stepLineSettleMs})});

	const waitedSeconds = useWaitClock(view.session.waiting?.since);
	// Ticks only while the connection panel may show a certificate's dates: a live TLS connection's (a closed one's TLS
	// details stay in the snapshot until the next connect, undrawn), or a refused certificate's.
	const now = useMinuteClock((view.session.tls !== undefined && view.session.connection === 'connected') || view.session.refusedCertificate !== undefined);
	return <Dashboard {...toDashboardProps(state, screen)} {...(waitedSeconds !== undefined && {waitedSeconds})} now={now} />;
}
