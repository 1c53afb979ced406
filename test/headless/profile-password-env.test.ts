// A profile's --password-env variable that is set but empty counts as unset, as SMTP_PASSWORD does: the password
// comes from SMTP_PASSWORD or the prompt, never "--password is empty". In-process (no dist/), against a real server.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {UsageError, type CommandRun} from '../../source/headless/command.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {runProfile} from '../../source/headless/profile.js';
import {applyProfile, withheldPassword} from '../../source/headless/profile-flags.js';
import {runSend} from '../../source/headless/send.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

let server: TestSmtpServer;
const folders: string[] = [];
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
	for (const dir of folders) rmSync(dir, {recursive: true, force: true});
});

/** A config folder holding profile "provenv" (user demo, password from $QA_PW) for the test server. */
async function setup() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-pwenv-'));
	folders.push(dir);
	const config = {SMTP_TUI_CONFIG_DIR: dir};
	// Not a terminal: no prompt, so a missing password is an error that says why.
	const run = async (command: CommandRun, flags: Record<string, unknown>, input: string[], env: NodeJS.ProcessEnv = {}) => runInProcess(command, flags, input, {env: {...env, ...config}});
	await run(runProfile, {host: '127.0.0.1', port: String(server.port), starttls: false, user: 'demo', passwordEnv: 'QA_PW'}, ['save', 'provenv']);
	return {config, run};
}

/** The UsageError a run was refused with. */
async function refusal(run: Promise<unknown>): Promise<UsageError> {
	const error = await run.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	if (!(error instanceof UsageError)) throw new Error(`not a UsageError: ${String(error)}`);
	return error;
}

const sendFlags = {profile: 'provenv', from: 'me@example.test', to: ['a@example.test'], helo: 'client.test', timeout: '5'};

describe('--profile whose --password-env variable is empty', () => {
	it('falls through to SMTP_PASSWORD, as when the variable is unset', async () => {
		const {run} = await setup();
		for (const env of [{QA_PW: '', SMTP_PASSWORD: 'demo'}, {SMTP_PASSWORD: 'demo'}]) {
			const before = server.messages.length;
			const {code, out} = await run(runSend, sendFlags, [], env);
			expect(code, out).toBe(0);
			expect(out).not.toContain('--password is empty');
			expect(server.messages.length).toBe(before + 1);
			expect(server.messages.at(-1)!.user).toBe('demo');
		}
	});

	it('says the variable is empty when there is no other password', async () => {
		const {run} = await setup();
		// No --user was typed: the profile is what asks for a password, and its variable is what to set.
		const empty = await refusal(run(runSend, sendFlags, [], {QA_PW: ''}));
		expect(empty.message).toBe('profile "provenv" takes its password from $QA_PW, which is empty');
		expect(empty.hint).toBe('set QA_PW (or SMTP_PASSWORD), or use --password (there is no prompt without a terminal)');
		expect((await refusal(run(runSend, sendFlags, [], {}))).message).toBe('profile "provenv" takes its password from $QA_PW, which is not set');
		// --user typed (the profile's own): said as before, with the variable to set.
		const typed = await refusal(run(runSend, {...sendFlags, user: 'demo'}, [], {}));
		expect(typed.message).toBe('--user demo given but no password: profile "provenv" takes its password from $QA_PW, which is not set');
		expect(typed.hint).toBe('set QA_PW (or SMTP_PASSWORD), or use --password (there is no prompt without a terminal)');
	});

	it('a profile with a user but no password at all: worded from the profile, not from a --user never typed', async () => {
		const {run} = await setup();
		await run(runProfile, {host: '127.0.0.1', port: String(server.port), starttls: false, user: 'demo'}, ['save', 'nopw']);
		const error = await refusal(run(runSend, {...sendFlags, profile: 'nopw'}, [], {}));
		expect(error.message).toBe('profile "nopw" logs in as demo, but keeps no password');
		expect(error.hint).toBe('use --password, or set SMTP_PASSWORD (there is no prompt without a terminal)');
	});

	it('fills no password and records why', async () => {
		const {config} = await setup();
		const filled = await applyProfile({profile: 'provenv'}, {...config, QA_PW: ''});
		expect(filled.password).toBeUndefined();
		expect(withheldPassword(filled)).toBe('profile "provenv" takes its password from $QA_PW, which is empty');
		expect((await applyProfile({profile: 'provenv'}, {...config, QA_PW: 'demo'})).password).toBe('demo');
	});

	it('profile show says the variable is empty and not used', async () => {
		const {run} = await setup();
		expect((await run(runProfile, {}, ['show', 'provenv'], {QA_PW: ''})).out).toMatch(/^password +from \$QA_PW \(empty now: not used\)$/m);
		expect((await run(runProfile, {}, ['show', 'provenv'])).out).toMatch(/^password +from \$QA_PW \(not set now\)$/m);
	});
});
