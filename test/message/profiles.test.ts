import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {
	configDir,
	deleteProfile,
	listProfiles,
	loadProfile,
	profilePassword,
	ProfilesFileError,
	profilesFileError,
	saveProfile,
	validateProfile,
	type Profile,
} from '../../source/message/profiles.js';
import {SmtpInputError} from '../../source/smtp/types.js';
import {useTempDirs} from './temp-dirs.js';

const tempDir = useTempDirs('profiles');

const work: Profile = {name: 'work', host: 'smtp.example.com', port: 587, security: 'starttls', user: 'me@example.com', ehloName: 'laptop.example.com'};
const fileMode = async (file: string) => (await stat(file)).mode & 0o777;

describe('profiles', () => {
	it('saves, lists (sorted) and loads profiles atomically, readable only by the user', async () => {
		const dir = await tempDir();
		expect(await listProfiles({dir})).toEqual([]);
		expect(await saveProfile(work, {dir, savePassword: false})).toEqual({});
		await saveProfile({name: 'lab', host: '127.0.0.1', port: 2525, security: 'none'}, {dir, savePassword: false});
		expect((await listProfiles({dir})).map(profile => profile.name)).toEqual(['lab', 'work']);
		expect(await loadProfile('work', {dir})).toEqual(work);
		expect(await readdir(dir)).toEqual(['profiles.json']);
		if (process.platform !== 'win32') expect(await fileMode(path.join(dir, 'profiles.json'))).toBe(0o600);
	});

	it('replaces a profile of the same name and deletes one', async () => {
		const dir = await tempDir();
		await saveProfile(work, {dir, savePassword: false});
		// The replaced profile comes back, as it was in the file.
		expect(await saveProfile({...work, port: 465, security: 'tls'}, {dir, savePassword: false})).toEqual({previous: work});
		expect(await listProfiles({dir})).toEqual([{...work, port: 465, security: 'tls'}]);
		await deleteProfile('work', {dir});
		expect(await listProfiles({dir})).toEqual([]);
	});

	it('drops the password unless the user opts in, then warns', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'profiles.json');
		await saveProfile({...work, password: 'hunter2-secret'}, {dir, savePassword: false});
		expect(await readFile(file, 'utf8')).not.toContain('hunter2-secret');
		expect((await loadProfile('work', {dir})).password).toBeUndefined();

		const {warning} = await saveProfile({...work, password: 'hunter2-secret'}, {dir, savePassword: true});
		expect(warning).toContain('unencrypted');
		expect(warning).toContain(file);
		expect((await loadProfile('work', {dir})).password).toBe('hunter2-secret');
		if (process.platform !== 'win32') expect(await fileMode(file)).toBe(0o600);
	});

	it('keeps a client certificate and key as absolute paths; a relative one, or a key without its certificate, is refused', () => {
		expect(validateProfile({...work, cert: '/etc/ssl/client.pem', key: '/etc/ssl/client-key.pem'})).toMatchObject({cert: '/etc/ssl/client.pem', key: '/etc/ssl/client-key.pem'});
		expect(() => validateProfile({...work, cert: 'client.pem'})).toThrow('profile client certificate file must be an absolute path, not "client.pem"');
		expect(() => validateProfile({...work, key: '/etc/ssl/client-key.pem'})).toThrow('profile client key file is given without a client certificate file (cert)');
	});

	it('reads the password from the named environment variable', async () => {
		const profile = validateProfile({...work, passwordEnv: 'WORK_SMTP_PASSWORD'});
		expect(profilePassword(profile, {WORK_SMTP_PASSWORD: 'from-env'})).toBe('from-env');
		expect(profilePassword(profile, {})).toBeUndefined();
		// Empty is as good as unset: the caller falls through to SMTP_PASSWORD or the prompt, as for an unset one.
		expect(profilePassword(profile, {WORK_SMTP_PASSWORD: ''})).toBeUndefined();
		expect(profilePassword({...profile, password: 'saved'}, {WORK_SMTP_PASSWORD: 'from-env'})).toBe('saved');
	});

	it('names the known profiles when asked for an unknown one', async () => {
		const dir = await tempDir();
		await expect(loadProfile('home', {dir})).rejects.toThrow('no profiles are saved yet');
		await saveProfile(work, {dir, savePassword: false});
		await saveProfile({...work, name: 'lab'}, {dir, savePassword: false});
		const error = await loadProfile('home', {dir}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SmtpInputError);
		expect((error as Error).message).toBe('no profile named "home"; known profiles: lab, work');
		await expect(deleteProfile('home', {dir})).rejects.toThrow('known profiles: lab, work');
	});

	it.each([
		[{host: ''}, 'profile host'],
		[{host: 'smtp example.com'}, 'profile host'],
		[{port: 0}, 'profile port'],
		[{port: 65_536}, 'profile port'],
		[{port: 25.5}, 'profile port'],
		[{port: '25'}, 'profile port'],
		[{security: 'ssl'}, 'profile security'],
		[{name: ''}, 'profile name'],
		[{name: 'a\nb'}, 'profile name'],
		[{user: 'me\r\nAUTH PLAIN'}, 'profile user'],
		[{ehloName: 'my host'}, 'profile ehloName'],
		[{password: 'pa\0ss'}, 'profile password'],
		[{passwordEnv: 'MY-VAR'}, 'profile passwordEnv'],
	])('refuses %j, naming the field', async (change, field) => {
		const dir = await tempDir();
		const error = await saveProfile({...work, ...change} as Profile, {dir, savePassword: true}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(SmtpInputError);
		expect((error as SmtpInputError).field).toBe(field);
		// Said in words, not as the file's key.
		expect((error as SmtpInputError).message).not.toMatch(/ehloName|passwordEnv/);
		expect(await readdir(dir)).toEqual([]);
	});

	it('refuses to overwrite a damaged file, naming it', async () => {
		const dir = await tempDir();
		const file = path.join(dir, 'profiles.json');
		await writeFile(file, '{"version": 1, "profiles": [');
		await expect(listProfiles({dir})).rejects.toThrow(`${file} is not valid JSON`);
		await expect(saveProfile(work, {dir, savePassword: false})).rejects.toThrow(file);
		expect(await readFile(file, 'utf8')).toBe('{"version": 1, "profiles": [');

		await writeFile(file, '{"version": "one", "profiles": []}');
		await expect(listProfiles({dir})).rejects.toThrow(`${file} is not a version 1 profiles file`);
		await expect(deleteProfile('work', {dir})).rejects.toThrow(`${file} is not a version 1 profiles file`);
		expect(await readFile(file, 'utf8')).toBe('{"version": "one", "profiles": []}');
	});

	it('uses SMTP_TUI_CONFIG_DIR when no folder is given', async () => {
		const dir = await tempDir();
		expect(configDir({SMTP_TUI_CONFIG_DIR: dir})).toBe(dir);
		await saveProfile(work, {env: {SMTP_TUI_CONFIG_DIR: dir}, savePassword: false});
		expect(await readdir(dir)).toEqual(['profiles.json']);
	});

	it('a folder that cannot be used is a ProfilesFileError saying what failed, where, and what to do', async () => {
		const file = path.join(await tempDir(), 'in-the-way');
		await writeFile(file, '');
		const dir = path.join(file, 'config');
		const save = saveProfile(work, {dir, savePassword: false});
		await expect(save).rejects.toThrow(ProfilesFileError);
		await expect(save).rejects.toThrow(`cannot save profile "work": ${file} is a file, in the way of the config folder ${dir}`);
		await expect(deleteProfile('work', {dir})).rejects.toThrow(`cannot delete profile "work": ${file} is a file`);
		await expect(listProfiles({dir})).rejects.toMatchObject({message: `cannot read the profiles: ${file} is a file, in the way of the config folder ${dir}`, hint: `move ${file} away, or set SMTP_TUI_CONFIG_DIR to a folder you can write`});
		// Not a system error: left as it is.
		const plain = new Error('x');
		expect(await profilesFileError(plain, 'save', dir)).toBe(plain);
	});
});

describe('validateProfile: a hand-edited entry (from mutation testing)', () => {
	const tcp = {name: 'work', host: 'smtp.example.com', port: 587, security: 'starttls'};

	it('takes the bounds and trims the name and host; an empty optional field is no field; lmtp false is no LMTP', () => {
		expect(validateProfile({...tcp, port: 65_535}).port).toBe(65_535);
		expect(validateProfile({...tcp, name: 'n'.repeat(64)}).name).toBe('n'.repeat(64));
		expect(validateProfile({...tcp, name: ' work ', host: ' smtp.example.com '})).toEqual(tcp);
		expect(validateProfile({...tcp, user: '', ehloName: ''})).toEqual(tcp);
		expect(validateProfile({...tcp, lmtp: false})).toEqual(tcp);
		expect(validateProfile({...tcp, lmtp: true})).toEqual({...tcp, lmtp: true});
	});

	it('refuses each wrong field, naming it', () => {
		for (const [edit, words] of [
			[{port: 65_536}, 'profile port must be a whole number from 1 to 65535, not 65536'],
			[{name: 'n'.repeat(65)}, 'profile name must be 1 to 64 printable characters'],
			[{ehlo_name: 'laptop'}, 'profile field "ehlo_name" is unknown (did you mean "ehloName"?'],
			[{Port: 25}, 'profile field "Port" is unknown (did you mean "port"?'],
			[{helo: 'laptop'}, 'profile field "helo" is unknown (did you mean "ehloName"?'],
			[{user: 42}, 'profile user must be text'],
			[{user: 'a\nb'}, 'profile user must not contain line breaks (CR, LF) or NUL'],
			[{lmtp: 'yes'}, 'profile LMTP setting must be true or false, not "yes"'],
			[{ehloName: 'my laptop'}, 'profile EHLO name must be a domain or address literal without spaces'],
			[{passwordEnv: 'WORK-PASSWORD'}, 'profile password variable must be an environment variable name (letters, digits, _), not "WORK-PASSWORD"'],
			[{family: 5}, 'profile address family must be 4 or 6, not 5'],
			[{localAddress: 'laptop'}, 'profile local address must be an IP address, not "laptop"'],
			[{proxy: 3}, 'profile PROXY protocol version must be 1 or 2, not 3'],
		] as const) {
			expect(() => validateProfile({...tcp, ...edit}), JSON.stringify(edit)).toThrow(words);
		}
	});
});
