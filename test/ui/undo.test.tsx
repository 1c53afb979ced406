// Ctrl+Z and Ctrl+_ (readline's undo) take the composer and the connection panel back a step at a time: a reset,
// a header removed, the MX target, a word or line deleted, a paste, a run of typing.
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import type {ConnectionSettings} from '../../source/ui/components/connection-form.js';
import {SAMPLE_DRAFT} from '../../source/ui/sample.js';
import {settled, waitForFrame} from '../helpers/wait-for.js';
import {waitFor} from '../sandbox/helpers/wait.js';
import {fakeResolver} from '../transport/fake-resolver.js';
import {snapshot} from './dashboard-fixtures.js';
import {KEYS, startApp as startHarness} from './app-harness.js';
import {nowhere, sandboxApp, startApp} from './wired-app.js';

const UNDO = KEYS.ctrl('z');
const READLINE_UNDO = '\u001F';
const valueOf = (app: ReturnType<typeof startHarness>, id: string) => app.state().composer.fields.find(field => field.id === id)!.text.lines.join('\n');
// From down to the body: To, Cc, Bcc, Subject, Attach, Body as, the body.
const toBody = Array.from({length: 7}, () => KEYS.down);
const toFirstHeader = Array.from({length: 6}, () => KEYS.down);

describe('undo in the composer', () => {
	it('takes back a deleted word, then a whole run of typing, with Ctrl+Z or Ctrl+_', async () => {
		const app = startHarness();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(...toBody, KEYS.end);
		// Typed one key at a time: one step.
		await app.press(' ', 'n', 'e', 'w');
		await settled(() => expect(valueOf(app, 'body')).toBe('first line new\nsecond line'));
		await app.press(KEYS.ctrl('w'), KEYS.ctrl('w'));
		await settled(() => expect(valueOf(app, 'body')).toBe('first \nsecond line'));
		await app.press(UNDO);
		await settled(() => expect(valueOf(app, 'body')).toBe('first line \nsecond line'));
		await app.press(READLINE_UNDO);
		await settled(() => expect(valueOf(app, 'body')).toBe('first line new\nsecond line'));
		await app.press(UNDO);
		await settled(() => expect(valueOf(app, 'body')).toBe('first line\nsecond line'));
		// The cursor is back where the change was made.
		await settled(() => expect(app.state().composer.fields[app.state().composer.active]!.id).toBe('body'));
	});

	it('takes back Ctrl+U, Alt+D and Alt+Backspace, and a paste, each a step of its own', async () => {
		const app = startHarness({init: {draft: {from: 'you@example.test', to: 'a@example.test', subject: 'one two three', body: ''}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.down, KEYS.down, KEYS.down, KEYS.down, KEYS.end);
		await app.press('\u001B\u007F');
		await settled(() => expect(valueOf(app, 'subject')).toBe('one two '));
		await app.press(KEYS.home, '\u001Bd');
		await settled(() => expect(valueOf(app, 'subject')).toBe(' two '));
		await app.press(KEYS.end, 'pasted text', KEYS.ctrl('u'));
		await settled(() => expect(valueOf(app, 'subject')).toBe(''));
		for (const expected of [' two pasted text', ' two ', 'one two ', 'one two three']) {
			await app.press(UNDO);
			await settled(() => expect(valueOf(app, 'subject')).toBe(expected));
		}
	});

	it('brings back a header Ctrl+R removed', async () => {
		const app = startHarness({init: {draft: {from: 'you@example.test', to: 'a@example.test', subject: '', body: '', headers: ['X-Test: 1']}}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(...Array.from({length: 6}, () => KEYS.down), KEYS.ctrl('r'));
		await settled(() => expect(app.state().composer.fields.some(field => field.id === 'header-1')).toBe(false));
		await app.press(UNDO);
		await settled(() => expect(valueOf(app, 'header-1')).toBe('X-Test: 1'));
	});

	it('in a replay it is not offered (Ctrl+Z only says it does not suspend); at the step prompt it waits, as Ctrl+F does', async () => {
		const replay = startHarness({screen: {replay: true}});
		await waitForFrame(replay.lastFrame, frame => frame.includes('▸ From'));
		await replay.press('x', UNDO);
		await settled(() => expect(valueOf(replay, 'from')).toBe('you@example.testx'));
		expect(replay.calls).toEqual([expect.stringMatching(/^unboundKey\("Ctrl\+Z", /)]);

		const proposed = {command: {verb: 'EHLO', domain: 'vm'} as const, display: 'EHLO vm'};
		const step = startHarness({init: {mode: 'step'}, screen: {snapshot: snapshot({busy: false})}});
		await waitForFrame(step.lastFrame, frame => frame.includes('▸ From'));
		await step.press('x');
		step.update({snapshot: snapshot({proposed})});
		await waitForFrame(step.lastFrame, frame => frame.includes('about to send: EHLO vm'));
		await step.press(UNDO, READLINE_UNDO);
		await settled(() => expect(valueOf(step, 'from')).toBe('you@example.testx'));
		expect(step.calls).toEqual(['heldAtStep("form.undo")', 'heldAtStep("form.undo")']);
	});
});

describe('undo in the connection panel', () => {
	it('takes back typing in Host and a choice stepped through', async () => {
		const app = startHarness();
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ From'));
		await app.press(KEYS.shiftTab, KEYS.end, 'x', 'y', KEYS.down, KEYS.down, ' ', ' ');
		const form = () => app.state().connectionForm;
		await settled(() => expect(form().fields.find(field => field.id === 'security')!.choice).toBe(2));
		await app.press(UNDO);
		await settled(() => expect(form().fields.find(field => field.id === 'security')!.choice).toBe(0));
		await app.press(UNDO);
		await settled(() => expect(form().fields[0]!.text.lines).toEqual(['127.0.0.1']));
		await settled(() => expect(form().active).toBe(0));
	});
});

describe('undo on the manual command line', () => {
	const line = (app: ReturnType<typeof startHarness>) => app.state().commandLine.text.lines.join('');

	it('brings back the step line Ctrl+T moved there and Ctrl+U wiped, with Ctrl+Z or Ctrl+_', async () => {
		const proposed = {command: {verb: 'EHLO', domain: 'client.test'} as const, display: 'EHLO client.test'};
		const app = startHarness({init: {mode: 'step'}, screen: {snapshot: snapshot({busy: false, proposed})}});
		await waitForFrame(app.lastFrame, frame => frame.includes('about to send: EHLO client.test'));
		await app.press('e', KEYS.ctrl('u'), 'ehlo student-laptop', KEYS.ctrl('t'));
		await waitForFrame(app.lastFrame, () => app.state().mode === 'manual');
		await settled(() => expect(line(app)).toBe('ehlo student-laptop'));
		await app.press(KEYS.ctrl('u'));
		await settled(() => expect(line(app)).toBe(''));
		await app.press(UNDO);
		await settled(() => expect(line(app)).toBe('ehlo student-laptop'));
		// The cursor is back at the end, where it was: typing goes on from there.
		await app.press('!', KEYS.ctrl('w'), READLINE_UNDO);
		await settled(() => expect(line(app)).toBe('ehlo student-laptop!'));
		expect(app.calls.filter(call => call.startsWith('unboundKey'))).toEqual([]);
	});

	it('takes back a run of typing as one step, a recalled line as one, and starts afresh once a line is sent', async () => {
		const app = startHarness({init: {mode: 'manual', history: ['NOOP']}});
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ C:'));
		await app.press('H', 'E', 'L', 'P', KEYS.backspace, KEYS.backspace, KEYS.up);
		await settled(() => expect(line(app)).toBe('NOOP'));
		for (const expected of ['HE', 'HELP', '']) {
			await app.press(UNDO);
			await settled(() => expect(line(app)).toBe(expected));
		}
		await app.press('RSET', KEYS.enter, UNDO);
		expect(app.calls).toContain('sendLine("RSET")');
		await settled(() => expect(line(app)).toBe(''));
		// Nothing left to undo: said as nothing (no count of steps left), so the footer does not claim an undo.
		expect(app.calls.filter(call => call.startsWith('undo')).at(-1)).toBe('undo');
	});
});

describe('undo in the wired dashboard', () => {
	it("Ctrl+F's reset says Ctrl+Z undoes it, and Ctrl+Z brings the draft back, saved again", async () => {
		const app = startApp(await nowhere(), undefined, {init: {draft: {...SAMPLE_DRAFT, subject: 'old test'}}, sample: true});
		const draftFile = path.join(app.stateDir, 'draft.json');
		await waitFor(() => existsSync(draftFile), 'the draft file');
		await app.press(KEYS.ctrl('f'), KEYS.ctrl('f'));
		await app.frame(f => f.includes('the composer holds the sample message again; Ctrl+Z undoes') && !f.includes('old test'));
		await app.drafts.flush();
		await waitFor(() => !existsSync(draftFile), 'the draft file to go');
		await app.press(UNDO);
		await app.frame(f => f.includes('old test') && f.includes('undone; nothing more to undo here'));
		await app.drafts.flush();
		await waitFor(() => existsSync(draftFile), 'the draft saved again');
		expect(JSON.parse(readFileSync(draftFile, 'utf8')).draft).toMatchObject({subject: 'old test'});
		// Nothing left: Ctrl+Z says what it says where there is nothing to undo, Ctrl+_ that there is none.
		await app.press(READLINE_UNDO);
		await app.frame(f => f.includes('nothing to undo here') && !f.includes('suspending'));
		await app.press(UNDO);
		await app.frame(f => f.replace(/\s+/g, ' ').includes('nothing to undo here; suspending is off (Ctrl+Z, SIGTSTP)'));
		// It goes at the next change, when there is something to undo again.
		await app.press('q');
		await app.frame(f => !f.replace(/\s+/g, ' ').includes('suspending is off'));
	});

	it('at the step prompt Ctrl+Z and Ctrl+_ say undo waits for the session, at any step and in either panel', async () => {
		const app = await sandboxApp({init: {mode: 'step'}});
		await app.press(KEYS.ctrl('s'));
		await app.frame(f => f.includes('about to send: EHLO'));
		await app.press(UNDO);
		await app.frame(f => f.includes('undo waits: the session is running; undo after it'));
		await app.press(KEYS.shiftTab, READLINE_UNDO);
		const frame = await app.frame(f => f.includes('[Connection]') && f.includes('undo waits: the session is running'));
		expect(frame).not.toContain('the message is on its way');
	});

	it("its footer messages go at the panel's next change, which they no longer describe", async () => {
		const resolver = fakeResolver({mx: {'example.org': [{exchange: 'mx1.example.org', priority: 10}]}, a: {'mx1.example.org': ['192.0.2.1']}});
		const app = startApp(await nowhere(), undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.org', subject: 'plain'}}, resolver});
		const said = (text: string) => (f: string) => f.replace(/\s+/g, ' ').includes(text);
		await app.frame(f => f.includes('▸ From'));
		await app.press(READLINE_UNDO);
		await app.frame(said('nothing to undo here'));
		await app.press(KEYS.down, 'Q');
		await app.frame(f => f.includes('friend@example.orgQ') && !said('nothing to undo here')(f));
		await app.press(UNDO);
		await app.frame(said('undone; nothing more to undo here'));
		await app.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, KEYS.backspace);
		await app.frame(f => f.includes('friend@example') && !f.includes('friend@example.org') && !said('nothing more to undo')(f));
		await app.press('.org', KEYS.ctrl('n'), 'X-A: 1', KEYS.ctrl('r'));
		await app.frame(said('header removed; Ctrl+Z undoes'));
		await app.press('x', 'y', 'z');
		await app.frame(f => f.includes('xyz') && !said('header removed')(f));
		// The MX target's message is the connection panel's: typing over Host makes it stale too.
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'), KEYS.ctrl('l'));
		await app.frame(said('target: mx1.example.org:25'));
		await app.press('x');
		await app.frame(f => f.includes('mx1.example.orgx') && !said('target: mx1')(f));
	});

	it('Ctrl+R says Ctrl+Z undoes it', async () => {
		const app = startApp(await nowhere(), undefined, {init: {draft: {...SAMPLE_DRAFT, headers: ['X-Test: 1']}}});
		await app.frame(f => f.includes('X-Test: 1'));
		await app.press(...toFirstHeader, KEYS.ctrl('r'));
		await app.frame(f => f.includes('header removed; Ctrl+Z undoes') && !f.includes('X-Test: 1'));
		await app.press(UNDO);
		await app.frame(f => f.includes('X-Test: 1'));
	});

	it("the MX target replaces Host, Port and login as one step: Ctrl+Z brings them back", async () => {
		const resolver = fakeResolver({mx: {'example.org': [{exchange: 'mx1.example.org', priority: 10}]}, a: {'mx1.example.org': ['192.0.2.1']}});
		const settings: ConnectionSettings = {host: '127.0.0.1', port: 2525, security: 'none', user: 'demo', password: 'demo', ehlo: 'client.test'};
		const app = startApp(settings, undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.org'}}, resolver});
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'), KEYS.ctrl('l'));
		let screen = await app.frame(f => /target: mx1\.example\.org:25 .*Ctrl\+Z undoes/.test(f.replace(/\s+/g, ' ')));
		expect(screen).toMatch(/Host\s+mx1\.example\.org/);
		await app.press(UNDO);
		screen = await app.frame(f => /Host\s+127\.0\.0\.1/.test(f));
		expect(screen).toMatch(/Port\s+2525\b/);
		expect(screen).toMatch(/User\s+demo/);
	});
	it('after the MX target is undone, or typed over, Ctrl+L targets the most preferred MX again, not the next', async () => {
		const resolver = fakeResolver({
			mx: {'example.org': [{exchange: 'mx2.example.org', priority: 20}, {exchange: 'mx1.example.org', priority: 10}]},
			a: {'mx1.example.org': ['192.0.2.1'], 'mx2.example.org': ['192.0.2.2']},
		});
		const app = startApp(await nowhere(), undefined, {init: {draft: {...SAMPLE_DRAFT, to: 'friend@example.org'}}, resolver});
		const targets = (host: string) => app.frame(f => f.replace(/\s+/g, ' ').includes(`target: ${host}:25 `));
		await app.press(KEYS.shiftTab, KEYS.ctrl('l'), KEYS.ctrl('l'));
		await targets('mx1.example.org');
		await app.press(UNDO);
		await app.frame(f => /Host\s+127\.0\.0\.1/.test(f));
		await app.press(KEYS.ctrl('l'), KEYS.ctrl('l'));
		await targets('mx1.example.org');
		// Still held: again is the next one.
		await app.press(KEYS.ctrl('l'));
		await targets('mx2.example.org');
		// A Host of the user's own: the next Ctrl+L starts over from the best.
		await app.press(KEYS.ctrl('u'), 'relay.example.org', KEYS.ctrl('l'), KEYS.ctrl('l'));
		await targets('mx1.example.org');
	});
});
