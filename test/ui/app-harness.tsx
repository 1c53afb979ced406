// The dashboard wired as ui/app.tsx wires it, minus the driver: dashboard state, the one key router, the layout.
// Session keys are recorded instead of reaching a server.
import React from 'react';
import {render} from 'ink-testing-library';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import type {DashboardInit, DashboardState} from '../../source/ui/components/dashboard-state.js';
import {toDashboardProps, useDashboardKeys, useDashboardState, type DashboardScreen, type SessionKeyHandlers} from '../../source/ui/hooks/use-dashboard-keys.js';
import {flushInput} from '../helpers/wait-for.js';
import {snapshot} from './dashboard-fixtures.js';

export const KEYS = {
	backspace: '\u007F',
	left: '\u001B[D',
	up: '\u001B[A',
	down: '\u001B[B',
	home: '\u001B[H',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	end: '\u001B[F',
	right: '\u001B[C',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	enter: '\r',
	ctrl: (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64),
};

export const defaultInit: DashboardInit = {
	connection: {host: '127.0.0.1', port: 2525, security: 'none', ehlo: 'client.example.test'},
	draft: {from: 'you@example.test', to: 'friend@example.test', subject: '', body: 'first line\nsecond line'},
	timestamps: false,
};

/** `pastesMarked`: the terminal is known to mark its pastes (TERM=screen, tmux-256color, xterm). */
export function startApp(options: {init?: Partial<DashboardInit>; screen?: Partial<DashboardScreen>; pastesMarked?: boolean} = {}) {
	const calls: string[] = [];
	const record = (name: string) => (...args: unknown[]) => calls.push(args.length > 0 && args[0] !== undefined ? `${name}(${args.map(arg => JSON.stringify(arg)).join(', ')})` : name);
	const session: SessionKeyHandlers = {
		send: record('send'),
		quit: record('quit'),
		disconnect: record('disconnect'),
		saveTranscript: record('saveTranscript'),
		check: record('check'),
		confirmStep: record('confirmStep'),
		stopStep: record('stopStep'),
		sendLine: record('sendLine'),
		heldAtStep: record('heldAtStep'),
		unboundKey: record('unboundKey'),
		undo: record('undo'),
	};
	const latest: {state?: DashboardState} = {};
	function App({screen}: {screen: DashboardScreen}) {
		const store = useDashboardState({...defaultInit, ...options.init});
		latest.state = store.state;
		// Enter at once after a new step line: the tests press as soon as it shows.
		useDashboardKeys(screen, store, session, {pastesMarked: options.pastesMarked, stepLineSettleMs: 0});
		return <Dashboard {...toDashboardProps(store.state, screen)} />;
	}
	const screen: DashboardScreen = {size: {columns: 100, rows: 30}, snapshot: snapshot(), ...options.screen};
	const instance = render(<App screen={screen} />);
	return {
		...instance,
		calls,
		state: () => latest.state!,
		update: (next: Partial<DashboardScreen>) => instance.rerender(<App screen={{...screen, ...next}} />),
		async press(...chunks: string[]) {
			for (const chunk of chunks) {
				instance.stdin.write(chunk);
				await flushInput();
			}
		},
	};
}
