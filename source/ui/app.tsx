// The dashboard wired to a live session: dashboard state and keys (useDashboardKeys), the session controller
// (useSmtpSession), the sandbox inbox, the DATA preview, drafts and transcripts. Components only draw.
import React, {useCallback, useEffect, useRef, useState} from 'react';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import type {DraftStore} from '../message/drafts.js';
import type {Sandbox} from '../sandbox/server.js';
import type {SessionController} from '../session/controller.js';
import type {Recording} from '../session/recording.js';
import {groupDigits} from '../smtp/digits.js';
import {deliveryUncertain, MAYBE_DELIVERED} from '../session/outcome.js';
import type {ReplayProgress} from '../session/replay.js';
import {SmtpInputError} from '../smtp/types.js';
import {commandLineValue} from './components/command-line-state.js';
import {textValue} from './components/text-editor-state.js';
import {composerDraft, composerFieldFor, composerValues, createComposer, type ComposerDraft} from './components/composer-form.js';
import {connectionSettings} from './components/connection-form.js';
import {Dashboard} from './components/dashboard.js';
import {inboxLetGo, type DashboardInit, type DashboardState} from './components/dashboard-state.js';
import {sameValues, undoFormAt, type UndoForm} from './components/form-undo.js';
import {fitSampleBody, SAMPLE_DRAFT, sampleFor} from './sample.js';
import type {FieldError, FormState} from './components/form-state.js';
import {toDashboardProps, useDashboardKeys, useDashboardState, type DashboardScreen} from './hooks/use-dashboard-keys.js';
import {useInbox} from './hooks/use-inbox.js';
import {useSandbox} from './hooks/use-sandbox.js';
import {useSmtpSession} from './hooks/use-smtp-session.js';
import {useTerminalSize, type TerminalSize} from './hooks/use-terminal-size.js';
import {useWaitClock} from './hooks/use-wait-clock.js';
import {composeFromValues, dataBytes, draftFromComposer, newIdentity, outgoingMessage, type DataPreviewText} from './outgoing.js';
import {readCaField} from './ca-field.js';
import {targetFor, type PanelTarget, type TargetDefaults} from './panel-target.js';
import {checkPanelHost} from './check-action.js';
import {inPanelWords, trustAdvice} from './trust-advice.js';
import {BINDINGS, bindingById, keyFor} from './keys/bindings.js';
import {ESCAPE_CHORD, SUSPEND_CHORD} from './keys/router.js';
import {describeMx, nextMx, type MxChoice} from './mx-action.js';
import {afterStop, silentGreetingHint, starttlsFailedHint} from './components/next-step.js';
import type {Resolver} from '../transport/mx.js';
import {saveTranscript, type TranscriptOptions} from './transcript-action.js';
import {GLYPH, MARK} from './theme.js';

export type AppProps = {
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
	/** Called once when the user quits; the runner unmounts, restores the terminal and exits. */
	onExit: (code: number) => void;
	size?: TerminalSize;
	/** The terminal marks its pastes (bracketed paste): an unmarked read is typed keys, however fast they came. */
	pastesMarked?: boolean;
	/** See STEP_LINE_SETTLE_MS (tests that press Enter as soon as a line shows: 0). */
	stepLineSettleMs?: number;
};

/** Failure stages in the words of the step rail (the footer is read on a projector, not by a script). */
const STAGE_WORDS: Record<string, string> = {banner: 'greeting', 'final-dot': 'message'};

/** Manual mode after 354: what is typed is the message, and nothing else may go until it ends. */
// Footer messages put the key early: at 80 columns the footer cuts them after ~45 characters.
const HAND_TYPED_MESSAGE_OPEN = `"." ends the message first; ${keyFor('session.disconnect')} drops it`;
/** An Enter just after the step prompt went away, not passed on to the panel behind it. */
const LATE_ENTER = 'Enter held back: the step prompt is gone';
/** Ctrl+S while a pasted script still goes out; said only until it is done. */
const TYPED_LINES_GOING = `typed lines still going; ${keyFor('session.disconnect')} drops them`;
/** Ctrl+Z or SIGTSTP: suspended, the shell would get back a terminal in raw mode (see terminal.ts). */
const SUSPEND_OFF = `suspending is off (Ctrl+Z, SIGTSTP), so the terminal is never left in raw mode; ${keyFor('app.quit')} quits`;
/** How many other programs' sessions the log names as their mail arrives. */
const OTHERS_SAID = 3;

/** Ctrl+D on an empty command line: what the telnet user who pressed it to leave can do instead. */
function ctrlDHint(typingBody: boolean, connected: boolean): string {
	if (typingBody) return 'Ctrl+D does nothing here: a line with a lone "." ends the message';
	return connected ? `Ctrl+D does nothing here; to close the connection type QUIT or press ${keyFor('session.disconnect')}` : `Ctrl+D does nothing here; ${keyFor('app.quit')} quits smtp-tui`;
}

/** Ctrl+Z or Ctrl+_ in a replay's panels, where undo is not offered. */
const UNDO_OFF_IN_REPLAY = "undo is off in a replay: the composer shows the recording's message, which plays as recorded";
/** Ctrl+Z or Ctrl+_ at the step prompt: the panels wait for the session, whichever step it is at. */
const UNDO_WAITS = 'undo waits: the session is running; undo after it';
/** Said after a change Ctrl+Z can take back (Ctrl+F's reset, Ctrl+R, the MX target). */
const UNDOES = `${keyFor('form.undo')} undoes`;
/** How soon a second Ctrl+F (or Ctrl+S, to send what may have arrived already) must follow the first. */
const RESET_CONFIRM_MS = 3000;

/** The status line after one play of a recording: what played, how it ended, and what the next Ctrl+S plays. */
export function replayStatus(progress: ReplayProgress): string {
	const send = keyFor('session.send');
	const several = progress.connections > 1;
	const which = several ? `connection ${progress.connection} of ${progress.connections}` : 'the recording';
	const next = progress.next > progress.connection ? `${send} plays the next connection` : `${send} plays it again`;
	if (progress.outcome === 'stopped') return `replay stopped: ${send} plays ${several ? `connection ${progress.next} again from its start` : 'it again from the start'}`;
	if (progress.outcome === 'cut') return `${which} could not be played to its end (see the log): ${next}`;
	// A recorded failure is said as the live run said it, after what the next Ctrl+S plays (the footer cuts the end).
	const failed = progress.failure && `not sent (${STAGE_WORDS[progress.failure.stage] ?? progress.failure.stage}): ${progress.failure.message}`;
	if (failed) return several ? `${which} (${progress.next > progress.connection ? `${send}: the next` : `${send}: from the first`}): ${failed}` : failed;
	return progress.next > progress.connection ? `${which} played: ${next}` : `end of the recording: ${next}`;
}

/** The form of the dashboard state that undo keeps steps for. */
const formOf = (state: DashboardState, form: UndoForm): FormState => (form === 'composer' ? state.composer : state.connectionForm);

export function App({controller, init, defaults, sandbox: givenSandbox, startSandbox, drafts, sample, replay, resolver, transcript, onExit, size: fixedSize, pastesMarked = false, stepLineSettleMs}: AppProps) {
	const size = useTerminalSize(fixedSize);
	const view = useSmtpSession(controller);
	const store = useDashboardState(init);
	const {state, dispatch} = store;
	const [status, setStatus] = useState<string | undefined>(undefined);
	// The last play of a recording: what the next Ctrl+S plays (the next connection, or the recording again).
	const [replayProgress, setReplayProgress] = useState<ReplayProgress | undefined>(undefined);
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
	// A reminder about the step prompt's keys, or about waiting, is about the line then on offer: it goes with it.
	const stepHint = useRef<string | undefined>(undefined);
	const hintStep = (text: string) => {
		stepHint.current = text;
		setStatus(text);
	};
	/** Esc at the step prompt in words: the preview open, it closes that first (see the router). */
	const stepStop = () => {
		const {focus, preview} = store.current();
		return `${keyFor('step.stop')} ${focus === 'composer' && preview ? 'closes the preview, then stops' : 'stops'}`;
	};
	const offered = view.session.proposed?.display;
	// Gone too when the mode changes: in manual mode "Enter held back" would be about a prompt that is no more.
	useEffect(() => {
		setStatus(current => (current !== undefined && current === stepHint.current ? undefined : current));
	}, [offered, view.session.busy, state.mode]);
	// The session ended by the server between runs (an idle timeout's 421, a server gone): the footer's last result
	// ("sent: queued …") would sit beside "closed" as if all were well. A failed run says its own end already.
	const {failure, failureKind, busy} = view.session;
	const endedBetween = !busy && failure !== undefined && failureKind === 'closed-between-commands';
	useEffect(() => {
		if (endedBetween) setStatus(failure);
	}, [endedBetween, failure]);
	const [preview, setPreview] = useState<DataPreviewText | {error: string} | undefined>(undefined);
	// The Message-ID and Date the preview shows, which Ctrl+S then sends; made when the preview opens (and after a
	// message is queued), so the Date is never older than the preview. Without the preview, Ctrl+S makes its own.
	const identity = useRef(newIdentity());
	const [queued, setQueued] = useState(0);
	// A message was sent while the preview was open: it now shows the next one (new Message-ID, Date, boundaries),
	// which side by side with the inbox would read as another message sent. Said until the preview closes.
	const [previewIsNext, setPreviewIsNext] = useState(false);
	const mx = useRef<MxChoice | undefined>(undefined);
	const exiting = useRef(false);
	const exited = useRef(false);
	const exit = (code: number) => {
		if (exited.current) return;
		exited.current = true;
		onExit(code);
	};
	const sandboxes = useSandbox(
		givenSandbox,
		startSandbox,
		started => {
			const port = started.listeners.find(listener => listener.kind === 'smtp')!.port;
			dispatch({type: 'connection', action: {type: 'set', id: 'port', value: String(port)}});
			const parsed = connectionSettings(store.current().connectionForm);
			if (!('error' in parsed)) controller.setTarget(targetFor(parsed.settings, defaults, started));
			// The address first and short: at 80 columns the log shows ~30 characters of it.
			// A password of the user's own (--password) is never shown; the public demo one is, also for a --user of one's own.
			const {user, password} = started.settings;
			const account = user === 'demo' && password === 'demo' ? 'demo/demo' : password === 'demo' ? `as ${user}, password demo` : `as ${user}, with the password given`;
			// What this dashboard does there: the sandbox offers STARTTLS and AUTH, and the panel may use neither.
			const panel = 'error' in parsed ? undefined : parsed.settings;
			const tls = panel?.security === 'none' ? 'no STARTTLS: security none' : 'STARTTLS';
			const login = panel?.user === '' ? `no AUTH: no user (${account} logs in by hand)` : `AUTH ${account}`;
			// The certificate only matters where TLS is used: with security none its fingerprint is four rows of noise.
			const certificate = panel?.security === 'none' ? '' : `; certificate SHA-256 ${started.certificate.fingerprint256}`;
			controller.info(`sandbox at 127.0.0.1:${port} (${tls}; ${login})${certificate}`);
			const {notKept} = started.certificate;
			// What it means first: the log shows a long line's first rows only.
			if (notKept !== undefined && certificate) controller.info(`the sandbox certificate could not be kept, so its fingerprint changes at every start (SMTP_TUI_STATE_DIR names a writable folder): ${notKept}`);
		},
		error => {
			const message = `the sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
			controller.info(`${message}; quit and give --host to talk to a real server`);
			setStatus(message);
		},
	);
	const {sandbox} = sandboxes;
	const expectingSandbox = sandbox !== undefined || startSandbox !== undefined;
	const inbox = useInbox(sandbox?.mailbox, state.inbox.selected, state.inbox.open !== undefined, expectingSandbox, controller.ownsClient);
	const inboxItems = inbox?.items;
	/** The newest message already looked at for another program's mail, and the sessions it was said of. */
	const inboxSeen = useRef(0);
	const othersSaid = useRef(new Set<string>());
	useEffect(() => {
		if (!inboxItems) return;
		for (const item of inboxItems) {
			if (Number(item.id) <= inboxSeen.current || item.client === undefined || othersSaid.current.has(item.client)) continue;
			// Said once a session, and of the first few: a script that sends hundreds must not bury the log.
			othersSaid.current.add(item.client);
			if (othersSaid.current.size <= OTHERS_SAID) controller.info(`warning: message ${item.id} came from another program (${item.client}), not from this dashboard: the sandbox's port is open to every program on this machine`);
			if (othersSaid.current.size === OTHERS_SAID) controller.info(`mail from other programs is marked ${MARK.warning} in the inbox from now on, not said here`);
		}
		inboxSeen.current = Math.max(inboxSeen.current, ...inboxItems.map(item => Number(item.id)));
		const letGo = inboxLetGo(store.current(), inboxItems);
		dispatch({type: 'inboxChanged', items: inboxItems});
		// The message the user was on is gone (an open one is closed): said, or it would vanish unexplained.
		if (letGo !== undefined) setStatus(`message ${letGo} was let go: the sandbox keeps the newest ${groupDigits(inboxItems.length)}`);
	}, [dispatch, inboxItems]);

	/** The footer's text when it repeats a field's error. */
	const fieldStatus = useRef<string | undefined>(undefined);
	const fieldError = useCallback(
		(form: 'connection' | 'composer', error: FieldError) => {
			dispatch({type: 'fieldError', form, error});
			fieldStatus.current = error.message;
			setStatus(error.message);
		},
		[dispatch],
	);

	// A field's error repeated in the footer goes with it once the field is edited: a fixed From must not still
	// read "From address is empty" on the projector.
	const composerError = state.composer.error?.message;
	const connectionError = state.connectionForm.error?.message;
	useEffect(() => {
		setStatus(shown => (shown !== undefined && shown === fieldStatus.current && shown !== composerError && shown !== connectionError ? undefined : shown));
	}, [composerError, connectionError]);
	// An error found as a field was left (the EHLO name): in the footer too, as one found at Ctrl+S is. The panel
	// shows it only while it has the focus, and Tab may just have taken that away.
	const connectionNotice = state.connectionForm.error?.notice === true;
	useEffect(() => {
		if (connectionError === undefined || connectionNotice || connectionError === fieldStatus.current) return;
		fieldStatus.current = connectionError;
		setStatus(connectionError);
	}, [connectionError, connectionNotice]);

	// terminal.ts keeps the dashboard running on SIGTSTP (`kill -TSTP`, or Ctrl+Z where raw mode is off): say why.
	useEffect(() => {
		const refused = () => setStatus(SUSPEND_OFF);
		process.on('SIGTSTP', refused);
		return () => {
			process.off('SIGTSTP', refused);
		};
	}, []);

	// A session that is running follows the mode: Ctrl+T to auto lets a step session finish by itself.
	useEffect(() => controller.setMode(state.mode), [controller, state.mode]);

	// Drafts: every change to the composer is remembered, written within half a second. The untouched sample is
	// not a draft: saved, it would come back in the next run, whose target (sandbox or real server) it may not fit.
	const untouched = useRef(sample ? draftFromComposer(composerDraft(createComposer(sample))) : undefined);
	// What the composer held when none of it could be lost: at start, then each message queued as it was sent.
	const settledMessage = useRef<ComposerDraft | undefined>(undefined);
	settledMessage.current ??= composerDraft(state.composer);
	/** Edits that quitting loses: another dashboard keeps the draft, so this one's are saved nowhere. */
	const editsNotSaved = () => {
		const now = composerDraft(store.current().composer);
		return drafts?.owner === false && !isDeepStrictEqual(now, settledMessage.current) && !isDeepStrictEqual(draftFromComposer(now), untouched.current);
	};
	useEffect(() => {
		const draft = draftFromComposer(composerDraft(state.composer));
		if (untouched.current && isDeepStrictEqual(draft, untouched.current)) drafts?.clear().catch(() => undefined);
		else drafts?.save(draft);
	}, [drafts, state.composer]);

	// The preview shows the exact DATA bytes of the message as it is now.
	const previewOn = state.preview !== undefined;
	const previewShown = useRef(false);
	useEffect(() => {
		if (!previewOn) {
			previewShown.current = false;
			setPreviewIsNext(false);
			return;
		}
		// A preview opened while a message is on its way shows that message's Message-ID and Date, not new ones.
		if (!previewShown.current && !controller.getSnapshot().session.busy) identity.current = newIdentity();
		previewShown.current = true;
		let current = true;
		const values = composerValues(state.composer);
		if ('error' in values) {
			setPreview({error: values.error.message});
			return;
		}
		composeFromValues(values.values, identity.current)
			.then(composed => dataBytes(composed))
			.then(
				text => current && setPreview(text),
				(error: unknown) => current && setPreview({error: error instanceof Error ? error.message : String(error)}),
			);
		return () => {
			current = false;
		};
	}, [previewOn, state.composer, queued]);

	/** The connection panel's settings, its CA file read, or undefined with the field error shown. */
	const panelSettings = (): PanelTarget | undefined => {
		const parsed = connectionSettings(store.current().connectionForm);
		if ('error' in parsed) {
			fieldError('connection', parsed.error);
			return undefined;
		}
		const sandbox = targetFor(parsed.settings, defaults, sandboxes.current()).sandbox;
		// The sandbox's port speaks plain SMTP first (STARTTLS): TLS from the first byte would only fail its handshake.
		if (parsed.settings.security === 'tls' && sandbox) {
			fieldError('connection', {field: 'security', message: 'Security: the sandbox speaks STARTTLS on this port, not TLS from the first byte; choose STARTTLS, auto or none'});
			return undefined;
		}
		// Read at every connection, as --ca is at start: a missing file or one with no certificate stops it here.
		// Not for the sandbox, which trusts exactly its own certificate and ignores the field.
		const trust = sandbox ? {} : readCaField(parsed.settings.caFile);
		if ('error' in trust) {
			fieldError('connection', trust.error);
			return undefined;
		}
		return {...parsed.settings, ...trust};
	};

	/**
	 * Aims the next connection at the panel's settings (read once by the caller, or here: the CA file is read and
	 * checked each time); false (with the field error shown) when they are invalid.
	 */
	const applyTarget = (settings = panelSettings()): boolean => {
		if (!settings) return false;
		dispatch({type: 'connection', action: {type: 'error'}});
		if (controller.setTarget(targetFor(settings, defaults, sandboxes.current())) === 'after-disconnect') {
			// Said in the log, where it stays: the status line is overwritten by the send's result.
			const {host, port} = controller.driver.options;
			controller.info(`the connection panel changed: its settings apply after disconnect (${keyFor('session.disconnect')}); this goes over the open connection to ${host}:${port}`);
		}
		return true;
	};

	/**
	 * The sample's body says where it goes: aimed elsewhere in the panel, it follows, as it does for --host at start
	 * ("nothing leaves this machine" must never reach a real server). A body of the user's own is left alone.
	 */
	const fitSampleToTarget = () => {
		if (replay) return;
		// Where it really goes: over the open connection when there is one (the panel's changes wait for the next).
		const session = controller.getSnapshot().session;
		let target: {host: string; sandbox: boolean};
		if (session.connection === 'connected') target = session.target;
		else {
			const parsed = connectionSettings(store.current().connectionForm);
			if ('error' in parsed) return;
			target = {host: parsed.settings.host, sandbox: targetFor(parsed.settings, defaults, sandboxes.current()).sandbox === true};
		}
		const draft = composerDraft(store.current().composer);
		const fitted = fitSampleBody(draft, target.sandbox ? SAMPLE_DRAFT : sampleFor(target.host));
		if (fitted === draft) return;
		// The untouched sample fitted is the sample still: not kept as a draft.
		if (isDeepStrictEqual(draftFromComposer(draft), untouched.current)) untouched.current = draftFromComposer(composerDraft(createComposer(fitted)));
		dispatch({type: 'composerReplaced', draft: fitted});
		controller.info(`the sample message now says where it goes (${target.sandbox ? 'the built-in sandbox' : target.host})`);
	};

	const send = async () => {
		if (controller.getSnapshot().dataMode) return setStatus(HAND_TYPED_MESSAGE_OPEN);
		// A pasted script still going out owns the connection: a message sent now would be mixed into it.
		if (controller.getSnapshot().linesWaiting > 0) return setStatus(TYPED_LINES_GOING);
		if (controller.getSnapshot().session.proposed) {
			// The session waits for the user, not the other way round: say which key moves it.
			hintStep(`a step waits for you: ${keyFor('step.confirm')} sends its line, ${stepStop()}`);
			return;
		}
		if (controller.getSnapshot().session.busy) {
			hintStep(`a session is running: wait, or ${keyFor('session.disconnect')} disconnects`);
			return;
		}
		// A second copy only when asked for twice: the last message may have arrived (no reply came to it), or the same
		// message was queued a moment ago (Ctrl+S pressed twice; step mode asks at each line anyway).
		const justQueued = lastQueued.current;
		const copy = replay
			? undefined
			: deliveryUncertain(controller.getSnapshot().session)
				? // The key first: the footer is cut at the terminal's width.
					`${keyFor('session.send')} again sends a second copy: the last one may have arrived`
				: store.current().mode !== 'step' && justQueued && Date.now() - justQueued.at < RESET_CONFIRM_MS && isDeepStrictEqual(composerDraft(store.current().composer), justQueued.draft)
					? `sent just now; ${keyFor('session.send')} again sends another copy`
					: undefined;
		if (copy !== undefined) {
			const now = Date.now();
			if (now - resendAsked.current > RESET_CONFIRM_MS) {
				resendAsked.current = now;
				return askTwice(setStatus, copy);
			}
		}
		resendAsked.current = 0;
		await sandboxes.ready();
		const current = store.current();
		if (replay) {
			setStatus(`replaying${GLYPH.ellipsis}`);
			const progress = await controller.replay({step: current.mode === 'step'});
			if (progress) {
				setReplayProgress(progress);
				setStatus(replayStatus(progress));
			}
			return;
		}
		fitSampleToTarget();
		// As sent: edits typed while it is on its way are newer, and must outlive its being queued.
		const sent = composerDraft(store.current().composer);
		const values = composerValues(store.current().composer);
		if ('error' in values) return fieldError('composer', values.error);
		// A login with an empty password only earns a 535 (and, on a real server, maybe a lockout): ask for it first.
		const login = panelSettings();
		if (!login) return;
		if (login.user && login.password === '' && !controller.getSnapshot().session.authenticated) {
			return fieldError('connection', {field: 'password', message: `Password: not set for ${login.user}; type it, or clear User to send without a login`});
		}
		if (!applyTarget(login)) return;
		let composed;
		try {
			if (!previewOn) identity.current = newIdentity();
			composed = await composeFromValues(values.values, identity.current);
		} catch (error) {
			if (!(error instanceof SmtpInputError)) throw error;
			// Under the form, in full (the footer cuts a long reason), with the field it names marked.
			return fieldError('composer', {field: composerFieldFor(store.current().composer, error.field) ?? error.field, message: error.message});
		}
		dispatch({type: 'composer', action: {type: 'error'}});
		setStatus(undefined);
		const result = await controller.send(outgoingMessage(composed), {step: current.mode === 'step'});
		if (!result) return;
		if (result.ok) setStatus(`sent: ${result.message}`);
		// No reply after the whole message: "not sent" would invite a second copy.
		else if (deliveryUncertain(controller.getSnapshot().session)) setStatus(`unconfirmed: ${MAYBE_DELIVERED}`);
		// Esc at the step prompt: the connection stays open, and the way on is worth more than "not sent". At the
		// message itself it was closed (after 354 only a message may follow): the next Ctrl+S starts over.
		else if (result.kind === 'stopped') {
			setStatus(
				controller.getSnapshot().session.connection === 'connected'
					? `stopped here: ${afterStop(controller.getSnapshot().session)}, ${keyFor('session.disconnect')} disconnects`
					: `stopped before the message: the connection is closed; ${keyFor('session.send')} starts again`,
			);
		} else setStatus(`not sent (${STAGE_WORDS[result.stage ?? ''] ?? result.stage ?? 'stopped'}): ${inPanelWords(result.message)}`);
		// Silence instead of a greeting: what to try, in the log too (presenter mode's next line says it as well).
		const {target, refusedCertificate} = controller.getSnapshot().session;
		const hint = silentGreetingHint(result.kind, target.security) ?? starttlsFailedHint(result.kind, target.security);
		if (hint) controller.info(`hint: ${hint}`);
		// The certificate advice names flags (send's words): in the dashboard they are the panel's CA file and Verify.
		if (result.kind === 'certificate') controller.info(trustAdvice(refusedCertificate?.remedy, controller.driver.options.ca !== undefined));
		// A message that failed stays as the draft; one that was queued no longer needs it, and the next one is new.
		// Edited since Ctrl+S (the RCPT of slow@ takes seconds), the composer holds a newer message: its draft stays.
		if (result.ok) {
			lastQueued.current = {draft: sent, at: Date.now()};
			identity.current = newIdentity();
			if (store.current().preview) setPreviewIsNext(true);
			setQueued(count => count + 1);
			if (isDeepStrictEqual(composerDraft(store.current().composer), sent)) {
				settledMessage.current = sent;
				await drafts?.clear();
			}
		}
	};

	// Ctrl+F twice within RESET_CONFIRM_MS: one press alone must not wipe a message someone spent minutes on.
	const resetAsked = useRef(0);
	const resendAsked = useRef(0);
	// The last message queued, as sent, and when.
	const lastQueued = useRef<{draft: ComposerDraft; at: number} | undefined>(undefined);
	// A footer line about a panel's content ("holds the sample message again", "header removed; Ctrl+Z undoes",
	// "nothing to undo here") is true of the panel as it was then: the next change to it makes it stale (Ctrl+Z would
	// undo that change), and a pending Ctrl+F question with it.
	const formHint = useRef<{text: string; form: UndoForm; values: FormState} | undefined>(undefined);
	const hintForm = (form: UndoForm) => (text: string) => {
		formHint.current = {text, form, values: formOf(store.current(), form)};
		setStatus(text);
	};
	const hintComposer = hintForm('composer');
	useEffect(() => {
		const hint = formHint.current;
		// The latest state, not this render's: a key handled before this effect ran may have set the hint.
		if (!hint || sameValues(formOf(store.current(), hint.form), hint.values)) return;
		formHint.current = undefined;
		resetAsked.current = 0;
		setStatus(current => (current === hint.text ? undefined : current));
	}, [state.composer, state.connectionForm]);
	const resetDraft = () => {
		if (!sample) return;
		if (isDeepStrictEqual(draftFromComposer(composerDraft(store.current().composer)), untouched.current)) return hintComposer('the composer already holds the sample message');
		const now = Date.now();
		if (now - resetAsked.current > RESET_CONFIRM_MS) {
			resetAsked.current = now;
			return askTwice(hintComposer, `${keyFor('composer.reset')} again within 3 s: the sample replaces this message`);
		}
		resetAsked.current = 0;
		dispatch({type: 'composerReplaced', draft: sample});
		hintComposer(`the composer holds the sample message again; ${UNDOES}`);
	};

	// When a first Ctrl+C asked about the hand-typed lines of a message, or about edits saved nowhere.
	const quitAsked = useRef(0);
	const movedOn = () => {
		setStatus(undefined);
		// A second press confirms only what the footer still asks: once the question is gone, it starts over.
		resetAsked.current = 0;
		mxAsked.current = 0;
		quitAsked.current = 0;
	};

	/** A line typed and not sent, which quitting loses: manual mode's command line, a step line being edited. */
	const lineNotSent = (): string | undefined => {
		const {mode, commandLine, stepEdit} = store.current();
		if (stepEdit && textValue(stepEdit) !== controller.getSnapshot().session.proposed?.display) return `the edited step line is not sent (${keyFor('step.confirm')} sends it)`;
		const typed = commandLineValue(commandLine);
		// A line recalled from the history as it was is kept there.
		const recalled = commandLine.index !== undefined && typed === commandLine.history[commandLine.index];
		return mode === 'manual' && typed !== '' && !recalled ? `the line typed is not sent (${keyFor('manual.submit')} sends it)` : undefined;
	};

	const quit = async () => {
		// Ctrl+C again while closing (the QUIT may wait seconds for a slow server): leave at once.
		if (exiting.current) {
			controller.driver.destroy();
			return exit(0);
		}
		// Lines typed after 354 are kept nowhere else (the draft is the composer's), nor are a second dashboard's
		// edits: the habit of Ctrl+C to cancel a line must not lose them, so the first press asks.
		const {dataMode, bodyLines} = controller.getSnapshot();
		const lines = bodyLines === 1 ? 'the typed line of the message is' : `the ${bodyLines} typed lines of the message are`;
		const lost = dataMode && bodyLines > 0 ? `${lines} not sent ("." alone sends ${bodyLines === 1 ? 'it' : 'them'})` : (lineNotSent() ?? (editsNotSaved() ? 'edits here are lost: another smtp-tui keeps the draft' : undefined));
		if (lost !== undefined && Date.now() - quitAsked.current > RESET_CONFIRM_MS) {
			quitAsked.current = Date.now();
			return askTwice(setStatus, `${keyFor('app.quit')} again within 3 s quits; ${lost}`);
		}
		exiting.current = true;
		const connected = controller.getSnapshot().session.connection === 'connected';
		// The key first: on a narrow footer the end of the message is what gets cut.
		// A replay's connection is a recording: no QUIT goes anywhere.
		if (connected) setStatus(`closing: Ctrl+C again leaves at once${replay ? '' : ' (QUIT sent)'}`);
		await controller.close();
		exit(0);
	};

	// A Ctrl+K port check is running.
	const checking = useRef(false);
	// Ctrl+L replaces the panel's target and login: a second press within RESET_CONFIRM_MS, unless the panel already
	// holds an MX it chose (then it moves on to the next one). Sysadmins press Ctrl+L to redraw out of habit.
	const mxAsked = useRef(0);
	const pickMx = async () => {
		const values = composerValues(store.current().composer);
		if ('error' in values) return fieldError('composer', values.error);
		const parsed = connectionSettings(store.current().connectionForm);
		const current = 'error' in parsed ? undefined : parsed.settings;
		const chosen = mx.current?.hosts[mx.current.index];
		// Only an MX the panel still targets moves on to the next: undone or typed over, Ctrl+L starts at the best.
		const held = chosen && current?.host === chosen.exchange && current.port === 25 && current.user === '' ? mx.current : undefined;
		if (!held) {
			const now = Date.now();
			if (now - mxAsked.current > RESET_CONFIRM_MS) {
				mxAsked.current = now;
				const login = current?.user ? `, ${current.user}'s login` : '';
				return askTwice(setStatus, `${keyFor('connection.mx')} again: the MX replaces Host, Port${login}`);
			}
			mxAsked.current = 0;
		}
		const {to, cc, bcc} = values.values;
		const choice = await nextMx([to, cc, bcc], held, resolver);
		if ('message' in choice) {
			// In the log too, where it stays: the footer's line is replaced by the next message.
			controller.info(choice.message);
			return setStatus(choice.message);
		}
		mx.current = choice;
		for (const line of describeMx(choice)) controller.info(line);
		const host = choice.hosts[choice.index]!;
		// Port 25 to the MX, as the tutorial does by hand: STARTTLS when offered, no AUTH (an MX takes mail for its
		// own domain).
		dispatch({type: 'connectionReplaced', values: [['host', host.exchange], ['port', '25'], ['security', 'auto'], ['user', ''], ['password', '']]});
		const more = choice.hosts.length > 1 ? `; ${keyFor('connection.mx')} again for the next of ${choice.hosts.length}` : '';
		hintForm('connection')(`target: ${host.exchange}:25 (${host.implicit ? 'no MX: the domain itself' : `MX preference ${host.priority}`})${more}; ${UNDOES}`);
	};

	// Ctrl+X. Step mode offers QUIT at the step prompt first, as the session's last step (explained before it goes).
	/** A Ctrl+X is ending the session: until it has, a second one says so rather than nothing. */
	const stopping = useRef(false);
	const disconnect = async () => {
		if (stopping.current) return setStatus('stopping: QUIT sent, waiting for its reply (Ctrl+C leaves at once)');
		// The last offer's outcome ("QUIT not sent") is stale once QUIT is on offer again, or goes.
		setStatus(undefined);
		// Never connected, or closed already, with nothing under way: "disconnected" would claim an act.
		const {connection, busy} = controller.getSnapshot().session;
		const open = busy || connection === 'connected' || connection === 'connecting';
		const step = store.current().mode === 'step';
		// A running session's end takes the server's answer to QUIT: said meanwhile, not left to the footer's "stop".
		if (busy && !step) setStatus('stopping: QUIT sent, waiting for its reply');
		stopping.current = busy && !step;
		const outcome = await controller.disconnect({ask: step}).finally(() => {
			stopping.current = false;
		});
		setStatus(outcome === 'kept' ? 'QUIT not sent: the connection stays open' : open ? `disconnected; ${keyFor('session.send')} connects again` : 'not connected: nothing to disconnect');
	};

	const report = (promise: Promise<unknown>) => {
		promise.catch((error: unknown) => setStatus(`error: ${error instanceof Error ? error.message : String(error)}`));
	};

	const screen: DashboardScreen = {
		size,
		snapshot: view.session,
		...(inbox && {inbox}),
		...(preview !== undefined && {preview}),
		...(previewIsNext && {previewNote: 'sent; shown now: the next message, with a new Message-ID and Date'}),
		...(status !== undefined && {status}),
		...(replay && {replay: true}),
		...(replayProgress && {replayProgress}),
		...(view.warning !== undefined && {commandWarning: view.warning}),
		dataMode: view.dataMode,
		bodyLines: view.bodyLines,
		body: view.body,
		authAnswer: view.authAnswer,
		authRefused: view.authRefused,
		// The line in flight is not queued: those typed behind it are.
		linesQueued: Math.max(0, view.linesWaiting - 1),
		messagesQueued: view.messagesQueued,
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
		check: () => {
			// One at a time: two checks' lines interleave in the log, and the older verdict could land last.
			if (checking.current) return setStatus('a port check is already running; its verdict comes here');
			const settings = panelSettings();
			if (!settings) return;
			checking.current = true;
			setStatus(`checking ports on ${settings.host}${GLYPH.ellipsis}`);
			report(
				checkPanelHost(controller, settings, defaults)
					.then(setStatus)
					.finally(() => {
						checking.current = false;
					}),
			);
		},
		mx: () => report(pickMx()),
		resetDraft,
		removedHeader: () => hintComposer(`header removed; ${UNDOES}`),
		// Nothing to undo: Ctrl+Z also says what it does not do (suspend), as it does where nothing is undone.
		undo: (left, key) => {
			// The command line's hint goes with its next line sent, as its other messages do.
			const form = undoFormAt(store.current().focus);
			const said = form ? hintForm(form) : setStatus;
			// Goes at the panel's next change, as the others do: by then there is something to undo.
			if (left === undefined) return said(key === 'z' ? `nothing to undo here; ${SUSPEND_OFF}` : 'nothing to undo here');
			said(left === 0 ? 'undone; nothing more to undo here' : `undone; ${keyFor('form.undo')} again undoes the change before`);
		},
		strayText: context => {
			// With the preview open the composer's fields take no typing: say how to get back to them.
			if (!context.overlay && context.focus === 'composer' && context.editing === false) return setStatus(`the preview is open: ${keyFor('composer.preview')} closes it to edit the message`);
			// Letters typed where nothing takes text (a student who tabbed away from the command line, say): where to.
			if (!context.overlay && (context.focus === 'log' || context.focus === 'inbox')) {
				const panel = context.focus === 'log' ? 'the log' : 'the inbox';
				return setStatus(`${panel} takes no typing: type in ${context.mode === 'manual' ? 'the command line' : 'the message'} (${keyFor('focus.next')} moves between panels)`);
			}
			// Letters typed at the step prompt edit nothing: say which keys it takes instead of swallowing them.
			if (context.overlay !== 'step') return;
			const edit = context.fixedProposal ? '' : `, ${keyFor('step.edit')} edits it`;
			hintStep(context.stepWaiting ? 'step mode: the next line is offered when the server has answered' : `step mode: ${keyFor('step.confirm')} sends the line${edit}, ${stepStop()}`);
		},
		movedOn,
		lateEnter: () => hintStep(LATE_ENTER),
		enterPassed: () => setStatus(current => (current === LATE_ENTER ? undefined : current)),
		// Short enough to sit beside the mode at 80 columns: a row of its own would move every panel as it comes and goes.
		earlyEnter: () => hintStep(`${keyFor('step.confirm')} held: ${keyFor('step.confirm')} again sends it`),
		// The step session sends the message as it was when it started: a change now would show but not go.
		heldAtStep: id => hintStep(id === 'form.undo' ? UNDO_WAITS : `${keyFor(id)} waits: the message is on its way; change it after this session`),
		// Said, not typed: Alt+X typing "x", or Ctrl+_ taken for a paste problem, left the user guessing.
		unboundKey: (chord, context) => {
			if (context.overlay === 'help') return;
			const undoKey = bindingById('form.undo').keys.some(key => key.label === chord);
			if (undoKey && context.replay && (context.focus === 'composer' || context.focus === 'connection')) return setStatus(UNDO_OFF_IN_REPLAY);
			// A key of the panel that a replay turns off (Ctrl+P, Ctrl+N, Ctrl+K...): why it does nothing.
			const off = context.replay ? BINDINGS.find(binding => binding.notInReplay && binding.scopes.includes(context.focus) && binding.keys.some(key => key.label === chord)) : undefined;
			if (off) return setStatus(`${chord} (${off.hint ?? off.description.toLowerCase()}) is off in a replay: the recording plays as recorded`);
			// Esc is the reflex for "stop": it does not stop a session, Ctrl+X does (and says QUIT).
			// In step mode it stops at a prompt, not between them: said until the next prompt comes.
			if (chord === ESCAPE_CHORD && context.running && context.mode === 'step') return hintStep(`Esc stops at a step prompt, not while a reply is awaited; ${keyFor('session.disconnect')} stops now`);
			if (chord === ESCAPE_CHORD && context.running) return setStatus(`Esc does not stop a running session: ${keyFor('session.disconnect')} stops it`);
			// Ctrl+D on an empty command line: telnet's and the shell's way out, which deletes nothing here.
			if (chord === 'Ctrl+D' && context.focus === 'command') return setStatus(ctrlDHint(context.typingBody === true, controller.getSnapshot().session.connection === 'connected'));
			setStatus(chord === SUSPEND_CHORD ? SUSPEND_OFF : `${chord} does nothing here; ${keyFor('help.toggle')} lists every key`);
		},
		// Body lines typed after 354 are in the command line, which only manual mode has: they stay until "." ends them.
		// Another mode is moving on too: the last result ("not sent (data): …") would sit beside the new mode's keys.
		cycleMode: cycle => {
			if (controller.getSnapshot().dataMode) return setStatus(HAND_TYPED_MESSAGE_OPEN);
			movedOn();
			cycle();
		},
		remembers: line => controller.remembers(line),
		confirmStep: line => controller.confirmStep(line),
		stopStep: () => controller.stopStep(),
		sendLine: line =>
			report(
				(async () => {
					// A recording answers only the lines it holds, in its order: anything else would get a reply the
					// server never gave.
					if (replay) {
						// The line itself is not repeated: it might be a secret.
						controller.info('a line typed by hand was not sent: a replay answers only the lines it recorded, in their order; Ctrl+S plays it');
						dispatch({type: 'commandRefused', line});
						return setStatus('a replay takes no typed lines; Ctrl+S plays it');
					}
					// The last Ctrl+S result no longer describes the session once lines are typed by hand.
					setStatus(undefined);
					await sandboxes.ready();
					if (controller.getSnapshot().session.connection !== 'connected' && !applyTarget()) return;
					const result = await controller.sendLine(line);
					if (!result) return;
					// Nothing typed is lost: the line comes back to be fixed, unless a new one is being typed.
					dispatch({type: 'commandRefused', line});
					setStatus(result.refused);
				})(),
			),
	}, {pastesMarked, ...(stepLineSettleMs !== undefined && {stepLineSettleMs})});

	const waitedSeconds = useWaitClock(view.session.waiting?.since);
	return <Dashboard {...toDashboardProps(state, screen)} {...(waitedSeconds !== undefined && {waitedSeconds})} />;
}
