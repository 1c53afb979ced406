// An inbox row gives its room to what says which message it is: the subject, then the sender. The size, the seconds
// and then the time go before either is cut, and the recipients take what is left.
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {Inbox, rowMiddle} from '../../source/ui/components/inbox.js';
import {selectGlyphs} from '../../source/ui/theme.js';
import {plain} from '../helpers/wait-for.js';
import {dashboardProps} from './dashboard-fixtures.js';

const long = {id: '35', from: 'you@example.test', to: ['friend@example.test'], subject: 'Inbox message 35 with a fairly long subject line that goes on and on', size: 360, receivedAt: 0};
const row = (item: typeof long, width: number) => plain(render(<Inbox items={[item]} selected={0} focused={false} width={width} height={3} />).lastFrame()).split('\n')[0]!;

describe('inbox rows', () => {
	it('at 100×30 keeps the subject and the sender whole: the size goes first, then the seconds, then the time', () => {
		const hello = {...long, subject: 'Hello from smtp-tui', size: 460};
		// 53 columns: the inbox at 100 columns. The README's first screen: the sample's subject and sender, whole.
		expect(row(hello, 53)).toMatch(/^▸ \d\d:\d\d:\d\d Hello from smtp-tui · you@example\.test *$/);
		expect(stringWidth(row(hello, 53))).toBeLessThanOrEqual(53);
		expect(row(hello, 46)).toMatch(/^▸ \d\d:\d\d Hello from smtp-tui · you@example\.test$/);
		expect(row(hello, 45)).toMatch(/^▸ Hello from smtp-tui · you@example\.test *$/);
		// Where everything fits, everything shows.
		expect(row(hello, 78)).toMatch(/^▸ \d\d:\d\d:\d\d Hello from smtp-tui · you@example\.test → friend@example\.test +460 B$/);
		// Too narrow for both whole: the subject before the sender.
		expect(row(hello, 36)).toBe('▸ Hello from smtp-tui · you@example…');
		// 80×24 in ASCII: the subject and the sender whole, where "Hello f... | you@exa... 481 B" was.
		selectGlyphs('ascii');
		try {
			expect(row({...hello, size: 481}, 40)).toBe('> Hello from smtp-tui | you@example.test');
		} finally {
			selectGlyphs('unicode');
		}
	});

	it('keeps the time for a subject too long for any row: dropping it would only cut the subject a little later', () => {
		expect(row(long, 53)).toMatch(/^▸ \d\d:\d\d:\d\d Inbox message 35 with a f… · you@example\.…$/);
		expect(row(long, 78)).toMatch(/^▸ \d\d:\d\d:\d\d Inbox message 35 with a fairly long subje… · you@example\.test 360 B$/);
	});

	it('lays every row shown out alike, so the columns stay aligned', () => {
		const items = [{...long, id: '1', subject: 'Hello from smtp-tui'}, {...long, id: '2', subject: 'Hi'}];
		const rows = plain(render(<Inbox items={items} selected={0} focused={false} width={53} height={3} />).lastFrame()).split('\n');
		expect(rows[1]).toMatch(/^  \d\d:\d\d:\d\d Hi · you@example\.test → friend@/);
		expect(rows[1]).not.toContain(' B');
	});

	it('keeps the whole row when it fits; else the subject, then the sender, and the recipients take what is left', () => {
		expect(rowMiddle({subject: 'Hi', from: 'a@example.test', to: ['b@example.test']}, 40)).toBe('Hi · a@example.test → b@example.test');
		expect(rowMiddle({subject: 'Hi', from: 'someone.with.a.long.address@example.test', to: ['b@example.test']}, 30)).toBe('Hi · someone.with.a.long.addr…');
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 60)).toBe('A subject longer than the row · a@example.test → b@example.…');
		// A subject too long for the row leaves the sender a third of it; too narrow for a sender worth reading, the subject alone.
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 24)).toBe('A subject lon… · a@exam…');
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 20)).toBe('A subject longer th…');
		for (const width of [0, 1, 5, 17, 30]) expect(stringWidth(rowMiddle(long, width))).toBeLessThanOrEqual(width);
	});

	it('names the null sender (MAIL FROM:<>) of a delivery report, rather than leaving the sender blank', () => {
		expect(rowMiddle({subject: 'Successful Mail Delivery Report', from: '', to: ['me@example.test']}, 80)).toBe('Successful Mail Delivery Report · MAILER-DAEMON <> → me@example.test');
	});

	it('shows no clock times in presenter mode, as the log shows none', () => {
		const inbox = {items: [{...long, subject: 'Hello from smtp-tui'}], selected: 0};
		const frame = (presenter: boolean) => plain(render(<Dashboard {...dashboardProps({presenter, size: {columns: 100, rows: 30}, log: {scroll: {follow: true}, expanded: false, timestamps: !presenter}, inbox})} />).lastFrame());
		expect(frame(false)).toMatch(/▸ \d\d:\d\d:\d\d Hello/);
		expect(frame(true)).toMatch(/▸ Hello/);
		expect(frame(true)).not.toMatch(/\d\d:\d\d:\d\d/);
	});
});
