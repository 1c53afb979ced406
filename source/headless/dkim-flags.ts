// send's --dkim-key, --dkim-selector, --dkim-domain and --no-dkim-check: checked before connecting, the key read once.
import {domainToASCII} from 'node:url';
import type {DkimKey} from '../message/dkim-sign.js';
import {controlIn} from '../text/control-characters.js';
import {UsageError} from './command.js';
import {readDkimKey} from './dkim-key-file.js';

export const dkimFlags = {
	dkimKey: {type: 'string'},
	dkimSelector: {type: 'string'},
	dkimDomain: {type: 'string'},
	// On unless --no-dkim-check, which skips the DNS lookup (a made-up domain in the sandbox, no network).
	dkimCheck: {type: 'boolean'},
} as const;

export const dkimHelp = `    --dkim-key FILE        sign the message with DKIM (RFC 6376) with this private key (PEM: RSA, or
                           Ed25519); an encrypted key takes its passphrase from SMTP_DKIM_PASSPHRASE
    --dkim-selector SEL    the selector: the key is published at SEL._domainkey.DOMAIN
    --dkim-domain DOMAIN   the signing domain (d=; default: the From header's domain)
    --no-dkim-check        do not look up the key in DNS (by default it is, and said whether it matches)`;

/** `warning`: said before connecting (a key under 2048 bits). */
export type DkimSettings = {key: DkimKey; selector: string; domain?: string; check: boolean; warning?: string};

/** An LDH label (letters, digits, hyphens inside), and the underscore some providers' selectors have. */
const LABEL = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/i;

const labelsOk = (name: string) => name.split('.').every(label => LABEL.test(label));

function refuseControls(flag: string, value: string): void {
	const control = /[\r\n\0]/.test(value) ? {what: 'a line break or NUL'} : controlIn(value);
	if (control) throw new UsageError(`${flag} contains ${control.what}`, 'remove it: it would go into the DKIM-Signature header');
}

function selectorOf(value: string): string {
	const at = value.toLowerCase().indexOf('._domainkey');
	if (at > 0) throw new UsageError(`--dkim-selector ${value} is the whole DNS name; give the selector alone`, `--dkim-selector ${value.slice(0, at)}${value.length > at + 12 ? ` --dkim-domain ${value.slice(at + 12)}` : ''}`);
	if (!labelsOk(value)) throw new UsageError(`--dkim-selector "${value}" is not a selector: one or more DNS labels (letters, digits, hyphens), as in s1 or 2024a`, 'give the selector the key is published under: SEL in SEL._domainkey.DOMAIN');
	return value;
}

function domainOf(value: string): string {
	if (value.includes('@')) throw new UsageError(`--dkim-domain ${value} is an address; give the domain alone`, `--dkim-domain ${value.slice(value.lastIndexOf('@') + 1)}`);
	const ascii = domainToASCII(value.replace(/\.$/, ''));
	if (ascii === '' || !ascii.includes('.') || !labelsOk(ascii) || ascii.length > 253) {
		throw new UsageError(`--dkim-domain "${value}" is not a domain name`, 'give the domain the key is published under, e.g. --dkim-domain example.com');
	}
	return ascii.toLowerCase();
}

/** The DKIM settings, or undefined without --dkim-key; a flag without the others it needs is refused. */
export function parseDkimFlags(flags: Record<string, unknown>, env: NodeJS.ProcessEnv): DkimSettings | undefined {
	const given = (['dkimKey', 'dkimSelector', 'dkimDomain'] as const).map(name => (typeof flags[name] === 'string' ? (flags[name] as string) : undefined));
	const [keyFile, selector, domain] = given;
	for (const [index, flag] of ['--dkim-key', '--dkim-selector', '--dkim-domain'].entries()) {
		if (given[index] === undefined) continue;
		refuseControls(flag, given[index]!);
		if (given[index]!.trim() === '') throw new UsageError(`${flag} is empty`, `give a value, or leave ${flag} out`);
	}
	if (keyFile === undefined) {
		if (selector !== undefined || domain !== undefined) throw new UsageError(`${selector !== undefined ? '--dkim-selector' : '--dkim-domain'} given without --dkim-key`, 'add --dkim-key FILE (the private key) to sign the message');
		if (flags.dkimCheck === false) throw new UsageError('--no-dkim-check given without --dkim-key', 'there is no signature, so no key to check: leave it out');
		return undefined;
	}
	if (selector === undefined) throw new UsageError('--dkim-key given without --dkim-selector', 'add --dkim-selector SEL: the key is published at SEL._domainkey.DOMAIN');
	const {key, warning} = readDkimKey(keyFile, env);
	return {
		key,
		...(warning !== undefined && {warning}),
		selector: selectorOf(selector.trim()),
		...(domain !== undefined && {domain: domainOf(domain.trim())}),
		check: flags.dkimCheck !== false,
	};
}
