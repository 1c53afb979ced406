// The inbox's filter: / opens a line at the top of the list, typing narrows the list live ("3 of 40"), Enter keeps
// it, Esc clears it; mail arriving while filtered is counted, and listed only if the filter names it.
import {describe, expect, it} from 'vitest';
import type {InboxItem} from '../../source/ui/components/inbox.js';
import {filteredItems, openFilter} from '../../source/ui/components/inbox-filter.js';
import {createText} from '../../source/ui/components/text-editor-state.js';
import {plain, settled, waitForFrame} from '../helpers/wait-for.js';
import {KEYS, startApp} from './app-harness.js';
import {snapshot} from './dashboard-fixtures.js';
import {startInbox} from './inbox-screen.js';

const names = ['Bob', 'Carla', 'Dave', 'Eve', 'Frank', 'Grace', 'Heidi', 'Ivan'];
const item = (id: number, name: string, subject = `Exercise ${id}`): InboxItem => ({id: String(id), from: 'bounce@class.test', author: {address: `${name.toLowerCase()}@class.test`, name}, to: ['teacher@class.test'], subject, size: 300, receivedAt: 0});
/** 40 messages, Anna's three among them (one by her address only, one by its subject). */
const items: InboxItem[] = Array.from({length: 40}, (_, index) => item(index + 1, names[index % names.length]!));
items[6] = item(7, 'Anna');
items[19] = {...item(20, 'Bob'), author: {address: 'ANNA.k@class.test'}};
items[33] = item(34, 'Eve', 'Re: ask anna');
const PASTE = (text: string) => `\u001B[200~${text}\u001B[201~`;
const footer = (frame: string) => frame.split('\n').at(-1)!;
/** smtp-tui inbox's list, above its server log (which names every message it accepts). */
const inboxPanel = (frame: string) => frame.split('Server log')[0]!;
/** The list's rows: the marks of the selected and the others, then the time-less row. */
const listed = (frame: string) => [...frame.matchAll(/Exercise \d+|Re: ask anna/g)].map(match => match[0]);

describe('filteredItems', () => {
	const typed = (text: string) => ({...openFilter(undefined), line: createText(text, {multiline: false})});

	it('searches the text, links and Message-ID too, and answers alike whether a term was typed on, cut back or replaced', () => {
		// Their own arrival: a message is known by its number and arrival, across the tests of this file too.
		const mail = [
			{...item(1, 'Bob', 'Sign-in'), text: 'Your code is 482913.', links: ['https://app.test/confirm?t=Q9'], messageId: '<m1@app.test>'},
			{...item(2, 'Carla', 'Sign-in'), text: 'Your code is 482900.'},
			{...item(3, 'Dave', 'Welcome'), messageId: '<m3@app.test>'},
		].map(row => ({...row, receivedAt: 99}));
		const ids = (term: string) => filteredItems(mail, typed(term)).map(shown => shown.id);
		// Typed on key by key, then cut back, then another term: each answer as if searched from nothing.
		const steps: Array<[string, string[]]> = [['4', ['1', '2']], ['4829', ['1', '2']], ['48291', ['1']], ['482913', ['1']], ['4829', ['1', '2']], ['48290', ['2']], ['t=q9', ['1']], ['@app.test>', ['1', '3']], ['m3@', ['3']], ['zz', []], ['z', []], ['', ['1', '2', '3']]];
		for (const [term, expected] of steps) expect([term, ids(term)]).toEqual([term, expected]);
	});

	it('keeps each message\'s text by its number and arrival: a sandbox started again, numbering from 1, is searched anew', () => {
		const first = [item(1, 'Anna', 'Lab 1'), item(2, 'Bob', 'Lab 2')];
		expect(filteredItems(first, typed('anna')).map(shown => shown.id)).toEqual(['1']);
		// New mail: the rows made anew, the same messages found again.
		expect(filteredItems([...first.map(row => ({...row})), item(3, 'Anna', 'Lab 3')], typed('anna')).map(shown => shown.id)).toEqual(['1', '3']);
		const again = [{...item(1, 'Carla', 'Quiz'), receivedAt: 5}];
		expect(filteredItems(again, typed('anna'))).toEqual([]);
		expect(filteredItems(again, typed('quiz'))).toEqual(again);
		// No filter, or an empty one: the list itself.
		expect(filteredItems(first, undefined)).toBe(first);
		expect(filteredItems(first, typed('  '))).toBe(first);
	});
});

describe('filteredItems with texts read after the 250', () => {
	const typed = (text: string) => ({...openFilter(undefined), line: createText(text, {multiline: false})});

	it('searches a message again once its text is read, when its row came first (smtp-tui inbox reads it after the 250)', () => {
		const before = [{...item(41, 'Bob', 'Sign-in'), receivedAt: 7}];
		expect(filteredItems(before, typed('482913'))).toEqual([]);
		const after = [{...before[0]!, text: 'Your code is 482913.', links: ['https://app.test/confirm?t=Q9']}];
		expect(filteredItems(after, typed('482913')).map(shown => shown.id)).toEqual(['41']);
		expect(filteredItems(after, typed('t=q9')).map(shown => shown.id)).toEqual(['41']);
	});
});

describe('the dashboard inbox filter', () => {
	it('narrows the list as it is typed, counts, keeps on Enter and opens the match', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, '/');
		const open = await waitForFrame(app.lastFrame, frame => frame.includes('Filter:'));
		expect(open).toContain('40 of 40');
		expect(footer(open)).toContain('Enter keep  Esc clear filter');
		await app.press('AnN');
		const typed = await waitForFrame(app.lastFrame, frame => frame.includes('3 of 40'));
		// Any case; the From header's name and address, and the subject.
		expect(listed(typed)).toEqual(['Exercise 7', 'Exercise 20', 'Re: ask anna']);
		expect(typed).toContain('Inbox (40)');
		// While typed, the inbox's letters are text: z zooms nothing, q is no key.
		await app.press(KEYS.enter);
		const kept = await waitForFrame(app.lastFrame, frame => footer(frame).includes('Enter open'));
		expect(footer(kept)).toContain('/ filter');
		expect(kept).toContain('3 of 40');
		await app.press(KEYS.down, KEYS.enter);
		await settled(() => expect(app.state().inbox).toEqual({selected: '20', open: {tab: 'headers', top: 0}}));
		expect(app.calls).toEqual([]);
	});

	it('Esc clears it while typed and at the list; in a zoomed inbox the first Esc clears, the next unzooms', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, '/', 'eve');
		await waitForFrame(app.lastFrame, frame => frame.includes('5 of 40'));
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => !frame.includes('Filter:'));
		expect(app.state().inboxFilter).toBeUndefined();
		await app.press('z', '/', 'grace', KEYS.enter);
		await waitForFrame(app.lastFrame, frame => frame.includes('5 of 40') && footer(frame).includes('Enter open'));
		await app.press(KEYS.escape);
		const cleared = await waitForFrame(app.lastFrame, frame => !frame.includes('Filter:'));
		expect(cleared).not.toContain('Protocol log');
		await app.press(KEYS.escape);
		await waitForFrame(app.lastFrame, frame => frame.includes('Protocol log'));
		// / again opens an empty filter: the one cleared is gone.
		await app.press('/');
		await settled(() => expect(app.state().inboxFilter?.line.lines).toEqual(['']));
	});

	it('counts mail that arrives while filtered, and lists only what the filter names', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, '/', 'anna', KEYS.enter);
		await waitForFrame(app.lastFrame, frame => frame.includes('3 of 40'));
		app.update({inbox: {items: [...items, item(41, 'Zed', 'Exercise 41'), item(42, 'Anna', 'Exercise 42')]}});
		const after = await waitForFrame(app.lastFrame, frame => frame.includes('4 of 42'));
		expect(listed(after)).toEqual(['Exercise 7', 'Exercise 20', 'Re: ask anna', 'Exercise 42']);
		expect(after).toContain('Inbox (42)');
	});

	it('says when nothing matches; Enter there opens nothing', async () => {
		const app = startApp({screen: {inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, '/', 'nobody', KEYS.enter);
		const none = await waitForFrame(app.lastFrame, frame => frame.includes('0 of 40'));
		// Wrapped in the panel beside the composer.
		expect(none).toContain('No message has "nobody" in its subject, sender,');
		expect(none).toMatch(/║ recipients or text\. +║/);
		expect(footer(none)).toContain('Esc clear filter');
		expect(footer(none)).not.toContain('Enter open');
		await app.press(KEYS.enter);
		await settled(() => expect(app.state().inbox.open).toBeUndefined());
		// / reopens the filter kept, to be changed.
		await app.press('/', KEYS.backspace.repeat(3));
		await waitForFrame(app.lastFrame, frame => frame.includes('Filter: nob') && frame.includes('0 of 40'));
	});

	it('takes a paste with control characters and line breaks, and a very long one, without breaking the layout', async () => {
		const size = {columns: 80, rows: 24};
		const app = startApp({screen: {size, inbox: {items}}, pastesMarked: true});
		await app.press(KEYS.tab, KEYS.tab, '/', PASTE('an\u0000n\u001B[31ma'));
		// NUL and ESC dropped (what followed ESC is left as text, and names nothing).
		await waitForFrame(app.lastFrame, frame => frame.includes('0 of 40'));
		expect(app.state().inboxFilter?.line.lines).toEqual(['ann[31ma']);
		await app.press(KEYS.ctrl('u'), PASTE('anna\nk'));
		// The line break is a space: one line, and the filter still types.
		await settled(() => expect(app.state().inboxFilter).toMatchObject({line: {lines: ['anna k']}, typing: true}));
		// A tab, as text copied from a table has between words, is a space too: drawn as ^I, it matched no subject.
		await app.press(KEYS.ctrl('u'), PASTE('ask\tanna'));
		await waitForFrame(app.lastFrame, frame => frame.includes('Filter: ask anna') && frame.includes('1 of 40'));
		await app.press(KEYS.ctrl('u'), PASTE('x'.repeat(5000)));
		const long = await waitForFrame(app.lastFrame, frame => frame.includes('0 of 40') && frame.includes('xxxx'));
		const rows = long.split('\n');
		expect(rows).toHaveLength(size.rows - 1);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(size.columns);
		// The no-match note, cut to the panel: the frame is as tall as before.
		expect(long).toContain('No message has');
	});

	it('while the step prompt holds the keys, the filter shows no cursor and takes no typing', async () => {
		const app = startApp({init: {mode: 'step'}, screen: {inbox: {items}, snapshot: snapshot({busy: false})}});
		await app.press(KEYS.tab, KEYS.tab, '/', 'ann');
		await waitForFrame(app.lastFrame, frame => frame.includes('▸ Filter: ann'));
		app.update({inbox: {items}, snapshot: snapshot({proposed: {command: {verb: 'RCPT', to: 'friend@example.test'}, display: 'RCPT TO:<friend@example.test>'}})});
		const prompt = await waitForFrame(app.lastFrame, frame => frame.includes('RCPT TO:<friend@example.test>') && frame.includes('  Filter: ann'));
		expect(prompt).not.toContain('▸ Filter:');
		// A letter, and / itself, are the prompt's (e edits its line): the filter keeps what was typed.
		await app.press('a', '/');
		expect(app.state().inboxFilter).toMatchObject({line: {lines: ['ann']}, typing: true});
	});

	it('fits 80x24: the filter line, its count and the matches beside the log', async () => {
		const size = {columns: 80, rows: 24};
		const app = startApp({screen: {size, inbox: {items}}});
		await app.press(KEYS.tab, KEYS.tab, '/', 'anna');
		const frame = await waitForFrame(app.lastFrame, shown => shown.includes('3 of 40'));
		const rows = frame.split('\n');
		expect(rows).toHaveLength(size.rows - 1);
		for (const row of rows) expect(row.length).toBeLessThanOrEqual(size.columns);
		expect(frame).toMatch(/Filter: anna +3 of 40/);
		expect(listed(frame)).toEqual(['Exercise 7', 'Exercise 20', 'Re: ask anna']);
		expect(footer(frame)).toContain('Enter keep');
		// Tab leaves the filter kept, not taking the keys unseen.
		await app.press(KEYS.tab);
		await settled(() => expect(app.state().inboxFilter?.typing).toBe(false));
		expect(plain(app.lastFrame())).toContain('Filter: anna');
	});
});

describe('the filter in smtp-tui inbox', () => {
	it('a filter that hides the newest shows its oldest match selected, and new mail it names does not take the selection away', async () => {
		const inbox = await startInbox({anyLogin: true});
		for (const subject of ['Anna 1', 'Bob 1', 'Anna 2', 'Bob 2']) await inbox.send(subject);
		await inbox.frame(frame => frame.includes('4 messages') && frame.includes('▸') && /▸ .*Bob 2/.test(frame));
		await inbox.press('/', 'anna', KEYS.enter);
		await inbox.frame(frame => /▸ .*Anna 1/.test(frame) && footer(frame).includes('Enter open'));
		await inbox.send('Anna 3');
		await inbox.frame(frame => frame.includes('3 of 5'));
		// The one selected stays so, as the README says of any mail while the newest is not selected.
		expect(inboxPanel(inbox.lastFrame()!)).toMatch(/▸ .*Anna 1/);
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => frame.includes('message 1'));
	});

	it('finds a message by its body\'s text searched right after its 250, which came before the text was read', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.sendMail({from: 'app@example.test', to: 'anna@example.test', subject: 'Your sign-in', html: '<p>Your code is <b>482913</b>.</p>', textEncoding: 'base64'});
		await inbox.press('/', '482913');
		const found = await inbox.frame(frame => frame.includes('Filter: 482913') && frame.includes('1 of 1'));
		expect(inboxPanel(found)).toContain('Your sign-in');
	});

	it('with --http reads a message\'s text before its 250, as serve does: the HTTP API\'s tests read it at once', async () => {
		const inbox = await startInbox({anyLogin: true, http: '0'});
		await inbox.sendMail({from: 'app@example.test', to: 'anna@example.test', subject: 'Your sign-in', text: 'Your code is 482913.'});
		expect(inbox.catcher.sandbox.mailbox.list().map(summary => summary.text)).toEqual(['Your code is 482913.\n']);
	});

	it('finds mail by its text, its links\' targets and its Message-ID, as an app sent it', async () => {
		const inbox = await startInbox({anyLogin: true});
		const app = {from: 'app@example.test', to: 'anna@example.test'};
		await inbox.sendMail({...app, subject: 'Welcome', text: 'Welcome aboard, Anna.'});
		// HTML only, base64: the code and the link are in no header and in no byte as sent.
		const html = '<p>Your code is <b>482913</b>.</p><p><a href="https://app.example.test/confirm?u=7&amp;t=q9">Confirm</a></p>';
		await inbox.sendMail({...app, subject: 'Your sign-in', messageId: '<signin-7@app.example.test>', html, textEncoding: 'base64'});
		await inbox.frame(frame => frame.includes('2 messages'));
		for (const term of ['482913', 'confirm?u=7&t=q9', 'signin-7@app']) {
			await inbox.press('/', KEYS.ctrl('u'), term);
			const found = await inbox.frame(frame => frame.includes(`Filter: ${term}`) && frame.includes('1 of 2'));
			expect(inboxPanel(found)).toContain('Your sign-in');
			expect(inboxPanel(found)).not.toContain('Welcome');
			await inbox.press(KEYS.enter);
		}
		await inbox.press('/', KEYS.ctrl('u'), '482914');
		const none = await inbox.frame(frame => frame.includes('0 of 2'));
		expect(inboxPanel(none)).toContain('No message has "482914" in its subject, sender, recipients or text.');
	});

	it('narrows what came; q is typed into it, not a quit; new mail is counted', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Exercise from Anna');
		await inbox.send('Exercise from Bob');
		await inbox.frame(frame => frame.includes('2 messages'));
		await inbox.press('/', 'anna q');
		const typed = await inbox.frame(frame => frame.includes('Filter: anna q'));
		expect(typed).toContain('0 of 2');
		expect(footer(typed)).toContain('Ctrl+C quit');
		expect(inbox.quits()).toBe(0);
		await inbox.press(KEYS.backspace, KEYS.backspace, KEYS.enter);
		const kept = await inbox.frame(frame => frame.includes('1 of 2') && footer(frame).includes('Enter open'));
		expect(inboxPanel(kept)).toContain('Exercise from Anna');
		expect(inboxPanel(kept)).not.toContain('Exercise from Bob');
		await inbox.send('Exercise from Carl');
		await inbox.send('Anna again');
		const after = await inbox.frame(frame => frame.includes('2 of 4'));
		expect(inboxPanel(after)).toContain('Anna again');
		expect(inboxPanel(after)).not.toContain('Exercise from Carl');
		await inbox.press(KEYS.escape);
		await inbox.frame(frame => inboxPanel(frame).includes('Exercise from Carl') && !frame.includes('Filter:'));
		expect(inbox.quits()).toBe(0);
	});
});
