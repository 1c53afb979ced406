// Root with a user's HOME (`sudo -E smtp-tui`, macOS's sudo, `sudo smtp-tui serve --port 25` keeping HOME): what
// smtp-tui makes in that home is the user's (the owner of the nearest folder that was there), as npm's infer-owner
// did, so that ~/.config or ~/.local made 0700 by root no longer break the user's own runs. Folders root left there
// earlier are named, with the fix, when the user's run meets them.
import {chmodSync, chownSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import {DraftStore, type Draft} from '../../source/message/drafts.js';
import {saveProfile} from '../../source/message/profiles.js';
import {compileCacheFolder} from '../../source/start-checks.js';
import {asUser, editThenQuit, NOBODY, needsRoot, runCliAs, sessionAs, startServe} from '../helpers/as-user.js';
import {ptySessions, untilKeysWork} from '../helpers/pty.js';
import {cliPath, runCli} from '../helpers/run-cli.js';
import {useTempDirs} from '../message/temp-dirs.js';

const tempDir = useTempDirs('root-in-user-home');
const open = ptySessions();
const draft: Draft = {from: 'me@example.com', to: 'you@example.org', cc: '', bcc: '', subject: 's', headers: [], body: 'b', attachments: []};
const ownerOf = (file: string) => statSync(file).uid;

/** A home folder of nobody's, which nobody can reach (the temp folder above it is passable). */
async function nobodysHome(): Promise<string> {
	const base = await tempDir();
	chmodSync(base, 0o711);
	const home = path.join(base, 'home');
	mkdirSync(home, {mode: 0o755});
	chownSync(home, NOBODY, NOBODY);
	return home;
}

const flat = (text: string) => text.replace(/\s+/g, '');

/** The text of the right-hand panels (the log, the inbox), rows joined without their spaces: a wrapped line reads whole. */
const inRightPanels = (screen: string) => flat(screen.split('\n').map(row => /│([^│]*)│\s*$/.exec(row)?.[1] ?? '').join(''));

/** HOME for a child, and no other variable that would move smtp-tui's folders. */
const homeOnly = (home: string) => ({HOME: home, XDG_CONFIG_HOME: undefined, XDG_DATA_HOME: undefined, XDG_CACHE_HOME: undefined, SMTP_TUI_CONFIG_DIR: undefined, SMTP_TUI_STATE_DIR: undefined});

describe('root in a home of another user', () => {
	needsRoot();

	test('profile save as root makes ~/.config and ~/.config/smtp-tui the user\'s, and profiles.json: the user can list them', async () => {
		const home = await nobodysHome();
		const saved = await runCli(['profile', 'save', 'sb', '--host', '127.0.0.1', '--port', '2525', '--no-starttls'], {env: homeOnly(home)});
		expect(saved).toMatchObject({code: 0, stderr: ''});
		for (const made of ['.config', '.config/smtp-tui', '.config/smtp-tui/profiles.json']) expect(ownerOf(path.join(home, made))).toBe(NOBODY);
		expect(statSync(path.join(home, '.config')).mode & 0o777).toBe(0o700);
		const listed = await runCliAs(NOBODY, ['profile', 'list'], {HOME: home});
		expect(listed).toMatchObject({code: 0, stderr: ''});
		expect(listed.stdout).toContain('sb');
	});

	test('serve as root keeps its certificate in the user\'s data folder, as the user\'s: the user\'s own serve uses it', async () => {
		const home = await nobodysHome();
		const asRoot = await startServe([process.execPath, [cliPath, 'serve', '--port', '0']], {...process.env, ...homeOnly(home)});
		asRoot.stop();
		const sandbox = path.join(home, '.local/share/smtp-tui/sandbox');
		for (const made of ['.local', '.local/share', '.local/share/smtp-tui', '.local/share/smtp-tui/sandbox', '.local/share/smtp-tui/sandbox/certificate.pem', '.local/share/smtp-tui/sandbox/private-key.pem']) {
			expect(ownerOf(path.join(home, made))).toBe(NOBODY);
		}
		const fingerprint = /certificate SHA-256 (\S+)/.exec(asRoot.stdout())![1];
		const theirs = await startServe(asUser(NOBODY, ['serve', '--port', '0'], {HOME: home}));
		theirs.stop();
		expect(theirs.stdout()).toContain(`certificate SHA-256 ${fingerprint} (${sandbox}/certificate.pem)`);
		expect(theirs.stderr()).toBe('');
	});

	test('serve --save-dir as root into a user\'s folder: each message\'s files are that user\'s, as the folder is', async () => {
		const home = await nobodysHome();
		const mail = path.join(home, 'mail');
		const roots = path.join(await tempDir(), 'roots-mail');
		for (const dir of [mail, roots]) {
			const serve = await startServe([process.execPath, [cliPath, 'serve', '--port', '0', '--no-starttls', '--save-dir', dir]], {...process.env, ...homeOnly(home)});
			const sent = await runCli(['send', '--server', `127.0.0.1:${serve.port}`, '--no-starttls', '--to', 'a@example.test', '--from', 'b@example.test', '--body', 'hi']);
			serve.stop();
			expect(sent.code).toBe(0);
		}
		// Made by root in nobody's home: the folder, and the files in it (mode 0600), are nobody's, who can read the mail.
		for (const made of ['', '1.eml', '1.json']) expect(ownerOf(path.join(mail, made))).toBe(NOBODY);
		// Root's own folder: root's files.
		for (const made of ['', '1.eml', '1.json']) expect(ownerOf(path.join(roots, made))).toBe(0);
	});

	test('serve --save-dir as root into a folder another user made (not the one root runs for): the mail stays root\'s, unreadable to them', async () => {
		const home = await nobodysHome();
		// Planted by uid 4343 in a shared folder before root's run: neither HOME's owner nor SUDO_UID's user.
		const planted = path.join(await tempDir(), 'mail');
		mkdirSync(planted, {mode: 0o777});
		chownSync(planted, 4343, 4343);
		const env = {...process.env, ...homeOnly(home), SUDO_UID: String(NOBODY)};
		const serve = await startServe([process.execPath, [cliPath, 'serve', '--port', '0', '--no-starttls', '--save-dir', planted]], env);
		const sent = await runCli(['send', '--server', `127.0.0.1:${serve.port}`, '--no-starttls', '--to', 'a@example.test', '--from', 'b@example.test', '--body', 'hi']);
		serve.stop();
		expect(sent.code).toBe(0);
		for (const made of ['1.eml', '1.json']) {
			expect(ownerOf(path.join(planted, made))).toBe(0);
			expect(statSync(path.join(planted, made)).mode & 0o777).toBe(0o600);
		}
	});

	test('the draft, its lock and their folders are the user\'s (the one who ran sudo); a folder another user made gives them nothing', async () => {
		const home = await nobodysHome();
		const sudoUid = process.env.SUDO_UID;
		process.env.SUDO_UID = String(NOBODY);
		try {
			const store = new DraftStore({dir: path.join(home, '.local', 'share', 'smtp-tui')});
			expect(await store.claim()).toEqual({owner: true});
			store.save(draft);
			await store.flush();
			await store.release();
			for (const made of ['.local', '.local/share', '.local/share/smtp-tui', '.local/share/smtp-tui/draft.json']) expect(ownerOf(path.join(home, made))).toBe(NOBODY);
			// Someone else's folder inside (uid 4343): it keeps its owner, and what root makes in it stays root's.
			const other = path.join(home, 'other');
			mkdirSync(other, {mode: 0o755});
			chownSync(other, 4343, 4343);
			const theirs = new DraftStore({dir: path.join(other, 'share', 'smtp-tui')});
			expect(await theirs.claim()).toEqual({owner: true});
			theirs.save(draft);
			await theirs.flush();
			for (const made of ['share', 'share/smtp-tui', 'share/smtp-tui/draft.json', 'share/smtp-tui/draft.json.lock']) expect(ownerOf(path.join(other, made))).toBe(0);
			expect(ownerOf(other)).toBe(4343);
			await theirs.release();
		} finally {
			if (sudoUid === undefined) delete process.env.SUDO_UID;
			else process.env.SUDO_UID = sudoUid;
		}
		// Root's own folder: nothing is given away.
		const roots = path.join(home, 'roots');
		mkdirSync(roots);
		await saveProfile({name: 'sb', host: '127.0.0.1', port: 2525, security: 'none'}, {dir: path.join(roots, 'config'), savePassword: false});
		expect(ownerOf(path.join(roots, 'config'))).toBe(0);
		expect(ownerOf(path.join(roots, 'config', 'profiles.json'))).toBe(0);
	});

	test('no compile cache for root in the user\'s cache folder (Node would make root\'s folders there)', async () => {
		const home = await nobodysHome();
		expect(compileCacheFolder({XDG_CACHE_HOME: path.join(home, '.cache')})).toBeUndefined();
		const roots = await tempDir();
		expect(compileCacheFolder({XDG_CACHE_HOME: roots})).toBe(path.join(roots, 'smtp-tui', 'compile-cache'));
	});
});

describe("root's leftovers in a user's home, as the user meets them", () => {
	needsRoot();

	/** nobody's home with ~/.config and ~/.local made by root, mode 0700, as an earlier `sudo -E` run left them. */
	async function withRootLeftovers(): Promise<string> {
		const home = await nobodysHome();
		for (const folder of ['.config', '.local/share/smtp-tui']) mkdirSync(path.join(home, folder), {recursive: true, mode: 0o700});
		return home;
	}

	test('profile list names the folder root owns and the command that gives it back', async () => {
		const home = await withRootLeftovers();
		const listed = await runCliAs(NOBODY, ['profile', 'list'], {HOME: home});
		expect(listed.code).toBe(1);
		expect(listed.stderr).toBe(
			`smtp-tui: cannot read the profiles: permission denied on ${home}/.config/smtp-tui/profiles.json: ${home}/.config belongs to root (left by a run with sudo)\n` +
				`hint: give it back to you with sudo chown -R nobody: ${home}/.config, or set SMTP_TUI_CONFIG_DIR to a folder you can write\n`,
		);
	});

	test('serve says why its certificate is not kept, and the fix', async () => {
		const home = await withRootLeftovers();
		const serve = await startServe(asUser(NOBODY, ['serve', '--port', '0'], {HOME: home}));
		serve.stop();
		expect(serve.stderr()).toContain(`${home}/.local belongs to root, left by a run with sudo: sudo chown -R nobody: ${home}/.local`);
	});

	test('the dashboard: a draft.json root left (0600) is never written over; the log says so, with the fix, and Ctrl+C asks', async () => {
		const home = await nobodysHome();
		const data = path.join(home, '.local/share/smtp-tui');
		mkdirSync(data, {recursive: true, mode: 0o700});
		for (const folder of ['.local', '.local/share', '.local/share/smtp-tui']) chownSync(path.join(home, folder), NOBODY, NOBODY);
		const file = path.join(data, 'draft.json');
		const saved = `${JSON.stringify({version: 1, draft: {...draft, subject: 'kept by root'}})}\n`;
		writeFileSync(file, saved, {mode: 0o600});
		const session = open({...sessionAs(NOBODY, [], {HOME: home}), cols: 320, rows: 40});
		await untilKeysWork(session);
		await session.waitFor(
			screen => inRightPanels(screen).includes(flat(`! warning: edits here are not saved: the saved draft ${file} could not be read (permission denied; it belongs to root, left by a run with sudo: sudo chown -R nobody: ${file}); it is left as it is`)),
			10_000,
			'the warning',
		);
		await editThenQuit(session, 'the saved draft could not be read');
		expect(readFileSync(file, 'utf8')).toBe(saved);
		expect(ownerOf(file)).toBe(0);
	});
});
