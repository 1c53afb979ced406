// Which ready messages may go as their bytes are: only the private copy of standard input (or of a pipe given as
// @FILE), which nothing else can write, and only when the check found it wire-ready. A file by name never: it can
// change after its check without a trace in its times (a program writing through a shared memory map).
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {Readable} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {rawMessage} from '../../source/message/compose.js';
import {wireReadyOf} from '../../source/message/wire-ready.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('raw-wire-ready');

const READY = 'Subject: ready\r\n\r\nline one\r\nline two\r\n';

const fromStdin = (text: string) => rawMessage({kind: 'stdin', stream: Readable.from([Buffer.from(text)])});

async function namedFile(text: string): Promise<string> {
	const file = path.join(await tempDir(), 'message.eml');
	writeFileSync(file, text);
	return file;
}

describe('rawMessage: a wire-ready source', () => {
	it('standard input, wire-ready: its reads are marked, with the counts the encoder would give', async () => {
		const message = await fromStdin(READY);
		expect(wireReadyOf(message.stream())).toEqual({lines: 4, octets: READY.length});
		// Each read afresh, each marked.
		expect(wireReadyOf(message.stream())).toEqual({lines: 4, octets: READY.length});
	});

	it('after a byte order mark, which is left out: the rest is what is checked and sent', async () => {
		const message = await fromStdin(`\ufeff${READY}`);
		expect(wireReadyOf(message.stream())).toEqual({lines: 4, octets: READY.length});
	});

	it.each([
		['a bare LF', 'Subject: lf\n\r\nbody\r\n'],
		['a bare CR', 'Subject: cr\r\n\r\nbo\rdy\r\n'],
		['a line starting with a dot', 'Subject: dot\r\n\r\n.body\r\n'],
		['a CR at its very end', 'Subject: cr\r\n\r\nbody\r'],
	])('standard input with %s: not marked (the encoder makes it right)', async (_what, text) => {
		expect(wireReadyOf((await fromStdin(text)).stream())).toBeUndefined();
	});

	it('a file by name, wire-ready or not: never marked', async () => {
		expect(wireReadyOf((await rawMessage({kind: 'file', path: await namedFile(READY)})).stream())).toBeUndefined();
	});

	it('a pipe given as @FILE (read into a private copy): marked', async () => {
		const fifo = path.join(await tempDir(), 'message.fifo');
		execFileSync('mkfifo', [fifo]);
		const writer = import('node:fs/promises').then(async fs => fs.writeFile(fifo, READY));
		const message = await rawMessage({kind: 'file', path: fifo});
		await writer;
		expect(wireReadyOf(message.stream())).toEqual({lines: 4, octets: READY.length});
	});
});
