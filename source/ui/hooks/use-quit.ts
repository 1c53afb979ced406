// Ctrl+C: asks first when something would be lost (see quitLoses), sends QUIT and waits for it, and leaves at once
// when pressed again while closing.
import {useRef, useState} from 'react';
import type {SessionController} from '../../session/controller.js';
import {answerAwaited} from '../../session/outcome.js';
import {keyFor} from '../keys/bindings.js';
import {quitLoses} from '../quit-guard.js';
import {SecondPress} from '../second-press.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {StatusLine} from './use-status-line.js';

/** The quit prompt while the message's reply is awaited, for as long as QUIT waits for it (see SmtpDriver.quit). */
const QUIT_UNANSWERED = 'closing: the message went but no reply came: it may have been accepted; Ctrl+C again leaves at once';

type QuitOptions = {
	controller: SessionController;
	store: DashboardStore;
	status: StatusLine;
	editsNotSaved: () => string | undefined;
	/** A lesson begun and not finished (see unfinished): its ticks would go. */
	lessonLoses: () => string | undefined;
	/** Called before asking about edits not saved: by now they may be (see Drafts.recheck). */
	recheckSaved: () => Promise<void>;
	/** A replay's connection is a recording: no QUIT goes anywhere. */
	replay: boolean;
	/** Called once; the runner unmounts, restores the terminal and exits. */
	onExit: (code: number) => void;
};

export function useQuit({controller, store, status: {setStatus, askTwice, leave}, editsNotSaved, lessonLoses, recheckSaved, replay, onExit}: QuitOptions) {
	const exiting = useRef(false);
	const exited = useRef(false);
	// When a first Ctrl+C asked about the hand-typed lines of a message, or about edits saved nowhere.
	const [quitAsked] = useState(() => new SecondPress());
	const exit = (code: number) => {
		if (exited.current) return;
		exited.current = true;
		onExit(code);
	};
	const quit = async () => {
		// Ctrl+C again while closing (the QUIT may wait seconds for a slow server): leave at once.
		if (exiting.current) {
			controller.driver.destroy();
			return exit(0);
		}
		let lost = quitLoses(controller.getSnapshot(), store.current(), editsNotSaved);
		if (lost !== undefined && editsNotSaved() !== undefined) {
			await recheckSaved();
			lost = quitLoses(controller.getSnapshot(), store.current(), editsNotSaved);
		}
		lost ??= lessonLoses();
		if (lost !== undefined && quitAsked.asks()) return askTwice(setStatus, `${keyFor('app.quit')} again within 3 s quits; ${lost}`);
		exiting.current = true;
		const {session} = controller.getSnapshot();
		// The key first: on a narrow footer the end of the message is what gets cut. Only the message's reply says
		// whether it went: leaving before it may leave a message queued, which a second send would send twice.
		if (session.connection === 'connected') leave(!replay && answerAwaited(session) ? QUIT_UNANSWERED : `closing: Ctrl+C again leaves at once${replay ? '' : ' (QUIT sent)'}`);
		await controller.close();
		exit(0);
	};
	return {quit, forget: () => quitAsked.forget()};
}
