// `smtp-tui profile` and `--profile` with a hand-edited profiles.json where one entry is bad: only that entry is
// refused (exit 1, naming it, why and how to fix it); every other command and profile works as before. In-process,
// plus one run of the built CLI for what the user reads.
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {runCheck} from '../../source/headless/check.js';
import {runProfile} from '../../source/headless/profile.js';
import {applyProfile} from '../../source/headless/profile-flags.js';
import {runSend} from '../../source/headless/send.js';
import {runInProcess} from '../helpers/run-in-process.js';
import {runCli} from '../helpers/run-cli.js';
import {rejection} from '../helpers/usage-refusal.js';

const folders: string[] = [];
afterAll(() => {
	for (const dir of folders) rmSync(dir, {recursive: true, force: true});
});

// Port 9 of loopback: nothing listens, so a send that gets past the profile fails at connecting (exit 2).
const home = {name: 'home', host: '127.0.0.1', port: 9, security: 'none'};
const badWork = {name: 'work', host: 'bad host', port: 587, security: 'starttls', user: 'me'};

/** A config folder whose profiles.json holds `entries`. */
function configWith(entries: unknown[]): {file: string; env: NodeJS.ProcessEnv} {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-unusable-'));
	folders.push(dir);
	const file = path.join(dir, 'profiles.json');
	writeFileSync(file, JSON.stringify({version: 1, profiles: entries}));
	return {file, env: {SMTP_TUI_CONFIG_DIR: dir}};
}


const profile = (env: NodeJS.ProcessEnv, args: string[], flags: Record<string, unknown> = {}) => runInProcess(runProfile, flags, args, {env});
const send = (env: NodeJS.ProcessEnv, name: string) => runInProcess(runSend, {profile: name, from: 'me@example.test', to: ['a@example.test']}, [], {env});
const stored = (file: string) => (JSON.parse(readFileSync(file, 'utf8')) as {profiles: unknown[]}).profiles;
const fix = 'fix it in that file, save it again (smtp-tui profile save work --host ...), or delete it (smtp-tui profile delete work)';

describe('a profiles.json with one bad entry', () => {
	it('the good profiles still work: send, check, the dashboard, list, show and save', async () => {
		const {file, env} = configWith([badWork, home]);
		expect((await send(env, 'home')).code).toBe(2);
		expect((await runInProcess(runCheck, {profile: 'home', timeout: 1}, [], {env})).code).not.toBe(1);
		await expect(applyProfile({profile: 'home'}, env)).resolves.toMatchObject({host: '127.0.0.1', port: 9});
		expect((await profile(env, ['show', 'home'])).code).toBe(0);
		expect((await profile(env, ['save', 'other'], {host: 'smtp.other.example'})).out).toBe('saved profile other: smtp.other.example:587 STARTTLS\n');
		// The hand edit is still there, as it was.
		expect(stored(file)).toContainEqual(badWork);
	});

	it('using the bad one is exit 1 naming it, where, why and the ways out', async () => {
		const {file, env} = configWith([badWork, home]);
		const message = `profile "work" in ${file} cannot be used: its host must be a host name or address, not "bad host"`;
		const runs = [() => send(env, 'work'), () => runInProcess(runCheck, {profile: 'work'}, [], {env}), () => applyProfile({profile: 'work'}, env), () => profile(env, ['show', 'work'])];
		for (const run of runs) {
			const error = await rejection(run());
			expect([error.message, error.hint]).toEqual([message, fix]);
		}
		const cli = await runCli(['send', '--profile', 'work', '--to', 'a@example.test'], {env});
		expect(cli.code).toBe(1);
		expect(cli.stderr).toBe(`smtp-tui: ${message}\nhint: ${fix}\n`);
	});

	it('a field it does not know (a hand edit writing helo for ehloName) makes it unusable, naming the field meant', async () => {
		const {file, env} = configWith([{...home, name: 'work', helo: 'mx.example.test'}]);
		const error = await rejection(send(env, 'work'));
		expect(error.message).toBe(`profile "work" in ${file} cannot be used: its field "helo" is unknown (did you mean "ehloName"? the fields are name, host, port, security, socket, lmtp, user, ehloName, password, passwordEnv, ca, cert, key, localAddress, family, proxy)`);
		expect((await profile(env, ['list'])).out).toContain('work  unusable: its field "helo" is unknown (did you mean "ehloName"?');
	});

	it('list shows it, marked unusable with the reason, escaped', async () => {
		const {file, env} = configWith([home, {...badWork, host: 'a\u2028b'}]);
		const listed = await profile(env, ['list']);
		expect(listed.code).toBe(0);
		expect(listed.out).toBe(
			'home  127.0.0.1:9  none\n' +
				'work  unusable: its host must be a host name or address, not "a\\u2028b"\n' +
				`(2 in ${file}, 1 unusable: see smtp-tui profile show NAME)\n`,
		);
	});

	it('delete removes it, save replaces it; either keeps the other entries as they were', async () => {
		const {file, env} = configWith([badWork, home, {host: 'nameless.example'}]);
		expect(await profile(env, ['delete', 'work'])).toEqual({code: 0, out: 'deleted profile work\n'});
		expect(stored(file)).toEqual([home, {host: 'nameless.example'}]);

		writeFileSync(file, JSON.stringify({version: 1, profiles: [badWork, home]}));
		expect((await profile(env, ['save', 'work'], {host: 'smtp.work.example'})).out).toBe('replaced profile work: smtp.work.example:587 STARTTLS\n');
		expect((await profile(env, ['show', 'work'])).out).toMatch(/^host +smtp\.work\.example$/m);
	});

	it('entries without a usable name: list counts them with the file, and nothing else fails', async () => {
		const {file, env} = configWith([{host: 'x.example'}, {name: '', host: 'y.example'}, null, home]);
		const listed = await profile(env, ['list']);
		expect(listed.out).toBe(
			'home  127.0.0.1:9  none\n' +
				`(1 in ${file})\n` +
				`3 entries in ${file} have no usable name, so no command can use them: give each a "name" there, or remove them\n`,
		);
		expect((await send(env, 'home')).code).toBe(2);

		const {file: alone, env: onlyNameless} = configWith([{host: 'x.example'}]);
		expect((await profile(onlyNameless, ['list'])).out).toBe(`1 entry in ${alone} has no usable name, so no command can use it: give it a "name" there, or remove it\n`);
	});

	it('a file that is not JSON, or not version 1, still stops every command', async () => {
		const {file, env} = configWith([]);
		for (const text of ['{"version": 1, "profiles": [', '{"version": 2, "profiles": []}']) {
			writeFileSync(file, text);
			const runs = [() => profile(env, ['list']), () => profile(env, ['delete', 'work']), () => profile(env, ['save', 'x'], {host: 'h.example'}), () => send(env, 'home')];
			for (const run of runs) {
				expect((await rejection(run())).message).toContain(file);
			}
			expect(readFileSync(file, 'utf8')).toBe(text);
		}
	});
});
