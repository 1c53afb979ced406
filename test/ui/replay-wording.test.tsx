// What a replay says about itself: the recording by a short name and a readable date (not a path cut across rows
// of the log, nor a raw ISO timestamp), and a recorded credential as played as recorded (manual mode types
// nothing into a replay).
import {copyFileSync, mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {parseRecording, type Recording} from '../../source/session/recording.js';
import {ReplayConnection} from '../../source/session/replay-connection.js';
import {App} from '../../source/ui/app.js';
import {targetFor, type TargetDefaults} from '../../source/ui/panel-target.js';
import {exampleFile, readableDate, readRecordingFile} from '../../source/ui/examples.js';
import {replayNotes} from '../../source/ui/run-dashboard.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import type {DashboardInit} from '../../source/ui/components/dashboard-state.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {FOLLOW} from '../../source/ui/components/log-scroll.js';
import {dashboardProps, snapshot} from './dashboard-fixtures.js';
import {flushInput, plain, waitForFrame} from '../helpers/wait-for.js';
import {KEYS} from './app-harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The dashboard playing `recording` at once (no recorded pauses), at 100x30, as `smtp-tui replay --instant` opens it. */
function replayApp(recording: Recording, init: Partial<DashboardInit>) {
	const {host, port, tls} = recording.meta;
	const defaults: TargetDefaults = {open: ReplayConnection.opener(recording.events, {instant: true}), replay: true};
	const settings = {host, port, security: tls, user: '', password: '', ehlo: ''};
	const controller = new SessionController(targetFor(settings, defaults));
	cleanups.push(() => controller.close());
	const instance = render(
		<App
			controller={controller}
			init={{connection: settings, draft: SAMPLE_DRAFT, timestamps: false, ...init}}
			defaults={defaults}
			replay={recording}
			transcript={{format: 'md', dir: os.tmpdir()}}
			onExit={() => undefined}
			size={{columns: 100, rows: 30}}
			stepLineSettleMs={0}
			sessionFrameMs={0}
		/>,
	);
	cleanups.push(() => instance.unmount());
	return {controller, instance};
}

describe('the replay names its recording', () => {
	it('a bundled example by its name, any other file by its base name', async () => {
		expect((await readRecordingFile('plain-delivery')).label).toBe('plain-delivery');
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-replay-name-')), 'provider.jsonl');
		copyFileSync(exampleFile('plain-delivery')!, file);
		expect(await readRecordingFile(file)).toMatchObject({file, label: 'provider.jsonl'});
	});

	it('dates the recording as people write dates, in local time', () => {
		expect(readableDate(new Date(2025, 2, 4, 14, 5, 59).toISOString())).toBe('4 Mar 2025, 14:05');
		expect(readableDate('not a date')).toBe('not a date');
	});

	it('says what plays in short lines, with a name kept short', async () => {
		const {text} = await readRecordingFile('plain-delivery');
		const recording = parseRecording(text);
		const [what, keys] = replayNotes('plain-delivery', recording);
		expect(what).toMatch(/^replaying plain-delivery, recorded \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d against [\w.]+:\d+$/);
		expect(keys).toBe('Ctrl+S plays it, with no network; the composer only shows the recorded message');
		expect(replayNotes(`${'very-long-name-'.repeat(4)}.jsonl`, recording)[0]).toMatch(/^replaying very-long-name-very-long-na…, recorded /);
	});

	it('warns of a recording whose last line was cut short (a full disk): it plays up to there', async () => {
		const {text} = await readRecordingFile('plain-delivery');
		const whole = replayNotes('plain-delivery', parseRecording(text));
		const lines = text.trimEnd().split('\n');
		const cut = parseRecording(`${lines.slice(0, -1).join('\n')}\n${lines.at(-1)!.slice(0, 20)}`);
		expect(replayNotes('plain-delivery', cut)).toEqual([...whole, `warning: the recording ends early: its last line (${lines.length}) is cut short (a full disk?); it plays up to there`]);
	});

	it('at 80 columns (timestamps on, the narrowest log) each line wraps at spaces into at most 3 rows', async () => {
		const recording = parseRecording((await readRecordingFile('plain-delivery')).text);
		const log = replayNotes('plain-delivery', recording).map((text, index) => ({id: index + 1, time: 0, kind: 'info' as const, text}));
		const frame = plain(render(<Dashboard {...dashboardProps({size: {columns: 80, rows: 24}, mode: 'step', replay: true, inbox: undefined, log: {scroll: FOLLOW, expanded: false, timestamps: true}, snapshot: snapshot({connection: 'idle', log, logTotal: log.length, busy: false})})} />).lastFrame());
		// The log's column, its rows joined: the words read whole.
		const text = frame
			.split('\n')
			.map(line => /^.{36}│ (.*)│$/.exec(line)?.[1]?.replace(/^\d\d:\d\d:\d\d/, '').replace(/^\s*•?\s*/, '').trimEnd() ?? '')
			.filter(Boolean)
			.join(' ');
		expect(text).toContain('replaying plain-delivery, recorded');
		expect(text).toContain('Ctrl+S plays it, with no network; the composer only shows the recorded message');
		// Nothing cut: no ellipsis, no "x: show all".
		expect(text).not.toMatch(/…|x: show all/);
	});
});

/** The bundled plain-delivery recording in the dashboard, once its composer is drawn. */
async function plainDeliveryApp(init: Partial<DashboardInit> = {}) {
	const app = replayApp(parseRecording((await readRecordingFile('plain-delivery')).text), init);
	await waitForFrame(app.instance.lastFrame, f => f.includes('[Message]'));
	return app;
}

/** A frame that says `text`, however it wraps. */
const said = (text: string) => (f: string) => f.replace(/\s+/g, ' ').includes(text);

describe('the rail before a replay plays', () => {
	it('shows the steps the recording never takes skipped, as a live session with those settings does, and the others pending', async () => {
		const {instance} = await plainDeliveryApp();
		expect(plain(instance.lastFrame()!).split('\n')[0]).toContain('○ EHLO - STARTTLS - AUTH ○ MAIL');
		const tls = replayApp(parseRecording((await readRecordingFile('starttls-auth')).text), {});
		const frame = await waitForFrame(tls.instance.lastFrame, f => f.includes('[Message]'));
		expect(plain(frame).split('\n')[0]).toContain('○ EHLO ○ STARTTLS ○ AUTH ○ MAIL');
	});
});

describe('undo in a replay', () => {
	it('Ctrl+Z and Ctrl+_ in the panels say undo is off there, not that suspending is', async () => {
		const {instance} = await plainDeliveryApp();
		instance.stdin.write(KEYS.ctrl('z'));
		await waitForFrame(instance.lastFrame, said("undo is off in a replay: the composer shows the recording's message"));
		for (const keys of [KEYS.tab, '\u001F']) {
			instance.stdin.write(keys);
			await flushInput();
		}
		await waitForFrame(instance.lastFrame, said('Ctrl+_ does nothing here'));
		for (const keys of [KEYS.shiftTab, KEYS.shiftTab, '\u001F']) {
			instance.stdin.write(keys);
			await flushInput();
		}
		const frame = await waitForFrame(instance.lastFrame, said('undo is off in a replay'));
		expect(frame).toContain('[Connection]');
	});

	it('a key a replay turns off (Ctrl+P in the composer, Ctrl+K in the connection panel) says so, and a Ctrl key nothing takes says it does nothing', async () => {
		const {instance} = await plainDeliveryApp();
		instance.stdin.write(KEYS.ctrl('p'));
		await waitForFrame(instance.lastFrame, said('Ctrl+P (preview) is off in a replay: the recording plays as recorded'));
		instance.stdin.write(KEYS.ctrl('b'));
		await waitForFrame(instance.lastFrame, said('Ctrl+B does nothing here; Ctrl+G lists every key'));
		instance.stdin.write(KEYS.shiftTab);
		await flushInput();
		instance.stdin.write(KEYS.ctrl('k'));
		await waitForFrame(instance.lastFrame, said('Ctrl+K (check ports) is off in a replay'));
	});
});

describe('a replayed credential', () => {
	it('the step prompt says it plays as recorded, not that manual mode types your own', async () => {
		const recording = parseRecording((await readRecordingFile('starttls-auth')).text);
		const {controller, instance} = replayApp(recording, {mode: 'step'});
		instance.stdin.write(KEYS.ctrl('s'));
		await flushInput();
		const session = () => controller.getSnapshot().session;
		const sent = () => session().log.filter(entry => entry.kind === 'sent').length;
		// The prompt drawn for the line now on offer (the frame follows the snapshot a tick later).
		const offered = (f: string) => session().proposed !== undefined && f.includes(`about to send: ${session().proposed!.display}`);
		let frame = await waitForFrame(instance.lastFrame, offered, {timeout: 8000});
		while (!/about to send: AUTH/.test(frame)) {
			const before = sent();
			instance.stdin.write(KEYS.enter);
			frame = await waitForFrame(instance.lastFrame, f => sent() > before && offered(f), {timeout: 8000});
		}
		expect(frame).toContain('credentials: played as recorded');
		expect(frame).not.toContain('manual mode types your own');
		// Esc ends the replay of this connection: said so, at every line (at QUIT too, where live it keeps it open).
		expect(frame).toContain('Esc stop the replay');
	});

	it('Ctrl+C while a replay is connected says it closes, not that a QUIT went: nothing goes anywhere', async () => {
		const {controller, instance} = await plainDeliveryApp({mode: 'step'});
		instance.stdin.write(KEYS.ctrl('s'));
		// Keys act on what the screen shows: the step prompt drawn first.
		await waitForFrame(instance.lastFrame, f => controller.getSnapshot().session.connection === 'connected' && controller.getSnapshot().session.proposed !== undefined && f.includes('about to send'), {timeout: 8000});
		instance.stdin.write(KEYS.ctrl('c'));
		const frame = await waitForFrame(instance.lastFrame, f => f.includes('closing: Ctrl+C again leaves at once'), {timeout: 8000});
		expect(frame).not.toContain('QUIT sent');
	});
});

describe('the next-step line of a replay of several connections', () => {
	/** The bundled plain-delivery played three times over: a recording of three connections, as Ctrl+S, Ctrl+X thrice makes. */
	async function threeConnections() {
		const [meta, ...events] = (await readRecordingFile('plain-delivery')).text.trim().split('\n');
		const later = (line: string, round: number) => {
			const event = JSON.parse(line) as {t: number};
			return JSON.stringify({...event, t: event.t + round * 10_000});
		};
		return parseRecording(`${[meta, ...[0, 1, 2].flatMap(round => events.map(line => later(line, round)))].join('\n')}\n`);
	}

	it('names the connection the next Ctrl+S plays, and says again only after the last', async () => {
		const {instance} = replayApp(await threeConnections(), {mode: 'auto', presenter: true});
		const play = async (played: RegExp) => {
			instance.stdin.write(KEYS.ctrl('s'));
			await flushInput();
			return waitForFrame(instance.lastFrame, frame => played.test(frame), {timeout: 8000});
		};
		let frame = await play(/connection 1 of 3 played: Ctrl\+S/);
		expect(frame).toContain('next: Ctrl+S plays connection 2 of 3');
		expect(frame).not.toContain('plays the recording');
		frame = await play(/connection 2 of 3 played: Ctrl\+S/);
		expect(frame).toContain('next: Ctrl+S plays connection 3 of 3');
		expect(frame).not.toContain('plays the recording');
		frame = await play(/end of the recording: Ctrl\+S plays it again/);
		expect(frame).toContain('next: Ctrl+S plays the recording again');
	});
});

describe('Ctrl+X in a replay', () => {
	it('is not offered as QUIT between steps, as it is in a live step-mode session: the recording plays its own', () => {
		const footer = (replay: boolean) =>
			plain(render(<Dashboard {...dashboardProps({size: {columns: 120, rows: 30}, mode: 'step', replay, inbox: undefined, snapshot: snapshot({connection: 'connected', busy: false})})} />).lastFrame())
				.split('\n')
				.at(-1)!;
		expect(footer(false)).toContain('Ctrl+X QUIT');
		expect(footer(true)).not.toContain('QUIT');
	});
});
