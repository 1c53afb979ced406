// `smtp-tui profile list | show NAME | save NAME --host H ... | delete NAME`: the saved connection profiles.
import path from 'node:path';
import {configDir, deleteProfile, ProfilesFileError, ProfilesLockedError, saveProfile, type HostProfile, type Profile, type UnusableProfile} from '../message/profiles.js';
import {SmtpInputError} from '../smtp/types.js';
import {UsageError, type CommandIO, type CommandRun} from './command.js';
import {escapeUnsafe} from '../text/escape.js';
import {columnsOf, padColumns} from '../text/columns.js';
import {closest, kebab} from './flags.js';
import {LMTP_PORT, PROFILE_DEFAULT_PORTS, profileCmdFlags} from './profile-cmd-flags.js';
import {findEntry, findProfile, readProfiles} from './profile-flags.js';
import {promptHidden} from './prompt.js';
import {checkEhloName, hostAndPort} from './host-checks.js';
import {parseConnectionFlags} from './connection-flags.js';
import {refuseNotUtf8} from './not-utf8.js';
import {hostPort} from '../transport/host-port.js';
import {parseRouteFlags, type RouteSettings} from './route-options.js';
import {profileProxy} from './profile-proxy.js';
import {str} from './flag-values.js';

/** The way a profile connects, as its save line says it: ", IPv4 only, from 192.0.2.25"; empty when it has none. */
const routeText = (route: RouteSettings) => `${route.family === undefined ? '' : `, IPv${route.family} only`}${route.localAddress === undefined ? '' : `, from ${route.localAddress}`}`;

const ACTIONS = ['list', 'show', 'save', 'delete'] as const;
type Action = (typeof ACTIONS)[number];

const SECURITY_TEXT: Record<HostProfile['security'], string> = {
	tls: 'tls (implicit TLS from the first byte)',
	starttls: 'starttls (required)',
	none: 'none (no TLS)',
};

/** The security in words, for the line `profile save` prints. */
const SECURITY_WORDS: Record<HostProfile['security'], string> = {tls: 'implicit TLS', starttls: 'STARTTLS', none: 'no TLS'};

/** validateProfile's field names as the flags that set them. */
const FIELD_FLAGS: Record<string, string> = {
	'profile name': 'NAME',
	'profile host': '--host',
	'profile port': '--port',
	'profile user': '--user',
	'profile ehloName': '--helo',
	'profile passwordEnv': '--password-env',
	'profile ca': '--ca',
	'profile socket': '--socket',
	'profile cert': '--cert',
	'profile key': '--key',
	'profile password': 'password',
};

const fileOf = (env: NodeJS.ProcessEnv) => path.join(configDir(env), 'profiles.json');
/** Profile values come from flags or a hand-edited profiles.json: none of them may drive the terminal. */
const shown = (value: string) => escapeUnsafe(value);

/** An empty variable is not used, as an unset one: say which it is. */
const variableState = (value: string | undefined) => (value === undefined ? 'not set now' : value === '' ? 'empty now: not used' : 'set');

function passwordText(profile: Profile, env: NodeJS.ProcessEnv): string {
	if (profile.password !== undefined) return 'saved (hidden)';
	if (profile.passwordEnv !== undefined) return `from $${profile.passwordEnv} (${variableState(env[profile.passwordEnv])})`;
	return 'not saved';
}

/**
 * Rows of cells, every column padded to its widest cell so rows line up (in columns: a name in CJK takes two a
 * character). The last cell of a row is neither padded nor measured: an unusable profile's reason, its second and
 * last cell, does not widen the host column.
 */
function table(rows: string[][]): string {
	const columns = Math.max(...rows.map(row => row.length));
	const widths = Array.from({length: columns}, (_, column) => Math.max(0, ...rows.filter(row => column < row.length - 1).map(row => columnsOf(row[column]!))));
	return rows.map(row => `${row.map((cell, column) => (column < row.length - 1 ? padColumns(cell, widths[column]!) : cell)).join('  ').trimEnd()}\n`).join('');
}

/** Entries no name can reach: said, so that the user finds them in the file, rather than failing the list. */
function namelessText(count: number, file: string): string {
	const [entries, have, them] = count === 1 ? ['entry', 'has', 'it'] : ['entries', 'have', 'them'];
	return `${count} ${entries} in ${file} ${have} no usable name, so no command can use ${them}: give ${count === 1 ? 'it' : 'each'} a "name" there, or remove ${them}\n`;
}

async function list(io: CommandIO): Promise<number> {
	const {file, profiles, unusable, nameless} = await readProfiles(io.env);
	if (profiles.length + unusable.length + nameless === 0) {
		io.stdout.write(`no profiles saved yet (they go in ${shown(file)})\nsave one with: smtp-tui profile save NAME --host HOST [--port N]\n`);
		return 0;
	}
	const rows = [
		...profiles.map(profile => [
			profile.name,
			profile.socket ?? hostPort(profile.host, profile.port),
			`${profile.socket === undefined ? profile.security : 'socket'}${profile.lmtp ? ', LMTP' : ''}`,
			profile.user === undefined ? '' : `user ${profile.user}`,
			profile.ca === undefined ? '' : `CA ${profile.ca}`,
			// Last, where it widens no column of the profiles without one: how the connection is made, as save says it.
			profile.socket === undefined ? `${routeText(profile)}${profile.proxy === undefined ? '' : `, PROXY v${profile.proxy}`}`.replace(/^, /, '') : '',
		]),
		...unusable.map(profile => [profile.name, `unusable: ${profile.reason}`]),
	];
	if (rows.length > 0) {
		io.stdout.write(table(rows.map(row => row.map(shown))));
		const count = profiles.length + unusable.length;
		io.stdout.write(`(${count} in ${shown(file)}${unusable.length > 0 ? `, ${unusable.length} unusable: see smtp-tui profile show NAME` : ''})\n`);
	}
	if (nameless > 0) io.stdout.write(namelessText(nameless, shown(file)));
	return 0;
}

/** The rows of what only a TCP connection has: the CA file, the client certificate, the route and the PROXY header. */
function tcpRows(profile: HostProfile): Array<[string, string]> {
	return [
		['CA file', profile.ca ?? '(none: the system CAs)'],
		['cert', profile.cert === undefined ? '(none: no client certificate)' : `${profile.cert}${profile.key === undefined ? ' (its key inside)' : `, key ${profile.key}`}`],
		['family', profile.family === undefined ? 'either (IPv6 or IPv4)' : `IPv${profile.family} only (-${profile.family})`],
		['from', profile.localAddress ?? '(the address the system picks)'],
		['PROXY', profile.proxy === undefined ? '(no header)' : `v${profile.proxy} header first (--proxy${profile.proxy === 2 ? ' --proxy-version 2' : ''})`],
	];
}

async function show(name: string, io: CommandIO): Promise<number> {
	const profile = await findProfile(name, io.env);
	// A socket has no host, port or TLS to show: its path, said as what it is.
	const target: Array<[string, string]> =
		profile.socket === undefined
			? [
					['host', profile.host],
					['port', String(profile.port)],
					['security', SECURITY_TEXT[profile.security]],
				]
			: [['socket', `${profile.socket} (Unix socket, no TLS)`]];
	const rows: Array<[string, string]> = [
		['profile', profile.name],
		...target,
		['protocol', profile.lmtp ? 'LMTP (--lmtp: LHLO, one reply per recipient after the message)' : 'SMTP'],
		['user', profile.user ?? '(none: no AUTH)'],
		[`${profile.lmtp ? 'LHLO' : 'EHLO'} name`, profile.ehloName ?? "(picked at each connection: the host name with a dot, else this end's address literal)"],
		['password', passwordText(profile, io.env)],
		// What only a TCP connection has: a socket profile has none of them.
		...(profile.socket === undefined ? tcpRows(profile) : []),
		['file', fileOf(io.env)],
	];
	io.stdout.write(rows.map(([key, value]) => `${key.padEnd(10)}${shown(value)}\n`).join(''));
	return 0;
}

async function passwordToSave(user: string, io: CommandIO): Promise<string> {
	const fromEnv = io.env.SMTP_PASSWORD;
	if (fromEnv !== undefined && fromEnv !== '') {
		refuseNotUtf8(fromEnv, 'SMTP_PASSWORD', {quote: false});
		return fromEnv;
	}
	if (!io.stdin.isTTY) {
		throw new UsageError('--save-password needs the password', 'set SMTP_PASSWORD, or run it in a terminal to be asked (there is no prompt without one)');
	}
	const password = await promptHidden(`password for ${escapeUnsafe(user)} (to save): `, io);
	if (password === '') throw new UsageError('empty password: nothing saved');
	refuseNotUtf8(password, 'the password', {quote: false});
	return password;
}

/** What a saved profile connects to, checked as send checks it, and the words the save line says it in. */
type SavedTarget = {fields: Omit<HostProfile, 'name'> | {socket: string}; words: string};

/** --host (with --port, TLS, --ca, --cert, the route and --proxy), checked exactly as send checks them. */
function hostTarget(flags: Record<string, unknown>, io: CommandIO): SavedTarget {
	if (flags.ca === '') throw new UsageError('--ca is empty', 'give the CA certificate file (PEM), or leave --ca out');
	// The client certificate too: a key that is not its own, or encrypted without SMTP_KEY_PASSPHRASE, is no profile to keep.
	const connection = parseConnectionFlags({host: flags.host, port: flags.port, tls: flags.tls, starttls: flags.starttls, ca: flags.ca, cert: flags.cert, key: flags.key}, {SMTP_KEY_PASSPHRASE: io.env.SMTP_KEY_PASSPHRASE});
	const route = parseRouteFlags(flags, connection.host);
	const proxy = profileProxy(flags);
	// Absolute: the profile is used from other folders.
	const absolute = (value: unknown) => (typeof value === 'string' ? path.resolve(value) : undefined);
	const ca = absolute(flags.ca);
	const cert = absolute(flags.cert);
	const key = absolute(flags.key);
	const security: HostProfile['security'] = connection.tls === 'auto' ? (connection.port === PROFILE_DEFAULT_PORTS.tls ? 'tls' : 'starttls') : connection.tls;
	// The port typed, as --port or in --host host:port; else the usual one for the security (LMTP's 24 with --lmtp, as send).
	const usual = flags.lmtp === true && security !== 'tls' ? LMTP_PORT : PROFILE_DEFAULT_PORTS[security];
	const port = flags.port === undefined && !(typeof flags.host === 'string' && hostAndPort(flags.host.trim())) ? usual : connection.port;
	const fields = {host: connection.host!, port, security, ...(ca !== undefined && {ca}), ...(cert !== undefined && {cert}), ...(key !== undefined && {key}), ...route, ...(proxy !== undefined && {proxy})};
	const words = `${hostPort(fields.host, port)} ${SECURITY_WORDS[security]}${ca === undefined ? '' : `, CA ${ca}`}${connection.clientCertificate ? `, client certificate ${connection.clientCertificate.subject}` : ''}${routeText(route)}${proxy === undefined ? '' : `, PROXY v${proxy} header first`}`;
	return {fields, words};
}

/**
 * --socket PATH (made absolute), checked as send checks it: what only a host has (--host, --port, TLS, -4/-6,
 * --local-address, --proxy) is refused beside it, and a file there that is no socket; a missing one is saved (the
 * server may be stopped now), as send leaves it to the connection.
 */
function socketTarget(flags: Record<string, unknown>, io: CommandIO): SavedTarget {
	if (flags.proxy === true) throw new UsageError('--socket cannot be used with --proxy: a PROXY header is for a TCP port behind a load balancer', 'leave --proxy out');
	const {host, port, tls, starttls, ca, cert, key, ipv4, ipv6, localAddress, socket} = flags;
	const connection = parseConnectionFlags({socket, host, port, tls, starttls, ca, cert, key, ipv4, ipv6, localAddress}, {SMTP_KEY_PASSPHRASE: io.env.SMTP_KEY_PASSPHRASE});
	return {fields: {socket: connection.socket!}, words: `${connection.socket!} (Unix socket, no TLS)`};
}

async function save(name: string, flags: Record<string, unknown>, io: CommandIO): Promise<number> {
	if (flags.host === undefined && flags.socket === undefined) {
		throw new UsageError('profile save needs --host HOST (or --socket PATH)', `e.g. smtp-tui profile save ${name} --host smtp.example.com --user me, or smtp-tui profile save ${name} --lmtp --socket /var/run/dovecot/lmtp`);
	}
	const target = flags.socket === undefined ? hostTarget(flags, io) : socketTarget(flags, io);
	const lmtp = flags.lmtp === true;
	const user = str(flags.user);
	const passwordEnv = str(flags.passwordEnv);
	const savePassword = flags.savePassword === true;
	if (user === '') throw new UsageError('--user is empty', 'give the account name, or leave --user out for a profile without AUTH');
	// Refused now as every later use would refuse them: a profile is no place to keep a mistake.
	refuseNotUtf8(user, '--user');
	if (str(flags.helo) !== undefined) checkEhloName(str(flags.helo)!, '--helo');
	if (savePassword && passwordEnv !== undefined) {
		throw new UsageError('--save-password and --password-env both given', 'keep the password in the file (--save-password) or in a variable (--password-env), not both');
	}
	if (user === undefined && (savePassword || passwordEnv !== undefined)) {
		throw new UsageError(`${savePassword ? '--save-password' : '--password-env'} given without --user`, 'a password is only used with a user name: add --user NAME');
	}
	// A damaged profiles file (or a config folder that cannot be used) fails here, before the password prompt.
	await readProfiles(io.env, `save profile ${JSON.stringify(name)}`);
	const password = savePassword ? await passwordToSave(user!, io) : undefined;
	const profile = {
		name,
		...target.fields,
		...(lmtp && {lmtp: true as const}),
		...(user !== undefined && {user}),
		...(str(flags.helo) !== undefined && {ehloName: str(flags.helo)}),
		...(passwordEnv !== undefined && {passwordEnv}),
		...(password !== undefined && {password}),
	} as Profile;
	let warning: string | undefined;
	let previous: Profile | undefined;
	let unusable: UnusableProfile | undefined;
	try {
		({warning, previous, unusable} = await saveProfile(profile, {env: io.env, savePassword}));
	} catch (error) {
		if (error instanceof SmtpInputError) throw new UsageError(`${FIELD_FLAGS[error.field] ?? error.field}: ${error.message}`);
		throw storeError(error);
	}
	const saved = `${target.words}${lmtp ? ', LMTP' : ''}${user === undefined ? '' : `, user ${user}`}`;
	io.stdout.write(`${previous || unusable ? 'replaced' : 'saved'} profile ${shown(profile.name.trim())}: ${shown(saved)}\n`);
	if (previous?.password !== undefined && password === undefined) io.stdout.write('the password saved before was removed (use --save-password to keep one)\n');
	if (warning) io.stderr.write(`warning: ${shown(warning)}\n`);
	return 0;
}

/** A lock another run held too long, a folder that cannot be written: a usage error (exit 1, no stack trace) with what to do. */
function storeError(error: unknown): unknown {
	return error instanceof ProfilesLockedError || error instanceof ProfilesFileError ? new UsageError(error.message, error.hint) : error;
}

function readAction(input: string[]): {action: Action; name?: string} {
	const [action, ...rest] = input;
	if (action === undefined) throw new UsageError('missing action: list, show NAME, save NAME or delete NAME', 'see smtp-tui profile --help');
	if (!(ACTIONS as readonly string[]).includes(action)) {
		// A typo gets the closest action, as a mistyped command or flag does.
		const suggestion = closest(action, ACTIONS, text => text.toLowerCase());
		const actions = 'actions are list, show NAME, save NAME and delete NAME';
		throw new UsageError(`unknown action "${action}"`, suggestion ? `did you mean "${suggestion}"? ${actions}` : actions);
	}
	const wanted = action === 'list' ? 0 : 1;
	if (rest.length !== wanted) {
		throw new UsageError(
			`profile ${action} takes ${wanted === 0 ? 'no NAME' : 'one NAME'}, got ${rest.length === 0 ? 'none' : rest.join(' ')}`,
			`e.g. smtp-tui profile ${action}${wanted === 0 ? '' : ' work'}`,
		);
	}
	return {action: action as Action, ...(rest[0] !== undefined && {name: rest[0]})};
}

export const runProfile: CommandRun = async (given, input, io) => {
	// --no-insecure is what happens without --insecure (every switch's --no- form is its default): nothing to save.
	const flags = given.insecure === false ? {...given, insecure: undefined} : given;
	if (flags.insecure !== undefined) {
		throw new UsageError(
			'--insecure is not saved in profiles: a saved "skip certificate verification" would silently apply to every later use',
			'for a server with its own CA, save that CA with --ca FILE; give --insecure on the command line for a one-off',
		);
	}
	const versionFlag = flags.tlsMin !== undefined ? '--tls-min' : flags.tlsMax !== undefined ? '--tls-max' : undefined;
	if (versionFlag !== undefined) {
		throw new UsageError(
			`${versionFlag} is not saved in profiles: a saved TLS 1.0 or 1.1 would silently weaken every later use, and a held-down version is a test, not a setting`,
			`give ${versionFlag} on the command line with --profile, where the transcript says what it allows`,
		);
	}
	if (flags.dns !== undefined) {
		throw new UsageError(
			'--dns is not saved in profiles: which DNS server can be asked depends on the network smtp-tui runs in, not on the server a profile names',
			'give --dns on the command line with --profile (smtp-tui send, talk, check and the dashboard take it)',
		);
	}
	const socksFlag = flags.socks !== undefined ? '--socks' : flags.socksUser !== undefined ? '--socks-user' : undefined;
	if (socksFlag !== undefined) {
		throw new UsageError(
			`${socksFlag} is not saved in profiles: the way to a server (a jump host's ssh -D, a corporate proxy) depends on where smtp-tui runs, not on the server a profile names`,
			'give --socks (and --socks-user) on the command line with --profile (smtp-tui send, talk, check and the dashboard take them)',
		);
	}
	const {action, name} = readAction(input);
	if (action === 'save') return save(name!, flags, io);
	const misplaced = Object.keys(profileCmdFlags).filter(key => flags[key] !== undefined);
	if (misplaced.length > 0) throw new UsageError(`--${kebab(misplaced[0]!)} is only for profile save`, 'save flags go with: smtp-tui profile save NAME --host HOST [flags]');
	if (action === 'list') return list(io);
	if (action === 'show') return show(name!, io);
	// An unusable profile may be deleted: that is one way out of it.
	await findEntry(name!, io.env, `delete profile ${JSON.stringify(name)}`);
	let removed: number;
	try {
		removed = await deleteProfile(name!, {env: io.env});
	} catch (error) {
		// Unknown here: another run deleted it since findProfile looked.
		if (error instanceof SmtpInputError) throw new UsageError(error.message);
		throw storeError(error);
	}
	io.stdout.write(`deleted profile ${shown(name!)}${removed > 1 ? ` (${removed} entries of that name)` : ''}\n`);
	return 0;
};
