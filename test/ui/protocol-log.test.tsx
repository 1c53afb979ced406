import React from 'react';
import {describe, expect, it} from 'vitest';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import type {LogEntry} from '../../source/session/types.js';
import {ProtocolLog, createLogView, type ProtocolLogProps} from '../../source/ui/components/protocol-log.js';
import {FOLLOW, scrollLog, type LogScroll, type LogScrollAction} from '../../source/ui/components/log-scroll.js';
import {entryRowCount, entryRows} from '../../source/ui/components/log-rows.js';
import {createTheme, ThemeContext, type Theme} from '../../source/ui/theme.js';
import {plain, waitForFrame} from '../helpers/wait-for.js';
import {numberedEntries, received, sent} from './log-fixtures.js';

const size = {width: 60, height: 10};

function lines(frame: string): string[] {
	return frame.split('\n');
}

function scrolled(entries: readonly LogEntry[], actions: LogScrollAction['type'][], total = entries.length): LogScroll {
	const view = createLogView({entries, total, ...size, timestamps: false});
	return actions.reduce<LogScroll>((state, type) => scrollLog(state, {type}, view), FOLLOW);
}

function draw(props: Partial<ProtocolLogProps> & Pick<ProtocolLogProps, 'entries'>) {
	return render(<ProtocolLog total={props.entries.length} scroll={FOLLOW} timestamps={false} {...size} {...props} />);
}

describe('ProtocolLog windowing', () => {
	it('follows the tail of 100,000 entries and draws only the rows that fit', () => {
		const entries = numberedEntries(100_000);
		const {lastFrame} = draw({entries});
		const frame = plain(lastFrame());
		expect(lines(frame)).toHaveLength(size.height);
		expect(frame).toContain('line 100000');
		expect(frame).toContain('line 099991');
		expect(frame).not.toContain('line 099990');
		expect(frame).not.toContain('line 000001');
	});

	it('reads only a screenful of entries, whatever the log length', () => {
		let reads = 0;
		const entries = new Proxy(numberedEntries(100_000), {
			get(target, property, receiver) {
				if (typeof property === 'string' && /^\d+$/.test(property)) reads++;
				return Reflect.get(target, property, receiver);
			},
		});
		draw({entries});
		const followReads = reads;
		reads = 0;
		const view = createLogView({entries, total: entries.length, ...size, timestamps: false});
		let state: LogScroll = FOLLOW;
		for (let page = 0; page < 5; page++) state = scrollLog(state, {type: 'pageUp'}, view);
		draw({entries, scroll: state});
		// A few walks of `height` rows each, never a pass over the log.
		expect(followReads).toBeLessThan(size.height * 5);
		expect(reads).toBeLessThan(size.height * 40);
	});

	it('draws each line with its marker, reply explanation and latency', () => {
		const entries = [
			sent(1, 'EHLO client.example'),
			received(2, '250 mail.example.test', 'Requested action okay, completed', 12),
			{id: 3, time: 0, kind: 'info', text: 'TLS handshake done'} satisfies LogEntry,
			{id: 4, time: 0, kind: 'error', text: 'connection reset'} satisfies LogEntry,
		];
		const frame = plain(draw({entries}).lastFrame());
		expect(frame).toContain('→ EHLO client.example');
		expect(frame).toMatch(/← 250 mail\.example\.test \(12 ms\)/);
		expect(frame).toContain('    Requested action okay, completed');
		expect(frame).toContain('• TLS handshake done');
		expect(frame).toContain('✖ connection reset');
		// A replay that waited less than the recorded server says the time shown is the recording's.
		const replayed = {...received(5, '250 2.1.5 Accepted', undefined, 3005), latencyRecorded: true as const};
		expect(plain(draw({entries: [replayed]}).lastFrame())).toContain('← 250 2.1.5 Accepted (3005 ms, recorded)');
	});

	it('truncates long lines by default and wraps them when expanded', () => {
		const long = `250 ${'x'.repeat(120)}END`;
		const entries = [received(1, long)];
		const collapsed = plain(draw({entries}).lastFrame());
		expect(collapsed).toContain('…');
		expect(collapsed).not.toContain('END');
		const expanded = plain(draw({entries, expanded: true}).lastFrame());
		expect(expanded).toContain('END');
		const rows = lines(expanded).filter(line => line.includes('x'));
		expect(rows.length).toBeGreaterThan(1);
		// Each further row of a wire line is marked: the wire has no line break there.
		expect(rows[0]).not.toContain('»');
		for (const row of rows.slice(1)) expect(row).toMatch(/ »x/);
	});

	it('wraps what smtp-tui says itself (info, warnings, errors) even when collapsed, to at most 3 rows', () => {
		const note = `stopped by the user before RCPT; the connection stays open, and the next Ctrl+S sends RSET first END`;
		const flood = `${'Z'.repeat(400)}TAIL`;
		const entries: LogEntry[] = [
			{id: 1, time: 0, kind: 'info', text: note},
			{id: 2, time: 0, kind: 'error', text: flood},
		];
		const frame = plain(draw({entries, width: 50}).lastFrame());
		expect(frame.replace(/\s+/g, ' ')).toContain('stays open, and the next');
		expect(frame).toContain('END');
		// A flood of server text stays bounded: three rows, the last one cut.
		expect(lines(frame).filter(line => line.includes('ZZZ')).length).toBe(3);
		expect(frame).not.toContain('TAIL');
	});

	it('following, shows the newest line last even when wrapped info lines are on screen', () => {
		const entries: LogEntry[] = [
			...Array.from({length: 6}, (_, index) => received(index + 1, `250 line ${index + 1}`)),
			{id: 7, time: 0, kind: 'info', text: `warning: RCPT before MAIL: the server will most likely answer 503 ${'and more '.repeat(8)}`},
			{id: 8, time: 0, kind: 'error', text: `the connection closed while waiting for the reply ${'x '.repeat(40)}`},
			received(9, '503 5.5.1 LAST'),
		];
		const frame = plain(draw({entries, width: 50, height: 6}).lastFrame());
		expect(lines(frame).filter(line => line.trim() !== '').at(-1)).toContain('503 5.5.1 LAST');
		// The count the scrolling uses is the count drawn, for every kind of entry.
		const layout = {width: 50, expanded: false, presenter: false, timestamps: false};
		for (const entry of entries) expect(entryRowCount(entry, layout), entry.text).toBe(entryRows(entry, layout).length);
	});

	it('collapses DATA bodies to their summary line until expanded', () => {
		const data: LogEntry = {
			id: 1,
			time: 0,
			kind: 'data',
			text: 'message body: 40 lines, 1234 bytes',
			data: {lines: 40, bytes: 1237, stored: 1234, preview: ['Subject: hello', '..dot-stuffed line']},
		};
		const collapsed = plain(draw({entries: [data]}).lastFrame());
		expect(collapsed).toContain('→ message body: 40 lines, 1234 bytes');
		expect(collapsed).not.toContain('Subject: hello');
		const expanded = plain(draw({entries: [data], expanded: true}).lastFrame());
		expect(expanded).toContain('Subject: hello');
		expect(expanded).toContain('..dot-stuffed line');
		expect(expanded).toContain('… 38 more lines');
	});

	it('ends an expanded body with the lone "." that ended it, also when the body was cut, and shows it once', () => {
		const data = (lines: number, preview: string[]): LogEntry => ({id: 1, time: 0, kind: 'data', text: `message: ${lines} lines`, data: {lines, bytes: 0, stored: 0, preview}});
		const body = Array.from({length: 12}, (_, index) => `line ${index + 1}`);
		const rows = (entry: LogEntry) => entryRows(entry, {width: 60, expanded: true, presenter: false, timestamps: false, wholeMessage: "see the Inbox's raw view"}).map(row => row.text.trim());
		// 17 lines, the first 12 in the preview: the cut, then the ".".
		expect(rows(data(17, body)).slice(-2)).toEqual(["… 5 more lines: see the Inbox's raw view", '.']);
		// 12 lines, all in the preview but not the "." after them: nothing cut, the "." still shown.
		expect(rows(data(12, body)).slice(-2)).toEqual(['line 12', '.']);
		// A short body's preview holds its "." already.
		expect(rows(data(2, ['Subject: hi', '', '.'])).filter(text => text === '.')).toHaveLength(1);
	});

	it('shows the lines typed for the message under the log, marked as sent, a stray one in the header section as a warning', () => {
		const entries = numberedEntries(30);
		const pending = ['To: friend@example.test', 'Subject: hi', 'Your message should go here.'];
		const rows = lines(plain(draw({entries, pending}).lastFrame()));
		expect(rows.slice(-3).map(row => row.trimEnd())).toEqual(['→ To: friend@example.test', '→ Subject: hi', '! Your message should go here.']);
		// The log keeps the rest of the height, the newest entry right above the typed lines.
		expect(rows.at(-4)).toContain('line 000030');
		expect(rows).toHaveLength(size.height);
		// More lines than half the log: the oldest give way to a count; the view the keys scroll is as short.
		const many = Array.from({length: 9}, (_, index) => `line ${index + 1} of the body`);
		const cut = lines(plain(draw({entries, pending: ['', ...many]}).lastFrame()));
		expect(cut.slice(-5).map(row => row.trimEnd())).toEqual(['→ … 6 earlier lines of the message', '→ line 6 of the body', '→ line 7 of the body', '→ line 8 of the body', '→ line 9 of the body']);
		expect(createLogView({entries, total: 30, ...size, pending: many}).height).toBe(size.height - 5);
	});

	it("explains each extension of an EHLO reply when expanded or presenting, and stays one row a line when not", () => {
		const line: LogEntry = {id: 1, time: 0, kind: 'received', text: '250-PIPELINING', note: 'PIPELINING: commands may be sent in groups'};
		expect(plain(draw({entries: [line]}).lastFrame())).not.toContain('commands may be sent');
		expect(plain(draw({entries: [line], expanded: true}).lastFrame())).toMatch(/← 250-PIPELINING\n\s+PIPELINING: commands may be sent in groups/);
		expect(plain(draw({entries: [line], presenter: true}).lastFrame())).toContain('PIPELINING: commands may be sent in groups');
	});

	it('leads the explanation of a multi-line reply with its code, so it is not read as its last line, and leaves a one-line reply as it is', () => {
		const ehlo: LogEntry = {
			id: 2,
			time: 0,
			kind: 'received',
			text: '250 SIZE 10485760',
			reply: {code: 250, lines: ['smtp-tui.localhost Nice to meet you', 'PIPELINING', 'SIZE 10485760'], raw: ['250-smtp-tui.localhost Nice to meet you', '250-PIPELINING', '250 SIZE 10485760']},
			explanation: 'hello accepted; the lines after the first list what the server offers',
			note: 'SIZE: the largest message the server takes (10 MB)',
		};
		for (const layout of [{}, {expanded: true}, {presenter: true}]) {
			const frame = plain(draw({entries: [ehlo], width: 100, ...layout}).lastFrame());
			expect(frame).toContain('250: hello accepted; the lines after the first list what the server offers');
		}
		// Under the extension's own meaning, when expanded: the code says the explanation is the whole reply's.
		expect(plain(draw({entries: [ehlo], width: 100, expanded: true}).lastFrame())).toMatch(/← 250 SIZE 10485760\n\s+SIZE: the largest .*\n\s+250: hello accepted/);
		const single = plain(draw({entries: [received(1, '250 2.1.5 Ok', 'recipient accepted')], width: 100}).lastFrame());
		expect(single).toMatch(/\n\s+recipient accepted/);
		expect(single).not.toContain('250: recipient accepted');
	});

	it('shows clock times, but never in presenter mode, where explanations wrap in full', () => {
		const explanation = 'The server accepted the recipient and will try to deliver to it; a long explanation.';
		const entries = [received(1, '250 2.1.5 Ok', explanation)];
		const normal = plain(draw({entries, timestamps: true, width: 40}).lastFrame());
		expect(normal).toMatch(/\d\d:\d\d:\d\d ← 250/);
		expect(normal).not.toContain('long explanation.');
		const presenter = plain(draw({entries, timestamps: true, presenter: true, width: 40}).lastFrame());
		expect(presenter).not.toMatch(/\d\d:\d\d:\d\d/);
		expect(presenter.replace(/\s+/g, ' ')).toContain('a long explanation.');
	});

	it('never draws an explanation or an info line both grey and dim (faint on a projector); in presenter mode not faded at all', () => {
		const level = chalk.level;
		chalk.level = 1;
		try {
			const entries: LogEntry[] = [received(1, '550 5.1.1 no such user', 'mailbox unavailable'), {id: 2, time: 0, kind: 'info', text: 'TLS started: TLSv1.3'}];
			const styleOf = (theme: Theme, presenter: boolean, text: string) => {
				const frame = render(
					<ThemeContext.Provider value={theme}>
						<ProtocolLog total={2} scroll={FOLLOW} timestamps={false} {...size} entries={entries} presenter={presenter} />
					</ThemeContext.Provider>,
				).lastFrame() ?? '';
				const row = frame.split('\n').find(line => line.includes(text)) ?? '';
				// The escape codes that style the text itself: the marker before it has its own, or shares them.
				return new RegExp(`((?:\u001B\\[[\\d;]+m)*)(?:• )? *${text}`).exec(row)?.[1] ?? 'missing';
			};
			const DIM = '\u001B[2m';
			// Colour 8, bright black: the background in Solarized Dark, 4:1 on white.
			const GREY = '\u001B[90m';
			for (const text of ['mailbox unavailable', 'TLS started']) {
				// 16 colours: the text colour (no grey but colour 8); 256: a grey of the fixed table that reads on the background.
				for (const [colours, background, grey] of [
					[1, 'dark', undefined],
					[1, 'light', undefined],
					[2, 'dark', '\u001B[38;5;247m'],
					[2, 'light', '\u001B[38;5;240m'],
				] as const) {
					chalk.level = colours;
					const normal = styleOf(createTheme({}, {colours, background}), false, text);
					chalk.level = 1;
					expect(normal).not.toBe('missing');
					expect(normal).not.toContain(GREY);
					expect(normal).not.toContain(DIM);
					if (grey) expect(normal).toContain(grey);
				}
				// Without colour, dim is what sets it apart from the wire lines.
				expect(styleOf(createTheme({NO_COLOR: '1'}), false, text)).toContain(DIM);
				for (const theme of [createTheme({}, {presenter: true}), createTheme({NO_COLOR: '1'}, {presenter: true})]) {
					const presenting = styleOf(theme, true, text);
					expect(presenting).not.toBe('missing');
					expect(presenting).not.toContain(DIM);
					expect(presenting).not.toContain(GREY);
				}
			}
		} finally {
			chalk.level = level;
		}
	});

	it('in every theme, with colour or without, a refused reply is bold and an accepted one is not: not red against green alone', () => {
		const level = chalk.level;
		chalk.level = 1;
		try {
			const entries = [received(1, '250 2.1.5 ok'), received(2, '550 5.1.1 no such user'), received(3, '451 4.3.0 try later')];
			const frame = (theme: Theme) =>
				render(
					<ThemeContext.Provider value={theme}>
						<ProtocolLog total={entries.length} scroll={FOLLOW} timestamps={false} {...size} entries={entries} />
					</ThemeContext.Provider>,
				).lastFrame() ?? '';
			const BOLD = '\u001B[1m';
			const themes = [createTheme({NO_COLOR: '1'}), createTheme({}), createTheme({}, {background: 'light'}), createTheme({}, {presenter: true}), createTheme({}, {background: 'light', colours: 2})];
			for (const theme of themes) {
				const rowWith = (text: string) => frame(theme).split('\n').find(line => line.includes(text)) ?? 'missing';
				expect(rowWith('250 2.1.5 ok')).not.toContain(BOLD);
				expect(rowWith('550 5.1.1 no such user')).toContain(BOLD);
				expect(rowWith('451 4.3.0 try later')).toContain(BOLD);
			}
		} finally {
			chalk.level = level;
		}
	});

	it('marks a warning with ! in the warning colour, not as a grey info line', () => {
		const level = chalk.level;
		chalk.level = 1;
		try {
			const entries: LogEntry[] = [
				{id: 1, time: 0, kind: 'info', text: 'connecting to mx.test:25'},
				{id: 2, time: 0, kind: 'info', text: 'warning: no TLS: what follows travels unencrypted'},
			];
			const frame =
				render(
					<ThemeContext.Provider value={createTheme({})}>
						<ProtocolLog total={2} scroll={FOLLOW} timestamps={false} {...size} entries={entries} />
					</ThemeContext.Provider>,
				).lastFrame() ?? '';
			expect(plain(frame)).toContain('• connecting to mx.test:25');
			expect(plain(frame)).toContain('! warning: no TLS');
			const row = frame.split('\n').find(line => line.includes('warning: no TLS'))!;
			expect(row).toContain('\u001B[33m');
			expect(row).not.toContain('\u001B[2m');
		} finally {
			chalk.level = level;
		}
	});

	it('never prints control characters a server sent', () => {
		const entries = [received(1, '250 evil\u001B[2Jtext')];
		const raw = draw({entries}).lastFrame() ?? '';
		expect(raw).not.toContain('\u001B[2J');
		expect(plain(raw)).toContain('250 evil^[[2Jtext');
	});
});

describe('ProtocolLog scrolling', () => {
	it('counts an entry whose explanation is cut off at the bottom as more below', () => {
		const entries = Array.from({length: 6}, (_, index) => received(index + 1, `250 reply ${index + 1}`, `explanation ${index + 1}`));
		const scroll = scrolled(entries, ['home']);
		const frame = plain(draw({entries, scroll}).lastFrame());
		expect(frame).toContain('250 reply 5');
		expect(frame).not.toContain('explanation 5');
		// Entry 6, and entry 5 whose explanation is hidden.
		expect(frame).toMatch(/↓ 2 more below/);
	});

	it('stops following on PageUp and counts the lines that arrive meanwhile', async () => {
		const entries = numberedEntries(1000);
		const scroll = scrolled(entries, ['pageUp']);
		expect(scroll.follow).toBe(false);
		const {lastFrame, rerender} = draw({entries, scroll});
		let frame = plain(lastFrame());
		expect(frame).not.toContain('line 001000');
		expect(frame).toContain('line 000991');
		expect(frame).toMatch(/↓ \d+ more below/);

		const more = [...entries, ...numberedEntries(3, 1001)];
		rerender(<ProtocolLog entries={more} total={more.length} scroll={scroll} timestamps={false} {...size} />);
		const before = Number(/↓ (\d+) more below/.exec(frame)![1]);
		frame = await waitForFrame(lastFrame, current => current.includes(', 3 new'));
		// The older unread lines still count: all that is below, and how much of it is new.
		expect(frame).toContain(`↓ ${before + 3} more below, 3 new`);
		// The window stays where the user put it.
		expect(frame).toContain('line 000991');
		expect(frame).not.toContain('line 001003');
		expect(lines(frame)).toHaveLength(size.height);
	});

	it('groups the count of lines below by thousands, as every count on screen is', () => {
		const entries = numberedEntries(5000);
		const frame = plain(draw({entries, scroll: scrolled(entries, ['home'])}).lastFrame());
		expect(frame).toMatch(/↓ 4,99\d more below/);
	});

	it('follows again after End or after paging back down to the end', () => {
		const entries = numberedEntries(100);
		expect(scrolled(entries, ['pageUp', 'pageUp', 'end'])).toEqual(FOLLOW);
		expect(scrolled(entries, ['pageUp', 'pageDown'])).toEqual(FOLLOW);
		expect(scrolled(entries, ['pageUp', 'pageUp', 'pageDown']).follow).toBe(false);
	});

	it('moves by rows, not entries, across explanations', () => {
		const entries: LogEntry[] = [];
		for (let id = 1; id <= 40; id++) entries.push(received(id, `250 reply ${id}`, `explains ${id}`));
		const state = scrolled(entries, ['home']);
		expect(state).toMatchObject({follow: false, topId: 1, topRow: 0});
		const view = createLogView({entries, total: 40, ...size, timestamps: false});
		expect(scrollLog(state, {type: 'lineDown'}, view)).toMatchObject({topId: 1, topRow: 1});
		expect(scrollLog(state, {type: 'pageDown'}, view)).toMatchObject({topId: 5, topRow: 0});
	});

	it('stays in follow mode when the whole log fits', () => {
		expect(scrolled(numberedEntries(5), ['pageUp'])).toEqual(FOLLOW);
		expect(scrolled(numberedEntries(5), ['home'])).toEqual(FOLLOW);
	});

	it('keeps working when the anchored entry was dropped from a capped log', () => {
		const entries = numberedEntries(200);
		const scroll = scrolled(entries, ['home']);
		const capped = numberedEntries(150, 51);
		const frame = plain(draw({entries: capped, total: 200, scroll}).lastFrame());
		expect(frame).toContain('line 000051');
	});
});

describe('ProtocolLog rows at 80×24: what a reply says comes first', () => {
	// The log's inner width at 80 columns (the right column less its border and padding).
	const narrow = {width: 42, expanded: false, presenter: false, timestamps: true};
	const refused = received(2, '550 5.1.1 <nobody@example.test>: Recipient address rejected: user unknown', 'mailbox unavailable or refused; 5.1.1 bad address: user unknown', 8);
	const accepted = received(4, '250 2.1.5 Accepted', 'recipient accepted; 2.1.5 success, address: destination address valid', 7);
	const queued = received(6, '250 2.6.0 Ok: queued as 1', 'accepted: the server took the message; 2.6.0 success', 24);
	const entries = [sent(1, 'RCPT TO:<nobody@example.test>'), refused, sent(3, 'RCPT TO:<friend@example.test>'), accepted, sent(5, '.'), queued];
	const layout = {...narrow, newestReplyId: 6};
	const explanationOf = (entry: LogEntry, shown = layout) => entryRows(entry, shown).filter(row => row.role === 'explanation');

	it('explanations start under the clock, the latency gives way before the reply is cut, and counts match the rows', () => {
		const [wire, ...explanation] = entryRows(queued, layout);
		// "queued as 1" whole; its time moved to the end of the explanation, where there was room.
		expect(wire!.text).toBe('250 2.6.0 Ok: queued as 1');
		expect(wire!.suffix).toBeUndefined();
		expect(explanation[0]!.time + explanation[0]!.marker + explanation[0]!.text).toMatch(/^ {4}accepted: the server took/);
		expect(explanation.at(-1)!.suffix).toBe(' (24 ms)');
		// An accepted reply too long for its row is cut by the log itself ("..." in ASCII), its time gone.
		const long = received(8, '250 2.1.0 Sender <someone.with.a.long.name@example.test> OK', 'sender accepted', 9);
		const [cut] = entryRows(long, layout);
		expect(cut!.text).toMatch(/…$/);
		expect(cut!.time.length + cut!.marker.length + cut!.text.length).toBe(42);
		expect(cut!.suffix).toBeUndefined();
		// A refusal goes on to a second row, marked as a wire line's, its time gone, the row cut after a whole word.
		const [first, second] = entryRows(refused, layout);
		expect(first!.text).toBe('550 5.1.1 <nobody@example.test>');
		expect(second).toMatchObject({role: 'received', code: 550, text: '»: Recipient address rejected…'});
		for (const row of [first!, second!]) {
			expect(row.time.length + row.marker.length + row.text.length).toBeLessThanOrEqual(42);
			expect(row.suffix).toBeUndefined();
		}
		// A short reply keeps its time beside it.
		expect(entryRows(accepted, layout)[0]!.suffix).toBe(' (7 ms)');
		for (const entry of entries) expect(entryRowCount(entry, layout), entry.text).toBe(entryRows(entry, layout).length);
	});

	it("a refusal's and the newest reply's explanation take two rows; an older acceptance's one", () => {
		const reason = explanationOf(refused);
		expect(reason).toHaveLength(2);
		expect(reason.map(row => row.text.trim()).join(' ')).toContain('user unknown');
		expect(entryRows(queued, layout).slice(1)).toHaveLength(2);
		expect(entryRows(accepted, layout).slice(1)).toHaveLength(1);
		// No longer the newest: one row, as the rest.
		expect(entryRows(queued, {...narrow, newestReplyId: 8}).slice(1)).toHaveLength(1);
		expect(entryRowCount(queued, {...narrow, newestReplyId: 8})).toBe(2);
	});

	it('the drawn log finds the newest reply itself, and the window counts its rows', () => {
		const frame = plain(draw({entries, width: 42, height: 9, timestamps: true}).lastFrame());
		expect(lines(frame)).toHaveLength(9);
		expect(frame).toContain('queued as 1');
		expect(frame).toContain('(24 ms)');
		expect(frame).toContain('user unknown');
	});
});

describe('ProtocolLog wrapping: rows break between words and a fingerprint’s pairs', () => {
	const fingerprint = '84:5E:E0:C0:09:16:7C:5B:31:7E:FA:A2:8C:11:D4:93:0B:6F:5A:22:90:3E:71:C8:AB:04:DE:F1:66:27:19:B5';

	it("the sandbox's certificate line breaks after a ':' and marks the rows that go on with the fingerprint", () => {
		const info = {id: 1, time: 0, kind: 'info', text: `certificate SHA-256: ${fingerprint}`} satisfies LogEntry;
		const rows = entryRows(info, {width: 46, expanded: true, presenter: false, timestamps: true});
		const texts = rows.map(row => row.text);
		const at = texts.findIndex(text => text.startsWith('84:'));
		expect(at).toBeGreaterThan(0);
		for (const text of texts.slice(at, -1)) expect(text, text).toMatch(/:$/);
		for (const text of texts.slice(at + 1)) expect(text, text).toMatch(/^»[0-9A-F]{2}:/);
		expect(texts.slice(at).map(text => text.replace(/^»/, '')).join('')).toBe(fingerprint);
	});

	it("a server's long reply breaks between words in the expanded log, each further row marked, every character kept", () => {
		const text = '220 smtp-tui sandbox ESMTP ready: this  server greets you with a long banner END';
		for (const presenter of [false, true]) {
			const rows = entryRows(received(1, text), {width: 30, expanded: !presenter, presenter, timestamps: false});
			const texts = rows.map(row => row.text);
			for (const row of texts.slice(0, -1)) expect(row, row).toMatch(/[ :]$/);
			for (const row of texts.slice(1)) expect(row, row).toMatch(/^»\S/);
			expect(texts.map((row, index) => (index === 0 ? row : row.slice(1))).join('')).toBe(text);
		}
	});
});

describe('the empty log', () => {
	it('wraps its words with no row starting with a space (manual mode at 80×24: a log 40 columns wide)', () => {
		for (const manual of [true, false]) {
			const rows = plain(draw({entries: [], manual, width: 40}).lastFrame()).split('\n').filter(row => row.trim() !== '');
			expect(rows.length).toBeGreaterThan(1);
			for (const row of rows) expect(row, row).not.toMatch(/^ /);
			expect(rows.join(' ')).toMatch(/^Nothing on the wire yet: /);
		}
	});
});

describe("smtp-tui's own words cut at three rows", () => {
	it('name the key that shows them whole from where the focus is: x in the log, Ctrl+Y on the command line, "x in the log" elsewhere', () => {
		const info: LogEntry = {id: 1, time: 0, kind: 'info', text: `certificate refused: ${'a long reason '.repeat(20)}use --ca FILE to trust it`};
		const cut = (props: Partial<ProtocolLogProps>) => plain(draw({entries: [info], ...props}).lastFrame());
		expect(cut({logFocused: true})).toContain('(x: show all)');
		const fromCommand = cut({commandFocused: true});
		expect(fromCommand).toContain('(Ctrl+Y: show all)');
		expect(fromCommand).not.toContain('(x: show all)');
		// In the composer x is typed into a field: the hint says where x works.
		expect(cut({})).toContain('(x in the log: show all)');
	});
});
