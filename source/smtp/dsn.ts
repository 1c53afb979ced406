// RFC 3461 Delivery Status Notifications: what a send asks for (NOTIFY, RET, ENVID, ORCPT), as MAIL and RCPT
// parameters. They go only to a server that advertises DSN: to another they would get 555 (an unknown parameter)
// and lose the message, so the driver warns and the message goes without them.
import type {Extensions} from './types.js';
import {utf8AddrXtext, xtext} from './xtext.js';

export const NOTIFY_CONDITIONS = ['SUCCESS', 'FAILURE', 'DELAY'] as const;
export type NotifyCondition = (typeof NOTIFY_CONDITIONS)[number];
export const RET_VALUES = ['FULL', 'HDRS'] as const;
export type DsnReturn = (typeof RET_VALUES)[number];

export type DsnRequest = {
	/** NOTIFY= on every RCPT: NEVER, or the conditions to report (in the order given). */
	notify?: 'NEVER' | NotifyCondition[];
	/** RET= on MAIL: the whole message or only its headers in a failure report. */
	ret?: DsnReturn;
	/** ENVID= on MAIL, as the user gave it (printable ASCII); xtext-encoded on the wire. */
	envid?: string;
};

/** RFC 3461 §4.4: an ENVID is at most 100 characters. */
const ENVID_LIMIT = 100;

/** What is wrong with an ENVID, or undefined: printable ASCII (space too), 1 to 100 characters (RFC 3461 §4.4). */
export function envidProblem(envid: string): string | undefined {
	if (envid === '') return 'it is empty';
	const bad = /[^\x20-\x7e]/u.exec(envid);
	if (bad) {
		const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		return `it has U+${code} at position ${bad.index + 1}: an ENVID is printable ASCII only (RFC 3461 §4.4)`;
	}
	if (envid.length > ENVID_LIMIT) return `it is ${envid.length} characters long: RFC 3461 allows at most ${ENVID_LIMIT}`;
	return undefined;
}

/**
 * ORCPT's value: `rfc822;` and the address in xtext; an address with non-ASCII characters (which goes only with
 * SMTPUTF8) as RFC 6533's `utf-8;` with utf-8-addr-xtext, which is ASCII on the wire, and which a server that
 * knows only RFC 3461 still reads as an address type it passes on.
 */
export function orcpt(address: string): string {
	return /[^\x00-\x7f]/.test(address) ? `utf-8;${utf8AddrXtext(address)}` : `rfc822;${xtext(address)}`;
}

/** True when the request asks for anything at all. */
export const asksForDsn = (request: DsnRequest | undefined): request is DsnRequest =>
	request !== undefined && (request.notify !== undefined || request.ret !== undefined || request.envid !== undefined);

const offersDsn = (extensions: Extensions | undefined): boolean => extensions?.dsn === true;

/** RET= and ENVID= for MAIL, when the server offers DSN. */
export function dsnMailParameters(request: DsnRequest | undefined, extensions: Extensions | undefined): Record<string, string> {
	if (!asksForDsn(request) || !offersDsn(extensions)) return {};
	return {...(request.ret && {RET: request.ret}), ...(request.envid !== undefined && {ENVID: xtext(request.envid)})};
}

/** NOTIFY= and ORCPT= for one RCPT, when NOTIFY was asked for and the server offers DSN. */
export function dsnRcptParameters(request: DsnRequest | undefined, address: string, extensions: Extensions | undefined): Record<string, string> {
	if (request?.notify === undefined || !offersDsn(extensions)) return {};
	return {NOTIFY: notifyValue(request.notify), ORCPT: orcpt(address)};
}

export const notifyValue = (notify: NonNullable<DsnRequest['notify']>): string => (notify === 'NEVER' ? 'NEVER' : notify.join(','));

/** The parameters the request would add, as they would go, for the warning when the server does not offer DSN. */
function asked(request: DsnRequest): string {
	return [
		...(request.notify === undefined ? [] : [`NOTIFY=${notifyValue(request.notify)}`, 'ORCPT']),
		...(request.ret ? [`RET=${request.ret}`] : []),
		...(request.envid === undefined ? [] : [`ENVID=${xtext(request.envid)}`]),
	].join(', ');
}

/**
 * Before MAIL: DSN asked for of a server that does not offer it (nor any extension, when it only knows HELO); the
 * message goes without, and the user is told. Nothing before the server's greeting reply is known.
 */
export function dsnNotOfferedWarning(request: DsnRequest | undefined, state: {extensions?: Extensions; usedHelo: boolean}): string | undefined {
	if (!asksForDsn(request) || offersDsn(state.extensions) || (state.extensions === undefined && !state.usedHelo)) return undefined;
	const server = state.usedHelo ? 'the server only knows HELO, so it offers no DSN' : 'the server does not offer DSN';
	return `warning: ${server} (RFC 3461): sending without ${asked(request)}; no delivery status notification was asked for`;
}

/**
 * ESMTP parameters as the command line carried them: a server (smtp-server) hands every value back xtext-decoded
 * (`ENVID=run 42`), which would read as two parameters; encoded again, the line is what the client sent.
 */
export function parametersAsSent(params: Readonly<Record<string, string | true>>, keys?: readonly string[]): string {
	return Object.entries(params)
		.filter(([key]) => keys === undefined || keys.includes(key))
		.map(([key, value]) => (value === true ? ` ${key}` : ` ${key}=${xtext(value)}`))
		.join('');
}

/** The parameters of a delivery request (RFC 3461, RFC 8689): what the inbox shows of an envelope. */
export const DELIVERY_PARAMETERS = ['RET', 'ENVID', 'REQUIRETLS', 'NOTIFY', 'ORCPT'] as const;

/**
 * RFC 3461 §5: the DSN parameters lengthen the longest command line a server must take, MAIL by 100 characters
 * (RET, ENVID) and RCPT by 500 (NOTIFY, ORCPT): the octets over 512 that a line carrying them may have.
 */
export function dsnLineAllowance(verb: 'MAIL' | 'RCPT', params: Readonly<Record<string, string | true>> | undefined): number {
	const keys = Object.keys(params ?? {}).map(key => key.toUpperCase());
	if (verb === 'MAIL') return keys.some(key => key === 'RET' || key === 'ENVID') ? 100 : 0;
	return keys.some(key => key === 'NOTIFY' || key === 'ORCPT') ? 500 : 0;
}
