// The connection panel's EHLO name field: its label in the session's protocol (LMTP's is LHLO, the same value), and,
// while it is empty, the name the driver picks (smtp/ehlo-name.ts), as it will go or, once connected, as it went.
import {hostname} from 'node:os';
import {defaultEhloName, qualifiedName} from '../smtp/ehlo-name.js';
import {helloVerb} from '../smtp/transitions.js';
import type {SessionSnapshot} from '../session/types.js';

/** "EHLO name", or "LHLO name" in an LMTP session: the same field, named as the session says it. */
export const ehloLabel = (lmtp: boolean | undefined): string => `${helloVerb(lmtp)} name`;

/**
 * The empty field's stand-in: what goes without a name typed, short enough for the field at 80 columns. `machine`:
 * the host name (os.hostname(), a parameter for tests). With a dot it is the name; without, this end's address
 * literal, known once a connection opened ("auto: [127.0.0.1]"), before that "auto: your address"; a Unix socket
 * has no address: the bare name. Why, where it is not the name, is ehloReason's, under the field while it is edited.
 */
export function ehloPlaceholder(info: Pick<SessionSnapshot, 'target' | 'endpoints'> | undefined, socket: boolean, machine = hostname()): string {
	if (qualifiedName(machine)) return `${defaultEhloName(machine)} (this machine's name)`;
	if (socket) return `auto: ${defaultEhloName(machine)}`;
	const local = info?.endpoints?.local.address;
	return local === undefined ? "auto: your address" : `auto: ${defaultEhloName(machine, local)}`;
}

/**
 * Why the empty field's name is not this machine's name, in plain words (servers want a full domain name, one with a
 * dot; the host name is not one): shown under the field while it is focused and empty. Undefined when it is the name.
 */
export function ehloReason(socket: boolean, machine = hostname()): string | undefined {
	if (qualifiedName(machine)) return undefined;
	const name = machine.trim();
	const why = name ? `this machine's name (${name}) is not a full domain name (one with a dot)` : 'this machine has no name';
	return socket ? `empty: the name ${defaultEhloName(machine)} goes, though not a full domain name (one with a dot): a Unix socket has no address` : `empty: your address goes, as ${why}`;
}
