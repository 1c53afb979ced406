// A hand-edited profiles.json is read for its shape only; a value a command then uses and refuses is named as the
// profile's field, never as a flag the user did not type (`--host "..." is not a host name` after --profile alone).
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
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

/** A config folder whose profiles.json holds profile "work" with `fields` over a valid loopback profile. */
function configWith(fields: Record<string, unknown>): {dir: string; env: NodeJS.ProcessEnv} {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-profile-values-'));
	folders.push(dir);
	const profile = {name: 'work', host: '127.0.0.1', port: 9, security: 'none', ...fields};
	writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [profile]}));
	return {dir, env: {SMTP_TUI_CONFIG_DIR: dir}};
}


const send = (env: NodeJS.ProcessEnv, flags: Record<string, unknown> = {}) => runInProcess(runSend, {profile: 'work', from: 'me@example.test', to: ['a@example.test'], ...flags}, [], {env});
const fixHost = 'give --host here, or save the profile again with a good one (smtp-tui profile save work --host HOST ...)';

describe('a profile value that a command refuses', () => {
	it('a host with an escape sequence: named as the profile\'s host in send, check and the dashboard, escaped when printed', async () => {
		const {env} = configWith({host: '127.0.0.1\x1b[2J'});
		const message = 'profile "work": host "127.0.0.1\x1b[2J" is not a host name or address';
		const sent = await rejection(send(env));
		expect([sent.message, sent.hint]).toEqual([message, fixHost]);
		expect((await rejection(runInProcess(runCheck, {profile: 'work'}, [], {env}))).message).toBe(message);
		// The dashboard fills its flags with applyProfile too.
		await expect(applyProfile({profile: 'work'}, env)).rejects.toThrow(message);
		const cli = await runCli(['send', '--profile', 'work', '--to', 'a@example.test'], {env});
		expect(cli.code).toBe(1);
		expect(cli.stderr).toBe(`smtp-tui: profile "work": host "127.0.0.1\\x1b[2J" is not a host name or address\nhint: ${fixHost}\n`);
	});

	it('is not checked when a flag (or check\'s TARGET) replaces it', async () => {
		const {env} = configWith({host: '127.0.0.1\x1b[2J'});
		// Port 9: nothing listens, so the run gets as far as connecting (exit 2).
		expect((await send(env, {host: '127.0.0.1'})).code).toBe(2);
		await expect(applyProfile({profile: 'work', host: '127.0.0.1'}, env)).resolves.toMatchObject({host: '127.0.0.1'});
	});

	it('a host with a port in it, an EHLO name and user that are not UTF-8', async () => {
		expect((await rejection(send(configWith({host: 'mail.example.test:587'}).env))).message).toBe('profile "work": host "mail.example.test:587" has a port in it');
		const ehlo = await rejection(send(configWith({ehloName: 'caf\uFFFD.example'}).env));
		expect([ehlo.message, ehlo.hint]).toEqual(['profile "work": EHLO name "caf\uFFFD.example" contains a byte that is not UTF-8 (U+FFFD stands in for it)', 'give --helo here, or save the profile again with a good one (smtp-tui profile save work --host HOST ...)']);
		expect((await rejection(send(configWith({user: 'jos\uFFFD'}).env, {password: 'pw'}))).message).toBe('profile "work": user "jos\uFFFD" contains a byte that is not UTF-8 (U+FFFD stands in for it)');
		// check does not log in: the profile's user is none of its business.
		expect((await rejection(runInProcess(runCheck, {profile: 'work'}, [], {env: configWith({user: 'jos\uFFFD', ehloName: 'caf\uFFFD'}).env}))).message).toMatch(/^profile "work": EHLO name /);
	});

	it('a CA file that no longer holds a certificate, a password variable with a line break', async () => {
		const {dir, env} = configWith({});
		const notPem = path.join(dir, 'not.pem');
		writeFileSync(notPem, 'hello');
		writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [{name: 'work', host: '127.0.0.1', port: 9, security: 'starttls', ca: notPem, user: 'demo', passwordEnv: 'WORK_PW'}]}));
		expect((await rejection(send(env))).message).toBe(`profile "work": CA file: ${notPem} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")`);
		expect((await rejection(send(env, {ca: notPem}))).message).toMatch(/^--ca: /);
		writeFileSync(path.join(dir, 'profiles.json'), JSON.stringify({version: 1, profiles: [{name: 'work', host: '127.0.0.1', port: 9, security: 'none', user: 'demo', passwordEnv: 'WORK_PW'}]}));
		expect((await rejection(send({...env, WORK_PW: 'a\nb'}))).message).toBe('$WORK_PW (profile "work"\'s password variable) must not contain a line break (CR, LF) or NUL');
	});

	it('--quit-after tls with a profile without TLS does not blame a --no-starttls nobody typed', async () => {
		const {env} = configWith({});
		expect((await rejection(send(env, {quitAfter: 'tls'}))).message).toBe('--quit-after tls with no TLS (--no-starttls, or a profile without it): there is no TLS step to stop after');
	});

	it('profile save refuses what a later use would: a user, an EHLO name or a password that is not UTF-8', async () => {
		const {env} = configWith({});
		const save = (flags: Record<string, unknown>, saveEnv: NodeJS.ProcessEnv = {}) => rejection(runInProcess(runProfile, {host: 'h.example', ...flags}, ['save', 'new'], {env: {...env, ...saveEnv}}));
		expect((await save({user: 'jos\uFFFD'})).message).toBe(`--user "jos\uFFFD" contains a byte that is not UTF-8 (U+FFFD stands in for it)`);
		expect((await save({helo: 'caf\uFFFD'})).message).toBe(`--helo "caf\uFFFD" contains a byte that is not UTF-8 (U+FFFD stands in for it)`);
		expect((await save({user: 'demo', savePassword: true}, {SMTP_PASSWORD: 'caf\uFFFD'})).message).toBe('SMTP_PASSWORD contains a byte that is not UTF-8 (U+FFFD stands in for it)');
	});
});
