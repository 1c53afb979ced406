// Cases found by mutation testing of step-clock.ts: the wait each engine state asks for, and the clock's own
// rules (one wait at a time, a stop wins over a timeout not yet judged). Fake timers: nothing here waits for real.
import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {clockFor, StepClock} from '../../source/session/step-clock.js';
import {timeoutsFromSeconds, type Waited} from '../../source/session/timeouts.js';
import type {SessionState} from '../../source/smtp/session-types.js';
import type {EncodedCommand} from '../../source/smtp/types.js';

const timeouts = {...timeoutsFromSeconds(30), greeting: 11_000, command: 12_000, finalDot: 13_000, quit: 5000};
const state = (timeout: string, pending: Array<Pick<EncodedCommand, 'command' | 'display'>> = []) => ({timeout, pending}) as unknown as SessionState;
const mail = {command: {verb: 'MAIL', from: 'a@example.test'}, display: 'MAIL FROM:<a@example.test>'} as unknown as EncodedCommand;
const quit = {command: {verb: 'QUIT'}, display: 'QUIT'} as unknown as EncodedCommand;

describe('clockFor', () => {
	test('the greeting, a command and the final dot each have their own limit and words', () => {
		expect(clockFor(state('greeting'), timeouts, false)).toEqual({ms: 11_000, what: 'the greeting'});
		expect(clockFor(state('command', [mail]), timeouts, false)).toEqual({ms: 12_000, what: 'the reply to MAIL'});
		expect(clockFor(state('command'), timeouts, false)).toEqual({ms: 12_000, what: 'the reply to the command'});
		expect(clockFor(state('final-dot'), timeouts, false)).toEqual({ms: 13_000, what: 'the reply after the final dot'});
		expect(clockFor(state('final-dot', [{command: {verb: 'RAW', line: 'BDAT 10'}, display: 'BDAT 10'} as never]), timeouts, false)).toEqual({ms: 13_000, what: 'the reply after the final dot'});
	});

	test("BDAT's last chunk is named as the command it is", () => {
		const last = {command: {verb: 'RAW', line: 'BDAT 10 LAST'}, display: 'BDAT 10 LAST'} as unknown as EncodedCommand;
		expect(clockFor(state('final-dot', [last]), timeouts, false)).toEqual({ms: 13_000, what: 'the reply to "BDAT 10 LAST"'});
	});

	test("once QUIT is pending, behind another command too, the wait is QUIT's (the shorter of the two)", () => {
		expect(clockFor(state('command', [mail, quit]), timeouts, false)).toEqual({ms: 5000, what: 'the reply to MAIL'});
		expect(clockFor(state('command', [quit]), {...timeouts, command: 3000}, false)).toEqual({ms: 3000, what: 'the reply to QUIT'});
	});

	test('the connect and a body being written keep the clock that runs; a body not started and no wait stop it', () => {
		expect(clockFor(state('connect'), timeouts, false)).toBe('keep');
		expect(clockFor(state('data-block'), timeouts, true)).toBe('keep');
		expect(clockFor(state('data-block'), timeouts, false)).toBe('stop');
		expect(clockFor(state('none'), timeouts, true)).toBe('stop');
	});
});

describe('StepClock', () => {
	beforeEach(() => {
		// performance.now() too, the clock a wait is shown on: it starts at 0, whatever time of day it is.
		vi.useFakeTimers({now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'Date', 'performance']});
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	const clock = () => {
		const timeouts: Array<[number, string | Waited]> = [];
		return {timeouts, clock: new StepClock((ms, what) => timeouts.push([ms, what]))};
	};

	test('armed: shown as waiting since now, and runs out once, at its time', () => {
		const {timeouts, clock: step} = clock();
		expect(step.waiting).toBeUndefined();
		step.arm(1000, 'the greeting');
		expect(step.waiting).toEqual({what: 'the greeting', since: 0, timeoutMs: 1000});
		vi.advanceTimersByTime(999);
		expect(timeouts).toEqual([]);
		vi.advanceTimersByTime(1);
		vi.runAllTimers();
		expect(timeouts).toEqual([[1000, 'the greeting']]);
	});

	test('a message to give whole is shown as the wait for the server to read the message', () => {
		const {timeouts, clock: step} = clock();
		const waited: Waited = seconds => `stalled for ${seconds} s`;
		step.arm(2000, waited);
		expect(step.waiting).toEqual({what: 'the server to read the message', since: 0, timeoutMs: 2000});
		vi.runAllTimers();
		expect(timeouts).toEqual([[2000, waited]]);
	});

	test("a reply begun is waited for as the rest of it, once; a message being written is not (a refusal's first line comes then)", () => {
		const {clock: step} = clock();
		step.arm(1000, 'the greeting');
		step.replyBegun();
		step.replyBegun();
		expect(step.waiting).toMatchObject({what: 'the rest of the greeting', begun: true});
		expect(step.awaited).toBe('the greeting');
		step.arm(2000, seconds => `stalled for ${seconds} s`);
		step.replyBegun();
		expect(step.waiting).toEqual({what: 'the server to read the message', since: 0, timeoutMs: 2000});
	});

	test('armed again: the first wait is gone', () => {
		const {timeouts, clock: step} = clock();
		step.arm(1000, 'first');
		vi.advanceTimersByTime(500);
		step.arm(1000, 'second');
		vi.advanceTimersByTime(999);
		expect(timeouts).toEqual([]);
		vi.runAllTimers();
		expect(timeouts).toEqual([[1000, 'second']]);
		expect(step.waiting).toMatchObject({what: 'second', since: 500});
	});

	test('stopped: nothing runs out and nothing is shown; shown: no clock of its own runs', () => {
		const {timeouts, clock: step} = clock();
		step.arm(1000, 'the greeting');
		step.stop();
		expect(step.waiting).toBeUndefined();
		step.arm(1000, 'the reply to MAIL');
		step.show('the connection', 5000);
		expect(step.waiting).toEqual({what: 'the connection', since: 0, timeoutMs: 5000});
		vi.runAllTimers();
		expect(timeouts).toEqual([]);
	});

	test('a stop after the time is up but before input already there was read wins: the clock is judged after it', () => {
		const {timeouts, clock: step} = clock();
		step.arm(1000, 'the reply to MAIL');
		// The timer is due; its verdict waits for the input phase (a reply read there stops the clock).
		vi.advanceTimersToNextTimer();
		expect(timeouts).toEqual([]);
		step.stop();
		vi.runAllTimers();
		expect(timeouts).toEqual([]);
	});

	test('not after input, stopped: never runs out', () => {
		const {timeouts, clock: step} = clock();
		step.arm(1000, 'the greeting', {afterInput: false});
		step.stop();
		vi.runAllTimers();
		expect(timeouts).toEqual([]);
	});

	test('not after input: judged at once when due', () => {
		const {timeouts, clock: step} = clock();
		step.arm(1000, 'the greeting', {afterInput: false});
		vi.advanceTimersToNextTimer();
		expect(timeouts).toEqual([[1000, 'the greeting']]);
	});
});
