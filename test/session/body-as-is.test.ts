// A message source marked wire-ready (the check found that the DATA encoder would change none of its bytes, and it
// is read from a private copy) goes as it is: the encoder skipped, only the end added, the log's counts the check's.
import {describe, expect, it} from 'vitest';
import {markWireReady} from '../../source/message/wire-ready.js';
import type {OutgoingMessage} from '../../source/session/types.js';
import {greetUpToData, type RawPeer} from '../helpers/raw-server.js';
import {driverHarness} from './driver-harness.js';

const {raw, driverFor} = driverHarness();

async function* once(bytes: Buffer) {
	yield bytes;
}

function message(source: () => AsyncIterable<Uint8Array>): OutgoingMessage {
	return {from: 'me@example.test', recipients: ['friend@example.test'], eightBit: false, body: source};
}

/** Takes one message and answers it; resolves to the DATA stream as it came, dot and all. */
function takeOne(): {script: (peer: RawPeer) => Promise<void>; data: Promise<Buffer>} {
	let resolve!: (data: Buffer) => void;
	const data = new Promise<Buffer>(settle => (resolve = settle));
	return {
		data,
		async script(peer) {
			await greetUpToData(peer);
			resolve(await peer.readData());
			peer.write('250 queued\r\n');
			await peer.readLine();
			peer.end('221 bye\r\n');
		},
	};
}

describe('BodyStream: a wire-ready source', () => {
	it('goes as it is: the encoder is skipped (a bare LF the mark vouches for is not made CRLF), only the end added', async () => {
		// Not wire-ready in truth: only the mark (which nothing but the check gives) makes it go unchanged.
		const bytes = Buffer.from('Subject: as is\r\n\r\nbare\nLF\r\n');
		const {script, data} = takeOne();
		const server = await raw(script);
		const driver = driverFor(server.port);
		const result = await driver.run(message(() => markWireReady(once(bytes), {lines: 4, octets: bytes.length})));
		expect(result).toMatchObject({ok: true});
		expect((await data).toString('latin1')).toBe(`${bytes.toString('latin1')}.\r\n`);
		const entry = driver.getSnapshot().log.find(line => line.kind === 'data');
		expect(entry?.text).toBe(`message: 4 lines, ${bytes.length} bytes, then "." (${bytes.length + 3} bytes sent)`);
		expect(entry?.data).toMatchObject({lines: 4, bytes: bytes.length + 3, stored: bytes.length});
		await driver.quit();
	});

	it('a source that reuses its buffer (as the file reader does) still sends each chunk as it was read', async () => {
		// One buffer, filled afresh for each chunk: the socket holds chunks ahead, so each must be copied.
		const buffer = Buffer.alloc(300_000);
		const lines = (letter: string) => `${letter.repeat(98)}\r\n`.repeat(3000);
		const source = async function* () {
			for (const letter of ['a', 'b', 'c']) {
				buffer.write(lines(letter), 'latin1');
				yield buffer;
			}
		};
		const {script, data} = takeOne();
		const server = await raw(script);
		const driver = driverFor(server.port);
		expect(await driver.run(message(() => markWireReady(source(), {lines: 9000, octets: 900_000})))).toMatchObject({ok: true});
		expect((await data).toString('latin1')).toBe(`${lines('a')}${lines('b')}${lines('c')}.\r\n`);
		await driver.quit();
	});

	it('a last line without a line break gets CRLF before the dot', async () => {
		const {script, data} = takeOne();
		const server = await raw(script);
		const driver = driverFor(server.port);
		const bytes = Buffer.from('Subject: open\r\n\r\nno line break');
		expect(await driver.run(message(() => markWireReady(once(bytes), {lines: 3, octets: bytes.length + 2})))).toMatchObject({ok: true});
		expect((await data).toString('latin1')).toBe(`${bytes.toString('latin1')}\r\n.\r\n`);
		await driver.quit();
	});
});
