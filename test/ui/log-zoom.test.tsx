// z in the log gives it the screen, for a projector: the other panels go until z again, or a Tab to one of them.
import {render} from 'ink-testing-library';
import {describe, expect, it} from 'vitest';
import {Dashboard, dashboardLogView} from '../../source/ui/components/dashboard.js';
import {createDashboardState, dashboardReducer, type DashboardEnvironment, type DashboardState} from '../../source/ui/components/dashboard-state.js';
import {createLogView} from '../../source/ui/components/protocol-log.js';
import type {BindingId} from '../../source/ui/keys/bindings.js';
import {defaultInit} from './app-harness.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {numberedEntries} from './log-fixtures.js';
import {plain} from '../helpers/wait-for.js';

const env: DashboardEnvironment = {
	logView: createLogView({entries: numberedEntries(50), total: 50, width: 50, height: 10, timestamps: false}),
	bodyRows: 5,
	hasInbox: true,
	inboxItems: [],
	viewLines: 0,
	viewRows: 10,
};
const press = (state: DashboardState, ...ids: BindingId[]) => ids.reduce((current, id) => dashboardReducer(current, {type: 'key', id, input: '', env}), state);

describe('the zoomed log', () => {
	it('z toggles it; a Tab to a panel it hides gives the screen back, to the command line keeps it', () => {
		const onLog = {...createDashboardState(defaultInit), focus: 'log' as const};
		expect(press(onLog, 'log.zoom').log.zoomed).toBe(true);
		expect(press(onLog, 'log.zoom', 'log.zoom').log.zoomed).toBe(false);
		expect(press(onLog, 'log.zoom', 'focus.next').log.zoomed).toBe(false);
		const manual = {...onLog, mode: 'manual' as const};
		const toCommand = press(manual, 'log.zoom', 'focus.next');
		expect([toCommand.focus, toCommand.log.zoomed]).toEqual(['command', true]);
	});

	it('Tab and Shift+Tab never put the focus in a panel the zoom hid: the first press gives the screen back, the next moves', () => {
		// Shift+Tab from the zoomed log went to the hidden composer: the letters typed next landed in From.
		for (const mode of ['auto', 'manual'] as const) {
			const onLog = {...createDashboardState({...defaultInit, mode}), focus: 'log' as const};
			const back = press(onLog, 'log.zoom', 'focus.prev');
			expect([back.focus, back.log.zoomed]).toEqual(['log', false]);
			expect(press(onLog, 'log.zoom', 'focus.prev', 'focus.prev').focus).toBe('composer');
		}
		// From the command line under the zoomed log, Tab goes on to the inbox only once the screen is back.
		const onCommand = {...createDashboardState({...defaultInit, mode: 'manual'}), focus: 'log' as const};
		const fromCommand = press(onCommand, 'log.zoom', 'focus.next', 'focus.next');
		expect([fromCommand.focus, fromCommand.log.zoomed]).toEqual(['command', false]);
		expect(press(onCommand, 'log.zoom', 'focus.next', 'focus.next', 'focus.next').focus).toBe('inbox');
	});

	it('draws the log across the whole width with no other panel, and scrolls by what it shows', () => {
		const entries = numberedEntries(40);
		const props = (zoomed: boolean) => dashboardProps({focus: 'log', size: {columns: 80, rows: 24}, snapshot: snapshot({log: entries, logTotal: entries.length}), log: {scroll: {follow: true}, expanded: false, timestamps: false, zoomed}, inbox: {items: [], received: 0, selected: 0}});
		const normal = plain(render(<Dashboard {...props(false)} />).lastFrame());
		const zoomed = plain(render(<Dashboard {...props(true)} />).lastFrame());
		expect(normal).toMatch(/Message/);
		expect(normal).toMatch(/Inbox/);
		expect(zoomed).not.toMatch(/Message|Connection|Inbox/);
		expect(zoomed.split('\n')[1]!.startsWith('┌') || zoomed.split('\n')[1]!.startsWith('╔')).toBe(true);
		expect(zoomed.split('\n').at(-1)).toContain('z unzoom');
		expect(dashboardLogView(props(true)).height).toBeGreaterThan(dashboardLogView(props(false)).height);
	});

	it('is offered in the footer of the focused log', () => {
		const props = dashboardProps({focus: 'log', size: {columns: 100, rows: 24}, inbox: {items: [], received: 0, selected: 0}});
		expect(plain(render(<Dashboard {...props} />).lastFrame()).split('\n').at(-1)).toContain('  z zoom  ');
	});

	it('is not drawn while another panel has the focus, or under the help', () => {
		const props = dashboardProps({focus: 'composer', log: {scroll: {follow: true}, expanded: false, timestamps: false, zoomed: true}});
		expect(plain(render(<Dashboard {...props} />).lastFrame())).toMatch(/Message/);
	});
});
