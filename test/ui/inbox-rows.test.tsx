// An inbox row shares its room: a long subject is cut first, and the sender and the recipients are cut evenly, so
// each stays in view.
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {Inbox, rowMiddle} from '../../source/ui/components/inbox.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps} from './dashboard-fixtures.js';

const long = {id: '35', from: 'you@example.test', to: ['friend@example.test'], subject: 'Inbox message 35 with a fairly long subject line that goes on and on', size: 360, receivedAt: 0};
const row = (item: typeof long, width: number) => plain(render(<Inbox items={[item]} selected={0} focused={false} width={width} height={3} />).lastFrame()).split('\n')[0]!;

describe('inbox rows', () => {
	it('at 100×30 shows the subject, the sender and the first recipient: a long subject no longer pushes them out', () => {
		// 53 columns: the inbox at 100 columns.
		expect(row(long, 53)).toMatch(/^▸ \d\d:\d\d:\d\d Inbox mes… · you@examp… → friend@ex… 360 B$/);
		expect(stringWidth(row(long, 53))).toBe(53);
		// The README's first screen: a short subject, the sample's sender and recipient.
		expect(row({...long, subject: 'Hello from smtp-tui', size: 460}, 53)).toMatch(/^▸ \d\d:\d\d:\d\d Hello fro… · you@examp… → friend@ex… 460 B$/);
	});

	it('keeps the whole row when it fits; else a part that needs less keeps it all, and the others share the rest evenly', () => {
		expect(rowMiddle({subject: 'Hi', from: 'a@example.test', to: ['b@example.test']}, 40)).toBe('Hi · a@example.test → b@example.test');
		expect(rowMiddle({subject: 'Hi', from: 'someone.with.a.long.address@example.test', to: ['b@example.test']}, 30)).toBe('Hi · someone.wi… → b@example.…');
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 60)).toBe('A subject longer than the… · a@example.test → b@example.test');
		// Too narrow for three parts worth reading: the recipients give way to the sender.
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 20)).toBe('A subjec… · a@examp…');
		for (const width of [0, 1, 5, 17, 30]) expect(stringWidth(rowMiddle(long, width))).toBeLessThanOrEqual(width);
	});

	it('shows no clock times in presenter mode, as the log shows none', () => {
		const inbox = {items: [{...long, subject: 'Hello from smtp-tui'}], selected: 0};
		const frame = (presenter: boolean) => plain(render(<Dashboard {...dashboardProps({presenter, log: {scroll: {follow: true}, expanded: false, timestamps: !presenter}, inbox})} />).lastFrame());
		expect(frame(false)).toMatch(/▸ \d\d:\d\d:\d\d Hello/);
		expect(frame(true)).toMatch(/▸ Hello/);
		expect(frame(true)).not.toMatch(/\d\d:\d\d:\d\d/);
	});
});
