// The composer's draft: every change remembered, written within half a second (a few seconds for a big one: see
// DraftStore), and at once when the composer loses the focus or its message is sent. The
// untouched sample is no draft: saved, it would come back in the next run, whose target (sandbox or real server)
// it may not fit. Its body follows the target it goes to.
import {useEffect, useRef} from 'react';
import {isDeepStrictEqual} from 'node:util';
import type {DraftStore} from '../../message/drafts.js';
import type {Sandbox} from '../../sandbox/server.js';
import type {SessionController} from '../../session/controller.js';
import {bodyIs, composerCharacters, composerDraft, createComposer, type ComposerDraft} from '../components/composer-form.js';
import {connectionSettings} from '../components/connection-form.js';
import {draftFromComposer} from '../outgoing.js';
import {targetFor, type TargetDefaults} from '../panel-target.js';
import {fitSampleBody, SAMPLE_DRAFT, sampleFor} from '../sample.js';
import type {DashboardStore} from './use-dashboard-keys.js';

type DraftsOptions = {
	controller: SessionController;
	store: DashboardStore;
	drafts: DraftStore | undefined;
	sample: ComposerDraft | undefined;
	defaults: TargetDefaults;
	sandbox: () => Sandbox | undefined;
	replay: boolean;
};

export type Drafts = {
	/** The composer holds the sample as it was given (or as fitted to its target). */
	holdsSample: () => boolean;
	/** Why quitting loses the edits (another dashboard keeps the draft, or it cannot be written); undefined when it does not. */
	editsNotSaved: () => string | undefined;
	/** Asks the store again whether it may save (another dashboard that kept the draft may have quit): before the quit asks. */
	recheck: () => Promise<void>;
	/**
	 * The sample's body says where it goes: aimed elsewhere in the panel, it follows, as it does for --host at start
	 * ("nothing leaves this machine" must never reach a real server). A body of the user's own is left alone.
	 */
	fitSampleToTarget: () => void;
	/** A message was queued as `sent`: if the composer still holds it, nothing of it can be lost, and its draft goes. */
	queued: (sent: ComposerDraft) => Promise<void>;
	/** Writes the last change now, not when its wait is over (Ctrl+S: a send that fails keeps the draft). */
	saveNow: () => void;
};

export function useDrafts({controller, store, drafts, sample, defaults, sandbox, replay}: DraftsOptions): Drafts {
	const {state, dispatch} = store;
	const untouched = useRef(sample ? draftFromComposer(composerDraft(createComposer(sample))) : undefined);
	// What the composer held when none of it could be lost: at start, then each message queued as it was sent.
	const settledMessage = useRef<ComposerDraft | undefined>(undefined);
	settledMessage.current ??= composerDraft(state.composer);
	const editsNotSaved = () => {
		const why = drafts?.notSaved;
		const now = composerDraft(store.current().composer);
		return why !== undefined && !isDeepStrictEqual(now, settledMessage.current) && !isDeepStrictEqual(draftFromComposer(now), untouched.current) ? why : undefined;
	};
	useEffect(() => {
		const composer = state.composer;
		// Each key changes the composer: its draft is made (a 4 MB body joined) only when it is written, and the
		// comparisons below read the body in place first.
		const draft = () => draftFromComposer(composerDraft(composer));
		const untouchedNow = untouched.current;
		const settledNow = settledMessage.current;
		// Nothing of this dashboard's own: the untouched sample, or, while another one keeps the draft, the message this
		// one started with (saved once that one quits, it would undo that one's later edits). For a store that does not
		// keep the draft, clear() only drops what was pending.
		const notOwn =
			(untouchedNow && bodyIs(composer, untouchedNow.body) && isDeepStrictEqual(draft(), untouchedNow)) ||
			(drafts?.owner === false && settledNow && bodyIs(composer, settledNow.body) && isDeepStrictEqual(composerDraft(composer), settledNow));
		if (notOwn) drafts?.clear().catch(() => undefined);
		else drafts?.save({make: draft, characters: composerCharacters(composer)});
	}, [drafts, state.composer]);
	// Leaving the composer ends a spell of typing: what was typed is written now, not seconds later (a big draft's wait).
	const inComposer = state.focus === 'composer';
	useEffect(() => {
		if (!inComposer) drafts?.saveNow();
	}, [drafts, inComposer]);

	const fitSampleToTarget = () => {
		if (replay) return;
		// Where it really goes: over the open connection when there is one (the panel's changes wait for the next).
		const session = controller.getSnapshot().session;
		let target: {host: string; sandbox: boolean};
		if (session.connection === 'connected') target = session.target;
		else {
			const parsed = connectionSettings(store.current().connectionForm);
			if ('error' in parsed) return;
			target = {host: parsed.settings.host, sandbox: targetFor(parsed.settings, defaults, sandbox()).sandbox === true};
		}
		const draft = composerDraft(store.current().composer);
		const fitted = fitSampleBody(draft, target.sandbox ? SAMPLE_DRAFT : sampleFor(target.host, defaults.socks !== undefined));
		if (fitted === draft) return;
		// The untouched sample fitted is the sample still: not kept as a draft.
		if (isDeepStrictEqual(draftFromComposer(draft), untouched.current)) untouched.current = draftFromComposer(composerDraft(createComposer(fitted)));
		dispatch({type: 'composerReplaced', draft: fitted});
		controller.info(`the sample message now says where it goes (${target.sandbox ? 'the built-in sandbox' : target.host})`);
	};

	return {
		holdsSample: () => isDeepStrictEqual(draftFromComposer(composerDraft(store.current().composer)), untouched.current),
		editsNotSaved,
		recheck: async () => drafts?.recheck(),
		fitSampleToTarget,
		saveNow: () => drafts?.saveNow(),
		// A message that failed stays as the draft; one that was queued no longer needs it, and the next one is new.
		// Edited since Ctrl+S (the RCPT of slow@ takes seconds), the composer holds a newer message: its draft stays.
		queued: async sent => {
			if (!isDeepStrictEqual(composerDraft(store.current().composer), sent)) return;
			settledMessage.current = sent;
			await drafts?.clear();
		},
	};
}
