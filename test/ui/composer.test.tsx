import React from 'react';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {render} from 'ink-testing-library';
import {formValue} from '../../source/ui/components/form-state.js';
import {DataPreview} from '../../source/ui/components/data-preview.js';
import {Composer} from '../../source/ui/components/composer.js';
import {Dashboard} from '../../source/ui/components/dashboard.js';
import {createComposer} from '../../source/ui/components/composer-form.js';
import {segmenterInputs} from '../helpers/segmenter-inputs.js';
import {plain, waitForFrame} from '../helpers/wait-for.js';
import {KEYS, defaultInit, startApp} from './app-harness.js';
import {dashboardProps, previewCounts, snapshot} from './dashboard-fixtures.js';

const {backspace: BACKSPACE, left: LEFT, up: UP, down: DOWN, home: HOME} = KEYS;

/** The dashboard with the composer focused on one field. */
function start(active: string, body = 'first line\nsecond line') {
	const app = startApp({init: {draft: {...defaultInit.draft, body}}});
	app.update({});
	const focus = async () => {
		// Walk the fields with Down/Enter from From to the wanted one, as a user would.
		await waitForFrame(app.lastFrame, frame => frame.includes('[Message]'));
		while (app.state().composer.fields[app.state().composer.active]!.id !== active) {
			// One field at a time: on a loaded machine the state may lag the key, and a second press would overshoot.
			const before = app.state().composer.active;
			await app.press(before < 4 ? '\r' : DOWN);
			await waitForFrame(app.lastFrame, () => app.state().composer.active !== before);
		}
	};
	const composer = () => app.state().composer;
	return {...app, focus, composer, type: app.press};
}

describe('Composer layout', () => {
	it('keeps the values in one column while the fields scroll: the label width is that of every field', () => {
		const form = createComposer({from: 'you@example.test', to: 'friend@example.test', subject: 'Hi', attach: 'notes.txt', headers: ['X-A: 1', 'X-B: 2', 'X-C: 3', 'X-D: 4', 'X-E: 5'], body: 'hi'});
		const atLastHeader = {...form, active: form.fields.findIndex(field => field.id === 'header-5')};
		const valueColumn = (height: number) => {
			const row = plain(render(<Composer form={atLastHeader} focused width={40} height={height} />).lastFrame()).split('\n').find(line => line.includes('X-E'))!;
			return row.indexOf('X-E');
		};
		// Tall, Subject is in view (the widest label); short, it scrolled away with the rest.
		expect(valueColumn(30)).toBeGreaterThan(0);
		for (const height of [10, 8]) expect(valueColumn(height), `${height}`).toBe(valueColumn(30));
	});
});

describe('Composer with long text', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('counts the body\'s lines and the preview\'s rows below grouped by thousands, as DATA\'s counts are', () => {
		const body = Array.from({length: 1500}, (_, index) => `line ${index}`).join('\n');
		const frame = plain(render(<Composer form={createComposer({from: 'you@example.test', to: 'a@example.test', subject: 'Hi', body})} focused width={60} height={20} />).lastFrame());
		expect(frame).toContain('body: 1,500 lines');
		const bytes = `Subject: hi\r\n\r\n${body.replaceAll('\n', '\r\n')}\r\n.\r\n`;
		const preview = plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} top={0} width={60} height={6} />).lastFrame());
		expect(preview).toContain('↓ 1,499 more (Down, PgDn)');
	});

	it('draws a 200 KB body line and 500 addresses in To from what fits: the segmenter never gets the line (minutes, then a crash, before)', () => {
		const long = 'ab 日本 👍🏽 e\u0301 '.repeat(15_000);
		const to = Array.from({length: 500}, (_, index) => `user${index}@example.test`).join(', ');
		const form = createComposer({from: 'you@example.test', to, subject: 'Hi', body: `${long}END\n${long}`});
		const inputs = segmenterInputs();
		// The cursor at the end of the long line in the body, the other long line cut; then To focused, at its end.
		const atBody = {...form, active: form.fields.length - 1};
		const bodyField = atBody.fields.at(-1)!;
		const bodyText = {...bodyField.text, row: 0, col: long.length + 3};
		const frame = plain(render(<Composer form={{...atBody, fields: [...atBody.fields.slice(0, -1), {...bodyField, text: bodyText}]}} focused width={60} height={20} />).lastFrame());
		expect(frame).toMatch(/…[^\n]*e\u0301 END/u);
		expect(frame).toMatch(/\nab 日本 👍 e\u0301 ab 日本 👍 e\u0301 [^\n]*…/u);
		const toFrame = plain(render(<Composer form={{...form, active: 1}} focused width={60} height={20} />).lastFrame());
		expect(toFrame).toMatch(/▸ To +…[^\n]*user499@example\.test/);
		expect(inputs.longest()).toBeLessThanOrEqual(512);
		expect(inputs.total()).toBeLessThan(20_000);
	});
});

describe('Composer in a collapsed panel', () => {
	// As the sandbox words a bad To: longer than a collapsed panel's rows.
	const message = 'To "a b@x.test" has a space in an address; an address is one word ("ab@x.test" without it?)';
	const withError = {...createComposer({from: 'you@example.test', to: 'a b@x.test', subject: 'Hi', body: 'hi'}), error: {field: 'to', message}};
	/** The Message panel's rows, left column only, borders cut off. */
	const messageRows = (frame: string) => {
		const rows = frame.split('\n');
		const title = rows.findIndex(row => row.includes(' Message '));
		const bottom = rows.findIndex((row, index) => index > title && row.startsWith('└'));
		return rows.slice(title + 1, bottom).map(row => row.slice(2, row.indexOf('│', 1)).trimEnd());
	};

	it('shows the start of the error, the field first, cut with "…", never rows drawn over each other (80x24, 100x30)', () => {
		// A session that ended: the connection panel, focused, lists the sandbox's extensions and leaves the composer two rows.
		const base = snapshot();
		const keywords = new Map([...base.extensions!.keywords, ...['STARTTLS', 'AUTH', 'SMTPUTF8', 'ENHANCEDSTATUSCODES', 'DSN', 'CHUNKING'].map(name => [name, []] as [string, string[]])]);
		const ended = snapshot({connection: 'closed', busy: false, extensions: {...base.extensions!, keywords}});
		for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
			const frame = plain(render(<Dashboard {...dashboardProps({size, focus: 'connection', snapshot: ended, composer: withError})} />).lastFrame());
			const rows = messageRows(frame);
			expect(rows, frame).toHaveLength(2);
			const errorRows = rows.filter(row => !row.startsWith('──'));
			expect(errorRows[0], `${size.columns}: ${rows.join(' | ')}`).toMatch(/^✖ To "a b@x\.test"/);
			// Each row goes on where the one above stopped: the error's start, in order, to the "…".
			const shown = errorRows.join('');
			expect(shown.endsWith('…'), shown).toBe(true);
			expect(`✖ ${message}`.startsWith(shown.slice(0, -1)), shown).toBe(true);
		}
	});

	it('fits the error to the rows it has: one row cut with "…", and the body rule only where there is room', () => {
		const draw = (height: number) => plain(render(<Composer form={withError} focused={false} width={32} height={height} />).lastFrame()).split('\n');
		expect(draw(1)).toEqual(['✖ To "a b@x.test" has a space i…']);
		const two = draw(2);
		expect(two[0]).toBe('✖ To "a b@x.test" has a space i…');
		expect(two[1]).toMatch(/^── body: 1 line ─+$/);
		// Room for all of it: the error whole, not cut.
		expect(draw(8).join(' ')).toContain('without it?)');
	});
});

describe('Composer with keys from the terminal', () => {
	it('refuses CR/LF pasted into Subject and names the field inline', async () => {
		const {lastFrame, focus, type, composer} = start('subject');
		await focus();
		await type('a\r\nBcc: x');
		const frame = await waitForFrame(lastFrame, current => current.includes('Subject: no line breaks'));
		// Taken and cleaned, not refused: a warning's mark, not an error's.
		expect(frame).toContain('! Subject: no line breaks in this field;');
		expect(frame).not.toContain('✖');
		expect(frame).toContain('replaced by a space');
		expect(frame).toMatch(/▸ Subject a Bcc: x/);
		expect(frame.split('\n').some(line => /^\s*Bcc: x/.test(line))).toBe(false);
		expect(formValue(composer(), 'subject')).toBe('a Bcc: x');
		expect(formValue(composer(), 'bcc')).toBe('');
	});

	it('edits the body: typing, Backspace, cursor keys, Enter splitting a line', async () => {
		const {lastFrame, focus, type, composer} = start('body');
		await focus();
		await type('Hello ', BACKSPACE, '!', DOWN, HOME, '>', '\r');
		await waitForFrame(lastFrame, () => formValue(composer(), 'body') === 'Hello!first line\n>\nsecond line');
		// Left from the start of a line goes to the end of the one above; Backspace at a line start joins lines.
		await type(LEFT, LEFT, BACKSPACE);
		await waitForFrame(lastFrame, () => formValue(composer(), 'body') === 'Hello!first line>\nsecond line');
		const frame = await waitForFrame(lastFrame, current => current.includes('body: 2 lines'));
		expect(frame).toContain('Hello!first line>');
	});

	it('accepts a multi-line paste into the body, CRLF or not', async () => {
		const {lastFrame, focus, type, composer} = start('body', '');
		await focus();
		await type('one\r\ntwo\rthree\nfour');
		const frame = await waitForFrame(lastFrame, current => current.includes('body: 4 lines'));
		expect(frame).toMatch(/║ one +║[^\n]*\n║ two +║[^\n]*\n║ three +║[^\n]*\n║ four/);
		expect(formValue(composer(), 'body')).toBe('one\ntwo\nthree\nfour');
	});

	it('goes up from the first body line into the header fields, through Body as in the rule', async () => {
		const {lastFrame, focus, type} = start('body');
		await focus();
		await type(UP);
		const rule = await waitForFrame(lastFrame, current => current.includes('── ▸ Body as [text] HTML ─'));
		expect(rule).not.toContain('▸ body');
		await type(UP);
		await waitForFrame(lastFrame, current => current.includes('▸ Attach'));
	});

	it('scrolls the body to keep the cursor visible', async () => {
		const body = Array.from({length: 20}, (_, index) => `body line ${index}`).join('\n');
		const {lastFrame, focus, type} = start('body', body);
		await focus();
		await type(KEYS.pageDown, KEYS.pageDown, KEYS.pageDown, KEYS.pageDown);
		const frame = await waitForFrame(lastFrame, current => current.includes('body line 19'));
		expect(frame).not.toMatch(/body line 0\b/);
	});
});

describe('DataPreview', () => {
	it('shows the exact DATA lines with stuffed dots highlighted and stray line breaks visible', () => {
		const bytes = 'Subject: hi\r\n\r\n..leading dot\r\nbare\nLF\r\n.\r\n';
		const frame = plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} top={0} width={80} height={8} />).lastFrame());
		const lines = frame.split('\n');
		// The size the server stores (the stuffed dot and the final "." line left out), then what goes on the wire.
		expect(lines[0]).toBe('DATA: 4 lines, 38 bytes, then "." (42 bytes sent: 1 line dot-stuffed)');
		expect(lines).toContain('..leading dot');
		expect(lines).toContain('bare^JLF');
		// A cut preview of a large message gives the whole payload's counts, as dataBytes makes them.
		const cut = plain(render(<DataPreview bytes={'Subject: big\r\n\r\n[… 300,000 more bytes not shown …]\r\n'} counts={{lines: 4000, stored: 300_017, sent: 300_020, stuffed: 0}} top={0} width={70} height={8} />).lastFrame());
		expect(cut.split('\n')[0]).toBe('DATA: 4,000 lines, 300,017 bytes, then "." (300,020 bytes sent)');
		expect(lines[5]).toBe('.');
	});

	it('in a panel of one or two rows, shows as many rows as fit, none drawn over another', () => {
		const note = 'sent; shown now: the next message, with a new Message-ID and Date';
		const bytes = 'Subject: hi\r\n\r\nbody\r\n.\r\n';
		const rows = (height: number) => plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} note={note} top={0} width={40} height={height} />).lastFrame()).split('\n').map(row => row.trimEnd());
		const note1 = '▸ sent; shown now: the next message,';
		const note2 = 'with a new Message-ID and Date';
		expect(rows(1)).toEqual([note1]);
		expect(rows(2)).toEqual([note1, note2]);
		expect(rows(3)).toEqual([note1, note2, 'DATA: 3 lines, 21 bytes, then "." (24 b…']);
	});

	it('says how many rows are below, and the key that scrolls, when the message is longer than the panel', () => {
		const bytes = `Subject: hi\r\n\r\n${Array.from({length: 10}, (_, index) => `line ${index}`).join('\r\n')}\r\n.\r\n`;
		const rows = (top: number) => plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} top={top} width={40} height={6} />).lastFrame()).split('\n').map(row => row.trimEnd());
		expect(rows(0)).toEqual([expect.stringMatching(/^DATA: /), 'Subject: hi', '', 'line 0', 'line 1', '↓ 9 more (Down, PgDn)']);
		// At the end, every row is the message's.
		expect(rows(99).slice(1)).toEqual(['line 6', 'line 7', 'line 8', 'line 9', '.']);
	});

	it('cuts an error longer than the panel to its rows, keeping its start, which names what is wrong', () => {
		const error = 'header X-Long has a word too long to fold into lines of 998 ord' + 'ers, and more words that go on';
		const rows = plain(render(<DataPreview bytes="" error={error} top={0} width={40} height={2} />).lastFrame()).split('\n').map(row => row.trimEnd());
		expect(rows).toEqual(['✖ no preview: header X-Long has a word', 'too long to fold into lines of 998…']);
	});

	it('wraps a line too long for the panel behind a » mark, so every byte can be read', () => {
		const id = `Message-ID: <${'a'.repeat(30)}@example.test>`;
		const bytes = `${id}\r\n\r\n..${'b'.repeat(25)}\r\n.\r\n`;
		const frame = plain(render(<DataPreview bytes={bytes} counts={previewCounts(bytes)} top={0} width={20} height={10} />).lastFrame());
		const rows = frame.split('\n').slice(1).map(row => row.trimEnd());
		expect(rows.slice(0, 4)).toEqual(['Message-ID: <aaaaaaa', '»aaaaaaaaaaaaaaaaaaa', '»aaaa@example.test>', '']);
		// The stuffed dot stays marked on the line's first row only.
		expect(rows.slice(4, 7)).toEqual(['..bbbbbbbbbbbbbbbbbb', '»bbbbbbb', '.']);
		expect(rows.join('').replaceAll('»', '')).toBe(`${id}..${'b'.repeat(25)}.`);
		// Wide characters are kept whole, and no row is wider than the panel.
		const wideBytes = `Subject: ${'日本語'.repeat(6)}\r\n.\r\n`;
		const wide = plain(render(<DataPreview bytes={wideBytes} counts={previewCounts(wideBytes)} top={0} width={20} height={6} />).lastFrame());
		const wideRows = wide.split('\n').slice(1).map(row => row.trimEnd()).filter(Boolean);
		expect(wideRows.join('').replaceAll('»', '')).toBe(`Subject: ${'日本語'.repeat(6)}.`);
		for (const row of wideRows) expect(stringWidth(row)).toBeLessThanOrEqual(20);
	});

	it('says why there is no preview instead of counting the error as DATA bytes', () => {
		const frame = plain(render(<DataPreview bytes="" error='Header "bad": write it as "Name: value"' top={0} width={40} height={6} />).lastFrame());
		expect(frame).toContain('✖ no preview: Header "bad": write it as');
		expect(frame).not.toContain('DATA: ');
	});
});
