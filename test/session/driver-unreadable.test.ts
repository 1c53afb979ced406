// A file of the message deleted while RCPT waited (CI: `rm race.txt` during a slow recipient): the read fails in the
// middle of DATA. That is bad input, exit 1, said in the words every unreadable file gets; the connection was fine,
// and is dropped so that the server delivers none of it.
import {createReadStream} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {exitCodeFor} from '../../source/headless/exit-codes.js';
import {bdatServer, newBdatSeen} from '../helpers/bdat-server.js';
import {greetUpToData} from '../helpers/raw-server.js';
import {driverHarness} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

/** Runs a message whose second part is `file`, deleted once its first part went: the failure and its words. */
async function runRace(driver: ReturnType<typeof driverFor>, file: string) {
	const result = await driver.run({
		from: 'me@example.test',
		recipients: ['slow@example.test'],
		eightBit: false,
		body: async function* () {
			yield Buffer.from('Subject: race\r\n\r\n');
			await rm(file);
			yield* createReadStream(file);
		},
	});
	return {result, message: `cannot read ${file} while sending it: no such file; the connection was dropped, so the server delivers none of it`};
}

describe('a file of the message that cannot be read mid-way', () => {
	it('fails as input (exit 1), naming the file, and drops the connection: nothing is delivered', async () => {
		const folder = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-race-'));
		const file = path.join(folder, 'race.txt');
		await writeFile(file, 'attached\r\n');
		let delivered = false;
		const server = await raw(async peer => {
			await greetUpToData(peer);
			await peer.readData();
			delivered = true;
		});
		const driver = driverFor(server.port);
		try {
			const {result, message} = await runRace(driver, file);
			expect(result).toMatchObject({ok: false, stage: 'input', message});
			expect(exitCodeFor(result.stage)).toBe(1);
			await driver.until(() => false);
			const texts = driver.log.entries.map(entry => `${entry.kind} ${entry.text}`);
			expect(texts.filter(text => text.startsWith('error '))).toEqual([`error ${message}`]);
			expect(texts.at(-1)).toBe('info connection closed');
			expect(delivered).toBe(false);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});

	it('with BDAT: the same failure after the chunks that went, no BDAT LAST, and the connection dropped', async () => {
		const folder = await mkdtemp(path.join(os.tmpdir(), 'smtp-tui-race-'));
		const file = path.join(folder, 'race.txt');
		await writeFile(file, 'attached\r\n');
		const seen = newBdatSeen();
		const server = await raw(bdatServer({}, seen));
		const driver = driverFor(server.port, {bdat: {chunkSize: 8}});
		try {
			const {result, message} = await runRace(driver, file);
			expect(result).toMatchObject({ok: false, stage: 'input', message});
			await driver.until(() => false);
			expect(seen.chunks.map(chunk => chunk.line)).toEqual(['BDAT 8', 'BDAT 8']);
			expect(seen.commands.some(line => line.endsWith('LAST') || line === 'QUIT')).toBe(false);
		} finally {
			await rm(folder, {recursive: true, force: true});
		}
	});
});
