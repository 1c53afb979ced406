// The XCLIENT flags checked into the attributes the planner sends (smtp/xclient.ts): each value as Postfix reads it,
// an error naming the flag otherwise. Values go xtext-encoded, so only what the attribute itself forbids is refused.
import net from 'node:net';
import {XCLIENT_ATTRIBUTES, XCLIENT_SPECIAL_VALUES, XCLIENT_VALUE_LIMIT, xclientCommands, xclientSentLength, type XclientAttribute, type XclientName} from '../smtp/xclient.js';
import {UsageError} from './command.js';

/** Each named flag and the attribute it gives, in the order they go on the line. */
const FLAG_OF: ReadonlyArray<[string, XclientName]> = [
	['xclientName', 'NAME'],
	['xclientReverseName', 'REVERSE_NAME'],
	['xclientAddr', 'ADDR'],
	['xclientPort', 'PORT'],
	['xclientProto', 'PROTO'],
	['xclientHelo', 'HELO'],
	['xclientLogin', 'LOGIN'],
	['xclientDestaddr', 'DESTADDR'],
	['xclientDestport', 'DESTPORT'],
];

const dashed = (key: string) => `--${key.replace(/[A-Z]/g, letter => `-${letter.toLowerCase()}`)}`;

/**
 * RFC 1123 host name: labels of letters, digits and inner hyphens, dot-separated. Its 255 characters are Postfix's
 * limit for any XCLIENT value, checked after this with the length said: a name too long is not "no host name".
 */
const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** An IP address as Postfix's XCLIENT wants it: IPv4 as is, IPv6 with its "IPV6:" prefix (added when missing). */
function address(value: string, flag: string): string {
	const bare = value.replace(/^ipv6:/i, '');
	if (net.isIPv4(bare) && bare === value) return value;
	if (net.isIPv6(bare)) return `IPV6:${bare}`;
	throw new UsageError(`${flag} "${value}" is no IP address: give an IPv4 address (203.0.113.5) or an IPv6 one (2001:db8::5, sent as IPV6:2001:db8::5)`);
}

function port(value: string, flag: string): string {
	if (/^\d{1,5}$/.test(value) && Number(value) <= 65_535) return String(Number(value));
	throw new UsageError(`${flag} "${value}" is no port: give a number from 0 to 65535`);
}

function hostName(value: string, flag: string): string {
	if (HOST_NAME.test(value)) return value;
	const long = value.split('.').find(label => label.length > 63);
	if (long && /^[A-Za-z0-9.-]+$/.test(value)) throw new UsageError(`${flag} has a label of ${long.length} characters ("${long.slice(0, 20)}…"): a host name's labels are 1 to 63 characters`);
	throw new UsageError(`${flag} "${value}" is no host name: letters, digits, hyphens and dots (mail.example.com)`);
}

/** What each attribute's value must be; the special values pass every check. */
function checked(name: XclientName, value: string, flag: string): string {
	if ((XCLIENT_SPECIAL_VALUES as readonly string[]).includes(value.toUpperCase())) return value.toUpperCase();
	if (value === '') throw new UsageError(`${flag} is empty: give a value, or [UNAVAILABLE] for "not known"`);
	switch (name) {
		case 'ADDR':
		case 'DESTADDR':
			return address(value, flag);
		case 'PORT':
		case 'DESTPORT':
			return port(value, flag);
		case 'NAME':
		case 'REVERSE_NAME':
			return hostName(value, flag);
		case 'PROTO':
			if (/^e?smtp$/i.test(value)) return value.toUpperCase();
			throw new UsageError(`${flag} "${value}" is no protocol: SMTP (the client said HELO) or ESMTP (EHLO)`);
		case 'HELO':
		case 'LOGIN':
			// Anything a client may say or log in as: xtext carries it (a control character is refused all the same).
			if (/[\0-\x1f\x7f]/.test(value)) throw new UsageError(`${flag} has a control character (a line break?): no client says that`);
			return value;
	}
}

/** `--xclient "ADDR=1.2.3.4 NAME=x"`: attributes by Postfix's names, each checked as its own flag's value. */
function raw(given: string): Array<[XclientName, string, string]> {
	if (given.trim() === '') throw new UsageError('--xclient is empty: give ATTRIBUTE=VALUE pairs', 'e.g. --xclient "ADDR=203.0.113.5 NAME=mail.example.com"');
	return given.trim().split(/\s+/).filter(Boolean).map(pair => {
		const match = /^([A-Za-z_]+)=(.*)$/.exec(pair);
		if (!match) throw new UsageError(`--xclient "${given}": "${pair}" is no ATTRIBUTE=VALUE pair`, `e.g. --xclient "ADDR=203.0.113.5 NAME=mail.example.com"`);
		const name = match[1]!.toUpperCase();
		if (!(XCLIENT_ATTRIBUTES as readonly string[]).includes(name)) {
			throw new UsageError(`--xclient "${given}": Postfix knows no attribute ${name}`, `use ${XCLIENT_ATTRIBUTES.join(', ')}`);
		}
		return [name as XclientName, match[2]!, `--xclient ${name}`];
	});
}

/** The attributes given, over as many XCLIENT commands as the line limit needs; undefined when none was. */
export function xclientFromFlags(flags: Record<string, unknown>): XclientAttribute[][] | undefined {
	const given: Array<[XclientName, string, string]> = [];
	for (const [key, name] of FLAG_OF) if (typeof flags[key] === 'string') given.push([name, flags[key], dashed(key)]);
	const rawValues = Array.isArray(flags.xclient) ? (flags.xclient as unknown[]) : typeof flags.xclient === 'string' ? [flags.xclient] : [];
	for (const value of rawValues) given.push(...raw(String(value)));
	if (given.length === 0) return undefined;
	const attributes: XclientAttribute[] = [];
	for (const [name, value, flag] of given) {
		const twice = attributes.find(attribute => attribute.name === name);
		if (twice) throw new UsageError(`${flag} and ${twice.flag} both give XCLIENT's ${name}: give it once`);
		attributes.push({name, value: checked(name, value, flag), flag});
	}
	const tooLongValue = attributes.find(attribute => xclientSentLength(attribute.value) > XCLIENT_VALUE_LIMIT);
	if (tooLongValue) {
		const length = xclientSentLength(tooLongValue.value);
		throw new UsageError(`${tooLongValue.flag} is too long: ${length} characters as sent (xtext: a space, + or = counts 3), and Postfix takes at most ${XCLIENT_VALUE_LIMIT} per XCLIENT value (501 5.5.4 Error: attribute value too long)`, 'shorten it');
	}
	const {lines, tooLong} = xclientCommands(attributes);
	if (tooLong) throw new UsageError(`${tooLong.flag} is too long: XCLIENT ${tooLong.name}=... would not fit in one 512-octet command line`);
	return lines;
}
