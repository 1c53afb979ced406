// A host and an EHLO name as typed (a flag or a profile's field), checked: a typo is bad input, not a DNS failure.
import {isIPv6} from 'node:net';
import {domainToASCII} from 'node:url';
import {encodeCommand} from '../smtp/commands.js';
import {SmtpInputError} from '../smtp/types.js';
import {isHostName, unbracketed} from '../transport/host-port.js';
import {UsageError} from './command.js';
import {hidePassword} from '../text/url-password.js';
import {refuseNotUtf8} from './not-utf8.js';

/**
 * EHLO takes an ASCII domain (RFC 5321 §4.1.2; even SMTPUTF8 keeps it in A-labels): an internationalised name is
 * given as punycode, as addresses' domains are. What is no domain name at all is left for the EHLO check to refuse.
 */
function asciiDomain(name: string, flag: string, hint: string): string {
	if (/^[\x00-\x7f]*$/.test(name)) return name;
	const ascii = domainToASCII(name);
	if (ascii === '') throw new UsageError(`${flag}: "${name}" is not a domain name`, hint);
	return ascii;
}

const HOST_HINT = 'give a name such as smtp.example.com, an IPv4 address, or an IPv6 address such as ::1';

/** `host:port` or `[v6]:port` as one value: the host (without brackets) and the port. */
export function hostAndPort(text: string): {host: string; port: string} | undefined {
	const withPort = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(text);
	return withPort ? {host: withPort[1] ?? withPort[2]!, port: withPort[3]!} : undefined;
}

/**
 * "::1:11025": an IPv6 address and a port without the brackets that set the port apart (the way host:port is
 * written for IPv4). Undefined when the whole is an address itself (::1:25 is one); a zone holds no colon
 * (fe80::1%eth0:25 is fe80::1%eth0 and port 25), though Node's isIPv6 takes any zone.
 */
export function unbracketedIpv6Port(text: string): {host: string; port: string} | undefined {
	const parts = /^(.+):(\d{1,5})$/.exec(text);
	const whole = isIPv6(text) && !/%.*:/.test(text);
	return parts && !whole && isIPv6(parts[1]!) ? {host: parts[1]!, port: parts[2]!} : undefined;
}

/**
 * host:port as one value: a common slip, which DNS would only answer with "not found". `flag`: the flag that takes
 * the host (--host, serve's --listen), for the hint; `hint` replaces it (a profile's field is no flag to retype).
 */
export function refusePortIn(text: string, label: string, flag: string, hint?: string): void {
	const parts = hostAndPort(text);
	if (parts) throw new UsageError(`${label} "${text}" has a port in it`, hint ?? `give the port apart: ${flag} ${parts.host} --port ${parts.port}`);
}

/** `smtp://host:587` pasted from a mail client's settings or a URL: the scheme, the host and the port, if any. */
export function urlParts(text: string): {scheme: string; host: string; port?: string} | undefined {
	// A login before the host (`me:secret@`) runs to the last @: a user name may hold one of its own.
	const url = /^([a-z][a-z\d+.-]*):\/\/(?:[^/?#]*@)?([^/?#]*)/i.exec(text);
	if (!url?.[2]) return undefined;
	const parts = hostAndPort(url[2]);
	return {scheme: url[1]!.toLowerCase(), host: parts?.host ?? unbracketed(url[2]), ...(parts && {port: parts.port})};
}

/** smtps:// (and submissions://, RFC 8314) is TLS from the first byte, on 465. */
export const isTlsScheme = (scheme: string) => scheme === 'smtps' || scheme === 'submissions';

/**
 * A host as given, trimmed, checked: a typo is bad input (exit 1), not a DNS failure (exit 2), nor a profile to
 * save. `label` names where it came from (`--host`, or a profile's field); `hint`, when it is not a flag to retype.
 */
export function checkHost(host: string, label = '--host', hint?: string): string {
	refuseNotUtf8(host, label, {hint});
	const url = urlParts(host);
	if (url) {
		const tls = isTlsScheme(url.scheme);
		const flags = `--host ${url.host}${url.port ? ` --port ${url.port}` : ''}${tls ? ' --tls' : ''}`;
		const means = url.port ? '' : tls ? ` (${url.scheme}:// means TLS from the first byte, port 465)` : url.scheme === 'smtp' ? ' (smtp:// means port 25)' : '';
		throw new UsageError(`${label} "${hidePassword(host)}" has a scheme (${url.scheme}://) in it`, hint ?? `give the host alone: ${flags}${means}`);
	}
	refusePortIn(host, label, '--host', hint);
	const v6 = unbracketedIpv6Port(host);
	if (v6) throw new UsageError(`${label} "${host}" is an IPv6 address with a port after it`, hint ?? `write the address in brackets: --host [${v6.host}]:${v6.port}, or give the port apart: --host ${v6.host} --port ${v6.port}`);
	if (!isHostName(host)) throw new UsageError(`${label} "${hidePassword(host)}" is not a host name or address`, hint ?? HOST_HINT);
	return host;
}

/**
 * The EHLO name to send: punycode for an internationalised one, checked as the EHLO command would be. `label`:
 * the flag (send: --helo; check: --ehlo) or the profile's field, for its errors; `hint` as for checkHost.
 */
export function checkEhloName(name: string, label: string, hint?: string): string {
	refuseNotUtf8(name, label, {hint});
	const ascii = asciiDomain(name, label, hint ?? "give this machine's name, e.g. client.example.test");
	try {
		encodeCommand({verb: 'EHLO', domain: ascii});
	} catch (error) {
		// The engine's sentences end with a full stop; usage errors do not.
		if (error instanceof SmtpInputError) throw new UsageError(`${label}: ${error.message.replace(/\.$/, '')}`, hint);
		throw error;
	}
	return ascii;
}
