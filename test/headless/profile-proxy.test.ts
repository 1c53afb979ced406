// A profile with --proxy (profile save --proxy --proxy-version N): kept, shown, and used by send and check --profile
// on the profile's host, through the built CLI against smtp-server behind a pretend load balancer (useProxy).
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startProxiedServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let server: TestSmtpServer & {seen: Array<{address: string; port: number}>};
beforeAll(async () => {
	server = await startProxiedServer();
});
afterAll(async () => {
	await server.close();
});

function configFolder() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-proxy-'));
	return {dir, cli: (args: string[]) => runCli(args, {env: {SMTP_PASSWORD: '', SMTP_TUI_CONFIG_DIR: dir}})};
}

const message = ['send', '--from', 'me@example.test', '--to', 'friend@example.test', '--body', 'hi'];
const sendArgs = [...message, '--timeout', '5'];

describe('a profile with --proxy', () => {
	it('is saved and shown, and send and check --profile send the header; addresses typed join it; --no-proxy drops it', async () => {
		const {dir, cli} = configFolder();
		const saved = await cli(['profile', 'save', 'balanced', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '--proxy']);
		expect(saved.stdout).toBe(`saved profile balanced: 127.0.0.1:${server.port} no TLS, PROXY v1 header first\n`);
		expect(JSON.parse(readFileSync(path.join(dir, 'profiles.json'), 'utf8')).profiles[0]).toMatchObject({proxy: 1});
		expect((await cli(['profile', 'show', 'balanced'])).stdout).toContain('PROXY     v1 header first (--proxy)\n');

		const before = server.seen.length;
		const sent = await cli([...sendArgs, '--profile', 'balanced', '--proxy-source', '203.0.113.5']);
		expect(sent.code).toBe(0);
		expect(sent.stdout).toMatch(/\n -> PROXY TCP4 203\.0\.113\.5 127\.0\.0\.1 \d+ \d+\n/);
		const checked = await cli(['check', '--profile', 'balanced', '--timeout', '5']);
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain(`Probing port ${server.port} on 127.0.0.1, each with a PROXY v1 header first`);
		expect(server.seen.slice(before).map(client => client.address)).toEqual(['203.0.113.5', '127.0.0.1']);

		// Without the header this server says nothing: the greeting times out.
		const dropped = await cli([...message, '--timeout', '0.5', '--profile', 'balanced', '--no-proxy']);
		expect(dropped.code).toBe(21);
		expect(dropped.stdout).not.toContain('-> PROXY');
	});

	it('keeps the version; the addresses it claims are refused, with the reason; a bad version in the file is named', async () => {
		const {dir, cli} = configFolder();
		const saved = await cli(['profile', 'save', 'v2', '--host', 'mx.example.test', '--proxy-version', '2']);
		expect(saved.stdout).toBe('saved profile v2: mx.example.test:587 STARTTLS, PROXY v2 header first\n');
		expect((await cli(['profile', 'show', 'v2'])).stdout).toContain('PROXY     v2 header first (--proxy --proxy-version 2)\n');
		const refused = await cli(['profile', 'save', 'x', '--host', 'mx.example.test', '--proxy', '--proxy-source', '203.0.113.5', '--proxy-dest-port', '25']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(
			'smtp-tui: --proxy-source, --proxy-dest-port are not saved in a profile: what a header claims is for one test\n' +
				'hint: save --proxy (and --proxy-version 2) alone, and give the rest on the command line: smtp-tui send --profile NAME --proxy-source 203.0.113.5 ...\n',
		);
		const file = path.join(dir, 'profiles.json');
		const content = JSON.parse(readFileSync(file, 'utf8')) as {profiles: Array<Record<string, unknown>>};
		content.profiles[0]!.proxy = 3;
		writeFileSync(file, JSON.stringify(content));
		expect((await cli(['profile', 'show', 'v2'])).stderr).toContain('PROXY protocol version must be 1 or 2, not 3');
	});
});
