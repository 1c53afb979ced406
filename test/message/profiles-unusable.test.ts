// A hand-edited profiles.json with one bad entry: that entry blocks only itself. The others load, save and delete as
// before, the bad one is reported by name and reason, and writes keep it (and entries without a name) as they were.
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {deleteProfile, listProfiles, loadProfile, readProfilesContent, saveProfile, UnusableProfileError, type Profile} from '../../source/message/profiles.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('profiles-unusable');

const home: Profile = {name: 'home', host: 'smtp.home.example', port: 587, security: 'starttls'};
const badWork = {name: 'work', host: 'bad host', port: 587, security: 'starttls', note: 'kept by hand'};
const nameless = [{host: 'x.example', port: 25, security: 'none'}, {name: '  ', host: 'y.example'}, 42];

/** A profiles.json holding `entries`, as a user would leave it after editing it. */
async function fileWith(entries: unknown[]): Promise<{dir: string; file: string}> {
	const dir = await tempDir();
	const file = path.join(dir, 'profiles.json');
	await writeFile(file, JSON.stringify({version: 1, profiles: entries}));
	return {dir, file};
}

const stored = async (file: string) => (JSON.parse(await readFile(file, 'utf8')) as {profiles: unknown[]}).profiles;

describe('a profiles file with an entry that cannot be used', () => {
	it('keeps a key of the user own in a good profile when another one is saved', async () => {
		const noted = {...home, note: 'the test box'};
		const {dir, file} = await fileWith([noted]);
		expect(await loadProfile('home', {dir})).toEqual(home);
		await saveProfile({name: 'other', host: 'smtp.other.example', port: 25, security: 'none'}, {dir, savePassword: false});
		expect(await stored(file)).toEqual([noted, {name: 'other', host: 'smtp.other.example', port: 25, security: 'none'}]);
	});

	it('loads every other profile, and lists the bad one apart with its reason', async () => {
		const {dir, file} = await fileWith([badWork, home, ...nameless]);
		expect(await listProfiles({dir})).toEqual([home]);
		expect(await loadProfile('home', {dir})).toEqual(home);
		expect(await readProfilesContent({dir})).toEqual({
			file,
			profiles: [home],
			unusable: [{name: 'work', reason: 'its host must be a host name or address, not "bad host"'}],
			nameless: 3,
		});
	});

	it.each([
		[{host: ''}, 'its host must be a host name or address, not ""'],
		[{host: 'a\u2028b'}, 'its host must be a host name or address, not "a\u2028b"'],
		[{port: 0}, 'its port must be a whole number from 1 to 65535, not 0'],
		[{port: undefined}, 'its port is missing (a whole number from 1 to 65535)'],
		[{security: 'ssl'}, 'its security must be one of none, starttls, tls, not "ssl"'],
		[{ehloName: 'two words'}, 'its EHLO name must be a domain or address literal without spaces'],
	])('%j: loading it says which profile, where, why and how to get out', async (change, reason) => {
		const {dir, file} = await fileWith([{...home, name: 'work', ...change}, home]);
		const error = await loadProfile('work', {dir}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(UnusableProfileError);
		expect((error as UnusableProfileError).message).toBe(`profile "work" in ${file} cannot be used: ${reason}`);
		expect((error as UnusableProfileError).hint).toBe('fix it in that file, save it again (smtp-tui profile save work --host ...), or delete it (smtp-tui profile delete work)');
		expect(await loadProfile('home', {dir})).toEqual(home);
	});

	it('quotes a name the hint cannot give to a shell as it is', async () => {
		const {dir} = await fileWith([{...badWork, name: "Bob's work"}]);
		const error = (await loadProfile("Bob's work", {dir}).catch((caught: unknown) => caught)) as UnusableProfileError;
		expect(error.hint).toContain(`smtp-tui profile delete 'Bob'\\''s work'`);
	});

	it('a name given twice: the first entry is the profile, the second is listed as unusable, and delete removes both, saying so', async () => {
		const shadow = {name: 'home', host: 'other.example', port: 25, security: 'none'};
		const {dir, file} = await fileWith([home, shadow]);
		expect(await loadProfile('home', {dir})).toEqual(home);
		expect((await readProfilesContent({dir})).unusable).toEqual([{name: 'home', reason: 'its name is given twice in the file: the first entry of that name is the one used'}]);
		expect(await deleteProfile('home', {dir})).toBe(2);
		expect(await stored(file)).toEqual([]);
	});

	it('saving or deleting another profile keeps the bad entry and the nameless ones exactly as they were', async () => {
		const {dir, file} = await fileWith([badWork, home, ...nameless]);
		expect(await saveProfile({...home, name: 'other'}, {dir, savePassword: false})).toEqual({});
		await deleteProfile('home', {dir});
		expect(await stored(file)).toEqual([{...home, name: 'other'}, badWork, ...nameless]);
	});

	it('deletes the bad entry by name, and replaces it by a save, saying it replaced an unusable one', async () => {
		const {dir, file} = await fileWith([badWork, home]);
		const good: Profile = {...home, name: 'work', host: 'smtp.work.example'};
		expect(await saveProfile(good, {dir, savePassword: false})).toEqual({unusable: {name: 'work', reason: 'its host must be a host name or address, not "bad host"'}});
		expect(await loadProfile('work', {dir})).toEqual(good);

		await writeFile(file, JSON.stringify({version: 1, profiles: [badWork, home]}));
		await deleteProfile('work', {dir});
		expect(await stored(file)).toEqual([home]);
	});

	it('names the bad entry among the known profiles for an unknown name', async () => {
		const {dir} = await fileWith([badWork, home]);
		await expect(loadProfile('hmoe', {dir})).rejects.toThrow('no profile named "hmoe"; known profiles: home, work');
		await expect(deleteProfile('hmoe', {dir})).rejects.toThrow('known profiles: work, home');
	});
});
