// What a teacher typing SMTP by hand against Postfix 3.7 found, replayed with real sockets on 127.0.0.1: a
// timeout after an earlier failure is still said, a 221 to a lone "." is the server hanging up on its own, a reply's
// advice speaks to the typist, and the connect line says that nothing starts TLS but a typed STARTTLS.
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {SessionSnapshot} from '../../source/session/types.js';
import {greetAndEhlo, startRawServer, type RawPeer} from '../helpers/raw-server.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A controller typing to a raw server that runs `script`. */
async function typing(script: (peer: RawPeer) => Promise<void>, options: {tls?: 'starttls' | 'none'; command?: number} = {}): Promise<SessionController> {
	const server = await startRawServer(script);
	cleanups.push(server.close);
	const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: options.tls ?? 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: options.command ?? 5000, quit: 200}});
	cleanups.push(() => controller.close());
	return controller;
}

const session = (controller: SessionController) => controller.getSnapshot().session;
const errors = (snapshot: SessionSnapshot) => snapshot.log.filter(entry => entry.kind === 'error').map(entry => entry.text);
const failedSteps = (snapshot: SessionSnapshot) => snapshot.steps.filter(step => step.status === 'failed').map(step => `${step.step}${step.code ?? ''}`);
const explanationOf = (snapshot: SessionSnapshot, code: number) => snapshot.log.find(entry => entry.reply?.code === code)?.explanation;

describe('manual mode against Postfix', () => {
	it('a timeout after a refused AUTH is still logged, and blames no step BDAT is not', async () => {
		const controller = await typing(
			async peer => {
				await greetAndEhlo(peer, ['PIPELINING', 'CHUNKING']);
				await peer.readLine();
				peer.write('503 5.5.1 Error: authentication not enabled\r\n');
				// BDAT: Postfix waits for the 5 octets of the chunk, and answers nothing.
				await peer.closed();
			},
			{command: 200},
		);
		for (const line of ['ehlo laptop.example.com', 'AUTH PLAIN AGRlbW8AZGVtbw==', 'BDAT 5 LAST']) await controller.sendLine(line);
		await vi.waitFor(() => expect(session(controller).connection).toBe('closed'));
		const snapshot = session(controller);
		expect(errors(snapshot).at(-1)).toBe('no answer within 0.2 s while waiting for the reply to "BDAT 5 LAST"');
		expect(snapshot.failure).toBe('no answer within 0.2 s while waiting for the reply to "BDAT 5 LAST"');
		expect(failedSteps(snapshot)).toEqual(['auth503']);
	});

	it('a lone "." answered 221: the server hung up on its own; no step is blamed, and the reply is not called a goodbye to QUIT', async () => {
		const controller = await typing(async peer => {
			await greetAndEhlo(peer, ['PIPELINING']);
			await peer.readLine();
			peer.end('221 2.7.0 Error: I can break rules, too. Goodbye.\r\n');
		});
		for (const line of ['ehlo laptop.example.com', '.']) await controller.sendLine(line);
		await vi.waitFor(() => expect(session(controller).connection).toBe('closed'));
		const snapshot = session(controller);
		expect(explanationOf(snapshot, 221)).toBe('goodbye, though no QUIT was sent: the server ends the session on its own, in answer to the line before, and closes the connection');
		expect(errors(snapshot)).toEqual(['the server ended the session on its own, in answer to "." (no QUIT was sent): 221 2.7.0 Error: I can break rules, too. Goodbye.']);
		expect(failedSteps(snapshot)).toEqual([]);
		expect(snapshot.steps.find(step => step.step === 'mail')?.status).toBe('pending');
	});

	it("Postfix's refusal of a short EHLO name tells the typist to type EHLO again", async () => {
		const controller = await typing(async peer => {
			peer.write('220 vm ESMTP Postfix\r\n');
			await peer.readLine();
			peer.write('504 5.5.2 <me>: Helo command rejected: need fully-qualified hostname\r\n');
			await peer.closed();
		});
		await controller.sendLine('EHLO me');
		await vi.waitFor(() => expect(explanationOf(session(controller), 504)).toBeDefined());
		expect(explanationOf(session(controller), 504)).toBe(
			'the EHLO name must be a full domain name (mail.example.com): type EHLO again with a full name, e.g. EHLO laptop.example.com; 5.5.2 permanent failure, mail delivery protocol: syntax error',
		);
	});

	it('the connect line says that only a typed STARTTLS starts TLS, whatever the security setting', async () => {
		const controller = await typing(
			async peer => {
				await greetAndEhlo(peer, ['STARTTLS']);
				await peer.closed();
			},
			{tls: 'starttls'},
		);
		await controller.sendLine('EHLO laptop.example.com');
		expect(session(controller).log[0]?.text).toMatch(/^connecting to 127\.0\.0\.1:\d+ \(no TLS unless you type STARTTLS: manual mode sends only what you type\)$/);
	});
});
