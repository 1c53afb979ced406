// The connection panel's EHLO name field: its label in the session's protocol (LMTP's is LHLO, the same value), and,
// while it is empty, the name the driver picks (smtp/ehlo-name.ts), as it will go or, once connected, as it went.
import {hostname} from 'node:os';
import {defaultEhloName, qualifiedName} from '../smtp/ehlo-name.js';
import {helloVerb} from '../smtp/transitions.js';
import type {SessionSnapshot} from '../session/types.js';

/** "EHLO name", or "LHLO name" in an LMTP session: the same field, named as the session says it. */
export const ehloLabel = (lmtp: boolean | undefined): string => `${helloVerb(lmtp)} name`;

/**
 * The empty field's stand-in: what goes without a name typed. `machine`: the host name (os.hostname(), a parameter
 * for tests). With a dot it is the name; without, this end's address literal, known once a connection opened
 * ("[127.0.0.1] (vm has no dot)"), before that said as what it will be; a Unix socket has no address: the bare name.
 */
export function ehloPlaceholder(info: Pick<SessionSnapshot, 'target' | 'endpoints'> | undefined, socket: boolean, machine = hostname()): string {
	if (qualifiedName(machine)) return `${defaultEhloName(machine)} (this machine's name)`;
	const local = socket ? undefined : info?.endpoints?.local.address;
	const why = `${machine || 'the host name'} has no dot`;
	if (socket) return `${defaultEhloName(machine)} (no address on a Unix socket)`;
	return local === undefined ? `[local IP] (${why})` : `${defaultEhloName(machine, local)} (${why})`;
}
