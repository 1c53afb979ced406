// A signed message is held whole for its DKIM check even where the budget keeps no body (serve keeps none), unless it
// goes to a save folder, whose file the check reads; an unsigned one is not, and a "DKIM-Signature:" line in a body
// does not make a message signed.
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {describe, expect, it} from 'vitest';
import {MessageStore} from '../../source/sandbox/message-store.js';
import type {MessageFile} from '../../source/sandbox/message-file.js';
import {receiveMessage, type DataStream} from '../../source/sandbox/receive-message.js';

/** The message as smtp-server's DATA stream gives it, in these chunks. */
async function received(chunks: string[], file?: MessageFile) {
	const stream = Object.assign(new PassThrough(), {sizeExceeded: false});
	const receiving = receiveMessage(stream as DataStream, {keepBytes: 0, file, scan: true});
	for (const chunk of chunks) stream.write(Buffer.from(chunk));
	stream.end();
	return (await receiving)!;
}

const SIGNED = 'DKIM-Signature: v=1; a=rsa-sha256; d=example.test; s=sel; h=from; bh=x; b=y\r\nFrom: a@example.test\r\n\r\nhello\r\n';

describe('receiveMessage and signed messages', () => {
	it('holds a signed message whole with no budget for bodies, the empty line split across chunks too', async () => {
		const split = SIGNED.indexOf('\r\n\r\n') + 2;
		for (const chunks of [[SIGNED], [SIGNED.slice(0, split), SIGNED.slice(split)], [...SIGNED]]) {
			const message = await received(chunks);
			expect(message).toMatchObject({signed: true, raw: undefined});
			expect(message.whole?.toString()).toBe(SIGNED);
		}
	});

	it('holds no signed message past the budget that goes to a save folder: its check reads the file', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-signed-'));
		const file = new MessageStore(dir).incoming();
		const message = await received([SIGNED], file);
		expect(message).toMatchObject({signed: true, raw: undefined, whole: undefined});
		await file.done();
		expect(readFileSync(file.path!, 'latin1')).toBe(SIGNED);
		await file.discard();
		rmSync(dir, {recursive: true, force: true});
	});

	it('holds no unsigned message, nor one whose body only mentions the header', async () => {
		for (const text of ['From: a@example.test\r\n\r\nhello\r\n', 'From: a@example.test\r\n\r\nDKIM-Signature: v=1\r\n']) {
			expect(await received([text])).toMatchObject({signed: false, whole: undefined, raw: undefined});
			expect(await received([...text])).toMatchObject({signed: false, whole: undefined, raw: undefined});
		}
	});
});
