// `--profile NAME`: fills a saved connection profile into a command's flags. Flags the user typed win.
import {accessSync, constants} from 'node:fs';
import {describeFileError} from '../text/file-errors.js';
import {profilePassword, ProfilesFileError, readProfilesContent, UnusableProfileError, type HostProfile, type Profile, type ProfilesContent, type SocketProfile} from '../message/profiles.js';
import {UsageError} from './command.js';
import {closest} from './flags.js';
import {familyOf} from '../transport/address-family.js';
import {checkEhloName, checkHost, hostAndPort} from './host-checks.js';
import {checkPassword, type ConnectionOptions} from './connection-flags.js';
import {readCaFile} from './ca-file.js';
import {refuseNotUtf8} from './not-utf8.js';
import {socketClashes} from './socket-flag.js';
import {readClientCertificate} from './client-certificate-file.js';

/**
 * Reads the profiles file, turning a broken file into a UsageError (exit 1, no stack trace). `doing`: what the read
 * is for, as the error says it ("save profile "work"": a save that fails here fails as a save). A bad entry is no
 * broken file: it comes back among `unusable`.
 */
export async function readProfiles(env: NodeJS.ProcessEnv, doing = 'read the profiles'): Promise<ProfilesContent> {
	try {
		return await readProfilesContent({env, doing});
	} catch (error) {
		if (error instanceof ProfilesFileError) throw new UsageError(error.message, error.hint);
		throw new UsageError(`cannot ${doing}: ${(error as Error).message}`);
	}
}

/**
 * The named entry, usable (`profile`) or not (`unusable`), for delete; an unknown name is a UsageError listing the
 * saved names, with "did you mean" when close.
 */
export async function findEntry(name: string, env: NodeJS.ProcessEnv, doing?: string): Promise<{profile?: Profile; unusable?: UnusableProfileError}> {
	const {file, profiles, unusable} = await readProfiles(env, doing);
	const profile = profiles.find(candidate => candidate.name === name);
	if (profile) return {profile};
	const bad = unusable.find(candidate => candidate.name === name);
	if (bad) return {unusable: new UnusableProfileError(bad, file)};
	const names = [...profiles, ...unusable].map(candidate => candidate.name);
	const known = names.length > 0 ? `saved profiles: ${names.join(', ')}` : 'no profiles are saved yet';
	const suggestion = closest(name, names, text => text.toLowerCase());
	throw new UsageError(
		`no profile named "${name}"; ${known}`,
		suggestion ? `did you mean "${suggestion}"?` : 'save one with: smtp-tui profile save NAME --host HOST [--port N]',
	);
}

/** The named profile, to use; an unusable one is a UsageError naming it, why, and how to fix it. */
export async function findProfile(name: string, env: NodeJS.ProcessEnv, doing?: string): Promise<Profile> {
	const {profile, unusable} = await findEntry(name, env, doing);
	if (profile) return profile;
	throw new UsageError(unusable!.message, unusable!.hint);
}

/** The profile's CA file for `flags` without --ca; one that went missing since it was saved is named as the profile's. */
function profileCa(profile: Profile, flags: Record<string, unknown>): string | undefined {
	if (flags.ca !== undefined || profile.ca === undefined) return undefined;
	const hint = `save the profile again with --ca FILE, or give --ca FILE here`;
	try {
		accessSync(profile.ca, constants.R_OK);
	} catch (error) {
		throw new UsageError(`profile "${profile.name}" trusts the CA file ${profile.ca}, which cannot be read: ${describeFileError(error, profile.ca)}`, hint);
	}
	// Read again by the command: checked here so that a file no longer PEM is named as the profile's, not as --ca.
	readCaFile(profile.ca, `profile "${profile.name}": CA file`, hint);
	return profile.ca;
}

/**
 * The profile's client certificate and key files for `flags` without --cert (a --cert given replaces both: its key is
 * not the profile's). Checked here, so that a file gone or changed since the save is named as the profile's.
 */
function profileCertificate(profile: Profile, flags: Record<string, unknown>, env: NodeJS.ProcessEnv): {cert?: string; key?: string} {
	if (flags.cert !== undefined || profile.cert === undefined) return {};
	const hint = `save the profile again with --cert FILE (and --key FILE), or give --cert FILE here`;
	const field = (name: string) => `profile "${profile.name}": ${name}`;
	readClientCertificate(profile.cert, profile.key, env, {cert: field('client certificate file'), key: field('client key file'), hint});
	return {cert: profile.cert, ...(profile.key !== undefined && {key: profile.key})};
}

/** The profile's certificate by its subject, for words about it; by its file when that cannot be read. */
function certificateName(profile: Profile, env: NodeJS.ProcessEnv): string {
	try {
		return readClientCertificate(profile.cert!, profile.key, env).subject;
	} catch {
		return profile.cert!;
	}
}

/**
 * A hand-edited profiles.json is checked only for its shape when read: a value the command will use (`used`: no
 * flag replaces it) is checked here, so that its error names the profile's field, not a flag the user did not type.
 */
function checkProfileValues(profile: Profile, used: {host: boolean; helo: boolean; user: boolean}): void {
	const field = (name: string) => `profile "${profile.name}": ${name}`;
	const hint = (flag: string) => `give ${flag} here, or save the profile again with a good one (smtp-tui profile save ${profile.name} --host HOST ...)`;
	if (used.host && profile.host !== undefined) checkHost(profile.host, field('host'), hint('--host'));
	if (used.helo && profile.ehloName !== undefined) checkEhloName(profile.ehloName, field('EHLO name'), hint('--helo'));
	if (used.user) refuseNotUtf8(profile.user, field('user'), {hint: hint('--user')});
}

/** The profile's password (saved, or from its variable), checked as --password is, and named as the profile's. */
function checkedPassword(profile: Profile, password: string): string {
	checkPassword(password, profile.password === undefined ? `$${profile.passwordEnv} (profile "${profile.name}"'s password variable)` : `profile "${profile.name}": saved password`);
	return password;
}

/**
 * The profile's address family (-4/-6) and local address, where no flag gives them, on the profile's own host only
 * (another host may not be reachable that way). A typed -4/-6 (--no-ipv4 too) replaces the family, and a local
 * address of the other family is then left out.
 */
function fillRoute(filled: Record<string, unknown>, flags: Record<string, unknown>, profile: HostProfile, host: string): void {
	if (host.toLowerCase() !== profile.host.toLowerCase()) return;
	const typed = flags.ipv4 !== undefined || flags.ipv6 !== undefined;
	if (!typed && profile.family !== undefined) filled[profile.family === 4 ? 'ipv4' : 'ipv6'] = true;
	const family = flags.ipv4 === true ? 4 : flags.ipv6 === true ? 6 : typed ? undefined : profile.family;
	const local = profile.localAddress;
	if (flags.localAddress === undefined && local !== undefined && (family === undefined || familyOf(local) === family)) filled.localAddress = local;
}

/**
 * The profile's PROXY header (--proxy, its version), where --no-proxy does not drop it, on the profile's own host
 * only (another host is not behind that load balancer). The claimed addresses are never saved: typed ones join it.
 */
function fillProxy(filled: Record<string, unknown>, flags: Record<string, unknown>, profile: HostProfile, host: string): void {
	if (profile.proxy === undefined || flags.proxy === false || host.toLowerCase() !== profile.host.toLowerCase()) return;
	filled.proxy = true;
	if (flags.proxyVersion === undefined) filled.proxyVersion = String(profile.proxy);
}

function profileName(flags: Record<string, unknown>): string | undefined {
	const {profile} = flags;
	if (profile === undefined) return undefined;
	if (typeof profile !== 'string' || profile.trim() === '') throw new UsageError('--profile needs a profile name', 'see smtp-tui profile list');
	return profile.trim();
}

/**
 * Returns flags with the profile's host, port, security (--tls / --starttls / --no-starttls), user, EHLO name, CA file
 * and password filled in wherever the user did not give that flag. Without --profile, flags come back as they are.
 * The password (saved, else the profile's passwordEnv variable) is used only for the profile's own user on the
 * profile's own host: `--host other.example` never receives it.
 */
export async function applyProfile(flags: Record<string, unknown>, env: NodeJS.ProcessEnv, {tlsLater = false}: Pick<ConnectionOptions, 'tlsLater'> = {}): Promise<Record<string, unknown>> {
	const name = profileName(flags);
	if (name === undefined) return flags;
	// A profile names its own server, a host and port or a socket: a second one typed beside it leaves which unsaid.
	if (flags.socket !== undefined) throw new UsageError('--socket cannot be used with --profile: a profile names its own server (a host and port, or a socket)', 'leave --profile out, and give the other settings (--helo, --user) as flags; or save a profile with --socket (smtp-tui profile save NAME --socket PATH)');
	const profile = await findProfile(name, env);
	checkProfileValues(profile, {host: flags.host === undefined, helo: flags.helo === undefined, user: flags.user === undefined});
	const filled: Record<string, unknown> = {...flags};
	const fill = (key: string, value: unknown) => {
		if (filled[key] === undefined && value !== undefined) filled[key] = value;
	};
	// LMTP is the profile's protocol, over its host or socket (--no-lmtp typed speaks SMTP).
	fill('lmtp', profile.lmtp);
	if (profile.socket !== undefined) return fillSocketProfile(filled, flags, profile, env);
	fill('host', profile.host);
	// A typed host:port brings its own port, which the profile's must not contradict.
	if (!(typeof flags.host === 'string' && hostAndPort(flags.host.trim()))) fill('port', profile.port);
	// Security is one choice: an explicit --tls or --starttls/--no-starttls replaces the profile's.
	if (flags.tls === undefined && flags.starttls === undefined) {
		if (profile.security === 'tls') filled.tls = true;
		else filled.starttls = profile.security === 'starttls';
	}
	fill('user', profile.user);
	fill('helo', profile.ehloName);
	// Not over --no-starttls, which checks and offers no certificate, unless the user starts TLS later (talk, the
	// dashboard: see parseConnectionFlags): the profile's CA and client certificate are left out, not refused.
	if (filled.starttls !== false || tlsLater) fill('ca', profileCa(profile, flags));
	if (filled.starttls !== false || tlsLater) {
		const {cert, key} = profileCertificate(profile, flags, env);
		fill('cert', cert);
		fill('key', key);
		if (flags.cert === false && profile.cert !== undefined) withheldCert.set(filled, `--no-cert; profile "${profile.name}" has one: ${certificateName(profile, env)}`);
	}
	fillRoute(filled, flags, profile, String(filled.host));
	fillProxy(filled, flags, profile, String(filled.host));
	// The password only to the profile's own host: `--host other.example` never receives it.
	const otherHost = String(filled.host).toLowerCase() === profile.host.toLowerCase() ? undefined : `${profile.host} only, and this is --host ${String(filled.host)}`;
	return fillPassword(filled, profile, env, otherHost);
}

/**
 * The profile's password (saved, else its variable) for its own user, where no --password gives one; `otherHost`:
 * why it is withheld for the host typed (a socket profile has none to contradict it). Why it was not used is kept
 * for withheldPassword.
 */
function fillPassword(filled: Record<string, unknown>, profile: Profile, env: NodeJS.ProcessEnv, otherHost: string | undefined): Record<string, unknown> {
	if (profile.user === undefined || filled.password !== undefined || filled.passwordFile !== undefined) return filled;
	const password = profilePassword(profile, env);
	if (password === undefined) {
		// An empty variable is as good as none (as SMTP_PASSWORD): SMTP_PASSWORD or the prompt comes next.
		if (profile.passwordEnv !== undefined && filled.user === profile.user) {
			const state = env[profile.passwordEnv] === undefined ? 'not set' : 'empty';
			withheld.set(filled, {why: `profile "${profile.name}" takes its password from $${profile.passwordEnv}, which is ${state}`, variable: profile.passwordEnv});
		}
	} else if (filled.user !== profile.user) {
		withheld.set(filled, {why: `profile "${profile.name}" keeps its password for user ${profile.user} only, and this is --user ${String(filled.user)}`});
	} else if (otherHost === undefined) {
		filled.password = checkedPassword(profile, password);
	} else {
		withheld.set(filled, {why: `profile "${profile.name}" keeps its password for ${otherHost}`});
	}
	return filled;
}

/**
 * A socket profile's path, user and EHLO name, and its password, where no flag gives them. What only a host has
 * (--host, --port, TLS, -4/-6, --proxy) is refused, naming the profile: the user typed no --socket, so "--socket
 * cannot be used" would blame a flag they never gave.
 */
function fillSocketProfile(filled: Record<string, unknown>, flags: Record<string, unknown>, profile: SocketProfile, env: NodeJS.ProcessEnv): Record<string, unknown> {
	const clashing = [...socketClashes(flags), ...(flags.proxy === true ? ['--proxy'] : [])];
	if (clashing.length > 0) {
		throw new UsageError(
			`profile "${profile.name}" connects to the Unix socket ${profile.socket}: ${clashing.join(', ')} cannot go with it (a socket has no host, port or TLS)`,
			`leave ${clashing.join(', ')} out, or leave --profile out to connect to a host`,
		);
	}
	filled.socket = profile.socket;
	if (filled.user === undefined && profile.user !== undefined) filled.user = profile.user;
	if (filled.helo === undefined && profile.ehloName !== undefined) filled.helo = profile.ehloName;
	return fillPassword(filled, profile, env, undefined);
}

/**
 * Flags from applyProfile whose profile gave no password though it has one (another --host or --user, an unset or
 * empty variable): why, in words, and the variable that would give it.
 */
const withheld = new WeakMap<object, {why: string; variable?: string}>();

/** Why the profile's password was not used for these flags (undefined when it was, or there was none). */
export const withheldPassword = (flags: object): string | undefined => withheld.get(flags)?.why;

/** The profile's --password-env variable, when it is what was missing (unset or empty). */
export const withheldVariable = (flags: object): string | undefined => withheld.get(flags)?.variable;

/** Flags from applyProfile where --no-cert dropped the profile's client certificate: the words for it. */
const withheldCert = new WeakMap<object, string>();

/** Why no client certificate is offered though the profile has one (--no-cert), naming it; undefined otherwise. */
export const withheldCertificate = (flags: object): string | undefined => withheldCert.get(flags);

/**
 * `check --profile NAME`: without TARGET, the profile's host and port become TARGET (its port only when --ports
 * is not given; then implicit TLS too if the profile uses it), probed as a host, never through MX, with the
 * profile's --starttls or --no-starttls. The profile's EHLO name and CA file apply unless --ehlo or --ca is given.
 */
export async function applyCheckProfile(
	flags: Record<string, unknown>,
	input: string[],
	env: NodeJS.ProcessEnv,
): Promise<{flags: Record<string, unknown>; input: string[]; starttlsFrom?: string}> {
	const name = profileName(flags);
	if (name === undefined) return {flags, input};
	const profile = await findProfile(name, env);
	// check probes a host's TCP ports: a socket has none (its TARGET, given, takes the profile's EHLO name alone).
	if (profile.socket !== undefined && input.length === 0) {
		throw new UsageError(`profile "${profile.name}" connects to the Unix socket ${profile.socket}: check probes a host's SMTP ports, and a socket has none`, `give the host to probe: smtp-tui check HOST --profile ${profile.name}`);
	}
	// check asks whether a host's SMTP ports answer, with EHLO: an LMTP profile names a delivery agent, which refuses
	// EHLO, and whose "EHLO refused" would blame the EHLO name. Whether it answers is send's --quit-after lhlo.
	if (profile.lmtp && input.length === 0) {
		throw new UsageError(
			`profile "${profile.name}" speaks LMTP (--lmtp): check probes SMTP ports with EHLO, which an LMTP server (a delivery agent such as Dovecot's) refuses`,
			`to see whether it answers: smtp-tui send --profile ${profile.name} --quit-after lhlo; to probe an SMTP host with its EHLO name: smtp-tui check HOST --profile ${profile.name}`,
		);
	}
	// check logs in to nothing; with a TARGET, the profile's host is not probed either.
	checkProfileValues(profile, {host: input.length === 0, helo: flags.helo === undefined, user: false});
	const filled: Record<string, unknown> = {...flags};
	if (filled.helo === undefined && profile.ehloName !== undefined) filled.helo = profile.ehloName;
	const ca = profileCa(profile, flags);
	if (ca !== undefined) filled.ca = ca;
	if (input.length > 0 || profile.socket !== undefined) return {flags: filled, input};
	fillRoute(filled, flags, profile, profile.host);
	fillProxy(filled, flags, profile, profile.host);
	const host = profile.host.includes(':') ? `[${profile.host}]` : profile.host;
	filled.mx = false; // the profile names a server, not a mail domain
	// Security is one choice, as for send: a typed --tls, --starttls or --no-starttls replaces the profile's. Its
	// STARTTLS choice holds on any port, as send --profile --port N keeps it; implicit TLS on its own port only.
	const typed = flags.tls !== undefined || flags.starttls !== undefined;
	// The verdict names the profile a STARTTLS rule came from.
	const fromProfile = !typed && profile.security !== 'tls' ? {starttlsFrom: name} : {};
	if (!typed && profile.security !== 'tls') filled.starttls = profile.security === 'starttls';
	if (flags.ports !== undefined) return {flags: filled, input: [host], ...fromProfile};
	if (!typed && profile.security === 'tls') filled.tls = true;
	return {flags: filled, input: [`${host}:${profile.port}`], ...fromProfile};
}
