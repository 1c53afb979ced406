// The sandbox's TLS certificate: self-signed, generated once per install and kept in the user's data folder,
// so its fingerprint stays the same from run to run (workshop slides can show it). It is made again when
// it no longer covers the names the sandbox answers to, is about to expire, or cannot be read.
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {mkdir, readFile, rename, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {generate} from 'selfsigned';

export type SandboxCertificate = {
	/** The certificate (PEM). A client trusts the sandbox by passing exactly this as `ca`. */
	pem: string;
	key: string;
	/** SHA-256 fingerprint, colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` shows it. */
	fingerprint256: string;
	/** Where the certificate is kept. */
	path: string;
};

const renewBeforeMs = 30 * 24 * 3600 * 1000;
// Clients such as Apple's refuse server certificates valid for longer, even trusted ones.
const validityMs = 825 * 24 * 3600 * 1000;

function covers(certificate: X509Certificate, names: readonly string[]): boolean {
	return names.every(name => (net.isIP(name) ? certificate.checkIP(name) : certificate.checkHost(name)) !== undefined);
}

async function readUsable(certFile: string, keyFile: string, names: readonly string[]) {
	try {
		const [pem, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
		const certificate = new X509Certificate(pem);
		const usable =
			certificate.checkPrivateKey(createPrivateKey(key)) &&
			Date.parse(certificate.validTo) - Date.now() > renewBeforeMs &&
			covers(certificate, names);
		return usable ? {pem, key, fingerprint256: certificate.fingerprint256} : undefined;
	} catch {
		return undefined;
	}
}

async function writeAtomically(file: string, data: string, mode: number): Promise<void> {
	const temp = `${file}.${process.pid}.tmp`;
	await writeFile(temp, data, {mode});
	await rename(temp, file);
}

/** The kept certificate for `names` (host names and IP addresses), made and stored in `dir` when needed. */
export async function loadOrCreateCertificate(dir: string, names: readonly string[]): Promise<SandboxCertificate> {
	const certFile = path.join(dir, 'certificate.pem');
	const keyFile = path.join(dir, 'private-key.pem');
	const existing = await readUsable(certFile, keyFile, names);
	if (existing) return {...existing, path: certFile};

	const now = Date.now();
	const made = await generate([{name: 'commonName', value: names.find(name => !net.isIP(name)) ?? 'localhost'}], {
		keyType: 'ec',
		curve: 'P-256',
		algorithm: 'sha256',
		notBeforeDate: new Date(now - 3600 * 1000),
		notAfterDate: new Date(now + validityMs),
		extensions: [
			{name: 'keyUsage', digitalSignature: true, critical: true},
			{name: 'extKeyUsage', serverAuth: true},
			{name: 'subjectAltName', altNames: names.map(name => (net.isIP(name) ? {type: 7, ip: name} : {type: 2, value: name}))},
		],
	});
	await mkdir(dir, {recursive: true, mode: 0o700});
	await writeAtomically(keyFile, made.private, 0o600);
	await writeAtomically(certFile, made.cert, 0o644);
	return {pem: made.cert, key: made.private, fingerprint256: new X509Certificate(made.cert).fingerprint256, path: certFile};
}
