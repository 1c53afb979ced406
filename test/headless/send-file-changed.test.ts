// A --body or --data file written to while it is being sent (a log appended to): what was checked before connecting
// (SIZE=, 7bit, lines of at most 998 octets) is no longer what would go, so the message is stopped before its end.
// A real file, appended to by a slow server once part of the message has come; it then counts what followed.
import {appendFileSync, closeSync, openSync, statSync, utimesSync, writeFileSync, writeSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it, vi} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-file-changed');

/** About 20 MB: far more than the socket buffers hold while the server has stopped reading. */
const LINES = `${'z'.repeat(76)}\n`.repeat(270_000);

/** Whole seconds, which utimes sets exactly: a file's times put back after a write are then its old ones. */
const OLD_TIME = Math.floor(Date.now() / 1000) - 3600;

/** How the file is changed mid-message. */
const CHANGES = {
	append: (file: string) => appendFileSync(file, `${'A'.repeat(2000)}\n`),
	/** Written over in place, far past what went, at the same size. */
	rewrite(file: string) {
		const fd = openSync(file, 'r+');
		writeSync(fd, '.\r\nRCPT TO:<smuggled@evil.test>\r\n', 10_000_000);
		closeSync(fd);
	},
	/** The same, then its times set back, as an unpacker keeping times does: only the change time tells. */
	rewriteKeepingTimes(file: string) {
		CHANGES.rewrite(file);
		utimesSync(file, OLD_TIME, OLD_TIME);
	},
};

/** Reads the first 100 KB of the message, then (not reading meanwhile) changes `file`. */
async function changeMidMessage(peer: RawPeer, file: string, change: (file: string) => void): Promise<string> {
	await greetUpToData(peer);
	await peer.readBytes(100_000);
	peer.socket.pause();
	change(file);
	peer.socket.resume();
	const at = peer.received.length;
	// A message that went whole (the change unseen) is answered, so that the test fails at once rather than time out.
	await peer.readData().then(() => peer.end('250 queued\r\n'), () => undefined);
	await peer.closed();
	return Buffer.concat(peer.received.slice(at)).toString('latin1');
}

async function sendGrowing(flag: 'body' | 'data', content: string, change = CHANGES.append) {
	const file = path.join(await tempDir(), 'app.log');
	writeFileSync(file, content);
	utimesSync(file, OLD_TIME, OLD_TIME);
	// The file system's clock moves in ticks: a write within the tick of the last one would keep its change time.
	const written = statSync(file).ctimeMs;
	await vi.waitFor(() => {
		writeFileSync(`${file}.tick`, '');
		expect(statSync(`${file}.tick`).ctimeMs).toBeGreaterThan(written);
	});
	let rest: Promise<string> | undefined;
	const server = await startRawServer(async peer => {
		rest = changeMidMessage(peer, file, change);
		await rest;
	});
	try {
		const {code, out} = await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', [flag]: `@${file}`});
		return {code, out, rest: await rest!, file};
	} finally {
		await server.close();
	}
}

describe('send: a file of the message changed while it is sent', () => {
	it.each([
		['body', 'body file', LINES, '20,790,000'],
		['data', 'message file', `Subject: log\n\n${LINES}`, '20,790,014'],
	] as const)('--%s @FILE: stopped before its end (no final dot), exit 1, naming the file and how it changed', async (flag, label, content, size) => {
		const {code, out, rest, file} = await sendGrowing(flag, content);
		expect(code).toBe(1);
		expect(rest).not.toContain('\r\n.\r\n');
		expect(rest).not.toContain('A'.repeat(100));
		expect(out).toContain(`*** failed (input): ${label} ${file} changed while it was being sent (its size went from ${size} to`);
		expect(out).toContain('the message was stopped before its end, and the connection was dropped, so the server delivers none of it; send it once nothing writes to it any more, or send a copy of it');
		// Not the DATA encoder's refusal of a line the check before connecting never saw.
		expect(out).not.toContain('SMTP allows at most 998 per line');
	});
	const written = 'it was written to: same size, a new modification time';
	it.each([
		['rewrite', [written]],
		// The send's stat runs on libuv's thread pool, and may fall between the write and the times set back: it then
		// sees the new modification time, as rightly (pinned-file.test.ts reads the change time's case alone).
		['rewriteKeepingTimes', ['same size and modification time, but a new change time: written to with its time set back, or its permissions or owner changed', written]],
	] as const)('--data @FILE written over at the same size (%s): stopped before its end, nothing of the change goes', async (change, hows) => {
		const {code, out, rest, file} = await sendGrowing('data', `Subject: log\r\n\r\n${LINES.replaceAll('\n', '\r\n')}`, CHANGES[change]);
		expect(code).toBe(1);
		expect(rest).not.toContain('\r\n.\r\n');
		expect(rest).not.toContain('smuggled');
		const said = hows.filter(how => out.includes(`*** failed (input): message file ${file} changed while it was being sent (${how}): the message was stopped before its end`));
		expect(said, out).toHaveLength(1);
	});
});
