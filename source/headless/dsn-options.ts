// The DSN and REQUIRETLS flags (dsn-flags.ts) checked: about the message, not the connection, so never in a profile.
import {envidProblem, notifyValue, NOTIFY_CONDITIONS, RET_VALUES, type DsnRequest, type DsnReturn, type NotifyCondition} from '../smtp/dsn.js';
import {xtext} from '../smtp/xtext.js';
import type {TlsPolicy} from '../smtp/types.js';
import {UsageError} from './command.js';
import type {dsnFlags} from './dsn-flags.js';

export type DsnSettings = {dsn?: DsnRequest; requireTls?: true};

const NOTIFY_HINT = `give NEVER, or any of ${NOTIFY_CONDITIONS.join(', ')} separated by commas, e.g. --dsn-notify SUCCESS,FAILURE`;

/** A flag given with no value, or an empty one (an unset shell variable): refused, never read as "none". */
function given(flags: Record<string, unknown>, name: keyof typeof dsnFlags, flag: string, hint: string): string | undefined {
	const value = flags[name];
	if (value === undefined) return undefined;
	const text = String(value).trim();
	if (text === '') throw new UsageError(`${flag} is empty`, hint);
	return text;
}

function parseNotify(value: string): NonNullable<DsnRequest['notify']> {
	const words = value.split(',').map(word => word.trim().toUpperCase());
	const wrong = words.find(word => word !== 'NEVER' && !(NOTIFY_CONDITIONS as readonly string[]).includes(word));
	if (wrong !== undefined) {
		throw new UsageError(wrong === '' ? `--dsn-notify ${value} has an empty item` : `--dsn-notify: "${wrong}" is no DSN condition`, NOTIFY_HINT);
	}
	if (words.includes('NEVER')) {
		if (words.some(word => word !== 'NEVER')) throw new UsageError(`--dsn-notify ${value}: NEVER asks for no notification at all, so it cannot go with ${words.filter(word => word !== 'NEVER').join(', ')} (RFC 3461 §4.1)`, 'give NEVER alone, or leave it out');
		return 'NEVER';
	}
	return [...new Set(words)] as NotifyCondition[];
}

function parseRet(value: string): DsnReturn {
	const upper = value.toUpperCase();
	if (!(RET_VALUES as readonly string[]).includes(upper)) throw new UsageError(`--dsn-ret must be FULL or HDRS, not "${value}"`, 'FULL returns the whole message in a failure report, HDRS only its headers');
	return upper as DsnReturn;
}

function parseEnvid(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	// Not trimmed: spaces are printable ASCII, which an ENVID may hold (they go xtext-encoded, as +20).
	const envid = String(value);
	const problem = envidProblem(envid);
	if (problem) throw new UsageError(`--dsn-envid ${JSON.stringify(envid)}: ${problem}`, 'give an identifier of your own in printable ASCII, e.g. --dsn-envid run-42');
	return envid;
}

/** The DSN and REQUIRETLS flags, checked; `connection`: the one they would go on (TLS, a socket, --insecure). */
export function parseDsnFlags(flags: Record<string, unknown>, connection: {tls: TlsPolicy; socket?: string; insecure?: boolean}): DsnSettings {
	const notify = given(flags, 'dsnNotify', '--dsn-notify', NOTIFY_HINT);
	const ret = given(flags, 'dsnRet', '--dsn-ret', 'give FULL or HDRS');
	const envid = parseEnvid(flags.dsnEnvid);
	const dsn: DsnRequest = {
		...(notify !== undefined && {notify: parseNotify(notify)}),
		...(ret !== undefined && {ret: parseRet(ret)}),
		...(envid !== undefined && {envid}),
	};
	const requireTls = flags.requireTls === true;
	if (requireTls && (connection.tls === 'none' || connection.socket !== undefined)) {
		const [why, fix] = connection.socket === undefined
			? ['--no-starttls (or a profile without TLS)', 'drop --no-starttls (STARTTLS is then required), or use --tls for TLS from the first byte']
			: ['--socket (a Unix socket has no TLS)', 'leave --require-tls out, or send over TCP with TLS (--host)'];
		throw new UsageError(`--require-tls with ${why}: a REQUIRETLS message goes only over TLS (RFC 8689), so it could never be sent`, fix);
	}
	if (requireTls && connection.insecure) {
		throw new UsageError("--require-tls with --insecure: REQUIRETLS needs the server's certificate verified, on this hop too (RFC 8689 §4.2.1)", "trust the server's CA with --ca FILE instead of --insecure");
	}
	return {...(Object.keys(dsn).length > 0 && {dsn}), ...(requireTls && {requireTls: true})};
}

/** The dashboard's log at start: its panels have no field for these, so the log says they are on. */
export function deliveryNotes({dsn, requireTls}: DsnSettings): string[] {
	const asked = [
		...(dsn?.notify === undefined ? [] : [`NOTIFY=${notifyValue(dsn.notify)}`]),
		...(dsn?.ret === undefined ? [] : [`RET=${dsn.ret}`]),
		...(dsn?.envid === undefined ? [] : [`ENVID=${xtext(dsn.envid)}`]),
	];
	return [
		...(asked.length > 0 ? [`DSN on (--dsn-*): ${asked.join(' ')} with every message, to a server that offers DSN (RFC 3461)`] : []),
		...(requireTls ? ['REQUIRETLS on (--require-tls): TLS required; a message goes only where REQUIRETLS is offered (RFC 8689)'] : []),
	];
}
