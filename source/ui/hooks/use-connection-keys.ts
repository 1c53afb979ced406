// The connection panel's own actions: Ctrl+L aims it at the recipients' MX, Ctrl+K checks the host's ports.
import {useEffect, useRef, useState} from 'react';
import type {SessionController} from '../../session/controller.js';
import type {Resolver} from '../../transport/mx.js';
import {composerValues} from '../components/composer-form.js';
import {connectionSettings} from '../components/connection-form.js';
import type {UndoForm} from '../components/form-undo.js';
import {keyFor} from '../keys/bindings.js';
import {UNDOES} from '../key-hints.js';
import {describeMx, nextMx, type MxChoice} from '../mx-action.js';
import type {PanelTarget, TargetDefaults} from '../panel-target.js';
import {SecondPress} from '../second-press.js';
import {GLYPH} from '../theme.js';
import type {DashboardStore} from './use-dashboard-keys.js';
import type {ShowFieldError} from './use-field-errors.js';
import type {StatusLine} from './use-status-line.js';

// The footer's keys say how to stop it (Esc stop lookup), from the binding table.
const lookingUp = (domain: string) => `looking up the MX of ${domain}${GLYPH.ellipsis}`;

type ConnectionKeysOptions = {
	controller: SessionController;
	store: DashboardStore;
	defaults: TargetDefaults;
	resolver: Resolver | undefined;
	status: StatusLine;
	fieldError: ShowFieldError;
	hintForm: (form: UndoForm) => (text: string) => void;
	panelSettings: () => PanelTarget | undefined;
	/** Reports a failed action in the footer. */
	report: (promise: Promise<unknown>) => void;
};

export function useConnectionKeys({controller, store, defaults, resolver, status: {setStatus, askTwice}, fieldError, hintForm, panelSettings, report}: ConnectionKeysOptions) {
	const mx = useRef<MxChoice | undefined>(undefined);
	// Ctrl+L replaces the panel's target and login: a second press within RESET_CONFIRM_MS, unless the panel already
	// holds an MX it chose (then it moves on to the next one). Sysadmins press Ctrl+L to redraw out of habit.
	const [mxAsked] = useState(() => new SecondPress());
	// The MX lookup under way: a DNS server that does not answer is waited for up to the resolver's timeout
	// (--timeout), and Esc stops it, its queries cancelled (as they are when the dashboard closes): nothing asks on.
	// Kept in state too, for the keys: Esc is the lookup's while it runs.
	const lookup = useRef<{domain: string; stop: AbortController} | undefined>(undefined);
	const [looking, setLooking] = useState(false);
	const lookupOver = () => {
		lookup.current = undefined;
		setLooking(false);
	};
	useEffect(() => () => lookup.current?.stop.abort(), []);
	const stopMx = () => {
		if (!lookup.current) return;
		setStatus(`MX lookup for ${lookup.current.domain} stopped: the panel's target is unchanged`);
		lookup.current.stop.abort();
		lookupOver();
	};
	const pickMx = async () => {
		const values = composerValues(store.current().composer);
		if ('error' in values) return fieldError('composer', values.error);
		const parsed = connectionSettings(store.current().connectionForm);
		const current = 'error' in parsed ? undefined : parsed.settings;
		const chosen = mx.current?.hosts[mx.current.index];
		// Only an MX the panel still targets moves on to the next: undone or typed over, Ctrl+L starts at the best.
		const held = chosen && current?.host === chosen.exchange && current.port === 25 && current.user === '' ? mx.current : undefined;
		if (!held && mxAsked.asks()) {
			const login = current?.user ? `, ${current.user}'s login` : '';
			return askTwice(setStatus, `${keyFor('connection.mx')} again: the MX replaces Host, Port${login}`);
		}
		if (lookup.current) return setStatus(lookingUp(lookup.current.domain));
		const {to, cc, bcc} = values.values;
		const asked = {domain: '', stop: new AbortController()};
		const choice = await nextMx([to, cc, bcc], held, resolver?.stoppedBy?.(asked.stop.signal) ?? resolver, domain => {
			asked.domain = domain;
			lookup.current = asked;
			setLooking(true);
			setStatus(lookingUp(domain));
		});
		// Stopped with Esc while it ran: its answer changes nothing.
		if (asked.domain !== '' && lookup.current !== asked) return;
		lookupOver();
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
		store.dispatch({type: 'connectionReplaced', values: [['host', host.exchange], ['port', '25'], ['security', 'auto'], ['user', ''], ['password', '']]});
		const more = choice.hosts.length > 1 ? `; ${keyFor('connection.mx')} again for the next of ${choice.hosts.length}` : '';
		hintForm('connection')(`target: ${host.exchange}:25 (${host.implicit ? 'no MX: the domain itself' : `MX preference ${host.priority}`})${more}; ${UNDOES}`);
	};

	// A Ctrl+K port check is running.
	const checking = useRef(false);
	const check = () => {
		// One at a time: two checks' lines interleave in the log, and the older verdict could land last.
		if (checking.current) return setStatus('a port check is already running; its verdict comes here');
		const settings = panelSettings();
		if (!settings) return;
		checking.current = true;
		setStatus(`checking ports on ${settings.host}${GLYPH.ellipsis}`);
		report(
			// Loaded on the first Ctrl+K: the probes and verdicts of `smtp-tui check` are no part of the first frame.
			import('../check-action.js')
				.then(async ({checkPanelHost}) => checkPanelHost(controller, settings, defaults))
				.then(setStatus)
				.finally(() => {
					checking.current = false;
				}),
		);
	};

	return {mx: () => report(pickMx()), check, stopMx, lookingUp: looking, forget: () => mxAsked.forget()};
}
