// Connection profiles in the user's config folder (SMTP_TUI_CONFIG_DIR overrides it, for tests). A password is
// stored only when the user opts in for that profile; the file is always written 0600 and replaced atomically.
// Saves and deletes hold a lock file next to it, so parallel runs never overwrite each other's changes.
import {readFile, stat} from 'node:fs/promises';
import {isIP} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {SmtpInputError, type TlsPolicy} from '../smtp/types.js';
import {shellWord} from '../text/shell-word.js';
import {writeFileAtomic} from './atomic-write.js';
import {isStaleLock, lockToken, readLockHolder, releaseLock, takeOverLock, tryCreateLock, type LockHolder} from './lock-file.js';
import {makeDirectory} from './make-directory.js';
import {rootOwnedCause} from './root-owned.js';
import {NoHomeFolder, userFolder} from './user-folders.js';

/** A profile's security: a choice made, never `auto`. */
type Security = Exclude<TlsPolicy, 'auto'>;

/** What every profile may hold, whatever it connects to. */
type ProfileCommon = {
	name: string;
	/** --lmtp: speak LMTP (RFC 2033), to a host or on a socket. */
	lmtp?: true;
	user?: string;
	ehloName?: string;
	/** Saved only when the user opted in for this profile. */
	password?: string;
	/** Name of an environment variable holding the password. */
	passwordEnv?: string;
	/** Absolute path of a CA certificate (PEM) to trust besides the system ones, read each time the profile is used. */
	ca?: string;
	/** Absolute path of the client certificate (PEM) offered when a server asks for one; read each time, never copied. */
	cert?: string;
	/** Absolute path of its private key, when it is not in the certificate file: the path only, never the key. */
	key?: string;
	/** -4 or -6: this family's addresses only. */
	family?: 4 | 6;
	/** --local-address: the address of this machine to connect from. */
	localAddress?: string;
	/** --proxy: a PROXY protocol header of this version goes first (a port behind a load balancer). */
	proxy?: 1 | 2;
};

/** A server reached over TCP: its host, port and security. */
export type HostProfile = ProfileCommon & {host: string; port: number; security: Security; socket?: undefined};

/**
 * A server on a Unix socket of this machine (--socket: Dovecot's LMTP, say): its absolute path, with no host, port,
 * TLS, certificate, address family, local address or PROXY header, which only a TCP connection has.
 */
export type SocketProfile = ProfileCommon & {socket: string; host?: undefined; port?: undefined; security?: undefined} & {[K in (typeof TCP_ONLY)[number]]?: undefined};

export type Profile = HostProfile | SocketProfile;

/** A profile's fields that only a TCP connection has: none goes with a socket. */
export const TCP_ONLY = ['ca', 'cert', 'key', 'family', 'localAddress', 'proxy'] as const;

type ProfileStoreOptions = {
	/** Folder for profiles.json; default SMTP_TUI_CONFIG_DIR, else the platform's config folder. */
	dir?: string;
	env?: NodeJS.ProcessEnv;
	/** How long a save or delete waits for another one to finish; default 5 s (tests make it short). */
	lockWaitMs?: number;
};

/** Another process kept the profiles file locked for longer than a save may wait. */
export class ProfilesLockedError extends Error {
	override name = 'ProfilesLockedError';
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** The config folder or the profiles file could not be used (a file in the way, no permission): what to do. */
export class ProfilesFileError extends Error {
	override name = 'ProfilesFileError';
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/** The first of `dir` and its parents that exists and is no folder: the file in the way. */
async function fileInTheWay(dir: string): Promise<string | undefined> {
	for (let folder = path.resolve(dir); ; folder = path.dirname(folder)) {
		const info = await stat(folder).catch(() => undefined);
		if (info) return info.isDirectory() ? undefined : folder;
		if (path.dirname(folder) === folder) return undefined;
	}
}

/**
 * A system error of the store in words: `doing` is what failed ("save profile "work""), `dir` the config folder.
 * Anything else (invalid JSON, an unknown name, the lock) comes back as it is.
 */
export async function profilesFileError(error: unknown, doing: string, dir: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
	const {code, path: where = dir} = error as NodeJS.ErrnoException;
	if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return error;
	const elsewhere = `${env.SMTP_TUI_CONFIG_DIR ? 'point SMTP_TUI_CONFIG_DIR at' : 'set SMTP_TUI_CONFIG_DIR to'} a folder you can write`;
	const fail = (why: string, fix?: string) => new ProfilesFileError(`cannot ${doing}: ${why}`, fix ? `${fix}, or ${elsewhere}` : elsewhere);
	switch (code) {
		case 'ENOTDIR': {
			const blocker = (await fileInTheWay(dir)) ?? where;
			return fail(blocker === path.resolve(dir) ? `the config folder ${dir} is a file` : `${blocker} is a file, in the way of the config folder ${dir}`, `move ${blocker} away`);
		}
		case 'EACCES':
		case 'EPERM': {
			const root = await rootOwnedCause(error);
			if (root) return fail(`permission denied on ${where}: ${root.path} belongs to root (left by a run with sudo)`, `give it back to you with ${root.fix}`);
			return fail(`permission denied on ${where}`, `make ${dir} readable and writable for you`);
		}
		case 'EROFS':
			return fail(`${where} is on a read-only file system`);
		case 'ENOENT':
			// mkdir found no parent to make it in (under /proc, or a folder removed meanwhile).
			return fail(`the config folder ${dir} cannot be made${where === dir ? '' : ` (no ${path.dirname(where)} to make ${where} in)`}`);
		case 'ENOSPC':
			return fail(`no space left on the disk of ${dir}`, 'free some space');
		default:
			return fail(`${where}: ${code}`);
	}
}

// Older versions use a version 1 entry with the fields they know and ignore the rest (those of 5 December used a
// profile with --proxy 2 or -4 without them). A new field that changes how a profile connects takes a new
// version: older versions then refuse the file, naming the newer smtp-tui, rather than connect otherwise.
const FILE_VERSION = 1;
const SECURITY: readonly Security[] = ['none', 'starttls', 'tls'];
const OPTIONAL_TEXT = ['user', 'ehloName', 'password', 'passwordEnv', 'ca', 'cert', 'key', 'localAddress'] as const;
/** Fields that name a file: only an absolute path means one file, whatever folder the profile is used from. */
const PATHS = ['ca', 'cert', 'key'] as const;

/** Where profiles are kept: SMTP_TUI_CONFIG_DIR, else smtp-tui's config folder (a NoHomeFolder when it has none). */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
	return env.SMTP_TUI_CONFIG_DIR || userFolder('config', env);
}

/** profiles.json's path; with no home folder to find it in (and no SMTP_TUI_CONFIG_DIR), a ProfilesFileError saying so. */
function profilesFile(options: ProfileStoreOptions, doing: string): string {
	try {
		return path.join(options.dir ?? configDir(options.env), 'profiles.json');
	} catch (error) {
		if (error instanceof NoHomeFolder) throw new ProfilesFileError(`cannot ${doing}: ${error.message}`, 'set HOME, or set SMTP_TUI_CONFIG_DIR to a folder you can write');
		throw error;
	}
}

/** Field names as people say them, for the errors. */
const FIELD_WORDS: Record<string, string> = {socket: 'socket', lmtp: 'LMTP setting', ehloName: 'EHLO name', passwordEnv: 'password variable', ca: 'CA file', cert: 'client certificate file', key: 'client key file', family: 'address family', localAddress: 'local address', proxy: 'PROXY protocol version'};

const FIELDS = ['name', 'host', 'port', 'security', 'socket', 'lmtp', ...OPTIONAL_TEXT, 'family', 'proxy'];
/** Keys a hand edit may use for a field of another name. */
const MEANT: Record<string, string> = {helo: 'ehloName', ehlo: 'ehloName', tls: 'security', username: 'user', cafile: 'ca'};

type Refuse = (field: string, why: string) => never;

/** A TCP profile's host, port and security, checked. */
function hostPart(input: Record<string, unknown>, text: (field: string, value: unknown) => string, refuse: Refuse): Omit<HostProfile, 'name'> {
	const host = text('host', input.host).trim();
	if (host === '' || /\s/.test(host)) refuse('host', `must be a host name or address, not ${JSON.stringify(host)}`);
	const port = input.port;
	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) refuse('port', port === undefined ? 'is missing (a whole number from 1 to 65535)' : `must be a whole number from 1 to 65535, not ${JSON.stringify(port)}`);
	if (!SECURITY.includes(input.security as Security)) refuse('security', `must be one of ${SECURITY.join(', ')}, not ${JSON.stringify(input.security)}`);
	return {host, port: port as number, security: input.security as Security};
}

/**
 * A socket profile's path, absolute (the profile is used from any folder), and none of the fields only TCP has: a
 * hand edit that gives both would leave the reader guessing which one connects.
 */
function socketPart(input: Record<string, unknown>, text: (field: string, value: unknown) => string, refuse: Refuse): Omit<SocketProfile, 'name'> {
	const socket = text('socket', input.socket).trim();
	if (!path.isAbsolute(socket)) refuse('socket', `must be an absolute path, not ${JSON.stringify(socket)}`);
	const tcp = ['host', 'port', 'security', ...TCP_ONLY].filter(field => input[field] !== undefined);
	if (tcp.length > 0) refuse('socket', `goes with no ${tcp.map(field => FIELD_WORDS[field] ?? field).join(', ')}: a Unix socket is on this machine, with no host, port or TLS (keep one: the socket, or the host and port)`);
	return {socket};
}

/** Checks every field and returns a clean copy (other keys dropped). Errors name the field; a misspelt one too. */
export function validateProfile(input: Record<string, unknown>): Profile {
	const refuse = (field: string, why: string): never => {
		throw new SmtpInputError(`profile ${FIELD_WORDS[field] ?? field} ${why}`, `profile ${field}`);
	};
	// Other keys are the user's own (a "note"), but one meant for a field must not be dropped silently: "helo"
	// would leave the machine's name sent instead of the one the user wrote.
	for (const key of Object.keys(input).filter(key => !FIELDS.includes(key))) {
		const folded = key.toLowerCase().replace(/[-_]/g, '');
		const meant = MEANT[folded] ?? FIELDS.find(field => field.toLowerCase() === folded);
		if (meant) throw new SmtpInputError(`profile field ${JSON.stringify(key)} is unknown (did you mean "${meant}"? the fields are ${FIELDS.join(', ')})`, `profile ${key}`);
	}
	const text = (field: string, value: unknown): string => {
		if (typeof value !== 'string') refuse(field, 'must be text');
		if (/[\r\n\0]/.test(value as string)) refuse(field, 'must not contain line breaks (CR, LF) or NUL');
		return value as string;
	};
	const name = text('name', input.name).trim();
	if (name === '' || name.length > 64 || /[\x00-\x1f\x7f]/.test(name)) refuse('name', 'must be 1 to 64 printable characters');
	const profile = {name, ...(input.socket === undefined ? hostPart(input, text, refuse) : socketPart(input, text, refuse))} as Profile;
	if (input.lmtp !== undefined && typeof input.lmtp !== 'boolean') refuse('lmtp', `must be true or false, not ${JSON.stringify(input.lmtp)}`);
	if (input.lmtp === true) profile.lmtp = true;
	for (const field of OPTIONAL_TEXT) {
		if (input[field] !== undefined && input[field] !== '') profile[field] = text(field, input[field]);
	}
	if (profile.ehloName !== undefined && /\s/.test(profile.ehloName)) refuse('ehloName', 'must be a domain or address literal without spaces');
	if (profile.passwordEnv !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(profile.passwordEnv)) {
		refuse('passwordEnv', `must be an environment variable name (letters, digits, _), not ${JSON.stringify(profile.passwordEnv)}`);
	}
	// Relative to what? The folder the profile is used from changes; only an absolute path means one file.
	for (const field of PATHS) {
		if (profile[field] !== undefined && !path.isAbsolute(profile[field])) refuse(field, `must be an absolute path, not ${JSON.stringify(profile[field])}`);
	}
	if (profile.key !== undefined && profile.cert === undefined) refuse('key', 'is given without a client certificate file (cert)');
	if (input.family !== undefined) {
		if (input.family !== 4 && input.family !== 6) refuse('family', `must be 4 or 6, not ${JSON.stringify(input.family)}`);
		profile.family = input.family as 4 | 6;
	}
	if (profile.localAddress !== undefined) {
		const version = isIP(profile.localAddress);
		if (version === 0) refuse('localAddress', `must be an IP address, not ${JSON.stringify(profile.localAddress)}`);
		if (profile.family !== undefined && version !== profile.family) refuse('localAddress', `${profile.localAddress} is IPv${version}, and the profile's family is IPv${profile.family}`);
	}
	if (input.proxy !== undefined) {
		if (input.proxy !== 1 && input.proxy !== 2) refuse('proxy', `must be 1 or 2, not ${JSON.stringify(input.proxy)}`);
		profile.proxy = input.proxy as 1 | 2;
	}
	return profile;
}

/** A named entry of profiles.json that validateProfile refuses (a hand edit): kept in the file, used by no command. */
export type UnusableProfile = {name: string; reason: string};

/** What profiles.json holds: one bad entry blocks only itself, so every other profile stays usable. */
export type ProfilesContent = {
	file: string;
	/** The usable profiles, in file order. */
	profiles: Profile[];
	unusable: UnusableProfile[];
	/** Entries without a usable name (not text, or empty): no command can address them. */
	nameless: number;
};

/** One entry as read; every entry is written back as it was read (`raw`), a newly saved one as its clean copy. */
type Entry = {raw: unknown; name?: string; profile?: Profile; reason?: string};

function readEntry(raw: unknown): Entry {
	const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).name : undefined;
	const name = typeof given === 'string' ? given.trim() : '';
	if (name === '') return {raw};
	try {
		return {raw, name, profile: validateProfile(raw as Record<string, unknown>)};
	} catch (error) {
		if (!(error instanceof SmtpInputError)) throw error;
		// validateProfile says "profile host must be ...": of an entry already named, "its host must be ...".
		return {raw, name, reason: error.message.replace(/^profile /, 'its ')};
	}
}

/** The file's entries; only a file that is not JSON, or not version 1 (a newer smtp-tui's, say), is refused as a whole. */
async function readEntries(file: string): Promise<Entry[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	// Nothing in it (`touch profiles.json`): no profiles, and the first save writes it.
	if (text.trim() === '') return [];
	let data: {version?: unknown; profiles?: unknown};
	try {
		// JSON that is no object (null, a list) is not a profiles file either: said as that below, not as a crash.
		data = Object(JSON.parse(text)) as typeof data;
	} catch (error) {
		throw new Error(`${file} is not valid JSON (${(error as Error).message}); fix it or move it away`);
	}
	// Not read even in part: a field this version does not know may change how a profile connects (its TLS, say).
	if (typeof data.version === 'number' && Number.isInteger(data.version) && data.version > FILE_VERSION) {
		throw new Error(`${file} was written by a newer smtp-tui (profiles version ${data.version}; this one reads version ${FILE_VERSION}), and is left as it is: use that smtp-tui (npx smtp-tui@latest), or set SMTP_TUI_CONFIG_DIR to another folder for this one's profiles`);
	}
	if (data.version !== FILE_VERSION || !Array.isArray(data.profiles)) throw new Error(`${file} is not a version ${FILE_VERSION} profiles file; fix it or move it away`);
	// A name given twice (a hand edit): the first entry is the profile; a later one is said, not silently shadowed.
	const seen = new Set<string>();
	return data.profiles.map(readEntry).map(entry => {
		if (entry.name === undefined) return entry;
		if (!seen.has(entry.name)) {
			seen.add(entry.name);
			return entry;
		}
		return {raw: entry.raw, name: entry.name, reason: 'its name is given twice in the file: the first entry of that name is the one used'};
	});
}

/** Sorted by name; entries without one last, in their order. Each as it was read (a user's own "note" stays). */
async function writeEntries(file: string, entries: Entry[]): Promise<void> {
	const named = entries.filter(entry => entry.name !== undefined).sort((a, b) => a.name!.localeCompare(b.name!));
	const profiles = [...named, ...entries.filter(entry => entry.name === undefined)].map(entry => entry.raw);
	await writeFileAtomic(file, `${JSON.stringify({version: FILE_VERSION, profiles}, null, '\t')}\n`, {mode: 0o600});
}

/** `names`: every name in the file, usable or not: an unusable one is still there, to delete or save again. */
function unknownProfile(name: string, names: string[]): SmtpInputError {
	const known = names.length > 0 ? `known profiles: ${names.join(', ')}` : 'no profiles are saved yet';
	return new SmtpInputError(`no profile named ${JSON.stringify(name)}; ${known}`, 'profile');
}

export {shellWord} from '../text/shell-word.js';

/** A profile that is in the file but cannot be used: which, where, why, and the ways out. */
export class UnusableProfileError extends Error {
	override name = 'UnusableProfileError';
	readonly hint: string;
	constructor(profile: UnusableProfile, file: string) {
		super(`profile "${profile.name}" in ${file} cannot be used: ${profile.reason}`);
		const name = shellWord(profile.name);
		this.hint = `fix it in that file, save it again (smtp-tui profile save ${name} --host ...), or delete it (smtp-tui profile delete ${name})`;
	}
}

/** Everything profiles.json holds. `doing`, for a system error: what the read is for (default "read the profiles"). */
export async function readProfilesContent(options: ProfileStoreOptions & {doing?: string} = {}): Promise<ProfilesContent> {
	const doing = options.doing ?? 'read the profiles';
	const file = profilesFile(options, doing);
	let entries: Entry[];
	try {
		entries = await readEntries(file);
	} catch (error) {
		throw await storeError(error, doing, options);
	}
	return {
		file,
		profiles: entries.flatMap(entry => entry.profile ?? []),
		unusable: entries.flatMap(entry => (entry.reason === undefined ? [] : [{name: entry.name!, reason: entry.reason}])),
		nameless: entries.filter(entry => entry.name === undefined).length,
	};
}

/** Every usable profile, in file order (sorted by name, unless edited by hand). */
export async function listProfiles(options: ProfileStoreOptions & {doing?: string} = {}): Promise<Profile[]> {
	return (await readProfilesContent(options)).profiles;
}

const storeError = (error: unknown, doing: string, options: ProfileStoreOptions) => profilesFileError(error, doing, options.dir ?? configDir(options.env), options.env);

/** The named profile; one in the file that cannot be used is an UnusableProfileError. */
export async function loadProfile(name: string, options: ProfileStoreOptions = {}): Promise<Profile> {
	const {file, profiles, unusable} = await readProfilesContent(options);
	const profile = profiles.find(candidate => candidate.name === name);
	if (profile) return profile;
	const bad = unusable.find(candidate => candidate.name === name);
	if (bad) throw new UnusableProfileError(bad, file);
	throw unknownProfile(name, [...profiles, ...unusable].map(candidate => candidate.name));
}

/**
 * Adds or replaces the profile of that name (an unusable one too). The password is kept only with savePassword,
 * then with a warning. `previous` is the profile it replaced, read under the lock: what was really there;
 * `unusable`, the entry it replaced when that one could not be used. Other entries stay as they were.
 */
export async function saveProfile(
	profile: Profile,
	options: ProfileStoreOptions & {savePassword: boolean},
): Promise<{warning?: string; previous?: Profile; unusable?: UnusableProfile}> {
	const {password, ...rest} = validateProfile(profile);
	const clean: Profile = options.savePassword && password !== undefined ? {...rest, password} : rest;
	const doing = `save profile ${JSON.stringify(clean.name)}`;
	const file = profilesFile(options, doing);
	const previous = await withProfilesLock(file, options, async () => {
		const entries = await readEntries(file);
		await writeEntries(file, [...entries.filter(entry => entry.name !== clean.name), {raw: clean, name: clean.name}]);
		return entries.find(entry => entry.name === clean.name);
	}).catch(async (error: unknown) => {
		throw await storeError(error, doing, options);
	});
	const replaced = previous?.profile ? {previous: previous.profile} : previous?.reason !== undefined ? {unusable: {name: clean.name, reason: previous.reason}} : {};
	if (clean.password === undefined) return replaced;
	const access = process.platform === 'win32' ? 'protected only by your account folder permissions' : 'readable only by you (mode 0600)';
	return {
		...replaced,
		warning: `The password for profile "${clean.name}" is saved unencrypted in ${file}, ${access}. To keep it off disk, save the profile again with --password-env VARIABLE (the name of an environment variable) instead of --save-password.`,
	};
}

/** Removes the profile of that name, usable or not; every other entry stays as it was. */
/** Removes every entry of that name; returns how many there were (more than one only in a hand-edited file). */
export async function deleteProfile(name: string, options: ProfileStoreOptions = {}): Promise<number> {
	const doing = `delete profile ${JSON.stringify(name)}`;
	const file = profilesFile(options, doing);
	return withProfilesLock(file, options, async () => {
		const entries = await readEntries(file);
		const removed = entries.filter(entry => entry.name === name).length;
		if (removed === 0) throw unknownProfile(name, entries.flatMap(entry => entry.name ?? []));
		await writeEntries(file, entries.filter(entry => entry.name !== name));
		return removed;
	}).catch(async (error: unknown) => {
		throw await storeError(error, doing, options);
	});
}

/** The profile's password: the saved one, else the named environment variable's value. An empty variable counts as unset. */
export function profilePassword(profile: Profile, env: NodeJS.ProcessEnv = process.env): string | undefined {
	return profile.password ?? (profile.passwordEnv === undefined ? undefined : env[profile.passwordEnv] || undefined);
}

// The lock: profiles.json.lock, created exclusively, naming who made it. Every change takes milliseconds, so a
// lock older than LOCK_STALE_MS, or one whose process is gone (the shared rules of lock-file.ts), was left by a crash
// and is taken over.
const LOCK_WAIT_MS = 5_000;
const LOCK_STALE_MS = 10_000;
/** The tokens of the locks this process holds now: a lock naming its pid with another token was left by an earlier process with that pid. */
const heldTokens = new Set<string>();

/** Runs `change` holding the lock of `file`; the lock goes whatever `change` does. */
async function withProfilesLock<T>(file: string, options: ProfileStoreOptions, change: () => Promise<T>): Promise<T> {
	const lock = `${file}.lock`;
	await makeDirectory(path.dirname(file), 0o700);
	// Known as ours before the lock is made: another save of this process may read it while it is being written.
	const token = lockToken();
	heldTokens.add(token);
	try {
		await acquireLock(lock, token, options.lockWaitMs ?? LOCK_WAIT_MS);
		try {
			return await change();
		} finally {
			await releaseLock(lock, token);
		}
	} finally {
		heldTokens.delete(token);
	}
}

async function acquireLock(lock: string, token: string, waitMs: number): Promise<void> {
	const deadline = Date.now() + waitMs;
	for (;;) {
		if (await tryCreateLock(lock, token)) return;
		const holder = await readLockHolder(lock);
		if (holder !== undefined && (await isStale(lock, holder))) await takeOverLock(lock, holder);
		else if (Date.now() >= deadline) throw lockedError(lock, holder, waitMs);
		// No holder: it was released meanwhile, so try again at once. Else wait, with jitter so that the
		// waiting processes do not all retry in step.
		else if (holder !== undefined) await sleep(10 + Math.random() * 30);
	}
}

/**
 * The shared rules, with `ours` from the tokens this process holds. A lock of this process released (its token
 * forgotten) between the read and that look would pass for an earlier process's: stale only if it is still there.
 */
async function isStale(lock: string, holder: LockHolder): Promise<boolean> {
	if (!isStaleLock(holder, {staleMs: LOCK_STALE_MS, ours: heldTokens.has(holder.text)})) return false;
	const now = await readLockHolder(lock);
	return now?.text === holder.text && now.mtimeMs === holder.mtimeMs;
}

function lockedError(lock: string, holder: LockHolder | undefined, waitMs: number): ProfilesLockedError {
	const where = holder?.host === undefined || holder.host === os.hostname() ? '' : ` on ${holder.host}`;
	const who = holder?.pid === undefined ? 'another process' : `another process (pid ${holder.pid}${where})`;
	return new ProfilesLockedError(
		`the profiles file is locked: ${who} was still changing it after ${waitMs / 1000} s (lock file ${lock})`,
		`try again; if no smtp-tui is saving or deleting a profile, delete ${lock}`,
	);
}
