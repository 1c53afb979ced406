// A --body or --data file written to while it is being sent (a log appended to): what was checked before connecting
// (SIZE=, 7bit, lines of at most 998 octets) is no longer what would go, so the message is stopped before its end.
// A real file, appended to by a slow server once part of the message has come; it then counts what followed.
import {appendFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-file-changed');

/** About 20 MB: far more than the socket buffers hold while the server has stopped reading. */
const LINES = `${'z'.repeat(76)}\n`.repeat(270_000);

/** Reads the first 100 KB of the message, then (not reading meanwhile) appends a line over 998 octets to `file`. */
async function appendMidMessage(peer: RawPeer, file: string): Promise<string> {
	await greetUpToData(peer);
	await peer.readBytes(100_000);
	peer.socket.pause();
	appendFileSync(file, `${'A'.repeat(2000)}\n`);
	peer.socket.resume();
	const at = peer.received.length;
	await peer.closed();
	return Buffer.concat(peer.received.slice(at)).toString('latin1');
}

async function sendGrowing(flag: 'body' | 'data', content: string) {
	const file = path.join(await tempDir(), 'app.log');
	writeFileSync(file, content);
	let rest: Promise<string> | undefined;
	const server = await startRawServer(async peer => {
		rest = appendMidMessage(peer, file);
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
});
