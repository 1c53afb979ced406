// The sandbox's TLS certificate: self-signed, generated once per install and kept in the user's data folder,
// so its fingerprint stays the same from run to run (workshop slides can show it). It is made again when
// it no longer covers the names the sandbox answers to, is about to expire, or cannot be read. Sandboxes
// started together agree on one (a lock file while one is made), and a new one is kept only once a sandbox
// listens with it: a start that fails (address in use, not on this machine) leaves the kept one alone.
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {open, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {makeDirectory} from '../message/make-directory.js';

export type SandboxCertificate = {
	/** The certificate (PEM). A client trusts the sandbox by passing exactly this as `ca`. */
	pem: string;
	key: string;
	/** SHA-256 fingerprint, colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` shows it. */
	fingerprint256: string;
	/** Where the certificate is kept. */
	path: string;
	/** Made now in place of a kept one (which covered other names, was expiring or unreadable): its fingerprint. */
	replaced?: string;
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

/** A certificate in use: `keep()` once the sandbox listens (stores it if it is new), else `release()`. */
export type CertificateClaim = {
	certificate: SandboxCertificate;
	keep(): Promise<void>;
	release(): Promise<void>;
};

// A lock older than this was left by a run that died while making a certificate (which takes milliseconds).
const STALE_LOCK_MS = 30_000;

/** Takes the lock file (waiting while another sandbox holds it); resolves to its release. */
async function lock(file: string): Promise<() => Promise<void>> {
	for (;;) {
		try {
			await (await open(file, 'wx', 0o600)).close();
			return () => rm(file, {force: true});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			const age = await stat(file).then(info => Date.now() - info.mtimeMs, () => 0);
			if (age > STALE_LOCK_MS) await rm(file, {force: true});
			else await new Promise(resolve => setTimeout(resolve, 20));
		}
	}
}

async function make(names: readonly string[]): Promise<{pem: string; key: string; fingerprint256: string}> {
	// selfsigned (with its X.509 stack, ~1 MB) is loaded only to make a certificate: most starts reuse the kept one.
	// A CommonJS module: bundled, its exports are only on `default` (named ones are not there).
	const {generate} = (await import('selfsigned')).default;
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
	return {pem: made.cert, key: made.private, fingerprint256: new X509Certificate(made.cert).fingerprint256};
}

const canonicalIp = (ip: string) => (net.isIPv6(ip) ? new net.SocketAddress({address: ip, family: 'ipv6'}).address : ip);

/** The names a readable kept certificate covers (X509Certificate writes IPv6 in full: made short again). */
async function keptNames(certFile: string): Promise<string[]> {
	try {
		const altNames = new X509Certificate(await readFile(certFile, 'utf8')).subjectAltName ?? '';
		return altNames
			.split(', ')
			.map(entry => (entry.startsWith('DNS:') ? entry.slice(4) : entry.startsWith('IP Address:') ? canonicalIp(entry.slice(11)) : ''))
			.filter(Boolean);
	} catch {
		return [];
	}
}

async function fingerprintOf(certFile: string): Promise<string | undefined> {
	try {
		return new X509Certificate(await readFile(certFile, 'utf8')).fingerprint256;
	} catch {
		return undefined;
	}
}

/** The kept certificate for `names` (host names and IP addresses), or a new one held under the lock until kept or released. */
export async function claimCertificate(dir: string, names: readonly string[]): Promise<CertificateClaim> {
	const certFile = path.join(dir, 'certificate.pem');
	const keyFile = path.join(dir, 'private-key.pem');
	const done = async () => {};
	const existing = await readUsable(certFile, keyFile, names);
	if (existing) return {certificate: {...existing, path: certFile}, keep: done, release: done};

	await makeDirectory(dir, 0o700);
	const unlock = await lock(path.join(dir, 'certificate.lock'));
	let made;
	try {
		// Another sandbox may have made a usable one while this one waited for the lock.
		const kept = await readUsable(certFile, keyFile, names);
		if (kept) {
			await unlock();
			return {certificate: {...kept, path: certFile}, keep: done, release: done};
		}
		// The new one covers the kept one's names too, so going back to an earlier --hostname needs no other.
		made = await make([...new Set([...names.map(name => (net.isIP(name) ? canonicalIp(name) : name)), ...(await keptNames(certFile))])]);
		const previous = await fingerprintOf(certFile);
		if (previous !== undefined) made = {...made, replaced: previous};
	} catch (error) {
		await unlock();
		throw error;
	}
	let settled = false;
	const release = async () => {
		if (settled) return;
		settled = true;
		await unlock();
	};
	return {
		certificate: {...made, path: certFile},
		async keep() {
			if (settled) return;
			try {
				await writeAtomically(keyFile, made.key, 0o600);
				await writeAtomically(certFile, made.pem, 0o644);
			} finally {
				await release();
			}
		},
		release,
	};
}

/** The kept certificate for `names`, made and stored in `dir` when needed (no server in between). */
export async function loadOrCreateCertificate(dir: string, names: readonly string[]): Promise<SandboxCertificate> {
	const claim = await claimCertificate(dir, names);
	await claim.keep();
	return claim.certificate;
}
