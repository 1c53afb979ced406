// The dashboard takes the TLS flags with --no-starttls, as talk does: in manual mode TLS starts at the STARTTLS the
// user types, and --insecure (like --ca, --tls-min) applies to it. The built dist/cli.js in a pseudo-terminal,
// against a real STARTTLS server on 127.0.0.1 whose certificate no CA given here vouches for.
import {afterAll, beforeAll, describe, test} from 'vitest';
import {KEY, ptySessions, untilKeysWork} from '../helpers/pty.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const open = ptySessions();
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer();
});
afterAll(async () => {
	await server.close();
});

describe('dashboard --no-starttls --insecure, manual mode', () => {
	test('starts (no "nothing to do"), and the STARTTLS typed skips verification, loudly, as talk does', async () => {
		const session = open({args: ['--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--insecure', '--mode', 'manual'], cols: 110, rows: 32});
		await untilKeysWork(session, 'MANUAL');
		session.press('EHLO client.example.test', KEY.enter);
		await session.waitForText('250 STARTTLS');
		session.press('STARTTLS', KEY.enter);
		// The log's line wraps before "--insecure"; the footer says the same.
		await session.waitForText(/certificate NOT verified \([^)]*\); continuing because of/);
		await session.waitForText(/✔ STARTTLS/);
		await session.waitForText('connected TLS (unverified)');
	});
});
