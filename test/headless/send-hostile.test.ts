// `send` against servers that misbehave on purpose or by accident (in-process, real loopback servers): long reply
// lines, malformed replies to the message, endless unsolicited replies, and lines injected before a TLS handshake.
import {describe, expect, it} from 'vitest';
import {runSend} from '../../source/headless/send.js';
import {greetAndEhlo, greetUpToData, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {runInProcess} from '../helpers/run-in-process.js';

/** Runs `send` against a server that plays `script` on each connection; the flags are send's. */
async function sendTo(script: (peer: RawPeer) => Promise<void>, flags: Record<string, unknown> = {}) {
	const server = await startRawServer(script);
	try {
		return await runInProcess(runSend, {host: '127.0.0.1', port: String(server.port), starttls: false, from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', ...flags});
	} finally {
		await server.close();
	}
}

/** Takes the message and answers its final dot with `reply` (its lines as sent), then QUIT with 221. */
const answeringTheDot = (reply: string) => async (peer: RawPeer) => {
	await greetUpToData(peer);
	await peer.readData();
	peer.write(reply);
	await peer.readLine();
	peer.write('221 bye\r\n');
};

const summaryOf = (out: string) => out.trimEnd().split('\n').at(-1)!;

describe('send: what a hostile or odd server does', () => {
	it('takes a 250 to the message longer than 512 octets, warning of the RFC limit, not "no reply came"', async () => {
		const {code, out} = await sendTo(answeringTheDot(`250 2.0.0 Ok: queued as 4F2A1 ${'x'.repeat(568)}\r\n`));
		expect(code).toBe(0);
		expect(out).toContain("warning: the server sent a reply line of 600 octets including CRLF, over RFC 5321's limit of 512 (§4.5.3.1.5): taken anyway");
		expect(out).not.toContain('protocol error');
	});

	it.each([
		['mixed codes', '554-5.7.1 refused\r\n250 2.0.0 queued\r\n'],
		['a four-digit code', '2500 queued\r\n'],
	])('a malformed reply to the message (%s) is said to have come, and the message may have been accepted', async (_name, reply) => {
		const {code, out} = await sendTo(answeringTheDot(reply));
		expect(code).toBe(26);
		expect(summaryOf(out)).toMatch(/^\*\*\* failed \(final-dot\): protocol error: the server .*; the whole message was sent, and a reply to it came but was malformed: it may have been accepted; check before sending it again$/);
		expect(out).not.toContain('no reply to it came');
	});

	it('closes the connection on a server that answers and then sends replies without end', async () => {
		const {out} = await sendTo(async peer => {
			await greetAndEhlo(peer);
			// Well past the limit, in one write: the client must stop on its own.
			peer.write('250 stray\r\n'.repeat(5000));
			await peer.readLine().catch(() => undefined);
		});
		expect(out).toContain('protocol error: the server sent 20 replies in a row that nothing asked for: it floods the connection, which is closed');
		expect(out.split('\n').filter(line => line.includes('unsolicited reply 250 stray')).length).toBeLessThanOrEqual(20);
	});

	it('after a STARTTLS injection, does not suggest sending without TLS', async () => {
		const {code, out} = await sendTo(
			async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.readLine();
				peer.write('220 2.0.0 Ready to start TLS\r\n250 2.1.0 injected\r\n');
				await peer.readLine().catch(() => undefined);
			},
			{starttls: undefined},
		);
		expect(code).toBe(29);
		expect(summaryOf(out)).toMatch(/a STARTTLS injection attempt \(or a broken server\); the session is aborted$/);
		expect(out).not.toContain('--no-starttls');
	});
});
