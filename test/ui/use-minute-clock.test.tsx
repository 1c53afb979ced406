// The app's coarse clock for the dates the panels show: it moves once a minute while running, and not otherwise.
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, beforeEach, expect, it, vi} from 'vitest';
import {useMinuteClock} from '../../source/ui/hooks/use-minute-clock.js';
import {flushInput, plain} from '../helpers/wait-for.js';

const START = Date.parse('2098-12-31T23:59:30Z');

function Clock({running}: {running: boolean}) {
	return <Text>{new Date(useMinuteClock(running)).toISOString()}</Text>;
}

beforeEach(() => {
	vi.useFakeTimers({toFake: ['setInterval', 'clearInterval', 'Date']});
	vi.setSystemTime(START);
});
afterEach(() => {
	vi.useRealTimers();
});

/** A minute on, and React given its turns to draw what that changed. */
async function aMinuteLater(): Promise<void> {
	vi.advanceTimersByTime(60_000);
	for (let turn = 0; turn < 5; turn++) await flushInput();
}

it('moves once a minute while running, and stands still while not', async () => {
	const app = render(<Clock running={false} />);
	expect(plain(app.lastFrame())).toBe('2098-12-31T23:59:30.000Z');
	await aMinuteLater();
	expect(plain(app.lastFrame())).toBe('2098-12-31T23:59:30.000Z');
	// Started: the time of the start at once, then each minute.
	app.rerender(<Clock running />);
	for (let turn = 0; turn < 5; turn++) await flushInput();
	expect(plain(app.lastFrame())).toBe('2099-01-01T00:00:30.000Z');
	await aMinuteLater();
	expect(plain(app.lastFrame())).toBe('2099-01-01T00:01:30.000Z');
	app.unmount();
});
