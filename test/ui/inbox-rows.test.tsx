// An inbox row shares its room: a long subject is cut first, so the sender (and the start of the recipients) stays.
import React from 'react';
import {render} from 'ink-testing-library';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {Inbox, rowMiddle} from '../../source/ui/components/inbox.js';
import {plain} from '../helpers/wait-for.js';

const long = {id: '35', from: 'you@example.test', to: ['friend@example.test'], subject: 'Inbox message 35 with a fairly long subject line that goes on and on', size: 360, receivedAt: 0};

describe('inbox rows', () => {
	it('a long subject no longer pushes the sender out of the row', () => {
		// 53 columns: the inbox at 100 columns.
		const frame = plain(render(<Inbox items={[long]} selected={0} focused={false} width={53} height={3} />).lastFrame());
		const row = frame.split('\n')[0]!;
		expect(row).toMatch(/^▸ \d\d:\d\d:\d\d Inbox message 35 with… · you@exampl… 360 B$/);
		expect(stringWidth(row)).toBe(53);
	});

	it('keeps the whole row when it fits, and gives a short subject the room it needs', () => {
		// A subject that fits beside the sender's first columns is not cut (the README's first screen).
		expect(rowMiddle({subject: 'Hello from smtp-tui', from: 'you@example.test', to: ['friend@example.test']}, 36)).toBe('Hello from smtp-tui · you@example.t…');
		expect(rowMiddle({subject: 'Hi', from: 'a@example.test', to: ['b@example.test']}, 40)).toBe('Hi · a@example.test → b@example.test');
		expect(rowMiddle({subject: 'Hi', from: 'someone.with.a.long.address@example.test', to: ['b@example.test']}, 30)).toBe('Hi · someone.with.a.long.addr…');
		expect(rowMiddle({subject: 'A subject longer than the row', from: 'a@example.test', to: ['b@example.test']}, 30)).toBe('A subject longer … · a@exampl…');
		for (const width of [0, 1, 5, 17, 30]) expect(stringWidth(rowMiddle(long, width))).toBeLessThanOrEqual(width);
	});
});
