// `smtp-tui inbox`'s screen against a real sandbox started as the command starts it (serve's flags), with real mail
// sent in by nodemailer: the list, the opened message and its views, serve's log lines, the top line, the keys.
import {copyFileSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {describeEvent} from '../../source/headless/serve-output.js';
import {topLine} from '../../source/ui/inbox-app.js';
import {FOLLOW, scrollLog} from '../../source/ui/components/log-scroll.js';
import {logPanelRows, logPanelView} from '../../source/ui/inbox-log.js';
import {KEYS} from './app-harness.js';
import {caught, running, startInbox} from './inbox-screen.js';

/** The frame's last row: the footer. */
const footerRow = (frame: string) => frame.split('\n').at(-1)!;

describe('smtp-tui inbox, the screen', () => {
	it('lists what an app sends, opens it in its views, and shows serve\'s lines and where it listens', async () => {
		const inbox = await startInbox({anyLogin: true});
		const empty = await inbox.frame(frame => frame.includes('0 messages'));
		expect(empty).toContain(`listening on 127.0.0.1:${inbox.port} (SMTP, STARTTLS); AUTH any login`);
		expect(empty).toContain('No messages yet');
		// serve's own start-up lines.
		expect(empty).toContain('messages are not saved: add --save-dir DIR to keep them');

		await inbox.send('Order 1001 confirmed');
		await inbox.send('Password reset', 'click here to reset');
		// The log's lines come in batches, a moment after the list's row.
		const listed = await inbox.frame(frame => frame.includes('2 messages') && frame.includes('accepted message 2'));
		expect(listed).toContain('Inbox (2)');
		expect(listed).toMatch(/\d\d:\d\d:\d\d Order 1001 confirmed · shop@example\.test → customer@example\.test/);
		// Every message here came from another program: no mark says so.
		expect(listed).not.toMatch(/\d ! /);
		// serve's log lines, as serve prints them.
		expect(listed).toMatch(/#2 AUTH PLAIN as app@example\.test/);
		expect(listed).toMatch(/#2 accepted message 2 \(\d+ bytes\) "Password reset"/);

		await inbox.press(KEYS.down, KEYS.enter);
		const opened = await inbox.frame(frame => frame.includes('Subject: Password reset'));
		expect(opened).toContain('[headers]');
		expect(opened).toContain('message 2');
		expect(opened).not.toContain('another program');
		await inbox.press(KEYS.right);
		await inbox.frame(frame => frame.includes('[text]') && frame.includes('click here to reset'));
		await inbox.press(KEYS.escape, KEYS.up, KEYS.enter);
		await inbox.frame(frame => frame.includes('Subject: Order 1001 confirmed'));
		await inbox.press(KEYS.escape);
		await inbox.frame(frame => frame.includes('Enter open'));
		expect(inbox.quits()).toBe(0);
	});

	it('draws new mail in one frame with the selection on it: never the new row beside the old selection', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Order 1');
		await inbox.frame(frame => frame.includes('▸ ') && frame.includes('Order 1 ·'));
		const from = inbox.frames().length;
		for (const index of [2, 3]) {
			await inbox.send(`Order ${index}`);
			await inbox.frame(frame => frame.includes(`▸ `) && new RegExp(`▸ [\\d:]+ Order ${index} ·`).test(frame));
		}
		// Each frame that lists a message has it selected, the newest: the rows and the moved selection came together.
		const drawn = inbox.frames().slice(from).filter(frame => frame.includes('Order 2 ·'));
		expect(drawn.length).toBeGreaterThan(0);
		for (const frame of drawn) {
			const newest = frame.includes('Order 3 ·') ? 3 : 2;
			expect(frame).toMatch(new RegExp(`▸ [\\d:]+ Order ${newest} ·`));
		}
	});

	it('scrolls an opened message as the dashboard does: End to its last line, Home back, PgDn by a page', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.send('Long', Array.from({length: 80}, (_, index) => `line ${index + 1}`).join('\n'));
		await inbox.frame(frame => frame.includes('1 message'));
		await inbox.press(KEYS.enter, KEYS.right);
		const top = await inbox.frame(frame => frame.includes('[text]') && frame.includes('line 1'));
		// What is hidden, as the help says it: the 81 rows less those shown.
		const shown = 81 - Number(/↓ (\d+) more \(Down, PgDn\)/.exec(top)![1]);
		expect(top).not.toContain('above');
		await inbox.press(KEYS.end);
		const end = await inbox.frame(frame => frame.includes('line 80'));
		expect(end).toContain(`↑ ${81 - shown} above (Up, PgUp)`);
		expect(end).not.toMatch(/line 1\b|more \(/);
		await inbox.press(KEYS.home, KEYS.pageDown);
		// A page is the rows shown less one: the last row of a page is the first of the next.
		await inbox.frame(frame => frame.includes(`↑ ${shown - 1} above (Up, PgUp) · ↓ ${81 - (2 * shown - 1)} more (Down, PgDn)`));
	});

	it('Right reaches the html view of a message with an HTML part, as the views line lists it', async () => {
		const inbox = await startInbox({anyLogin: true});
		await inbox.sendMail({from: 'shop@example.test', to: 'customer@example.test', subject: 'Welcome', text: 'Hello there', html: '<p>Hello <b>there</b></p>'});
		await inbox.frame(frame => frame.includes('1 message'));
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => /\[headers\] +text +html +raw/.test(frame));
		await inbox.press(KEYS.right, KEYS.right);
		const html = await inbox.frame(frame => frame.includes('[html]'));
		expect(html).toContain('<p>Hello <b>there</b></p>');
		await inbox.press(KEYS.right);
		await inbox.frame(frame => frame.includes('[raw]'));
		await inbox.press(KEYS.left);
		await inbox.frame(frame => frame.includes('[html]'));
	});

	it('follows new mail while on the newest; stays on an older one moved up to, and on an opened one', async () => {
		const inbox = await startInbox({anyLogin: true});
		for (let index = 1; index <= 4; index++) await inbox.send(`first ${index}`);
		await inbox.frame(frame => /▸ \S+ first 4 ·/.test(frame));
		for (let index = 1; index <= 16; index++) await inbox.send(`burst ${index}`);
		// The mail just sent is on the screen, selected, without End.
		const burst = await inbox.frame(frame => frame.includes('20 messages') && /▸ \S+ burst 16 ·/.test(frame));
		expect(burst).toMatch(/↑ \d+ above \(Up, PgUp\)/);
		// Moved up to read an older one: it stays there.
		await inbox.press(KEYS.up);
		await inbox.frame(frame => /▸ \S+ burst 15 ·/.test(frame));
		await inbox.send('late');
		const stayed = await inbox.frame(frame => frame.includes('21 messages') && frame.includes(' late ·'));
		expect(stayed).toMatch(/▸ \S+ burst 15 ·/);
		// Back on the newest and opened: new mail does not take it away.
		await inbox.press(KEYS.end, KEYS.enter);
		await inbox.frame(frame => frame.includes('Subject: late'));
		await inbox.send('later');
		await inbox.frame(frame => frame.includes('22 messages'));
		await inbox.press(KEYS.escape);
		await inbox.frame(frame => /▸ \S+ late ·/.test(frame));
	});

	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`keeps serve's warning about --listen 0.0.0.0 in sight above the newest log lines, at ${size.columns}x${size.rows}`, async () => {
			const inbox = await startInbox({listen: '0.0.0.0', anyLogin: true}, size);
			for (let index = 1; index <= 6; index++) await inbox.send(`mail ${index}`);
			// The newest: message 6's lines (at 80x24 the pinned lines leave the log 2 rows: its disconnect may be all).
			const frame = await inbox.frame(frame => / #6 /.test(frame.slice(frame.indexOf('Server log'))));
			const log = frame.slice(frame.indexOf('Server log'));
			expect(log).toMatch(/warning: listening on 0\.0\.0\.0, not a loopback address: anyone who can reach/);
			// Once, above the newest lines.
			expect(log.indexOf('warning: listening')).toBeLessThan(log.indexOf(' #6 '));
			expect(log.split('warning: listening')).toHaveLength(2);
		});
	}

	it('Tab focuses the server log, which scrolls back with the protocol log\'s keys, counts new lines, and End follows again', async () => {
		// 34 rows: with --listen 0.0.0.0 the pinned lines (warning, addresses with their TLS advice, certificate) take 10 rows at 80 columns, where fewer log rows let a disconnect line push "accepted message 4" out before a frame shows it.
		const inbox = await startInbox({listen: '0.0.0.0', anyLogin: true}, {columns: 80, rows: 34});
		for (let index = 1; index <= 4; index++) await inbox.send(`mail ${index}`);
		// The last line the fourth session writes: nothing comes after it to count as new.
		await inbox.frame(frame => frame.includes('#4 disconnect'));
		expect(await inbox.frame(frame => frame.includes('Enter open'))).toMatch(/Tab focus/);
		await inbox.press(KEYS.tab);
		const focused = await inbox.frame(frame => frame.includes('PgUp scroll'));
		// Following, End is not offered; Enter is the inbox's key, not the log's.
		expect(focused).not.toContain('End follow');
		expect(focused).not.toContain('Enter open');
		await inbox.press(KEYS.pageUp, KEYS.pageUp);
		const back = await inbox.frame(frame => /↓ \d+ more below {2}\(End: follow\)/.test(frame));
		const log = back.slice(back.indexOf('Server log'));
		// The warning stays pinned at the top; the newest lines are below the window now.
		expect(log).toMatch(/warning: listening on 0\.0\.0\.0/);
		expect(log).not.toContain('accepted message 4');
		expect(back).toContain('End follow');

		await inbox.send('mail 5');
		const counted = await inbox.frame(frame => /↓ \d+ more below, \d+ new {2}\(End: follow\)/.test(frame));
		expect(counted.slice(counted.indexOf('Server log'))).not.toContain('accepted message 5');
		await inbox.press(KEYS.end);
		const following = await inbox.frame(frame => !frame.includes('more below') && frame.includes('accepted message 5'));
		expect(following.slice(following.indexOf('Server log'))).toMatch(/warning: listening on 0\.0\.0\.0/);
		// Up/k scroll the log a line while it has the focus, not the list; Tab gives the list its keys back.
		await inbox.press('k');
		await inbox.frame(frame => frame.includes('more below'));
		await inbox.press(KEYS.tab, KEYS.up);
		await inbox.frame(frame => frame.includes('Enter open') && /▸ \S+ mail 4 ·/.test(frame));
	});

	it('pins warnings whole where they leave the log a row, else one row each, cut', () => {
		const log = caught(['warning: listening on 0.0.0.0, not a loopback address: anyone can use it', 'warning: the certificate could not be kept (EACCES): its fingerprint changes', ...Array.from({length: 20}, (_, index) => `line ${index}`)]);
		expect(logPanelRows(log, 40, 8)).toEqual({
			pinned: ['warning: listening on 0.0.0.0, not a ', '  loopback address: anyone can use it', 'warning: the certificate could not be ', '  kept (EACCES): its fingerprint changes'],
			rows: ['line 16', 'line 17', 'line 18', 'line 19'],
		});
		expect(logPanelRows(log, 40, 3)).toEqual({pinned: ['warning: listening on 0.0.0.0, not a lo…', 'warning: the certificate could not be k…'], rows: ['line 19']});
		expect(logPanelRows(caught(['a', 'b']), 40, 3)).toEqual({pinned: [], rows: ['a', 'b']});
	});

	it('keeps the warnings pinned when more lines came than the log keeps, and scrolls the others by their numbers', () => {
		const log = caught(['warning: listening on 0.0.0.0, not a loopback address', ...Array.from({length: 600}, (_, index) => `line ${index + 1}`)]);
		expect(log.lines).toHaveLength(500);
		expect(log.total).toBe(600);
		// Scrolled to the oldest kept (line 101, number 101): the warning still at the top, then what is below.
		const oldest = scrollLog(FOLLOW, {type: 'home'}, logPanelView(log, 60, 6));
		expect(logPanelRows(log, 60, 6, oldest)).toEqual({
			pinned: ['warning: listening on 0.0.0.0, not a loopback address'],
			rows: ['line 101', 'line 102', 'line 103', 'line 104'],
			indicator: '↓ 496 more below  (End: follow)',
		});
	});

	it('its log\'s hints name inbox, the command to start again with other flags, not serve', async () => {
		const inbox = await startInbox({maxSize: '2000', anyLogin: true});
		await expect(inbox.send('Too big', 'x'.repeat(5000))).rejects.toThrow();
		await inbox.frame(frame => frame.includes('Server log') && frame.includes('refused'));
		const refused = inbox.catcher.log.get().lines.find(line => line.includes('refused'))!;
		expect(refused).toContain("(inbox's --max-size of 2,000 bytes: start inbox with a larger --max-size to take it)");
		expect(inbox.catcher.log.get().lines.join('\n')).not.toContain('serve');
		const disconnect = describeEvent({type: 'disconnect', session: 1, time: 0, remote: '127.0.0.1:1', duringTls: true}, 'give the client c.pem as its CA file', 'inbox');
		expect(disconnect).toBe('disconnect during the TLS handshake (the client may not trust the certificate: give the client c.pem as its CA file, or start inbox with --no-starttls)');
	});

	it('keeps the newest --keep and says how many it took', async () => {
		const inbox = await startInbox({keep: '2', anyLogin: true});
		for (const subject of ['one', 'two', 'three']) await inbox.send(subject);
		const frame = await inbox.frame(frame => frame.includes('newest 2 of 3 messages'));
		expect(frame).toContain('Inbox (newest 2 of 3)');
		expect(frame).not.toMatch(/\d one ·/);
	});

	it('lists the messages already in --save-dir at start, and opens them from there', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-inbox-'));
		const first = await startInbox({saveDir: dir, anyLogin: true});
		await first.send('Saved yesterday', 'kept on disk');
		await first.frame(frame => frame.includes('1 message'));
		await running.splice(0).reverse().reduce((done, stop) => done.then(stop), Promise.resolve());

		const again = await startInbox({saveDir: dir, anyLogin: true});
		const frame = await again.frame(frame => frame.includes('Saved yesterday'));
		expect(frame).toContain('1 message');
		expect(frame).toContain(`saving messages to ${dir} (1 there), the next is 2`);
		await again.press(KEYS.enter, KEYS.right);
		await again.frame(frame => frame.includes('kept on disk'));
	});

	it('counts only the saved messages it can list: unreadable records skipped at start are not in the title', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-inbox-'));
		const first = await startInbox({saveDir: dir, anyLogin: true});
		await first.send('one');
		await first.send('two');
		await first.frame(frame => frame.includes('Inbox (2)'));
		await running.splice(0).reverse().reduce((done, stop) => done.then(stop), Promise.resolve());
		for (let id = 3; id <= 6; id++) {
			copyFileSync(path.join(dir, '2.eml'), path.join(dir, `${id}.eml`));
			writeFileSync(path.join(dir, `${id}.json`), 'not JSON');
		}

		const again = await startInbox({saveDir: dir, anyLogin: true});
		const frame = await again.frame(frame => frame.includes('4 saved messages not listed'));
		expect(frame).toContain('Inbox (2)');
		expect(frame).toContain(' 2 messages');
		expect(frame).not.toContain(' of 6');
		await again.send('three');
		// The list's count and the log's line are drawn in separate frames; wait for both.
		const later = await again.frame(frame => frame.includes('Inbox (3)') && frame.includes('accepted message 7'));
		expect(later).toContain(' 3 messages');
	});

	it('marks HTML mail in the list with the word html, and mail with a file attached with attach, also after a restart with --save-dir (kept in the .json)', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-inbox-'));
		const first = await startInbox({saveDir: dir, anyLogin: true}, {columns: 80, rows: 24});
		await first.sendMail({from: 'shop@example.test', to: 'customer@example.test', subject: 'Receipt', text: 'Paid.', html: '<p>Paid.</p>'});
		await first.send('Plain note');
		await first.sendMail({from: 'billing@example.test', to: 'customer@example.test', subject: 'Invoice', text: 'Attached.', html: '<p>Attached.</p>', attachments: [{filename: 'invoice.pdf', content: '%PDF-1.4'}]});
		const listed = await first.frame(frame => frame.includes('Inbox (3)'));
		const row = (frame: string, subject: string) => frame.split('\n').find(line => line.includes(subject))!;
		const marks = (frame: string) => {
			expect(row(frame, 'Receipt')).toMatch(/ html \d+ B ║$/);
			expect(row(frame, 'Plain note')).not.toMatch(/html|attach/);
			expect(row(frame, 'Invoice')).toMatch(/ html attach \d+ B ║$/);
		};
		marks(listed);
		expect(JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8'))).toMatchObject({html: true});
		expect(JSON.parse(readFileSync(path.join(dir, '1.json'), 'utf8'))).not.toHaveProperty('attachment');
		expect(JSON.parse(readFileSync(path.join(dir, '2.json'), 'utf8'))).not.toHaveProperty('html');
		expect(JSON.parse(readFileSync(path.join(dir, '3.json'), 'utf8'))).toMatchObject({html: true, attachment: true});
		await running.splice(0).reverse().reduce((done, stop) => done.then(stop), Promise.resolve());

		const again = await startInbox({saveDir: dir, anyLogin: true}, {columns: 80, rows: 24});
		marks(await again.frame(frame => frame.includes('Inbox (3)')));
	});

	it('at 80 columns a key that does nothing is said whole, the keys that give way making room for it', async () => {
		const inbox = await startInbox({anyLogin: true}, {columns: 80, rows: 24});
		await inbox.send('Room for the message');
		await inbox.frame(frame => frame.includes('Room for the message'));
		await inbox.press(KEYS.enter);
		await inbox.frame(frame => frame.includes('Right view'));
		await inbox.press('x');
		const typed = (await inbox.frame(frame => frame.includes('typing does nothing'))).split('\n').at(-1)!;
		// Whole, and without "q quits": in a message q goes back.
		expect(typed).toMatch(/^typing does nothing here; Ctrl\+G lists the keys  .*Ctrl\+G help$/);
		await inbox.press(KEYS.ctrl('s'));
		const footer = (await inbox.frame(frame => frame.includes('Ctrl+S does nothing'))).split('\n').at(-1)!;
		expect(footer).toContain('Ctrl+S does nothing here; Ctrl+G lists the keys');
		expect(footer).toContain('Ctrl+G help');
	});

	it('q and Ctrl+C quit; the help lists its keys; other keys say they do nothing here', async () => {
		const inbox = await startInbox({});
		await inbox.frame(frame => frame.includes('Ctrl+G help'));
		await inbox.press(KEYS.ctrl('s'));
		await inbox.frame(frame => frame.includes('Ctrl+S does nothing here; Ctrl+G lists the keys'));
		await inbox.press('?');
		const help = await inbox.frame(frame => frame.includes('[Keys]'));
		expect(help).toContain('q, Ctrl+C  Quit: stop the server');
		expect(help).toContain('Enter      Open the selected message');
		// The footer and the help's last line (End: scrolled to it, the keys being more than the rows) name the same keys for closing it.
		expect(help).toMatch(/ Esc\/q close\s*$/);
		await inbox.press(KEYS.end);
		await inbox.frame(frame => frame.includes('Esc or q closes this help.'));
		// In the help, q closes it (as in the dashboard's), and does not quit.
		await inbox.press('q');
		await inbox.frame(frame => !frame.includes('[Keys]') && frame.includes('[Inbox (0)]'));
		expect(inbox.quits()).toBe(0);
		await inbox.press('q');
		expect(inbox.quits()).toBe(1);
		await inbox.press(KEYS.ctrl('c'));
		expect(inbox.quits()).toBe(2);
	});

	it('at 60 and 80 columns the footer offers an opened message\'s keys, s save with them, and always quit and help', async () => {
		for (const columns of [60, 80]) {
			const inbox = await startInbox({anyLogin: true}, {columns, rows: 16});
			await inbox.send('Receipt');
			await inbox.frame(frame => frame.includes('Receipt'));
			expect(footerRow(await inbox.frame(frame => frame.includes('Enter open')))).toMatch(/ Enter open {2}\/ filter {2}Tab focus {2}q quit {2}Ctrl\+G help$/);
			await inbox.press(KEYS.enter);
			const opened = footerRow(await inbox.frame(frame => frame.includes('[headers]')));
			// Where not all fit, Tab's goes first: its message's own keys stay.
			expect(opened).toMatch(columns === 60 ? / Esc back {2}Right view {2}s save {2}Ctrl\+C quit {2}Ctrl\+G help$/ : / Esc back {2}Right view {2}s save {2}Tab focus {2}Ctrl\+C quit {2}Ctrl\+G help$/);
			await running.splice(0).reverse().reduce((done, stop) => done.then(stop), Promise.resolve());
		}
	});

	it('says the terminal is too small below 60x16, and still quits', async () => {
		const inbox = await startInbox({}, {columns: 59, rows: 30});
		await inbox.frame(frame => frame.includes('Terminal too small: 59×30 (needs 60×16)'));
		await inbox.press(KEYS.enter, 'q');
		expect(inbox.quits()).toBe(1);
	});

	it('top line: where it listens and its login first, then the count, then the name, then the words around them; cut only where none fits', () => {
		const where = 'listening on 127.0.0.1:34425 (SMTP, STARTTLS); AUTH demo/demo';
		const line = ({name, where: shown, count}: ReturnType<typeof topLine>) => `${name} ${shown}${count ? `  ${count}` : ''}`;
		// The count at the right end.
		expect(line(topLine(where, '3 messages', 100))).toMatch(new RegExp(`^ smtp-tui inbox  ${where.replace(/[()/.]/g, '\\$&')} {5,}3 messages$`));
		expect(line(topLine(where, '3 messages', 100))).toHaveLength(100);
		expect(line(topLine(where, '3 messages', 88))).toMatch(/^ inbox  listening .* {5,}3 messages$/);
		expect(line(topLine(where, '3 messages', 88))).toHaveLength(88);
		expect(line(topLine(where, '3 messages', 80))).toBe(` inbox  ${where}`);
		// Short, the words around the address and the login go before either is cut.
		expect(line(topLine(where, '3 messages', 60))).toBe(' inbox  127.0.0.1:34425 (SMTP, STARTTLS); AUTH demo/demo');
		const both = 'listening on 127.0.0.1:34425 (SMTP, STARTTLS) and 127.0.0.1:34426 (SMTPS, implicit TLS); AUTH any login';
		expect(line(topLine(both, '3 messages', 100))).toBe(' inbox  127.0.0.1:34425 (SMTP, STARTTLS) and 127.0.0.1:34426 (SMTPS, implicit TLS); AUTH any login');
		expect(line(topLine(both, '3 messages', 80))).toBe(' inbox  127.0.0.1:34425 (SMTP) and 127.0.0.1:34426 (SMTPS); AUTH any login');
		expect(line(topLine(both, '3 messages', 60))).toBe(' inbox  127.0.0.1:34425 and 127.0.0.1:34426; AUTH any login');
		expect(line(topLine(both, '3 messages', 50))).toBe(' inbox  127.0.0.1:34425 and 127.0.0.1:34426; AUTH…');
	});
});
