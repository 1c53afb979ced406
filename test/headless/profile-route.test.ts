// A profile's address family and local address (profile save -4/-6 --local-address): kept, shown, and used by
// send and check --profile on the profile's host, through the built CLI against a real server on 127.0.0.1.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startWatchedServer, type WatchedServer} from '../helpers/smtp-server.js';

let server: WatchedServer;
beforeAll(async () => {
	server = await startWatchedServer();
});
afterAll(async () => {
	await server.close();
});

function configFolder() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-route-'));
	return {dir, cli: (args: string[]) => runCli(args, {env: {SMTP_PASSWORD: '', SMTP_TUI_CONFIG_DIR: dir}})};
}

const sendArgs = ['send', '--from', 'me@example.test', '--to', 'friend@example.test', '--body', 'hi', '--timeout', '5'];

describe('a profile with -4 and --local-address', () => {
	it('is saved and shown, and send and check --profile go that way; --no-ipv4 lifts the family', async () => {
		const {cli} = configFolder();
		const saved = await cli(['profile', 'save', 'relay', '--host', '127.0.0.1', '--port', String(server.port), '--no-starttls', '-4', '--local-address', '127.0.0.2']);
		expect(saved.stdout).toBe(`saved profile relay: 127.0.0.1:${server.port} no TLS, IPv4 only, from 127.0.0.2\n`);
		const shown = await cli(['profile', 'show', 'relay']);
		expect(shown.stdout).toContain('family    IPv4 only (-4)\nfrom      127.0.0.2\n');

		const before = server.peers.length;
		const sent = await cli([...sendArgs, '--profile', 'relay']);
		expect(sent.code).toBe(0);
		expect(sent.stdout).toContain(`=== connecting to 127.0.0.1:${server.port} over IPv4 from 127.0.0.2 (no TLS)\n`);
		const lifted = await cli([...sendArgs, '--profile', 'relay', '--no-ipv4']);
		expect(lifted.stdout).toContain(`=== connecting to 127.0.0.1:${server.port} from 127.0.0.2 (no TLS)\n`);
		const checked = await cli(['check', '--profile', 'relay', '--timeout', '5']);
		expect(checked.code).toBe(0);
		expect(checked.stdout).toContain(`Probing port ${server.port} on 127.0.0.1 over IPv4 from 127.0.0.2`);
		expect(server.peers.slice(before)).toEqual(['127.0.0.2', '127.0.0.2', '127.0.0.2']);
	});

	it('another --host is not reached that way: the profile\'s route is for its own host', async () => {
		const {cli} = configFolder();
		await cli(['profile', 'save', 'v6', '--host', '::1', '--port', String(server.port), '--no-starttls', '-6', '--local-address', '::1']);
		const before = server.peers.length;
		const sent = await cli([...sendArgs, '--profile', 'v6', '--host', '127.0.0.1']);
		expect(sent.code).toBe(0);
		expect(sent.stdout).toContain(`=== connecting to 127.0.0.1:${server.port} (no TLS)\n`);
		expect(server.peers.slice(before)).toEqual(['127.0.0.1']);
	});

	it('save refuses what could never connect; a hand-edited family or local address is named as the profile\'s', async () => {
		const {dir, cli} = configFolder();
		const refused = await cli(['profile', 'save', 'bad', '--host', '127.0.0.1', '-6']);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe("smtp-tui: -6 with --host 127.0.0.1, an IPv4 address\nhint: give the server's IPv6 address or its name, or drop -6\n");
		const entry = {host: '127.0.0.1', port: 25, security: 'none'};
		writeFileSync(
			path.join(dir, 'profiles.json'),
			JSON.stringify({version: 1, profiles: [{name: 'five', ...entry, family: 5}, {name: 'named', ...entry, localAddress: 'eth0'}, {name: 'mixed', ...entry, family: 6, localAddress: '127.0.0.2'}]}),
		);
		const list = await cli(['profile', 'list']);
		expect(list.stdout).toContain('five   unusable: its address family must be 4 or 6, not 5');
		expect(list.stdout).toContain('named  unusable: its local address must be an IP address, not "eth0"');
		expect(list.stdout).toContain("mixed  unusable: its local address 127.0.0.2 is IPv4, and the profile's family is IPv6");
	});
});
