// The presenter's caption of a refusal typed by hand (manual mode), against servers on loopback that answer as
// Postfix and Exim do: the caption follows the step that was refused and what its reply asks for, which the engine
// reads from the reply itself (no run, so no failure message, is there to read).
import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {SessionController} from '../../source/session/controller.js';
import {StepRail} from '../../source/ui/components/step-rail.js';
import {greetAndEhlo, startRawServer, type RawPeer} from '../helpers/raw-server.js';
import {plain} from '../helpers/wait-for.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The caption after typing `lines` (EHLO, then the line refused) to a server that offers `extensions` and answers with `refusal`. */
async function captionAfter(extensions: string[], lines: string[], refusal: string): Promise<string> {
	const server = await startRawServer(async (peer: RawPeer) => {
		await greetAndEhlo(peer, extensions);
		await peer.readLine();
		peer.write(`${refusal}\r\n`);
		await peer.closed();
	});
	cleanups.push(() => server.close());
	const controller = new SessionController({host: '127.0.0.1', port: server.port, tls: 'none', ehloName: 'client.test', timeouts: {greeting: 5000, command: 5000, quit: 200}});
	cleanups.push(() => controller.close());
	for (const line of lines) await controller.sendLine(line);
	const {steps} = controller.getSnapshot().session;
	return plain(render(<StepRail steps={steps} width={100} presenter />).lastFrame()).split('\n')[1]!;
}

describe('the caption of a refusal typed by hand', () => {
	it("Postfix's 530 to MAIL before STARTTLS: TLS, not a login", async () => {
		expect(await captionAfter(['STARTTLS'], ['EHLO client.test', 'MAIL FROM:<a@example.test>'], '530 5.7.0 Must issue a STARTTLS command first')).toBe(
			'FAILED at STEP 6/11 MAIL: the server wants TLS before any sender (530)',
		);
	});

	it("Exim's 550 \"TLS required\" from a server that offers no STARTTLS: it says so", async () => {
		expect(await captionAfter(['8BITMIME'], ['EHLO client.test', 'MAIL FROM:<a@example.test>'], '550 TLS required for this service')).toBe(
			'FAILED at STEP 6/11 MAIL: the server wants TLS but offers no STARTTLS (550)',
		);
	});

	it('a 530 to AUTH is about the login, at AUTH, not about any sender', async () => {
		expect(await captionAfter(['STARTTLS', 'AUTH PLAIN'], ['EHLO client.test', 'AUTH PLAIN AGRlbW8AZGVtbw=='], '530 5.7.0 Must issue a STARTTLS command first')).toBe(
			'FAILED at STEP 5/11 AUTH: the server wants TLS before a login (530)',
		);
	});

	it('a 530 to MAIL that names no TLS: a login first', async () => {
		expect(await captionAfter(['AUTH PLAIN'], ['EHLO client.test', 'MAIL FROM:<a@example.test>'], '530 5.7.0 Authentication required')).toBe(
			'FAILED at STEP 6/11 MAIL: the server wants a login before any sender (530)',
		);
	});
});
