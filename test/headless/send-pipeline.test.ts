// `send --pipeline` (RFC 2920) against raw servers on 127.0.0.1, through the built CLI: MAIL, every RCPT and DATA
// reach the server before it answers any of them; refused recipients, no recipient at all, and a server without
// PIPELINING.
import {describe, expect, it} from 'vitest';
import {greetAndEhlo, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runCli} from '../helpers/run-cli.js';

const ENVELOPE = ['MAIL FROM:<me@example.test>', 'RCPT TO:<a@example.test>', 'RCPT TO:<b@example.test>', 'DATA'];

/** Reads the whole group (a client that waits for the MAIL reply never sends the rest: its --timeout ends it), then answers it in one write. */
async function answerGroup(peer: RawPeer, replies: string[]): Promise<string[]> {
	const lines: string[] = [];
	for (const _ of ENVELOPE) lines.push(await peer.readLine());
	peer.write(replies.map(reply => `${reply}\r\n`).join(''));
	return lines;
}

async function quit(peer: RawPeer): Promise<string> {
	const line = await peer.readLine();
	peer.write('221 bye\r\n');
	return line;
}

type Seen = {group?: string[]; message?: string};

/** Greets (PIPELINING offered), answers the group with `replies`, takes the message and answers it with `final`, then QUIT; `seen` gets what came. */
const delivery = (replies: string[], final: string, seen: Seen = {}) => async (peer: RawPeer) => {
	await greetAndEhlo(peer);
	seen.group = await answerGroup(peer, replies);
	seen.message = (await peer.readData()).toString('utf8');
	peer.write(`${final}\r\n`);
	await quit(peer);
};

async function send(script: (peer: RawPeer) => Promise<void>, extra: string[] = []) {
	const server = await startRawServer(script);
	try {
		const args = ['send', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--helo', 'client.test', '--from', 'me@example.test', '--to', 'a@example.test', '--to', 'b@example.test', '--timeout', '5'];
		const result = await runCli([...args, '--pipeline', ...extra]);
		expect(server.scriptErrors).toEqual([]);
		return result;
	} finally {
		await server.close();
	}
}

describe('send --pipeline', () => {
	it('MAIL, both RCPTs and DATA arrive before any reply; the transcript shows the group, then the replies with their explanations', async () => {
		const seen: Seen = {};
		const result = await send(delivery(['250 2.1.0 ok', '250 2.1.5 ok', '250 2.1.5 ok', '354 go ahead'], '250 2.0.0 queued as P1', seen));
		expect(result.code).toBe(0);
		expect(seen.group).toEqual(ENVELOPE);
		expect(seen.message).toContain('\r\n.\r\n');
		const lines = result.stdout.split('\n');
		const start = lines.indexOf(' -> MAIL FROM:<me@example.test>');
		expect(lines.slice(start, start + 4)).toEqual(ENVELOPE.map(line => ` -> ${line}`));
		expect(lines[start + 4]).toBe('=== the 4 lines above went in one write (pipelining, RFC 2920): their replies come in the same order');
		expect(lines[start + 5]).toBe('<-  250 2.1.0 ok');
		expect(lines[start + 6]).toMatch(/^ {4}# 250/);
		expect(lines.slice(start + 7)).toContain('<-  354 go ahead');
	});

	it('--json marks the lines of the group and the replies to them with its number', async () => {
		const result = await send(delivery(['250 ok', '250 ok', '250 ok', '354 go ahead'], '250 queued'), ['--json']);
		expect(result.code).toBe(0);
		const entries = result.stdout.trim().split('\n').map(line => JSON.parse(line) as {type?: string; kind?: string; text?: string; group?: number});
		const grouped = entries.filter(entry => entry.group !== undefined).map(entry => `${entry.kind} ${entry.text} #${entry.group}`);
		expect(grouped).toEqual([...ENVELOPE.map(line => `sent ${line} #1`), expect.stringMatching(/^info the 4 lines above went in one write .* #1$/), 'received 250 ok #1', 'received 250 ok #1', 'received 250 ok #1', 'received 354 go ahead #1']);
		// Not the final reply nor QUIT: they were no part of the group.
		expect(entries.find(entry => entry.text === '250 queued')?.group).toBeUndefined();
	});

	it('one recipient refused: DATA still gets 354, the message goes to the other (exit 24 without --allow-partial)', async () => {
		const seen: Seen = {};
		const result = await send(delivery(['250 ok', '550 5.1.1 no such user', '250 ok', '354 go ahead'], '250 queued', seen));
		expect(result.code).toBe(24);
		expect(seen.message).toContain('This is a test message');
		expect(result.stdout).toContain('sent to the accepted recipients only');
	});

	it('no recipient accepted: DATA is refused as it should be, no message goes, and QUIT follows (exit 24)', async () => {
		let next = '';
		const result = await send(async peer => {
			await greetAndEhlo(peer);
			await answerGroup(peer, ['250 ok', '550 5.1.1 no a', '550 5.1.1 no b', '554 5.5.1 no valid recipients']);
			next = await quit(peer);
		});
		expect(next).toBe('QUIT');
		expect(result.code).toBe(24);
		expect(result.stdout).toMatch(/\*\*\* no recipient was accepted: .*; DATA, pipelined with them, was refused as it should be: 554 5\.5\.1 no valid recipients; no message was sent\n/);
	});

	it('no recipient accepted, yet DATA got 354: only a lone "." goes, so no message is sent (exit 24)', async () => {
		const seen: Seen = {};
		const result = await send(delivery(['250 ok', '550 no a', '550 no b', '354 go ahead'], '554 no valid recipients', seen));
		expect(seen.message).toBe('.\r\n');
		expect(result.code).toBe(24);
		expect(result.stdout).toContain('=== no recipient was accepted, yet DATA got 354: only a lone "." goes, so that no message is sent (RFC 2920 §3.1)');
		expect(result.stdout).toContain('DATA, pipelined with them, got 354 go ahead all the same: only a lone "." went, so no message was sent');
	});

	it('a server without PIPELINING: a warning, then each command waits for the reply to the one before, as swaks does', async () => {
		const chunks: string[] = [];
		const result = await send(async peer => {
			await greetAndEhlo(peer, ['8BITMIME']);
			for (const reply of ['250 ok', '250 ok', '250 ok', '354 go ahead']) {
				const before = peer.received.length;
				await peer.readLine();
				chunks.push(...peer.received.slice(before).map(chunk => chunk.toString('utf8')));
				peer.write(`${reply}\r\n`);
			}
			await peer.readData();
			peer.write('250 queued\r\n');
			await quit(peer);
		});
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('=== warning: pipelining was asked for, but the server does not advertise PIPELINING (RFC 2920): MAIL, RCPT and DATA go one at a time, each after the reply to the one before');
		expect(result.stdout).not.toContain('went in one write');
		expect(chunks).toEqual(ENVELOPE.map(line => `${line}\r\n`));
	});
});
