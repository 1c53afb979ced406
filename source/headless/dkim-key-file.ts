// --dkim-key FILE, read once and checked before connecting: a file that is missing, not a private key, a public key,
// encrypted without its passphrase, or of a kind DKIM has no algorithm for is a bad option (exit 1), said with what to
// do. The key is held in memory only: never printed, logged or saved.
import {createPrivateKey} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {DkimKey} from '../message/dkim-sign.js';
import {describeFileError} from '../text/file-errors.js';
import {shellWord} from '../text/shell-word.js';
import {UsageError} from './command.js';

/** The environment variable an encrypted key's passphrase comes from (never a flag: flags show in `ps`). */
const DKIM_PASSPHRASE_ENV = 'SMTP_DKIM_PASSPHRASE';

/** RFC 8301 §3.2: verifiers must not accept a smaller RSA key. */
const MIN_RSA_BITS = 1024;
/** …and signers should use at least this (Gmail and Microsoft fail or mark smaller ones). */
const ADVISED_RSA_BITS = 2048;

const MAKE_ONE = 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out dkim.pem';

/** The key, and a warning to say before sending (a key under 2048 bits), if any. */
export function readDkimKey(file: string, env: NodeJS.ProcessEnv): {key: DkimKey; warning?: string} {
	const label = '--dkim-key';
	let text: string;
	try {
		text = readFileSync(file, 'latin1');
	} catch (error) {
		throw new UsageError(`${label}: cannot read ${file}: ${describeFileError(error, file)}`);
	}
	if (text.trim() === '') throw new UsageError(`${label}: ${file} is empty`, `give the DKIM private key (PEM, BEGIN PRIVATE KEY); to make one: ${MAKE_ONE}`);
	const kinds = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map(match => match[1]!);
	const key = kinds.find(kind => kind.endsWith('PRIVATE KEY'));
	if (key === undefined) throw new UsageError(`${label}: ${file} ${notAPrivateKey(text, kinds)}`, notAPrivateKeyHint(file, text, kinds));
	if (key === 'OPENSSH PRIVATE KEY') throw new UsageError(`${label}: ${file} is an OpenSSH key (BEGIN OPENSSH PRIVATE KEY), which is for ssh, not DKIM`, `make a DKIM key: ${MAKE_ONE}`);
	const encrypted = key === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(text);
	const passphrase = env[DKIM_PASSPHRASE_ENV];
	if (encrypted && !passphrase) {
		throw new UsageError(`${label}: ${file} is encrypted, and ${DKIM_PASSPHRASE_ENV} is not set`, `set ${DKIM_PASSPHRASE_ENV} to its passphrase, or keep a decrypted copy (mode 600): openssl pkey -in ${shellWord(file)} -out dkim.pem`);
	}
	let parsed;
	try {
		parsed = createPrivateKey({key: pemBlock(text, key), format: 'pem', ...(encrypted && {passphrase})});
	} catch (error) {
		if (encrypted) throw new UsageError(`${label}: ${file} does not open with the passphrase in ${DKIM_PASSPHRASE_ENV}`, `set ${DKIM_PASSPHRASE_ENV} to the passphrase it was encrypted with`);
		throw new UsageError(`${label}: ${file} holds a ${key} block that does not decode: a line cut, changed or lost in copying? (OpenSSL: ${(error as Error).message})`, `copy the key again from where it was made, or make a new one: ${MAKE_ONE}`);
	}
	const type = parsed.asymmetricKeyType;
	if (type === 'ed25519') return {key: {key: parsed, algorithm: 'ed25519-sha256', bits: 256}};
	if (type !== 'rsa') {
		const curve = parsed.asymmetricKeyDetails?.namedCurve;
		throw new UsageError(`${label}: ${file} is ${type === 'ec' ? `an EC key${curve ? ` (${curve})` : ''}` : `a${/^[aeiou]/i.test(type ?? '') ? 'n' : ''} ${String(type).toUpperCase()} key`}: DKIM signs with RSA (rsa-sha256) or Ed25519 (ed25519-sha256, RFC 8463) only`, `make a DKIM key: ${MAKE_ONE}`);
	}
	const bits = parsed.asymmetricKeyDetails?.modulusLength ?? 0;
	if (bits < MIN_RSA_BITS) throw new UsageError(`${label}: ${file} is a ${bits}-bit RSA key: receivers ignore a DKIM signature by a key under ${MIN_RSA_BITS} bits (RFC 8301)`, `make a ${ADVISED_RSA_BITS}-bit one: ${MAKE_ONE}`);
	const result = {key: {key: parsed, algorithm: 'rsa-sha256' as const, bits}};
	if (bits >= ADVISED_RSA_BITS) return result;
	return {...result, warning: `warning: --dkim-key is a ${bits}-bit RSA key; RFC 8301 advises ${ADVISED_RSA_BITS} bits, and some receivers treat a smaller key as no signature`};
}

/**
 * The key's PEM block alone, its lines' indentation dropped: OpenSSL reads neither a UTF-8 BOM (Notepad writes one)
 * nor indented lines (a key pasted from YAML or a web page), and a note written around the key is no part of it.
 */
function pemBlock(text: string, kind: string): string {
	const start = text.indexOf(`-----BEGIN ${kind}-----`);
	const endLine = `-----END ${kind}-----`;
	const end = text.indexOf(endLine, start);
	return `${text.slice(start, end === -1 ? undefined : end + endLine.length).replace(/^[ \t]+/gm, '')}\n`;
}

/** What the file holds instead of a private key, in words. */
function notAPrivateKey(text: string, kinds: readonly string[]): string {
	if (kinds.some(kind => kind.endsWith('PUBLIC KEY'))) return 'holds a public key (the one for DNS); --dkim-key signs, so it needs the private key that goes with it';
	if (kinds.includes('CERTIFICATE')) return 'holds a certificate, not a private key';
	if (/\bv=DKIM1\b|\bp=[A-Za-z0-9+/]{20}/.test(text)) return "holds a DKIM DNS record (the public key), not the private key";
	return 'holds no PEM private key (expected "-----BEGIN PRIVATE KEY-----" or "-----BEGIN RSA PRIVATE KEY-----")';
}

function notAPrivateKeyHint(file: string, text: string, kinds: readonly string[]): string {
	if (kinds.length === 0 && !/\bv=DKIM1\b/.test(text)) return `a DER key converts with: openssl pkey -inform der -in ${shellWord(file)} -out dkim.pem`;
	return `give the private key the DNS record was made from; to make a new pair: ${MAKE_ONE}`;
}
