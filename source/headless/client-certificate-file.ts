// --cert and --key, read and checked before connecting: a file that is missing or not PEM, a key that does not belong
// to the certificate or is encrypted is a bad option (exit 1), said with what to do, not a failed handshake later.
// The key is read into memory only: never copied, logged or saved (a profile keeps its path).
import {X509Certificate} from 'node:crypto';
import {readFileSync} from 'node:fs';
import tls from 'node:tls';
import type {ClientCertificate} from '../transport/client-certificate.js';
import {describeFileError} from '../text/file-errors.js';
import {shellWord} from '../message/profiles.js';
import {UsageError} from './command.js';

/** The environment variable an encrypted key's passphrase comes from (never a flag: flags show in `ps`). */
const PASSPHRASE_ENV = 'SMTP_KEY_PASSPHRASE';

/** Where the paths came from, for the messages: the flags, or a profile's fields; `hint` replaces the advice to retype a flag. */
type CertificateLabels = {cert: string; key: string; hint?: string};

const FLAGS: CertificateLabels = {cert: '--cert', key: '--key'};

type PemBlock = {kind: string; pem: string};

function pemBlocks(text: string): PemBlock[] {
	return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g)].map(match => ({kind: match[1]!, pem: `${match[0]}\n`}));
}

const isKey = (block: PemBlock) => /PRIVATE KEY$/.test(block.kind);

/** An encrypted key: PKCS#8's own label, or the old OpenSSL header inside an RSA or EC key. */
const isEncrypted = (block: PemBlock) => block.kind === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(block.pem);

/** `kinds`: the PEM blocks the file is for, named in the hint for an empty one (a key file holds no certificate). */
function readPem(file: string, label: string, hint: string | undefined, kinds: string): PemBlock[] {
	let text: string;
	try {
		text = readFileSync(file, 'latin1');
	} catch (error) {
		throw new UsageError(`${label}: cannot read ${file}: ${describeFileError(error, file)}`, hint);
	}
	// Nothing to convert (/dev/null, a file not written yet): the DER hint would send the user the wrong way.
	if (text.trim() === '') throw new UsageError(`${label}: ${file} is empty${text === '' ? '' : ' (blank space only)'}`, hint ?? `give ${label} the PEM file itself (${kinds})`);
	return pemBlocks(text);
}

function certificatesOf(file: string, blocks: PemBlock[], labels: CertificateLabels): PemBlock[] {
	const certificates = blocks.filter(block => block.kind === 'CERTIFICATE');
	if (certificates.length > 0) return certificates;
	const holds = blocks.some(isKey) ? '; it holds a private key only' : blocks.length > 0 ? `; it holds a ${blocks[0]!.kind.toLowerCase()}` : '';
	throw new UsageError(
		`${labels.cert}: ${file} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----")${holds}`,
		labels.hint ?? (blocks.length > 0 ? 'give --cert the client certificate (BEGIN CERTIFICATE), and --key its private key' : `a DER certificate converts with: openssl x509 -inform der -in ${shellWord(file)} -out client.pem`),
	);
}

/** The private key: from --key, else from the --cert file; its file is returned for the messages. */
function keyOf(certFile: string, certBlocks: PemBlock[], keyFile: string | undefined, labels: CertificateLabels): {block: PemBlock; file: string} {
	if (keyFile === undefined) {
		const block = certBlocks.find(isKey);
		if (block) return {block, file: certFile};
		throw new UsageError(`${labels.cert}: ${certFile} holds no private key, and no ${labels.key} was given`, labels.hint ?? 'give the key file too: --key FILE (PEM, BEGIN PRIVATE KEY)');
	}
	const blocks = readPem(keyFile, labels.key, labels.hint, 'BEGIN PRIVATE KEY');
	const block = blocks.find(isKey);
	if (block) return {block, file: keyFile};
	const holds = blocks.some(candidate => candidate.kind === 'CERTIFICATE') ? '; it holds a certificate' : '';
	throw new UsageError(`${labels.key}: ${keyFile} holds no PEM private key (expected "-----BEGIN PRIVATE KEY-----")${holds}`, labels.hint ?? `a DER key converts with: openssl pkey -inform der -in ${shellWord(keyFile)} -out client-key.pem`);
}

/** The passphrase for an encrypted key, from the environment; refused, with both ways out, when there is none. */
function passphraseFor(key: {block: PemBlock; file: string}, env: NodeJS.ProcessEnv, labels: CertificateLabels): string | undefined {
	if (!isEncrypted(key.block)) return undefined;
	const passphrase = env[PASSPHRASE_ENV];
	if (passphrase) return passphrase;
	throw new UsageError(
		`${key.file}: the private key is encrypted (it needs a passphrase), and ${PASSPHRASE_ENV} is not set`,
		`set ${PASSPHRASE_ENV} to its passphrase in the environment, or decrypt the key once: openssl pkey -in ${shellWord(key.file)} -out client-key.pem (then chmod 600 client-key.pem)`,
	);
}

// A wrong passphrase fails CBC's padding check (bad decrypt), but about one time in 250 the garbage ends in valid
// padding and OpenSSL fails decoding it instead: "unsupported" (any Node, OpenSSL 3.0 to 3.5).
const WRONG_PASSPHRASE: ReadonlySet<string> = new Set(['ERR_OSSL_BAD_DECRYPT', 'ERR_OSSL_UNSUPPORTED']);

/** OpenSSL's refusal of the pair, in words: a key that is not the certificate's, or a wrong passphrase. */
function pairError(error: unknown, subject: string, certFile: string, key: {file: string}, passphrase: string | undefined, labels: CertificateLabels): UsageError {
	const code = (error as {code?: string}).code;
	if (code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') {
		return new UsageError(`the private key in ${key.file} does not belong to the certificate in ${certFile} (${subject}): their public keys differ`, labels.hint ?? `give ${labels.key} the key that was made with this certificate`);
	}
	if (passphrase !== undefined && WRONG_PASSPHRASE.has(code ?? '')) {
		return new UsageError(`${PASSPHRASE_ENV} does not decrypt the private key in ${key.file} (a wrong passphrase?)`, `set ${PASSPHRASE_ENV} to the key's passphrase`);
	}
	// Old exports (PKCS#8 v1, Java's keytool, old Windows) encrypt with DES or RC2, which OpenSSL 3 keeps in its legacy
	// provider and Node does not load: the key cannot be read here, whatever the passphrase ("unsupported" before).
	if (passphrase !== undefined && code === 'ERR_OSSL_EVP_UNSUPPORTED') {
		return new UsageError(
			`${key.file}: the private key is encrypted with an old cipher (DES or RC2) that OpenSSL 3, which Node uses, no longer offers`,
			`encrypt it anew once: openssl pkcs8 -topk8 -v2 aes-256-cbc -provider legacy -provider default -in ${shellWord(key.file)} -out client-key.pem (then chmod 600 client-key.pem)`,
		);
	}
	const reason = (error as {reason?: string}).reason ?? (error instanceof Error ? error.message : String(error));
	return new UsageError(`${labels.cert} ${certFile} and its key cannot be used: ${reason}`, labels.hint);
}

/**
 * The client certificate of `certFile` and the key of `keyFile` (or of `certFile`, when the key is in it), checked as
 * the TLS handshake would use them. `env`: where SMTP_KEY_PASSPHRASE comes from.
 */
export function readClientCertificate(certFile: string, keyFile: string | undefined, env: NodeJS.ProcessEnv, labels: CertificateLabels = FLAGS): ClientCertificate {
	const certBlocks = readPem(certFile, labels.cert, labels.hint, 'BEGIN CERTIFICATE, BEGIN PRIVATE KEY');
	const certificates = certificatesOf(certFile, certBlocks, labels);
	const key = keyOf(certFile, certBlocks, keyFile, labels);
	const passphrase = passphraseFor(key, env, labels);
	let x509: X509Certificate;
	try {
		x509 = new X509Certificate(certificates[0]!.pem);
	} catch (error) {
		throw new UsageError(`${labels.cert}: the certificate in ${certFile} is damaged: ${(error as {reason?: string}).reason ?? String(error)}`, labels.hint);
	}
	const subject = x509.subject.split('\n').join(', ');
	const cert = certificates.map(block => block.pem).join('');
	try {
		tls.createSecureContext({cert, key: key.block.pem, ...(passphrase !== undefined && {passphrase})});
	} catch (error) {
		throw pairError(error, subject, certFile, key, passphrase, labels);
	}
	return {cert, key: key.block.pem, ...(passphrase !== undefined && {passphrase}), subject, validTo: x509.validTo};
}
