// Connection profiles in the user's config folder (SMTP_TUI_CONFIG_DIR overrides it, for tests). A password is
// stored only when the user opts in for that profile; the file is always written 0600 and replaced atomically.
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import envPaths from 'env-paths';
import type {Security} from '../session/types.js';
import {SmtpInputError} from '../smtp/types.js';
import {writeFileAtomic} from './atomic-write.js';

export type Profile = {
	name: string;
	host: string;
	port: number;
	security: Security;
	user?: string;
	ehloName?: string;
	/** Saved only when the user opted in for this profile. */
	password?: string;
	/** Name of an environment variable holding the password. */
	passwordEnv?: string;
	/** Absolute path of a CA certificate (PEM) to trust besides the system ones, read each time the profile is used. */
	ca?: string;
};

export type ProfileStoreOptions = {
	/** Folder for profiles.json; default SMTP_TUI_CONFIG_DIR, else the platform's config folder. */
	dir?: string;
	env?: NodeJS.ProcessEnv;
};

const FILE_VERSION = 1;
const SECURITY: readonly Security[] = ['none', 'starttls', 'tls'];
const OPTIONAL_TEXT = ['user', 'ehloName', 'password', 'passwordEnv', 'ca'] as const;

/** Where profiles are kept: SMTP_TUI_CONFIG_DIR, else env-paths' config folder for "smtp-tui". */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.SMTP_TUI_CONFIG_DIR || envPaths('smtp-tui', {suffix: ''}).config;
}

const profilesFile = (options: ProfileStoreOptions) => path.join(options.dir ?? configDir(options.env), 'profiles.json');

/** Field names as people say them, for the errors. */
const FIELD_WORDS: Record<string, string> = {ehloName: 'EHLO name', passwordEnv: 'password variable', ca: 'CA file'};

/** Checks every field and returns a clean copy (unknown keys dropped). Errors name the field. */
export function validateProfile(input: Record<string, unknown>): Profile {
	const refuse = (field: string, why: string): never => {
		throw new SmtpInputError(`profile ${FIELD_WORDS[field] ?? field} ${why}`, `profile ${field}`);
	};
	const text = (field: string, value: unknown): string => {
		if (typeof value !== 'string') refuse(field, 'must be text');
		if (/[\r\n\0]/.test(value as string)) refuse(field, 'must not contain line breaks (CR, LF) or NUL');
		return value as string;
	};
	const name = text('name', input.name).trim();
	if (name === '' || name.length > 64 || /[\x00-\x1f\x7f]/.test(name)) refuse('name', 'must be 1 to 64 printable characters');
	const host = text('host', input.host).trim();
	if (host === '' || /\s/.test(host)) refuse('host', `must be a host name or address, not ${JSON.stringify(host)}`);
	const port = input.port;
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) refuse('port', `must be a whole number from 1 to 65535, not ${JSON.stringify(port)}`);
	if (!SECURITY.includes(input.security as Security)) refuse('security', `must be one of ${SECURITY.join(', ')}, not ${JSON.stringify(input.security)}`);
	const profile: Profile = {name, host, port: port as number, security: input.security as Security};
	for (const field of OPTIONAL_TEXT) {
		if (input[field] !== undefined && input[field] !== '') profile[field] = text(field, input[field]);
	}
	if (profile.ehloName !== undefined && /\s/.test(profile.ehloName)) refuse('ehloName', 'must be a domain or address literal without spaces');
	if (profile.passwordEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(profile.passwordEnv)) {
		refuse('passwordEnv', `must be an environment variable name (letters, digits, _), not ${JSON.stringify(profile.passwordEnv)}`);
	}
	// Relative to what? The folder the profile is used from changes; only an absolute path means one file.
	if (profile.ca !== undefined && !path.isAbsolute(profile.ca)) refuse('ca', `must be an absolute path, not ${JSON.stringify(profile.ca)}`);
	return profile;
}

async function readProfiles(file: string): Promise<Profile[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	let data: {version?: unknown; profiles?: unknown};
	try {
		data = JSON.parse(text) as typeof data;
	} catch (error) {
		throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it or move it away`);
	}
	if (data.version !== FILE_VERSION || !Array.isArray(data.profiles)) throw new Error(`${file} is not a version ${FILE_VERSION} profiles file; fix it or move it away`);
	return data.profiles.map((profile: Record<string, unknown>) => {
		try {
			return validateProfile(profile);
		} catch (error) {
			throw new Error(`${file}: ${(error as Error).message}`);
		}
	});
}

async function writeProfiles(file: string, profiles: Profile[]): Promise<void> {
	const sorted = [...profiles].sort((a, b) => a.name.localeCompare(b.name));
	await writeFileAtomic(file, `${JSON.stringify({version: FILE_VERSION, profiles: sorted}, null, '\t')}\n`, {mode: 0o600});
}

function unknownProfile(name: string, profiles: Profile[]): SmtpInputError {
	const known = profiles.length > 0 ? `known profiles: ${profiles.map(profile => profile.name).join(', ')}` : 'no profiles are saved yet';
	return new SmtpInputError(`no profile named ${JSON.stringify(name)}; ${known}`, 'profile');
}

/** Every saved profile, sorted by name. */
export async function listProfiles(options: ProfileStoreOptions = {}): Promise<Profile[]> {
	return readProfiles(profilesFile(options));
}

export async function loadProfile(name: string, options: ProfileStoreOptions = {}): Promise<Profile> {
	const profiles = await listProfiles(options);
	const profile = profiles.find(candidate => candidate.name === name);
	if (!profile) throw unknownProfile(name, profiles);
	return profile;
}

/** Adds or replaces the profile of that name. The password is kept only with savePassword, then with a warning. */
export async function saveProfile(
	profile: Profile,
	options: ProfileStoreOptions & {savePassword: boolean},
): Promise<{warning?: string}> {
	const {password, ...rest} = validateProfile(profile);
	const clean: Profile = options.savePassword && password !== undefined ? {...rest, password} : rest;
	const file = profilesFile(options);
	const profiles = (await readProfiles(file)).filter(candidate => candidate.name !== clean.name);
	await writeProfiles(file, [...profiles, clean]);
	if (clean.password === undefined) return {};
	const access = process.platform === 'win32' ? 'protected only by your account folder permissions' : 'readable only by you (mode 0600)';
	return {
		warning: `The password for profile "${clean.name}" is saved unencrypted in ${file}, ${access}. To keep it off disk, save the profile again with --password-env VARIABLE (the name of an environment variable) instead of --save-password.`,
	};
}

export async function deleteProfile(name: string, options: ProfileStoreOptions = {}): Promise<void> {
	const file = profilesFile(options);
	const profiles = await readProfiles(file);
	if (!profiles.some(profile => profile.name === name)) throw unknownProfile(name, profiles);
	await writeProfiles(file, profiles.filter(profile => profile.name !== name));
}

/** The profile's password: the saved one, else the named environment variable's value. */
export function profilePassword(profile: Profile, env: NodeJS.ProcessEnv = process.env): string | undefined {
	return profile.password ?? (profile.passwordEnv === undefined ? undefined : env[profile.passwordEnv]);
}
