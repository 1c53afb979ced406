// The sender `send` uses without --from: the account's name at this host, made an address a server takes.
import {isIP} from 'node:net';
import os from 'node:os';
import {domainProblem} from '../message/idna.js';
import {isHostName} from '../transport/host-port.js';
import {UsageError} from './command.js';

/** What a dot-atom holds besides dots (RFC 5322 §3.2.3): ASCII letters, digits and these marks. */
const NOT_ATEXT = /[^A-Za-z\d!#$%&'*+\-/=?^_`{|}~]+/g;

/**
 * The user name as a local part: accents dropped (José is Jose), each run of anything else one dot (a Windows
 * account "John Smith" is John.Smith), at most 64 octets; "you" when nothing is left (a name in another script).
 */
export function senderLocalPart(user: string): string {
	const local = user.normalize('NFD').replace(/\p{M}/gu, '').replace(NOT_ATEXT, '.').replace(/^\.+/, '').slice(0, 64).replace(/\.+$/, '');
	return local || 'you';
}

/** The default --from for `user` at `host`; a host name that is no domain makes none, and --from is then needed. */
export function defaultSender(user: string = accountName(), host: string = os.hostname()): string {
	if (!isHostName(host) || isIP(host) !== 0 || domainProblem(host) !== undefined) {
		throw new UsageError(`no --from, and this machine's host name (${JSON.stringify(host)}) makes no usable default sender`, "give the sender's address: --from you@example.com");
	}
	return `${senderLocalPart(user)}@${host.replace(/\.$/, '')}`;
}

function accountName(): string {
	try {
		return os.userInfo().username;
	} catch {
		// Some containers have no passwd entry; the default sender is only a convenience.
		return '';
	}
}
