// The sandbox as the dashboard uses it: the panel aimed at it once it has started (and the log told how), and its
// inbox followed: messages let go and mail from other programs are said.
import {useEffect, useRef} from 'react';
import type {Sandbox} from '../../sandbox/server.js';
import type {SessionController} from '../../session/controller.js';
import {groupDigits} from '../../smtp/digits.js';
import {connectionSettings} from '../components/connection-form.js';
import {formValue, type FormState} from '../components/form-state.js';
import {inboxLetGo} from '../components/dashboard-state.js';
import type {InboxItem} from '../components/inbox.js';
import {targetFor, type TargetDefaults} from '../panel-target.js';
import {sandboxNotice} from '../sandbox-notice.js';
import {MARK} from '../theme.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import {filteredItems} from '../components/inbox-filter.js';
import {useInbox} from './use-inbox.js';
import {useSandbox} from './use-sandbox.js';

/** The panel's host and port, as one text to compare. */
const aim = (form: FormState) => `${formValue(form, 'host')}:${formValue(form, 'port')}`;

/** How many other programs' sessions the log names as their mail arrives. */
const OTHERS_SAID = 3;

type DashboardSandboxOptions = {
	controller: SessionController;
	store: DashboardStore;
	defaults: TargetDefaults;
	given: Sandbox | undefined;
	start: (() => Promise<Sandbox>) | undefined;
	setStatus: (text: string) => void;
};

export function useDashboardSandbox({controller, store, defaults, given, start, setStatus}: DashboardSandboxOptions) {
	const {state, dispatch} = store;
	/** The panel's host and port before the sandbox listens: while they are unchanged, it is aimed at the sandbox. */
	const aimedAtStart = useRef(aim(state.connectionForm));
	const sandboxes = useSandbox(
		given,
		start,
		started => {
			const port = started.listeners.find(listener => listener.kind === 'smtp')!.port;
			// Aimed elsewhere before the sandbox listened (Ctrl+L to an MX, a host typed): left there, not taken back.
			const untouched = aim(store.current().connectionForm) === aimedAtStart.current;
			if (untouched) dispatch({type: 'connection', action: {type: 'set', id: 'port', value: String(port)}});
			const parsed = connectionSettings(store.current().connectionForm);
			if (untouched && !('error' in parsed)) controller.setTarget(targetFor(parsed.settings, defaults, started));
			for (const line of sandboxNotice(started, port, 'error' in parsed ? undefined : parsed.settings)) controller.info(line);
		},
		error => {
			const message = `the sandbox could not start: ${error instanceof Error ? error.message : String(error)}`;
			controller.info(`${message}; quit and give --host to talk to a real server`);
			setStatus(message);
		},
	);
	const {sandbox} = sandboxes;
	const expectingSandbox = sandbox !== undefined || start !== undefined;
	const inbox = useInbox(sandbox?.mailbox, state.inbox.selected, state.inbox.open !== undefined, expectingSandbox, controller.ownsClient);
	const inboxItems = inbox?.items;
	// New mail is followed (README: unless the user is in the inbox or has a message open), and a message let go is
	// said, as the new rows are drawn, not in an effect after them: the rows and the moved selection are one frame.
	const before = useRef<readonly InboxItem[] | undefined>(undefined);
	if (inboxItems && before.current !== inboxItems) {
		before.current = inboxItems;
		const letGo = inboxLetGo(store.current(), inboxItems);
		// The list as shown: with a filter, new mail that it does not name is not followed (the selection stays in view).
		dispatch({type: 'inboxChanged', items: filteredItems(inboxItems, store.current().inboxFilter)});
		// The message the user was on is gone (an open one is closed): said, or it would vanish unexplained.
		if (letGo !== undefined) setStatus(`message ${letGo} was let go: the sandbox keeps the newest ${groupDigits(inboxItems.length)}`);
	}
	/** The newest message already looked at for another program's mail, and the sessions it was said of. */
	const inboxSeen = useRef(0);
	const othersSaid = useRef(new Set<string>());
	// The log is the controller's, outside React: told after the render, not during it.
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
	}, [inboxItems]);
	return {sandboxes, inbox};
}
