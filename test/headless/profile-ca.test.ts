// `profile save --ca FILE` and its use through --profile, in-process (no dist/): a real implicit-TLS listener on
// 127.0.0.1 whose certificate only the test CA vouches for.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {beforeAll, describe, expect, test} from 'vitest';
import {runCheck} from '../../source/headless/check.js';
import type {CommandIO} from '../../source/headless/command.js';
import {runProfile} from '../../source/headless/profile.js';
import {applyProfile} from '../../source/headless/profile-flags.js';
import {testCerts, type TestCerts} from '../helpers/certs.js';
import {cleanupAfterEach} from '../transport/harness.js';
import {tlsGreeter} from '../transport/probe-servers.js';

let certs: TestCerts;
beforeAll(async () => {
	certs = await testCerts();
});
const cleanup = cleanupAfterEach();

function setup() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-ca-'));
	const caFile = path.join(dir, 'ca.pem');
	writeFileSync(caFile, certs.ca);
	const env = {SMTP_TUI_CONFIG_DIR: path.join(dir, 'config')};
	const run = async (command: typeof runProfile, flags: Record<string, unknown>, input: string[]) => {
		const stdout = new PassThrough();
		let out = '';
		stdout.on('data', chunk => (out += chunk));
		const io: CommandIO = {stdout, stderr: stdout, stdin: process.stdin, env};
		const code = await command(flags, input, io);
		return {code, out};
	};
	return {dir, caFile, env, run};
}

describe('profile --ca', () => {
	test('save stores the absolute path of a readable PEM file; show and list print it', async () => {
		const {dir, caFile, env, run} = setup();
		const relative = path.relative(process.cwd(), caFile);
		const saved = await run(runProfile, {host: 'h.example', port: '587', ca: relative}, ['save', 'corp']);
		expect(saved.out).toBe(`saved profile corp: h.example:587 STARTTLS, CA ${caFile}\n`);
		const stored = JSON.parse(readFileSync(path.join(env.SMTP_TUI_CONFIG_DIR, 'profiles.json'), 'utf8')) as {profiles: Array<{ca?: string}>};
		expect(stored.profiles[0]!.ca).toBe(caFile);
		expect((await run(runProfile, {}, ['show', 'corp'])).out).toContain(`CA file   ${caFile}\n`);
		// The empty user column keeps its place, so CA files line up under each other.
		expect((await run(runProfile, {}, ['list'])).out).toContain(`corp  h.example:587  starttls    CA ${caFile}\n`);

		await expect(run(runProfile, {host: 'h.example', ca: path.join(dir, 'missing.pem')}, ['save', 'bad'])).rejects.toThrow(/^--ca: cannot read .*missing\.pem/);
		writeFileSync(path.join(dir, 'not.pem'), 'hello');
		await expect(run(runProfile, {host: 'h.example', ca: path.join(dir, 'not.pem')}, ['save', 'bad'])).rejects.toThrow(/holds no PEM certificate/);
	});

	test('--insecure is refused with the reason, not saved', async () => {
		const {run} = setup();
		await expect(run(runProfile, {host: 'h.example', insecure: true}, ['save', 'corp'])).rejects.toThrow(/--insecure is not saved in profiles: a saved "skip certificate verification" would silently apply/);
	});

	test('check --profile trusts the saved CA; --ca on the command line replaces it; a vanished file is named', async () => {
		const {dir, caFile, env, run} = setup();
		const port = await tlsGreeter(cleanup, certs.server);
		await run(runProfile, {host: '127.0.0.1', port: String(port), tls: true, ca: caFile}, ['save', 'lab']);
		const verified = await run(runCheck, {profile: 'lab', helo: 'probe.test', timeout: '2'}, []);
		expect(verified.out).toMatch(/TLS ok .*verified \(CN=localhost\)/);
		expect(verified.code).toBe(0);

		const other = path.join(dir, 'other.pem');
		writeFileSync(other, certs.selfSigned.cert);
		const replaced = await run(runCheck, {profile: 'lab', helo: 'probe.test', timeout: '2', ca: other}, []);
		expect(replaced.code).toBe(2);
		// The test CA's certificate comes alone, and --ca names another CA: the wrong CA, or a chain without its intermediate.
		expect(replaced.out).toContain(`no CA smtp-tui trusts, the one given with --ca (${other}) included, issued it`);

		// send and the dashboard get the same flags through applyProfile.
		expect(await applyProfile({profile: 'lab'}, env)).toMatchObject({host: '127.0.0.1', ca: caFile});
		expect(await applyProfile({profile: 'lab', ca: other}, env)).toMatchObject({ca: other});
		rmSync(caFile);
		await expect(applyProfile({profile: 'lab'}, env)).rejects.toThrow(`profile "lab" trusts the CA file ${caFile}, which cannot be read`);
	});
});
