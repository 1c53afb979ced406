// SCRAM's server signature, as the driver shows and records it against a server that really runs SCRAM: the engine
// checks it, and neither the log nor the recording holds it, however its line comes (in pieces, or cut short by a stall).
import {Buffer} from 'node:buffer';
import {afterEach, describe, expect, it} from 'vitest';
import {SmtpDriver} from '../../source/session/driver.js';
import type {WireRecord} from '../../source/session/types.js';
import {startRawServer, type RawServer} from '../helpers/raw-server.js';
import {scramServer, type ScramLogin, type SignatureDelivery} from '../helpers/scram-server.js';
import {settled} from '../helpers/wait-for.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const PASSWORD = 'pw';

async function login(signature: SignatureDelivery, {heldSuccess, whileHeld}: {heldSuccess?: Promise<void>; whileHeld?: (driver: SmtpDriver) => Promise<void>} = {}) {
	const seen: ScramLogin[] = [];
	const server: RawServer = await startRawServer(scramServer({mechanism: 'SCRAM-SHA-256', user: 'alice', password: PASSWORD, signature, ...(heldSuccess && {heldSuccess})}, seen));
	const wire: WireRecord[] = [];
	const driver = new SmtpDriver({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', allowPlaintextAuth: true, auth: {user: 'alice', password: PASSWORD}, timeouts: {command: 500}, onWire: record => wire.push(record)});
	cleanups.push(() => server.close(), () => driver.destroy());
	const body = async function* () {
		yield Buffer.from('Subject: hi\r\n\r\nhello\r\n');
	};
	const run = driver.run({from: 'me@example.test', recipients: ['a@example.test'], eightBit: false, allowPartial: false, body});
	await whileHeld?.(driver);
	const result = await run;
	const received = Buffer.concat(wire.flatMap(record => (record.direction === 'in' ? [record.bytes] : []))).toString('latin1');
	const shown = [...driver.log.entries.map(entry => `${entry.text} ${entry.explanation ?? ''}`), result.message ?? '', ...wire.flatMap(record => (record.direction === 'timeout' ? [record.message] : []))].join('\n');
	return {result, received, shown, signature: seen[0]?.signature ?? '', log: driver.log.entries};
}

describe("SCRAM's signature, as the driver shows and records it", () => {
	it('sent in pieces: checked, and the login goes; the log and the recording have its line as 334 [redacted], no piece of it', async () => {
		const {result, received, shown, signature} = await login('in pieces');
		expect(result.ok, result.message).toBe(true);
		const line = `334 ${Buffer.from(`v=${signature}`).toString('base64')}`;
		for (const text of [received, shown]) {
			expect(text).toContain('334 [redacted]');
			// Its pieces as they came: the first after "334 ", the second, the third before the line end.
			for (const piece of [line.slice(4, 10), line.slice(10, 30), line.slice(30)]) expect(text).not.toContain(piece);
		}
	});

	it('cut short by a server that then says nothing: the timeout quotes what came, with the signature hidden', async () => {
		const {result, received, shown, signature} = await login('cut short');
		expect(result).toMatchObject({ok: false, stage: 'auth'});
		const piece = `334 ${Buffer.from(`v=${signature}`).toString('base64')}`.slice(4, 24);
		expect(shown).toMatch(/334 \[redacted\]/);
		expect(shown).not.toContain(piece);
		expect(received).not.toContain(piece);
	});

	it('repeated in the first line of a 235 whose last is held back: that line logged once, hidden, as it came and when the reply ends', async () => {
		let release!: () => void;
		const heldSuccess = new Promise<void>(resolve => (release = resolve));
		const successLines = (driver: SmtpDriver) => driver.log.entries.filter(entry => entry.kind === 'received' && entry.text.startsWith('235')).map(entry => entry.text);
		const {result, shown, signature, log} = await login('whole', {
			heldSuccess,
			async whileHeld(driver) {
				await settled(() => expect(successLines(driver)).toEqual(['235-[redacted]']));
				release();
			},
		});
		expect(result.ok, result.message).toBe(true);
		expect(log.filter(entry => entry.kind === 'received' && entry.text.startsWith('235')).map(entry => entry.text)).toEqual(['235-[redacted]', '235 2.7.0 Authentication successful']);
		expect(shown).not.toContain(Buffer.from(`v=${signature}`).toString('base64').slice(0, 20));
	});
});
