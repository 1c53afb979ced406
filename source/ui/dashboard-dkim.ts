// The dashboard with --dkim-key: every message Ctrl+S sends is signed, as `send` signs it (headless/dkim-send.ts),
// and the log says so; the key in DNS is checked at the first send for each d= and s=.
import {domainToASCII} from 'node:url';
import type {DkimSettings} from '../headless/dkim-flags.js';
import {checkKeyInDns, dkimKeyName, signedNote, type DkimDns} from '../headless/dkim-send.js';
import type {ComposedMessage} from '../message/compose.js';
import {signMessage, type DkimSigned} from '../message/dkim-message.js';
import {bareAddress} from '../message/lists.js';
import {SmtpInputError} from '../smtp/types.js';

/** --dkim-* as the dashboard was started with them, and where the key check asks (--dns, --timeout). */
export type DashboardDkim = {settings: DkimSettings; dns: DkimDns};

/** The domain a signature of this From would have (`send`'s default d=), or undefined where it is not plain. */
function fromDomain(from: string): string | undefined {
	const address = bareAddress(from);
	const domain = domainToASCII(address.slice(address.lastIndexOf('@') + 1)).toLowerCase();
	return address.includes('@') && domain.includes('.') ? domain : undefined;
}

/**
 * The connection panel's row, "DKIM: d=example.com s=s1 (rsa-sha256 2048)", then shorter ("(rsa 2048)", then d= and
 * s= alone: a long domain at 80 columns) for a narrow panel, which shows the first that fits; d= follows the From.
 */
export function dkimPanelTexts(settings: DkimSettings, from: string): string[] {
	const head = `DKIM: d=${settings.domain ?? fromDomain(from) ?? "From's domain"} s=${settings.selector}`;
	const size = settings.key.algorithm === 'rsa-sha256' ? ` ${settings.key.bits}` : '';
	return [`${head} (${settings.key.algorithm}${size})`, `${head} (${settings.key.algorithm.replace('-sha256', '')}${size})`, head];
}

/**
 * The message signed at `time`, the message's own Date: RSA (PKCS#1 v1.5) and Ed25519 signatures are deterministic,
 * so the preview's bytes and the sent ones are the same. A From with no domain to sign for is the From field's error.
 */
export async function signComposed(message: ComposedMessage, settings: DkimSettings, time: Date): Promise<{message: ComposedMessage; signed: DkimSigned}> {
	try {
		return await signMessage(message, settings, time);
	} catch (error) {
		if (error instanceof SmtpInputError) throw new SmtpInputError(`DKIM (--dkim-key): ${error.message.replace('give it with --dkim-domain', 'start with --dkim-domain, or change From')}`, 'From address');
		throw error;
	}
}

/**
 * The log's lines for each signed message: what was signed, and the key check. A key DNS has, or a DNS server that did
 * not answer (a wait of up to 5 s at each Ctrl+S), is not asked about again this run; any other verdict is, at the next
 * send, so a record published meanwhile is seen.
 */
export class DkimLogLines {
	readonly #settled = new Map<string, string[]>();

	constructor(readonly dkim: DashboardDkim) {}

	/** Whether lines() will ask DNS (a wait of up to 5 s), so that the footer can say something meanwhile. */
	asks(facts: DkimSigned): boolean {
		return this.dkim.settings.check && !this.#settled.has(dkimKeyName(facts));
	}

	async lines(facts: DkimSigned): Promise<string[]> {
		const said = signedNote(facts);
		if (!this.dkim.settings.check) return [said];
		const name = dkimKeyName(facts);
		const settled = this.#settled.get(name);
		if (settled) return [said, ...settled];
		const {notes, dns} = await checkKeyInDns(facts, this.dkim.settings.key, this.dkim.dns);
		if (dns.status === 'match') this.#settled.set(name, notes.map(note => `${note} (checked at the first send)`));
		if (dns.status === 'unknown') this.#settled.set(name, notes.map(note => `${note}; not asked again this run`));
		return [said, ...notes];
	}
}
