// writeFileAtomic and a symlink at the target (a profiles.json kept in a dotfiles repository with stow): the link
// stays, and the file it leads to is replaced, atomically, in its own folder. A link another user made is not
// followed.
import {chmod, chown, lchown, lstat, mkdir, readdir, readFile, readlink, stat, symlink} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeFileAtomic} from '../../source/message/atomic-write.js';
import {listProfiles, saveProfile} from '../../source/message/profiles.js';
import {NOBODY, needsRoot, runCliAs} from '../helpers/as-user.js';
import {openUnder} from '../helpers/open-files.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('atomic-write');

/** A config folder whose profiles.json links (relatively, as stow makes them) into a dotfiles folder. */
async function stowed(home?: string): Promise<{config: string; link: string; target: string}> {
	home ??= await tempDir();
	const config = path.join(home, '.config', 'smtp-tui');
	const target = path.join(home, 'dotfiles', 'smtp-tui', '.config', 'smtp-tui', 'profiles.json');
	await mkdir(config, {recursive: true});
	await mkdir(path.dirname(target), {recursive: true});
	const link = path.join(config, 'profiles.json');
	await symlink(path.relative(config, target), link);
	return {config, link, target};
}

/** Gives `dir` and all in it, links left as they are, to `uid`. */
async function chownTree(dir: string, uid: number): Promise<void> {
	await chown(dir, uid, uid);
	for (const entry of await readdir(dir, {withFileTypes: true})) {
		if (entry.isDirectory()) await chownTree(path.join(dir, entry.name), uid);
		else if (!entry.isSymbolicLink()) await chown(path.join(dir, entry.name), uid, uid);
	}
}

describe('writeFileAtomic through a symlink', () => {
	it('profile save writes the file a stowed profiles.json leads to, mode 0600, and leaves the link and no temp file', async () => {
		const {config, link, target} = await stowed();
		await saveProfile({name: 'sb', host: '127.0.0.1', port: 2525, security: 'none'}, {dir: config, savePassword: false});
		await saveProfile({name: 'work', host: 'smtp.example.com', port: 587, security: 'starttls'}, {dir: config, savePassword: false});
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(path.resolve(config, await readlink(link))).toBe(target);
		expect(JSON.parse(await readFile(target, 'utf8')).profiles.map((profile: {name: string}) => profile.name)).toEqual(['sb', 'work']);
		expect((await stat(target)).mode & 0o777).toBe(0o600);
		expect((await listProfiles({dir: config})).map(profile => profile.name)).toEqual(['sb', 'work']);
		expect(await readdir(config)).toEqual(['profiles.json']);
		expect(await readdir(path.dirname(target))).toEqual(['profiles.json']);
	});

	it('follows a chain of links, and makes the file a dangling link names', async () => {
		const dir = await tempDir();
		await symlink('second', path.join(dir, 'first'));
		await symlink('real', path.join(dir, 'second'));
		await writeFileAtomic(path.join(dir, 'first'), 'made\n');
		expect(await readFile(path.join(dir, 'real'), 'utf8')).toBe('made\n');
		await writeFileAtomic(path.join(dir, 'first'), 'replaced\n');
		expect(await readFile(path.join(dir, 'real'), 'utf8')).toBe('replaced\n');
		expect((await lstat(path.join(dir, 'first'))).isSymbolicLink()).toBe(true);
		expect((await lstat(path.join(dir, 'second'))).isSymbolicLink()).toBe(true);
	});
});

describe('writeFileAtomic and a link another user made', () => {
	needsRoot();

	it('is not written through (it would lead where they chose), and is left as it is', async () => {
		const dir = await tempDir();
		const link = path.join(dir, 'profiles.json');
		await symlink(path.join(dir, 'their-choice'), link);
		await lchown(link, 4242, 4242);
		await expect(writeFileAtomic(link, 'secret\n')).rejects.toMatchObject({code: 'EPERM', message: `EPERM: ${link} is a symbolic link another user made, not written through`});
		expect((await lstat(link)).isSymbolicLink()).toBe(true);
		expect(await readdir(dir)).toEqual(['profiles.json']);
	});

	it('a user (not root) writes through a stowed link of their own, and through one of root\'s', async () => {
		for (const linkOwner of [NOBODY, 0]) {
			const base = await tempDir();
			await chmod(base, 0o711);
			const home = path.join(base, 'home');
			const {link, target} = await stowed(home);
			await lchown(link, linkOwner, linkOwner);
			await chownTree(home, NOBODY);
			const saved = await runCliAs(NOBODY, ['profile', 'save', 'sb', '--host', '127.0.0.1', '--port', '2525', '--no-starttls'], {HOME: home});
			expect(saved).toMatchObject({code: 0, stderr: ''});
			expect((await lstat(link)).isSymbolicLink()).toBe(true);
			expect(JSON.parse(await readFile(target, 'utf8')).profiles.map((profile: {name: string}) => profile.name)).toEqual(['sb']);
		}
	});
});

describe('writeFileAtomic: what it leaves behind', () => {
	it('a loop of links is refused with ELOOP, naming the file, and nothing is written', async () => {
		const dir = await tempDir();
		await symlink('second', path.join(dir, 'first'));
		await symlink('first', path.join(dir, 'second'));
		await expect(writeFileAtomic(path.join(dir, 'first'), 'x\n')).rejects.toMatchObject({code: 'ELOOP', path: path.join(dir, 'first')});
		expect((await readdir(dir)).sort()).toEqual(['first', 'second']);
	});

	it('a write that fails (a folder where the file goes) leaves no temporary file beside it', async () => {
		const dir = await tempDir();
		await mkdir(path.join(dir, 'draft.json'));
		await expect(writeFileAtomic(path.join(dir, 'draft.json'), '{}\n')).rejects.toMatchObject({code: 'EISDIR'});
		expect(await readdir(dir)).toEqual(['draft.json']);
	});

	it.runIf(process.platform === 'linux')('holds no file open once written: a dashboard saves its draft at every change', async () => {
		const dir = await tempDir();
		for (let round = 0; round < 3; round++) await writeFileAtomic(path.join(dir, 'draft.json'), `{"round": ${round}}\n`);
		expect(openUnder(dir)).toEqual([]);
	});
});
