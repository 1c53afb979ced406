// profiles.json written by other versions: what earlier versions wrote (test/fixtures/earlier-versions, as they
// wrote it) is read and kept; an empty file is no profiles; a newer smtp-tui's is refused as a whole, saying so, and
// left as it is (a field this version does not know may change how a profile connects).
import {copyFile, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {deleteProfile, listProfiles, loadProfile, saveProfile} from '../../source/message/profiles.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('profiles-versions');
const fixture = (day: string) => path.join(import.meta.dirname, '..', 'fixtures', 'earlier-versions', day, 'profiles.json');
const extra = {name: 'extra', host: 'smtp.example.net', port: 587, security: 'starttls'} as const;

describe("an earlier version's profiles.json", () => {
	for (const day of ['2026-12-02', '2026-12-05']) {
		it(`is read as it was (${day}), and a save keeps its profiles as they were`, async () => {
			const dir = await tempDir();
			const file = path.join(dir, 'profiles.json');
			await copyFile(fixture(day), file);
			const written = JSON.parse(await readFile(file, 'utf8')) as {profiles: unknown[]};
			expect(await listProfiles({dir})).toEqual(written.profiles);
			expect(await loadProfile('work', {dir})).toMatchObject({host: 'smtp.example.org', port: 587, security: 'starttls', user: 'ann', ehloName: 'laptop.example.org'});
			await saveProfile(extra, {dir, savePassword: false});
			expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({version: 1, profiles: [extra, ...written.profiles]});
		});
	}
});

describe('an empty profiles.json', () => {
	it('holds no profiles, and the first save writes it', async () => {
		const dir = await tempDir();
		await writeFile(path.join(dir, 'profiles.json'), ' \n');
		expect(await listProfiles({dir})).toEqual([]);
		await saveProfile(extra, {dir, savePassword: false});
		expect(await listProfiles({dir})).toEqual([extra]);
	});
});

describe('a profiles.json that is JSON but no object', () => {
	it('is said to be no profiles file, not a crash', async () => {
		const dir = await tempDir();
		await writeFile(path.join(dir, 'profiles.json'), 'null');
		await expect(listProfiles({dir})).rejects.toThrow(`${path.join(dir, 'profiles.json')} is not a version 1 profiles file; fix it or move it away`);
	});
});

describe("a newer smtp-tui's profiles.json", () => {
	it('is refused as a whole, saying so, and never written over', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'profiles.json');
		const newer = JSON.stringify({version: 2, profiles: [{name: 'work', host: 'smtp.example.org', port: 587, security: 'starttls', tlsMin: '1.3'}]});
		await writeFile(file, newer);
		const said = `${file} was written by a newer smtp-tui (profiles version 2; this one reads version 1), and is left as it is: use that smtp-tui (npx smtp-tui@latest), or set SMTP_TUI_CONFIG_DIR to another folder for this one's profiles`;
		await expect(loadProfile('work', {dir})).rejects.toThrow(said);
		await expect(saveProfile(extra, {dir, savePassword: false})).rejects.toThrow(said);
		await expect(deleteProfile('work', {dir})).rejects.toThrow(said);
		expect(await readFile(file, 'utf8')).toBe(newer);
	});
});
