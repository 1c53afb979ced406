// What a tester found typing to servers smtp-tui had not met (aiosmtpd 1.4.3's replies, scripted), with real sockets on
// 127.0.0.1: an address typed without <> is followed as the MAIL or RCPT it is, in manual mode and in a step-mode edit,
// and a demand for TLS from a server that offers no STARTTLS is not answered "type STARTTLS".
import {afterEach, describe, expect, it, vi} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import type {SessionSnapshot} from '../../source/session/types.js';
import {startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {shortMessage} from './driver-harness.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * aiosmtpd as it answers (with an authenticator, auth_require_tls and no TLS: no AUTH, no STARTTLS in EHLO, 538 to
 * AUTH); it takes MAIL FROM and RCPT TO without <>, and refuses a MAIL inside an open transaction.
 */
async function aiosmtpd(peer: RawPeer): Promise<void> {
	peer.write('220 localhost Python SMTP 1.4.3\r\n');
	let open = false;
	for (;;) {
		const line = await peer.readLine();
		const verb = /^\S+/.exec(line)?.[0].toUpperCase();
		if (verb === 'EHLO') peer.write('250-localhost\r\n250-SIZE 33554432\r\n250-8BITMIME\r\n250 HELP\r\n');
		else if (verb === 'AUTH') peer.write('538 5.7.11 Encryption required for requested authentication mechanism\r\n');
		else if (verb === 'MAIL') {
			peer.write(open ? '503 Error: nested MAIL command\r\n' : '250 OK\r\n');
			open = true;
		} else if (verb === 'RCPT') peer.write(`250 recipient <${/[^\s:<>]+@[^\s<>]+/.exec(line)?.[0]}> OK\r\n`);
		else if (verb === 'DATA') {
			peer.write('354 End data with <CR><LF>.<CR><LF>\r\n');
			await peer.readData();
			peer.write('250 OK\r\n');
			open = false;
		} else if (verb === 'QUIT') return peer.end('221 Bye\r\n');
		else peer.write('500 Error: command not recognized\r\n');
	}
}

async function controllerAt(): Promise<SessionController> {
	const server = await startRawServer(aiosmtpd);
	cleanups.push(server.close);
	const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 500}});
	cleanups.push(() => controller.close());
	return controller;
}

const session = (controller: SessionController) => controller.getSnapshot().session;
const explanationOf = (snapshot: SessionSnapshot, text: string) => snapshot.log.find(entry => entry.reply && entry.text === text)?.explanation;
const warnings = (snapshot: SessionSnapshot) => snapshot.log.filter(entry => entry.text.startsWith('warning: ')).map(entry => entry.text);
const stepOf = (snapshot: SessionSnapshot, step: string) => snapshot.steps.find(state => state.step === step);

describe('manual mode: MAIL FROM and RCPT TO typed without <>', () => {
	it("the server's 250s open the transaction and add the recipient; DATA gets no \"before MAIL\" warning; the MAIL retyped with <> fails no step", async () => {
		const controller = await controllerAt();
		for (const line of ['EHLO laptop.example.com', 'MAIL FROM:a@example.test', 'RCPT TO:you@example.test']) await controller.sendLine(line);
		const snapshot = session(controller);
		expect(explanationOf(snapshot, '250 OK')).toBe('sender accepted: a transaction is open');
		expect(explanationOf(snapshot, '250 recipient <you@example.test> OK')).toBe('recipient accepted');
		expect(stepOf(snapshot, 'rcpt')?.status).toBe('done');
		await controller.sendLine('MAIL FROM:<a@example.test>');
		expect(stepOf(session(controller), 'mail')?.status).toBe('done');
		await controller.sendLine('DATA');
		await vi.waitFor(() => expect(stepOf(session(controller), 'data')?.status).toBe('done'));
		expect(warnings(session(controller))).toEqual([
			'warning: try MAIL FROM:<a@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501',
			'warning: try RCPT TO:<you@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501',
			'warning: MAIL inside a mail transaction (RSET ends it): the server will likely answer 503',
		]);
	});

	it('AUTH answered 538 by a server that offers no STARTTLS: the reading does not say to type STARTTLS', async () => {
		const controller = await controllerAt();
		for (const line of ['EHLO laptop.example.com', 'AUTH PLAIN AGRlbW8AZGVtbw==']) await controller.sendLine(line);
		expect(explanationOf(session(controller), '538 5.7.11 Encryption required for requested authentication mechanism')).toBe(
			'the server wants TLS first but offers no STARTTLS (stripped on the way, or set up wrong): connect with TLS from the first byte (port 465), or ask its administrator',
		);
	});
});

describe('step mode: the RCPT edited to an address without <>', () => {
	it('is the recipient once the server answers 250: DATA is offered next, not the RCPT again', async () => {
		const controller = await controllerAt();
		const offered = () => session(controller).proposed?.display;
		const run = controller.send(shortMessage, {step: true});
		for (;;) {
			await vi.waitFor(() => expect(offered()).toBeDefined());
			if (offered()!.startsWith('RCPT')) break;
			const line = offered();
			controller.confirmStep();
			await vi.waitFor(() => expect(offered()).not.toBe(line));
		}
		controller.confirmStep('RCPT TO:friend@example.test');
		await vi.waitFor(() => expect(offered()).toBe('DATA'));
		expect(stepOf(session(controller), 'rcpt')?.status).toBe('done');
		controller.stopStep();
		await run;
	});
});
