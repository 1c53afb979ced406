// The TLS flags (--insecure, --ca, --cert, --tls-min, --tls-max) where they would act on nothing: with no TLS
// (--no-starttls, a profile without it) send, check and profile save refuse each in the same words. Beside --insecure,
// --ca still judges the certificate ("--insecure was not needed"), so it is taken. In talk (and the dashboard) the user starts TLS by typing STARTTLS: there they are taken
// whatever --no-starttls says, and apply to that STARTTLS. The built CLI against real servers on 127.0.0.1.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {testCerts} from '../helpers/certs.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-tls-flag-rules-'));
let server: TestSmtpServer;
let caFile: string;
const env = {SMTP_TUI_CONFIG_DIR: path.join(dir, 'config'), SMTP_PASSWORD: ''};
beforeAll(async () => {
	server = await startSmtpServer();
	caFile = path.join(dir, 'ca.pem');
	writeFileSync(caFile, (await testCerts()).ca);
});
afterAll(async () => {
	await server.close();
});

const cli = (args: string[], input = '') => runCli(args, {env, input});
const send = (flags: string[]) => cli(['send', '--host', '127.0.0.1', '--port', String(server.port), '--to', 'a@example.test', '--body', 'hi', ...flags]);
const talk = (flags: string[], input: string) => cli(['talk', '--host', '127.0.0.1', '--port', String(server.port), ...flags], input);
const STARTTLS_TYPED = 'EHLO client.example.test\nSTARTTLS\nEHLO client.example.test\nQUIT\n';

/** The refusal for `flag` with no TLS, as every command says it. */
const nothingToDo = (flag: string, what: string) => `smtp-tui: ${flag} has nothing to do: with no TLS (--no-starttls, or a profile without it) ${what}\nhint: leave ${flag} out, or allow TLS (drop --no-starttls)\n`;

describe('TLS flags with no TLS: send, check and profile save refuse them alike', () => {
	it.each([
		[['--insecure'], '--insecure', 'no certificate is checked'],
		[['--ca', 'CA'], '--ca', 'no certificate is checked'],
		[['--tls-min', '1.2'], '--tls-min', 'no TLS version is used'],
		[['--tls-max', '1.3'], '--tls-max', 'no TLS version is used'],
	])('send --no-starttls %j: refused, exit 1, nothing sent', async (flags, flag, what) => {
		const result = await send(['--no-starttls', ...flags.map(arg => (arg === 'CA' ? caFile : arg))]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(nothingToDo(flag, what));
	});

	it('check --no-starttls --ca on plain ports only: refused the same way; with 465 among the ports it is used there', async () => {
		const plain = await cli(['check', `127.0.0.1:${server.port}`, '--no-starttls', '--ca', caFile]);
		expect(plain.code).toBe(1);
		expect(plain.stderr).toBe(nothingToDo('--ca', 'no certificate is checked'));
		// Refused before the warning about old TLS versions, which would warn of a TLS never used.
		const old = await cli(['check', `127.0.0.1:${server.port}`, '--no-starttls', '--tls-min', '1.0']);
		expect(old.code).toBe(1);
		expect(old.stderr).toBe(nothingToDo('--tls-min', 'no TLS version is used'));
		const withTls = await cli(['check', '127.0.0.1', '--ports', `${server.port},${server.port + 1}/tls`, '--no-starttls', '--ca', caFile, '--timeout', '5']);
		expect(withTls.stderr).not.toContain('nothing to do');
		expect(withTls.code).toBe(0);
	});

	it('profile save --no-starttls --ca: refused the same way (a profile is no place to keep a mistake)', async () => {
		const result = await cli(['profile', 'save', 'plainca', '--host', '127.0.0.1', '--no-starttls', '--ca', caFile]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(nothingToDo('--ca', 'no certificate is checked'));
	});

	it('--insecure with --ca: taken, the CA still judging the certificate, as talk does', async () => {
		for (const result of [await send(['--insecure', '--ca', caFile]), await talk(['--insecure', '--ca', caFile], STARTTLS_TYPED)]) {
			expect(result.stderr).toBe('');
			expect(result.code).toBe(0);
			expect(result.stdout).toMatch(/^=== certificate verified: --insecure was not needed$/m);
		}
	});

	it("a profile's CA file is dropped, not refused, under a typed --no-starttls", async () => {
		expect((await cli(['profile', 'save', 'withca', '--host', '127.0.0.1', '--port', String(server.port), '--ca', caFile])).code).toBe(0);
		const plain = await cli(['send', '--profile', 'withca', '--no-starttls', '--to', 'a@example.test', '--body', 'hi']);
		expect(plain.stderr).toBe('');
		expect(plain.code).toBe(0);
		expect(plain.stdout).toMatch(/\(no TLS\)$/m);
	});
});

describe('talk: the TLS flags apply to the STARTTLS you type, whatever --no-starttls says', () => {
	it('--no-starttls --insecure: taken; a typed STARTTLS skips verification, loudly', async () => {
		const result = await talk(['--no-starttls', '--insecure'], STARTTLS_TYPED);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout.split('\n')[0]).toMatch(/\(no TLS unless you type STARTTLS: manual mode sends only what you type\)$/);
		expect(result.stdout).toContain('continuing because of --insecure');
		expect(result.stdout).toContain(' ~> EHLO client.example.test');
	});

	it('--no-starttls --ca FILE: a typed STARTTLS verifies against it', async () => {
		const result = await talk(['--no-starttls', '--ca', caFile], STARTTLS_TYPED);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^=== certificate verified/m);
	});

	it('--no-starttls --tls-min 1.3 --tls-max 1.3: taken and said at the start; the typed STARTTLS uses TLS 1.3', async () => {
		const result = await talk(['--no-starttls', '--tls-min', '1.3', '--tls-max', '1.3', '--ca', caFile], STARTTLS_TYPED);
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('=== TLS versions allowed: TLS 1.3 only');
		expect(result.stdout).toMatch(/^=== TLS started: TLSv1\.3/m);
	});

	it('a profile saved with --no-starttls, and --insecure given: taken, as the profile only says that no TLS starts by itself', async () => {
		expect((await cli(['profile', 'save', 'plain', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls'])).code).toBe(0);
		const result = await cli(['talk', '--profile', 'plain', '--insecure'], STARTTLS_TYPED);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('continuing because of --insecure');
	});
});

describe('the dashboard takes them too (its panel and manual mode can start TLS later)', () => {
	it('--no-starttls --insecure --ca: no usage error (without a terminal it stops at the terminal check)', async () => {
		const result = await cli(['--host', '127.0.0.1', '--no-starttls', '--insecure', '--ca', caFile, '--tls-min', '1.3']);
		expect(result.code).toBe(1);
		expect(result.stderr).not.toContain('nothing to do');
		expect(result.stderr).toMatch(/terminal/);
	});
});
