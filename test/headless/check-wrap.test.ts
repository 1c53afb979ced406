// `check`'s verdict on a terminal is wrapped at spaces to its width, so that the terminal does not break a word
// in two ("port 410" / "99 is refused"); written to a file or a pipe it stays one line. Real loopback listeners.
import {Writable} from 'node:stream';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {formatReport, tableLayout} from '../../source/headless/check-output.js';
import {asciiStandIns, forTerminal} from '../../source/headless/terminal-ascii.js';
import {wrapWords} from '../../source/text/wrap-words.js';
import type {CheckReport} from '../../source/headless/check.js';
import {greetAndEhlo, type RawPeer} from '../helpers/raw-server.js';
import {cleanupAfterEach, closedPort} from '../transport/harness.js';
import {scriptedServer} from '../transport/probe-servers.js';
import {checkInProcess} from '../helpers/run-check.js';

const cleanup = cleanupAfterEach();

/** Runs `check` in-process, to a terminal of `columns` or (without) to a pipe. */
async function check(args: string[], flags: Record<string, unknown>, terminal?: {columns?: number}): Promise<string> {
	return (await checkInProcess(args, flags, {timeout: '0.3', ...(terminal && {terminal})})).out;
}

/** The verdict's lines: what follows the blank line after the table. */
const verdictLines = (out: string) => out.slice(out.indexOf('\n\n') + 2).trimEnd().split('\n');

describe('the verdict on a terminal', () => {
	test('at 80 columns it is wrapped at spaces: no line is wider, and no word is split', async () => {
		// Open without STARTTLS, refused, silent: a verdict of several sentences with five-digit port numbers.
		const open = await scriptedServer(cleanup, async (peer: RawPeer) => greetAndEhlo(peer, ['8BITMIME']));
		const refused = await closedPort();
		const silent = await scriptedServer(cleanup, async () => {});
		const flags = {ports: `${open.port},${refused},${silent.port}`};
		const piped = verdictLines(await check(['127.0.0.1'], flags));
		// To a pipe it stays one line, whole (grep finds a sentence in it).
		expect(piped).toHaveLength(1);
		const [verdict] = piped as [string];
		expect(verdict.length).toBeGreaterThan(3 * 80);
		expect(verdict).toContain('passwords included');

		const lines = verdictLines(await check(['127.0.0.1'], flags, {columns: 80}));
		expect(lines.length).toBeGreaterThan(3);
		for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
		// Joined at the breaks, it is the same text: every break was a space, so no word ("41099", "included") was split.
		expect(lines.join(' ')).toBe(verdict);
		for (const line of lines) expect(line).not.toMatch(/^ | $/);
	});

	test('a terminal that does not say its width gets 80 columns', () => {
		const report = {target: 'a.test', hosts: [], ports: [25], timeoutMs: 8000, results: [], rows: [], verdict: `${'word '.repeat(40)}end.`, exitCode: 2} satisfies CheckReport;
		const lines = formatReport(report, {}).trimEnd().split('\n');
		expect(lines.length).toBeGreaterThan(1);
		expect(Math.max(...lines.map(line => line.length))).toBeLessThanOrEqual(80);
		expect(formatReport(report, {whole: true})).toBe(`${report.verdict}\n`);
	});

	test('at a terminal that writes ASCII (LANG=C) it is wrapped as it is shown there: "§" as "section ", wider', () => {
		const terminal = Object.assign(new Writable({write: (_chunk, _encoding, done) => done()}), {isTTY: true, columns: 40});
		// 39 columns with "§": one line, which the terminal would break mid-word once the stream writes "section ".
		const verdict = `${'w'.repeat(30)} RFC §4.5 says so.`;
		const report = {target: 'a.test', hosts: [], ports: [25], timeoutMs: 8000, results: [], rows: [], verdict, exitCode: 2} satisfies CheckReport;
		const written = asciiStandIns(formatReport(report, tableLayout(forTerminal(terminal, {LANG: 'C'}))));
		expect(written).toContain('section 4.5');
		for (const line of written.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(40);
		// A UTF-8 terminal keeps the mark, on the one line it fits.
		expect(formatReport(report, tableLayout(forTerminal(terminal, {LANG: 'C.UTF-8'})))).toContain(`${'w'.repeat(30)} RFC §4.5\n`);
	});
});

describe('the table on a terminal', () => {
	test('lines up a banner in CJK or with an emoji by columns, and falls back to a line per probe when it is too wide', async () => {
		const wide = await scriptedServer(cleanup, async (peer: RawPeer) => {
			peer.write('220 邮件服务器已就绪 欢迎使用 😀\r\n');
			await peer.readLine();
			peer.write('250 ok\r\n');
		});
		const plain = await scriptedServer(cleanup, async (peer: RawPeer) => greetAndEhlo(peer, ['8BITMIME']));
		const flags = {ports: `${wide.port},${plain.port}`};
		for (const out of [await check(['127.0.0.1'], flags), await check(['127.0.0.1'], flags, {columns: 120})]) {
			const lines = out.split('\n');
			const [header, ...rows] = lines.slice(lines.findIndex(line => line.startsWith('HOST')), lines.findIndex(line => line.startsWith('HOST')) + 3);
			// The TLS column starts at the same terminal column on every row.
			const tlsColumn = (line: string) => stringWidth(line.slice(0, line.search(/ (TLS|no STARTTLS)$/) + 1));
			expect(rows.map(tlsColumn), out).toEqual([tlsColumn(header!), tlsColumn(header!)]);
		}
		// Too wide for 72 columns once the banner is measured in columns (by its length it fitted): a line per probe.
		const narrow = await check(['127.0.0.1'], flags, {columns: 72});
		expect(narrow).not.toContain('BANNER / DETAIL');
		for (const line of narrow.slice(0, narrow.indexOf('\n\n')).split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(72);
	});
});

describe('wrapWords', () => {
	test('breaks only at spaces, each line as full as it can be, a word wider than the line on its own', () => {
		fc.assert(
			fc.property(fc.array(fc.stringMatching(/^[a-z0-9.:()"-]{1,30}$/), {minLength: 1, maxLength: 60}), fc.integer({min: 10, max: 120}), (words, width) => {
				const text = words.join(' ');
				const lines = wrapWords(text, width).split('\n');
				expect(lines.join(' ')).toBe(text);
				lines.forEach((line, index) => {
					if (line.includes(' ')) expect(line.length).toBeLessThanOrEqual(width);
					else expect(line).not.toBe('');
					// Greedy: the next line's first word would not have fitted on this one.
					const next = lines[index + 1];
					if (next !== undefined) expect(line.length + 1 + next.split(' ')[0]!.length).toBeGreaterThan(width);
				});
			}),
		);
	});

	test('measures terminal columns, not characters: a CJK banner takes two per character', () => {
		expect(wrapWords('220 邮件服务器 ready', 12)).toBe('220\n邮件服务器\nready');
		expect(wrapWords('one\ntwo three', 5)).toBe('one\ntwo\nthree');
	});
});
