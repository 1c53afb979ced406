// Ctrl+X, and the QUIT step mode offers by itself once a message is queued. Step mode offers QUIT at the step prompt
// first, as the session's last step (explained before it goes).
import {useRef} from 'react';
import type {SessionController} from '../../session/controller.js';
import type {QuitOutcome} from '../../session/quit-offer.js';
import {keyFor} from '../keys/bindings.js';
import {stopStatus} from '../result-status.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {StatusLine} from './use-status-line.js';

type Disconnect = {
	/** Ctrl+X. */
	disconnect: () => Promise<void>;
	/** Step mode, a message just queued: QUIT offered at the prompt, the result staying in the footer meanwhile. */
	offerQuit: () => Promise<void>;
};

export function useDisconnect(controller: SessionController, store: DashboardStore, setStatus: StatusLine['setStatus']): Disconnect {
	/** A Ctrl+X is ending the session: until it has, a second one says so rather than nothing. */
	const stopping = useRef(false);
	/**
	 * What the footer says once an offer or a disconnect ended (`open`: there was a connection to close; `stopped`: a
	 * running session, whose end may say more than "disconnected").
	 */
	const ended = (outcome: QuitOutcome, open: boolean, stopped = false) => {
		// Withdrawn by Ctrl+S: the next message's own words follow. Gone: the server's end says itself.
		if (outcome === 'withdrawn' || outcome === 'gone') return;
		// Manual mode connects on the first line typed (Ctrl+S there sends auto mode's commands, after a question).
		const again = store.current().mode === 'manual' ? 'the first line typed connects again' : `${keyFor('session.send')} connects again`;
		const news = stopped ? stopStatus(controller.getSnapshot().session, again) : undefined;
		setStatus(news ?? (outcome === 'kept' ? 'QUIT not sent: the connection stays open' : open ? `disconnected; ${again}` : 'not connected: nothing to disconnect'));
	};
	const disconnect = async () => {
		if (stopping.current) return setStatus('stopping: QUIT sent, waiting for its reply (Ctrl+C leaves at once)');
		// The last offer's outcome ("QUIT not sent") is stale once QUIT is on offer again, or goes.
		setStatus(undefined);
		// Never connected, or closed already, with nothing under way: "disconnected" would claim an act.
		const {connection, busy} = controller.getSnapshot().session;
		const open = busy || connection === 'connected' || connection === 'connecting';
		const step = store.current().mode === 'step';
		const stopped = controller.disconnect({ask: step});
		// A running session's end takes the server's answer to QUIT: said meanwhile, not left to the footer's "stop".
		// Where none could go (connecting, a TLS handshake, the message going out) it ended at once: nothing to wait for.
		// A line typed in manual mode leaves the session not busy, though a reply to it may be awaited: the QUIT waits
		// behind it all the same.
		stopping.current = (busy || store.current().mode === 'manual') && !step && controller.driver.state?.pending.some(({command}) => command.verb === 'QUIT') === true;
		if (stopping.current) setStatus('stopping: QUIT sent, waiting for its reply');
		const outcome = await stopped.finally(() => {
			stopping.current = false;
		});
		ended(outcome, open, busy);
	};
	const offerQuit = async () => {
		const outcome = await controller.offerQuit();
		if (outcome) ended(outcome, true);
	};
	return {disconnect, offerQuit};
}
