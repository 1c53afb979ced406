// What goes to the server from the keys: Ctrl+S (the composer's message, or a replay's next play) and manual
// mode's typed lines.
import {useRef, useState} from 'react';
import {isDeepStrictEqual} from 'node:util';
import type {SessionController} from '../../session/controller.js';
import {deliveryUncertain} from '../../session/outcome.js';
import type {ReplayProgress} from '../../session/replay.js';
import {greetsAsSandbox} from '../../sandbox/banner.js';
import {SmtpInputError} from '../../smtp/types.js';
import {composerDraft, composerFieldFor, composerValues, type ComposerDraft} from '../components/composer-form.js';
import {silentGreetingHint, starttlsFailedHint} from '../components/next-step.js';
import {TRY_PROXY} from '../../headless/proxy-hints.js';
import {stopHint} from '../components/dashboard.js';
import {keyFor} from '../keys/bindings.js';
import {HAND_TYPED_MESSAGE_OPEN, stepStop} from '../key-hints.js';
import {outgoingMessage} from '../outgoing.js';
import type {PanelTargeting} from '../panel-target.js';
import {replayStatus, sendStatus} from '../result-status.js';
import {RESET_CONFIRM_MS, SecondPress} from '../second-press.js';
import {GLYPH} from '../theme.js';
import {trustAdvice} from '../trust-advice.js';
import {focusOrder} from '../components/dashboard-state.js';
import type {DataPreview} from './use-data-preview.js';
import type {DkimLogLines} from '../dashboard-dkim.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {Drafts} from './use-drafts.js';
import type {ShowFieldError} from './use-field-errors.js';
import type {SandboxState} from './use-sandbox.js';
import {TYPED_LINES_GOING, type StatusLine} from './use-status-line.js';

/**
 * Ctrl+S in manual mode, which otherwise sends only what is typed: what it would send, asked first, as the planner
 * itself would send it. On a connection still open (step mode stopped, lines typed) it goes on from where the
 * session is: the commands already done there are not named, and those the standing calls for again are (RSET in a
 * transaction, EHLO and AUTH after a STARTTLS). With a lesson's panel open, it says that the lesson will not count it.
 */
function manualSendQuestion(controller: SessionController, lesson: boolean): string {
	const open = controller.getSnapshot().session.connection === 'connected';
	const commands = controller.commandsAhead();
	const which = commands.length > 0 ? ` (${commands.join(', ')})` : '';
	return `${keyFor('session.send')} again sends the composer's message ${open ? 'over this connection ' : ''}as auto mode does${which}; ${lesson ? 'the lesson counts only what you type' : 'manual mode sends only what you type'}`;
}
/** The log's word for it, once asked for: these commands were not typed. */
const MANUAL_SEND_NOTE = `${keyFor('session.send')} in manual mode: the composer's message goes as auto mode sends it, with commands you did not type`;

/** Said from Ctrl+S until a big message is built: encoding megabytes takes a moment, and the screen must not look frozen. */
const PREPARING_MESSAGE = `preparing the message${GLYPH.ellipsis}`;
/** A body this long (characters) is big enough for its building to be seen; a shorter one is built at once. */
const BIG_BODY = 1_000_000;

type SendOptions = {
	controller: SessionController;
	store: DashboardStore;
	/** `smtp-tui replay`: Ctrl+S plays the recording, and no typed line goes. */
	replay: boolean;
	status: StatusLine;
	fieldError: ShowFieldError;
	targeting: PanelTargeting;
	sandboxes: SandboxState;
	preview: DataPreview;
	drafts: Drafts;
	/** --dkim-key: the log's lines for each signed message (the key check among them). */
	dkim?: DkimLogLines;
	/** Step mode, a message queued: QUIT is offered at the prompt at once (see useDisconnect). */
	offerQuit: () => Promise<void>;
	/** A lesson's panel is open: what Ctrl+S sends ticks none of its tasks. */
	lessonOpen: boolean;
};

type Sending = {
	send: () => Promise<void>;
	sendLine: (line: string) => Promise<void>;
	/** The last play of a recording: what the next Ctrl+S plays (the next connection, or the recording again). */
	replayProgress: ReplayProgress | undefined;
	/** The footer moved on from the second-copy question: the next Ctrl+S asks again. */
	forget: () => void;
};

export function useSend({controller, store, replay, status, fieldError, targeting, sandboxes, preview, drafts, dkim, offerQuit, lessonOpen}: SendOptions): Sending {
	const {setStatus, askTwice, hintStep} = status;
	const {panelSettings, applyTarget} = targeting;
	const [replayProgress, setReplayProgress] = useState<ReplayProgress | undefined>(undefined);
	const [resendAsked] = useState(() => new SecondPress());
	// The last message queued, as sent, and when.
	const lastQueued = useRef<{draft: ComposerDraft; at: number} | undefined>(undefined);
	// A message is being built for Ctrl+S: the session is not busy yet, but another Ctrl+S must not build a second one.
	const preparing = useRef(false);

	const send = async () => {
		if (preparing.current) return setStatus(PREPARING_MESSAGE);
		if (controller.getSnapshot().dataMode) return setStatus(HAND_TYPED_MESSAGE_OPEN);
		// A pasted script still going out owns the connection: a message sent now would be mixed into it.
		if (controller.getSnapshot().linesWaiting > 0) return setStatus(TYPED_LINES_GOING);
		// QUIT on offer after a message: Ctrl+S sends another on this connection instead, as it would before the offer.
		if (controller.getSnapshot().session.proposed && !(await controller.withdrawQuit())) {
			// The session waits for the user, not the other way round: say which key moves it.
			hintStep(`a step waits for you: ${keyFor('step.confirm')} sends its line, ${stepStop(store.current(), stopHint(controller.getSnapshot().session.proposed, replay).stopHint)}`);
			return;
		}
		if (controller.getSnapshot().session.busy) {
			hintStep(`a session is running: wait, or ${keyFor('session.disconnect')} disconnects`);
			return;
		}
		// A second copy only when asked for twice: the last message may have arrived (no reply came to it), or the same
		// message was queued a moment ago (Ctrl+S pressed twice; step mode asks at each line anyway). In manual mode,
		// which sends only what is typed, the commands Ctrl+S would send are asked for twice as well.
		const justQueued = lastQueued.current;
		const manual = !replay && store.current().mode === 'manual';
		const question = replay
			? undefined
			: deliveryUncertain(controller.getSnapshot().session)
				? // The key first: the footer is cut at the terminal's width.
					`${keyFor('session.send')} again sends a second copy: the last one may have arrived`
				: store.current().mode !== 'step' && justQueued && performance.now() - justQueued.at < RESET_CONFIRM_MS && isDeepStrictEqual(composerDraft(store.current().composer), justQueued.draft)
					? `sent just now; ${keyFor('session.send')} again sends another copy`
					: manual
						? manualSendQuestion(controller, lessonOpen)
						: undefined;
		if (question !== undefined && resendAsked.asks()) return askTwice(setStatus, question);
		resendAsked.forget();
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
		drafts.fitSampleToTarget();
		// As sent: edits typed while it is on its way are newer, and must outlive its being queued.
		const sent = composerDraft(store.current().composer);
		drafts.saveNow();
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
		let dkimLines: string[] = [];
		preparing.current = true;
		// Drawn at the builder's first pause, before the encoding of megabytes: not for a small message, where it would flash.
		if (values.values.body.length >= BIG_BODY) setStatus(PREPARING_MESSAGE);
		try {
			const built = await preview.compose(values.values);
			composed = built.message;
			if (built.signed && dkim) {
				// The key check waits for DNS (5 s at most): said meanwhile, as a big message's building is.
				if (dkim.asks(built.signed)) setStatus(PREPARING_MESSAGE);
				dkimLines = await dkim.lines(built.signed);
			}
		} catch (error) {
			if (!(error instanceof SmtpInputError)) throw error;
			// Under the form, in full (the footer cuts a long reason), with the field it names marked.
			return fieldError('composer', {field: composerFieldFor(store.current().composer, error.field) ?? error.field, message: error.message});
		} finally {
			preparing.current = false;
			setStatus(current => (current === PREPARING_MESSAGE ? undefined : current));
		}
		store.dispatch({type: 'composer', action: {type: 'error'}});
		setStatus(undefined);
		if (manual) controller.info(MANUAL_SEND_NOTE);
		const lastBefore = controller.getSnapshot().session.logTotal;
		// Counted as this message's: the footer says a failing key check as it says any other warning of the send.
		for (const line of dkimLines) controller.info(line);
		const result = await controller.send(outgoingMessage(composed), {step: current.mode === 'step'});
		if (!result) return;
		const caGiven = controller.driver.options.ca !== undefined;
		// The key to the connection panel is counted from where the focus is now.
		const place = {focus: store.current().focus, order: focusOrder(store.current().mode, sandboxes.current() !== undefined)};
		setStatus(sendStatus(result, controller.getSnapshot().session, {lastIdBefore: lastBefore, mode: store.current().mode, composer: store.current().composer, caGiven, place}));
		// Step mode's lesson ends with QUIT: offered at once, so the Enter after the 250 says goodbye (Esc keeps the
		// connection, Ctrl+S sends another on it). Started before the draft is saved: no frame without the prompt.
		const quitOffered = result.ok && store.current().mode === 'step' ? offerQuit() : undefined;
		// Silence instead of a greeting: what to try, in the log too (presenter mode's next line says it as well).
		const {target, refusedCertificate, greeting} = controller.getSnapshot().session;
		const silent = silentGreetingHint(result.kind, target.security);
		// The log has the room the next-step line lacks for send's third guess: a port behind a load balancer.
		const hint = silent && target.proxy === undefined ? `${silent}${TRY_PROXY.replace('try --proxy', 'start again with --proxy')}` : (silent ?? starttlsFailedHint(result.kind, target.security));
		if (hint) controller.info(`hint: ${hint}`);
		// The certificate advice names flags (send's words): in the dashboard they are the panel's CA file and Verify.
		if (result.kind === 'certificate') controller.info(trustAdvice(refusedCertificate?.remedy, caGiven, refusedCertificate?.wrongName, place, greetsAsSandbox(greeting)));
		if (result.ok) {
			lastQueued.current = {draft: sent, at: performance.now()};
			preview.queued(store.current().preview !== undefined);
			await drafts.queued(sent);
		}
		await quitOffered;
	};

	const sendLine = async (line: string) => {
		// A recording answers only the lines it holds, in its order: anything else would get a reply the
		// server never gave.
		if (replay) {
			// The line itself is not repeated: it might be a secret.
			controller.info('a line typed by hand was not sent: a replay answers only the lines it recorded, in their order; Ctrl+S plays it');
			store.dispatch({type: 'commandRefused', line});
			return setStatus('a replay takes no typed lines; Ctrl+S plays it');
		}
		// The last Ctrl+S result no longer describes the session once lines are typed by hand, nor does its question
		// (what Ctrl+S would send changes with each line): the next Ctrl+S asks again.
		setStatus(undefined);
		resendAsked.forget();
		await sandboxes.ready();
		if (controller.getSnapshot().session.connection !== 'connected' && !applyTarget()) return;
		const result = await controller.sendLine(line);
		if (!result) return;
		if ('note' in result) return setStatus(result.note);
		// Nothing typed is lost: the line comes back to be fixed, unless a new one is being typed.
		store.dispatch({type: 'commandRefused', line});
		setStatus(result.refused);
	};

	return {send, sendLine, replayProgress, forget: () => resendAsked.forget()};
}
