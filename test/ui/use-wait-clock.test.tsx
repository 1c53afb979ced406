// The "waiting N s" count: seconds on performance.now(), which no clock change moves, so a clock set back by NTP
// mid-wait neither freezes the count at 0 nor makes it jump.
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import {useWaitClock} from '../../source/ui/hooks/use-wait-clock.js';
import {flushInput, plain} from '../helpers/wait-for.js';

function Waited({since}: {since: number | undefined}) {
	return <Text>{String(useWaitClock(since))}</Text>;
}

beforeEach(() => {
	vi.useFakeTimers({now: Date.parse('2099-01-01T12:00:00Z'), toFake: ['setTimeout', 'clearTimeout', 'Date', 'performance']});
});
afterEach(() => {
	vi.useRealTimers();
});

async function later(ms: number): Promise<void> {
	vi.advanceTimersByTime(ms);
	for (let turn = 0; turn < 5; turn++) await flushInput();
}

it('counts the seconds waited on, through the wall clock set back an hour', async () => {
	const app = render(<Waited since={performance.now()} />);
	await later(2100);
	expect(plain(app.lastFrame())).toBe('2');
	vi.setSystemTime(Date.now() - 3_600_000);
	await later(3000);
	expect(plain(app.lastFrame())).toBe('5');
	app.rerender(<Waited since={undefined} />);
	for (let turn = 0; turn < 5; turn++) await flushInput();
	expect(plain(app.lastFrame())).toBe('undefined');
	app.unmount();
});
