// A server that answers the message while its body is still going out (552 too big after a few hundred KB): the
// rest of the body, the final dot and QUIT must not follow it; the connection is closed. Real loopback servers that
// count what arrives after their reply.
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('send-early-reply');

const SMUGGLED = 'RCPT TO:<smuggled@evil.test>';
/** About 20 MB of body, the line a server back at its commands would run at its end. */
const BODY = `${`${'x'.repeat(76)}\n`.repeat(270_000)}${SMUGGLED}\nthe end\n`;
/** The server answers once this much of the body has come. */
const EARLY_AT = 200_000;

type Seen = {before: number; after: Buffer};

/**
 * Reads the body up to EARLY_AT bytes, answers 552, then reads on as a server back at its commands would (answering
 * none): what came after the reply, whole, once the client has closed.
 */
async function answerEarly(peer: RawPeer): Promise<Seen> {
	await greetUpToData(peer);
	const start = peer.received.length;
	await peer.readBytes(EARLY_AT);
	const at = peer.received.length;
	peer.write('552 5.3.4 message too big\r\n');
	await peer.closed();
	return {before: Buffer.concat(peer.received.slice(start, at)).length, after: Buffer.concat(peer.received.slice(at))};
}

/** Sends with `flags` (and `input` on standard input) to a server that answers early: the run and what it saw. */
async function sendAnsweredEarly(flags: Record<string, unknown>, input: Buffer[] = []) {
	let seen: Promise<Seen> | undefined;
	const server = await startRawServer(async peer => {
		seen = answerEarly(peer);
		await seen;
	});
	try {
		const run = await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags}, [], {input});
		return {...run, ...(await seen!)};
	} finally {
		await server.close();
	}
}

/** The body stopped at the early reply: nothing of the `size` left but what the socket buffers held, no dot, no QUIT. */
function expectStopped(run: {code: number; out: string} & Seen, size: number) {
	expect(run.code).toBe(26);
	expect(run.before).toBeGreaterThanOrEqual(EARLY_AT);
	// What was in the socket buffers when the reply came, at most: far less than the 20 MB left.
	expect(run.after.length).toBeLessThan(size / 4);
	const text = run.after.toString('latin1');
	expect(text).not.toContain('\r\n.\r\n');
	expect(text).not.toContain(SMUGGLED);
	expect(text).not.toMatch(/^QUIT\r$/m);
	expect(run.out).toMatch(/=== the server answered before the message was complete: [\d,]+ of about [\d,]+ bytes had been handed to the network; the rest and the final "\." were not sent, and the connection was closed without QUIT/);
	return run;
}

describe('send: the message answered while its body is still going out', () => {
	it('stops the body at once: no rest, no final dot, no QUIT; the connection is closed, exit 26', async () => {
		const file = path.join(await tempDir(), 'big.txt');
		writeFileSync(file, BODY);
		const {out} = expectStopped(await sendAnsweredEarly({body: `@${file}`}), BODY.length);
		expect(out).toContain('*** failed (final-dot): the server refused the message before it was complete: 552 5.3.4 message too big; the rest was not sent, and the connection was closed');
		expect(out).not.toContain(' -> QUIT');
		expect(out).not.toContain('unsolicited');
	});

	it('a wire-ready message on standard input (sent as its bytes are, the encoder skipped): stopped the same way', async () => {
		const message = `Subject: big\r\n\r\n${BODY.replaceAll('\n', '\r\n')}`;
		expectStopped(await sendAnsweredEarly({data: '-'}, [Buffer.from(message)]), message.length);
	});
});
