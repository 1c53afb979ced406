// The terminal guard on its own, signals emitted in-process (no real signal is sent): what it writes on SIGCONT and
// in which order, and which signals end the dashboard. The real thing, in a pseudo-terminal under a shell, is in
// test/e2e/terminal-signals.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import process from 'node:process';
import {PassThrough} from 'node:stream';
import {afterEach, expect, test, vi} from 'vitest';
import {enterFullScreen, type TerminalGuard} from '../../source/ui/terminal.js';

let guard: TerminalGuard | undefined;
afterEach(() => {
	guard?.restore();
	guard?.dispose();
	guard = undefined;
});

/** A stdout that records what is written, and where the redraw came in between. */
function setUp() {
	const events: string[] = [];
	const stdout = {
		isTTY: false,
		write(data: string) {
			events.push(data);
			return true;
		},
		prependListener() {
			return stdout;
		},
		off() {
			return stdout;
		},
	} as unknown as NodeJS.WriteStream;
	const onSignal = vi.fn();
	guard = enterFullScreen(stdout, {onSignal, onCrash: vi.fn(), onHangup: vi.fn(), onResume: () => events.push('redraw')});
	events.length = 0;
	return {events, onSignal, guard};
}

test('the start clears the alternate screen, for terminals without one (GNU screen by default) that would keep the shell\'s text beside the frame', () => {
	const written: string[] = [];
	const stdout = {isTTY: false, write: (data: string) => written.push(data) > 0, prependListener: () => stdout, off: () => stdout} as unknown as NodeJS.WriteStream;
	guard = enterFullScreen(stdout, {onSignal: vi.fn(), onCrash: vi.fn(), onHangup: vi.fn(), onResume: vi.fn()});
	const [enter] = written as [string];
	expect(enter.indexOf('\u001B[?1049h')).toBeGreaterThanOrEqual(0);
	// Never before it: a clear there would wipe the shell's own screen on a terminal that has one.
	expect(enter.indexOf('\u001B[2J')).toBeGreaterThan(enter.indexOf('\u001B[?1049h'));
});

test('SIGCONT sets the alternate screen, bracketed paste and the hidden cursor again on a cleared screen, then asks for a redraw', () => {
	const {events} = setUp();
	process.emit('SIGCONT', 'SIGCONT');
	expect(events).toHaveLength(2);
	const [written, redraw] = events as [string, string];
	for (const sequence of ['\u001B[?1049h', '\u001B[2J', '\u001B[?2004h', '\u001B[?25l']) expect(written).toContain(sequence);
	// The alternate screen first: a clear before it would wipe the shell's own screen.
	expect(written.indexOf('\u001B[?1049h')).toBeLessThan(written.indexOf('\u001B[2J'));
	expect(redraw).toBe('redraw');
});

test('SIGCONT once the terminal is restored (leaving) writes nothing and draws nothing', () => {
	const {events, guard} = setUp();
	guard.restore();
	events.length = 0;
	process.emit('SIGCONT', 'SIGCONT');
	expect(events).toEqual([]);
});

test('the other signals that would end the process are taken like SIGTERM, and let go of by dispose', () => {
	const {onSignal, guard} = setUp();
	const signals = ['SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', ...(process.platform === 'linux' ? ['SIGIO' as const] : [])] as const;
	for (const signal of signals) process.emit(signal, signal);
	expect(onSignal.mock.calls.map(([signal]) => signal)).toEqual(signals);
	guard.dispose();
	for (const signal of [...signals, 'SIGCONT'] as const) expect(process.listenerCount(signal)).toBe(0);
});

test('Ctrl+Break (SIGBREAK, Windows) is taken like Ctrl+C, and let go of by dispose', () => {
	const {onSignal, guard} = setUp();
	process.emit('SIGBREAK', 'SIGBREAK');
	expect(onSignal.mock.calls).toEqual([['SIGBREAK']]);
	guard.dispose();
	expect(process.listenerCount('SIGBREAK')).toBe(0);
});

/** How many listeners each event of the process and the terminal's streams has. */
const listenerCounts = () =>
	[process, process.stdin, process.stderr].flatMap(emitter => emitter.eventNames().map(event => `${String(event)} ${emitter.listenerCount(event)}`)).sort();

test('dispose takes off every listener the guard added, the one at exit too (a guard per test added one each)', () => {
	const before = listenerCounts();
	const stdout = Object.assign(new PassThrough(), {isTTY: false, columns: 80, rows: 24}) as unknown as NodeJS.WriteStream;
	const guard = enterFullScreen(stdout, {onSignal: vi.fn(), onCrash: vi.fn(), onHangup: vi.fn(), onResume: vi.fn()});
	expect(process.listenerCount('exit')).toBeGreaterThan(0);
	guard.restore();
	guard.dispose();
	expect(listenerCounts()).toEqual(before);
	expect(stdout.listenerCount('error')).toBe(0);
});

test('after a hangup dispose keeps the exit listener, which lets go of the dead terminal (Node 20 aborts on it otherwise)', () => {
	const kept: Array<[NodeJS.EventEmitter, string]> = [[process, 'exit'], [process.stdin, 'error'], [process.stderr, 'error']];
	const before = kept.map(([emitter, event]) => emitter.listeners(event));
	// A terminal that hung up: stdout still says TTY, but its descriptor is no terminal any more.
	const fd = fs.openSync(os.devNull, 'w');
	const stdout = Object.assign(new PassThrough(), {isTTY: true, fd, columns: 80, rows: 24}) as unknown as NodeJS.WriteStream;
	const guard = enterFullScreen(stdout, {onSignal: vi.fn(), onCrash: vi.fn(), onHangup: vi.fn(), onResume: vi.fn()});
	expect(guard.hungUp()).toBe(true);
	guard.dispose();
	const left = kept.map(([emitter, event], index) => emitter.listeners(event).filter(listener => !before[index]!.includes(listener)));
	expect(left.map(listeners => listeners.length)).toEqual([1, 1, 1]);
	// Not run at this worker's exit: it would point the worker's own stdio at /dev/null.
	for (const [index, [emitter, event]] of kept.entries()) for (const listener of left[index]!) emitter.off(event, listener as () => void);
	fs.closeSync(fd);
});
