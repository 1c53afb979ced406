// What a workshop's presenter must be able to read on `smtp-tui inbox` however long the class runs: serve's warning
// about listening beyond loopback and the certificate's fingerprint and file, whole; and no log line cut at its start.
import {describe, expect, it} from 'vitest';
import {CaughtLog} from '../../source/headless/catcher.js';
import type {AddressSource} from '../../source/headless/own-addresses.js';
import {FOLLOW, scrollLog, type LogScroll, type LogScrollAction} from '../../source/ui/components/log-scroll.js';
import {logPanelRows, logPanelView} from '../../source/ui/inbox-log.js';
import {caught, startInbox} from './inbox-screen.js';

const FINGERPRINT = Array.from({length: 32}, (_, index) => (index * 7 + 16).toString(16).toUpperCase().padStart(2, '0').slice(-2)).join(':');
const CERTIFICATE = `certificate SHA-256 ${FINGERPRINT} (/home/teacher/.local/share/smtp-tui/sandbox/certificate.pem)`;
const WARNING = 'warning: listening on 0.0.0.0, not a loopback address: anyone who can reach this machine can use this sandbox';

/** The panel's rows as one text, without the rows' indents: the fingerprint's halves joined. */
const readable = (rows: string[]) => rows.map(row => row.trim()).join(' ');

describe("inbox's pinned lines", () => {
	it('keeps the warnings and the certificate line past the 500 lines the log keeps, and no more than that', () => {
		const log = new CaughtLog();
		log.add(CERTIFICATE);
		log.add(WARNING, 'stderr');
		for (let index = 1; index <= 1_200; index++) log.add(`12:00:00 #${index} connect from 10.77.34.${index % 250}`);
		const {pinned, lines, total} = log.get();
		expect(pinned).toEqual([CERTIFICATE, WARNING]);
		expect(lines).toHaveLength(500);
		expect(total).toBe(1_200);
		expect(lines.at(-1)).toBe('12:00:00 #1200 connect from 10.77.34.200');
	});

	it('shows the fingerprint whole, its halves one under the other, and the file to hand out', () => {
		const {pinned} = logPanelRows(caught([CERTIFICATE, WARNING, 'a line']), 76, 8);
		expect(pinned).toEqual([
			`certificate SHA-256 ${FINGERPRINT.slice(0, 47)}`,
			`                    ${FINGERPRINT.slice(48)}`,
			'  (/home/teacher/.local/share/smtp-tui/sandbox/certificate.pem)',
			'warning: listening on 0.0.0.0, not a loopback address: anyone who can reach ',
			'  this machine can use this sandbox',
		]);
		// Wide enough, on one row.
		expect(logPanelRows(caught([CERTIFICATE]), 180, 4).pinned[0]).toBe(`certificate SHA-256 ${FINGERPRINT}`);
		// Short of rows, the certificate stays whole, and the warnings are cut to a row each.
		expect(logPanelRows(caught([CERTIFICATE, WARNING, 'a line']), 76, 5)).toEqual({pinned: [...logPanelRows(caught([CERTIFICATE]), 76, 5).pinned, `${WARNING.slice(0, 75)}…`], rows: ['a line']});
	});

	it('shows an older line that does not fit by its start, cut with …, never by its end alone', () => {
		const long = `12:00:00 #1 refused MAIL FROM:<x@example.test>: ${'y'.repeat(60)} the end`;
		const {rows} = logPanelRows(caught([long, '12:00:01 #2 connect', '12:00:02 #3 connect']), 40, 3);
		expect(rows).toEqual(['12:00:00 #1 refused MAIL…', '12:00:01 #2 connect', '12:00:02 #3 connect']);
		// The newest line alone, longer than the rows: its start is kept, cut at the end.
		expect(logPanelRows(caught([long]), 40, 2).rows[0]).toBe('12:00:00 #1 refused MAIL ');
	});

	it('cuts an older line at its last whole word with one … where its kept row is full to the edge (not "giv……")', () => {
		// At 100×30 (a panel 96 wide) the row kept of this line ended "…certificate: give " and was cut twice.
		const disconnect = '13:45:11 #1 disconnect during the TLS handshake (the client may not trust the certificate: give the client /home/you/.local/share/smtp-tui/sandbox/certificate.pem as its CA file)';
		for (let width = 30; width <= 100; width++) {
			const rows = logPanelRows(caught([disconnect, '13:45:12 #2 connect']), width, 2).rows;
			const cut = rows[0]!;
			expect(cut.match(/…/g), `${width}: ${cut}`).toHaveLength(1);
			expect(cut.length, `${width}: ${cut}`).toBeLessThanOrEqual(width);
			// What is kept ends with a whole word of the line.
			const kept = cut.slice(0, -1);
			expect(disconnect.startsWith(kept) && /^[:,]? /.test(disconnect.slice(kept.length)), `${width}: ${cut}`).toBe(true);
		}
		expect(logPanelRows(caught([disconnect, '13:45:12 #2 connect']), 96, 2).rows[0]).toBe('13:45:11 #1 disconnect during the TLS handshake (the client may not trust the certificate: give…');
	});

	it('scrolled back too, starts the panel at a line\'s start, a line or a page at a time, up and down', () => {
		const log = caught([CERTIFICATE, ...Array.from({length: 30}, (_, index) => `12:00:00 #${index + 1} ${index % 3 === 0 ? `refused MAIL FROM:<x@example.test>: ${'y'.repeat(50)} the end` : 'connect'}`)]);
		const press = (scroll: LogScroll, type: LogScrollAction['type']) => scrollLog(scroll, {type}, logPanelView(log, 40, 9));
		const tops: string[] = [];
		let scroll: LogScroll = FOLLOW;
		for (const type of ['lineUp', 'lineUp', 'pageUp', 'lineUp', 'pageUp', 'lineDown', 'pageDown', 'lineDown'] as const) {
			const shownBefore = logPanelRows(log, 40, 9, scroll).rows;
			const before = shownBefore[0];
			scroll = press(scroll, type);
			const {rows, pinned} = logPanelRows(log, 40, 9, scroll);
			expect(pinned[0]).toMatch(/^certificate SHA-256 /);
			// A row going on under its line is indented: never the first.
			expect(rows[0]).toMatch(/^12:00:00 #\d+ /);
			// (Following, the top row may be an older line's start, cut with …: the first Up shows that line whole.)
			if (!shownBefore.some(row => row.endsWith('…'))) expect(rows[0]).not.toBe(before);
			tops.push(rows[0]!);
		}
		expect(tops.at(-1)).not.toBe(tops[4]);
	});

	it('says where the students reach it again once a network comes up after start (Wi-Fi joined): the new line in the old one\'s place', async () => {
		const loopback = {lo: [{address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '', cidr: '127.0.0.1/8'} as const]};
		let interfaces: ReturnType<AddressSource['interfaces']> = loopback;
		const inbox = await startInbox({listen: '0.0.0.0', anyLogin: true}, {columns: 100, rows: 30}, undefined, {interfaces: () => interfaces, everyMs: 20});
		await inbox.frame(frame => frame.includes('reachable at no address but loopback'));
		interfaces = {...loopback, wlan0: [{address: '192.0.2.10', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '', cidr: '192.0.2.10/24'}]};
		const frame = await inbox.frame(frame => frame.includes(`reachable at 192.0.2.10:${inbox.port} from other machines`));
		expect(frame).not.toContain('no address but loopback');
		expect(inbox.catcher.log.get().pinned.filter(line => line.startsWith('reachable at '))).toHaveLength(1);
	});

	for (const size of [{columns: 80, rows: 24}, {columns: 100, rows: 30}]) {
		it(`keeps the certificate's fingerprint and file readable whole with --listen 0.0.0.0 after 600 log lines, at ${size.columns}x${size.rows}`, async () => {
			const inbox = await startInbox({listen: '0.0.0.0', anyLogin: true}, size);
			const {fingerprint256, path} = inbox.catcher.sandbox.certificate!;
			for (let index = 1; index <= 600; index++) inbox.catcher.log.add(`12:00:00 #${index} connect from 10.77.34.${index % 250}`);
			const frame = await inbox.frame(frame => frame.includes('#600 connect'));
			const log = frame.slice(frame.indexOf('Server log')).split('\n').map(row => row.replace(/^[│║]\s?|\s*[│║]$/g, ''));
			const text = readable(log);
			expect(text).toContain(`certificate SHA-256 ${fingerprint256.slice(0, 47)} ${fingerprint256.slice(48)}`);
			expect(text).toContain(`(${path})`);
			expect(text).toContain('warning: listening on 0.0.0.0, not a loopback address');
			expect(text).toContain('#599 connect');
			// Where to point the students, pinned too.
			expect(text).toContain('reachable at ');
		});
	}
});
