// A message's SPF and DMARC in words, as serve's log and the inbox's headers view say them, and the
// Authentication-Results header (RFC 8601) a receiver would add. Domains and reasons hold the sender's text (and DNS's):
// the callers escape them as they do every client-controlled text.
import type {DkimResult, DmarcCheck, MessageRecord} from './mailbox-types.js';
import {isPublicAddress, SPF_MEANING, type ClientSpf} from '../spf/client.js';

/** What a test can do about an SPF that judged the test machine's address rather than the server the mail will go from. */
const LOCAL_CLIENT = "XCLIENT ADDR= or --proxy lets a test use your server's address";

/**
 * "pass for 192.0.2.1 as example.com: 192.0.2.1 matched "ip4:192.0.2.0/24" in the SPF record of example.com";
 * a fail or softfail from a local address says how a test can give the real one.
 */
export function spfWords({result, domain, ip, reason}: ClientSpf): string {
	const hint = (result === 'fail' || result === 'softfail') && !isPublicAddress(ip) ? `. ${LOCAL_CLIENT}` : '';
	return `${result} for ${ip} as ${domain}: ${reason}; ${SPF_MEANING[result]}${hint}`;
}

const FATE = {reject: 'a receiver would refuse it', quarantine: 'a receiver would put it in quarantine (spam)', none: 'a receiver delivers it all the same (the policy only asks for reports)'} as const;

/** "pass (DKIM d=example.com aligned)", "fail, p=reject: a receiver would refuse it; SPF fail for …", "none (example.com publishes no DMARC record, …)". */
export function dmarcWords({result, policy, tag, disposition, alignedBy, why}: DmarcCheck): string {
	if (result === 'pass' && alignedBy) return `pass (${alignedBy.method === 'dkim' ? `DKIM d=${alignedBy.domain}` : `SPF ${alignedBy.domain}`} aligned)`;
	if (result === 'fail' && policy) return `fail, ${tag}=${policy}: ${FATE[disposition ?? policy]}; ${why}`;
	if (result === 'temperror') return `temporary error (no verdict): ${why}`;
	return `${result} (${why})`;
}

/** RFC 8601's method results: DKIM's temperror is its own word; a check not made is none. */
const dkimResult = (signature: DkimResult) => `dkim=${signature.status} header.d=${signature.domain || '(none)'}${signature.selector ? ` header.s=${signature.selector}` : ''}`;

/** Who judged (RFC 8601's authserv-id): the sandbox's view, never a header of the stored message. */
const AUTHSERV_ID = 'smtp-tui.sandbox';

/**
 * The header a receiver (the sandbox) would add for `record`, a line per method:
 * `Authentication-Results: smtp-tui.sandbox;`, `  spf=pass (192.0.2.1) smtp.mailfrom=example.com;`,
 * `  dkim=pass header.d=example.com header.s=mail;`, `  dmarc=pass header.from=example.com` (folded with blanks: the
 * view draws no tabs). Undefined before SPF and DMARC were checked (a sandbox without --dns).
 */
export function authenticationResults(record: Pick<MessageRecord, 'spf' | 'dmarc' | 'signatures' | 'envelope'>): string[] | undefined {
	const {spf, dmarc} = record;
	if (!dmarc) return undefined;
	const spfProperty = record.envelope.mailFrom.address === '' ? 'smtp.helo' : 'smtp.mailfrom';
	const methods = [
		spf ? `spf=${spf.result} (${spf.ip}) ${spfProperty}=${spf.domain}` : 'spf=none (no client address)',
		...(record.signatures?.length ? record.signatures.map(dkimResult) : ['dkim=none']),
		`dmarc=${dmarc.result}${dmarc.policy ? ` (${dmarc.tag}=${dmarc.policy} dis=${dmarc.result === 'fail' ? dmarc.disposition : 'none'})` : ''} header.from=${dmarc.domain || '(none)'}`,
	];
	return [`Authentication-Results: ${AUTHSERV_ID};`, ...methods.map((method, index) => `  ${method}${index < methods.length - 1 ? ';' : ''}`)];
}
