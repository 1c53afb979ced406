// The sandbox's TLS certificate: self-signed, generated once per install and kept in the user's data folder,
// so its fingerprint stays the same from run to run (workshop slides can show it). It is made again when
// it no longer covers the names the sandbox answers to, is about to expire, or cannot be read. Sandboxes
// started together agree on one (a lock file while one is made), and a new one is kept only once a sandbox
// listens with it: a start that fails (address in use, not on this machine) leaves the kept one alone.
// A data folder that cannot be written (read-only mount, no home) does not stop the sandbox: it gets a
// certificate for this run only, and `notKept` says why it was not kept.
import {createPrivateKey, X509Certificate} from 'node:crypto';
import {open, readFile, rename, rm, stat, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {tempBeside} from '../message/atomic-write.js';
import {giveTo, ownerFor} from '../message/folder-owner.js';
import {makeDirectory} from '../message/make-directory.js';
import {withRootOwnedCause} from '../message/root-owned.js';
import {NoHomeFolder} from '../message/user-folders.js';
import {defaultCertificateDir, sandboxDefaults} from './settings.js';

export type SandboxCertificate = {
	/** The certificate (PEM). A client trusts the sandbox by passing exactly this as `ca`. */
	pem: string;
	key: string;
	/** SHA-256 fingerprint, colon-separated upper-case hex, as `openssl x509 -fingerprint -sha256` shows it. */
	fingerprint256: string;
	/**
	 * Where the certificate is kept (with `notKept`: where it would have been, or '' when there is no folder for it;
	 * that file is not this certificate).
	 */
	path: string;
	/** Made now in place of a kept one (which covered other names, was expiring or unreadable): its fingerprint. */
	replaced?: string;
	/** Why the kept one was not used, e.g. "it did not cover 10.0.0.5"; without `replaced` when it was no certificate. */
	replacedBecause?: string;
	/**
	 * Set when the certificate could not be kept (it exists in memory for this run only, so its fingerprint changes
	 * at every start): why, as the file system said it, e.g. "EROFS: read-only file system, mkdir '/data/smtp-tui'".
	 */
	notKept?: string;
};

/**
 * Names every certificate made is for, whatever this run needs: loopback and the default --hostname. Only made in:
 * a kept one is still checked against the names a run needs (one made before lacks them until then).
 */
const DEFAULT_NAMES = ['localhost', '127.0.0.1', '::1', sandboxDefaults.hostname];

const renewBeforeMs = 30 * 24 * 3600 * 1000;
// Clients such as Apple's refuse server certificates valid for longer, even trusted ones.
const validityMs = 825 * 24 * 3600 * 1000;

function covers(certificate: X509Certificate, name: string): boolean {
	return (net.isIP(name) ? certificate.checkIP(name) : certificate.checkHost(name)) !== undefined;
}

/** The kept pair when it serves `names`; otherwise why not, in words for the warning that a new one replaced it. */
async function readUsable(certFile: string, keyFile: string, names: readonly string[]): Promise<{pem: string; key: string; fingerprint256: string} | {why: string}> {
	let pem: string;
	let certificate: X509Certificate;
	let key: string;
	try {
		[pem, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
		certificate = new X509Certificate(pem);
		if (!certificate.checkPrivateKey(createPrivateKey(key))) return {why: 'its private key did not match it'};
	} catch {
		return {why: 'it or its private key could not be read'};
	}
	if (Date.parse(certificate.validTo) - Date.now() <= renewBeforeMs) return {why: `it expires on ${new Date(certificate.validTo).toISOString().slice(0, 10)}`};
	const uncovered = names.filter(name => !covers(certificate, name));
	if (uncovered.length > 0) return {why: `it did not cover ${uncovered.join(', ')}`};
	return {pem, key, fingerprint256: certificate.fingerprint256};
}

/**
 * Beside the kept certificate, the one it replaced: `send` refused by a sandbox still serving that one (or by the new
 * one, holding a --ca file of the old) says the certificate was made again, and when.
 */
export const PREVIOUS_CERTIFICATE = 'previous-certificate.pem';

/**
 * Writes the key, then the certificate (and `previous`, the certificate it replaces, beside it); a failure leaves no
 * temporary file behind.
 */
async function storePair(keyFile: string, key: string, certFile: string, pem: string, previous?: string): Promise<void> {
	// Names no one can tell in advance, created anew (O_EXCL): a file or link planted under a name known beforehand,
	// in a state folder another user can write (SMTP_TUI_STATE_DIR on a shared disk), would get the private key.
	const keyTemp = tempBeside(keyFile);
	const certTemp = tempBeside(certFile);
	const previousFile = path.join(path.dirname(certFile), PREVIOUS_CERTIFICATE);
	const previousTemp = tempBeside(previousFile);
	try {
		// All written before any is renamed: a full disk or a read-only file leaves the kept pair as it was.
		await writeFile(keyTemp, key, {mode: 0o600, flag: 'wx'});
		await writeFile(certTemp, pem, {mode: 0o644, flag: 'wx'});
		if (previous !== undefined) await writeFile(previousTemp, previous, {mode: 0o644, flag: 'wx'});
		// As root in another user's data folder, theirs: root's key (0600) would make their sandbox a new one each run.
		const owner = await ownerFor(path.dirname(keyFile));
		await Promise.all([giveTo(keyTemp, owner), giveTo(certTemp, owner), ...(previous === undefined ? [] : [giveTo(previousTemp, owner)])]);
		if (previous !== undefined) await rename(previousTemp, previousFile);
		await rename(keyTemp, keyFile);
		await rename(certTemp, certFile);
	} finally {
		await Promise.all([rm(keyTemp, {force: true}), rm(certTemp, {force: true}), rm(previousTemp, {force: true})]).catch(() => undefined);
	}
}

const exists = (file: string) => stat(file).then(() => true, () => false);

/** A certificate in use: `keep()` once the sandbox listens (stores it if it is new; a failure only sets `notKept`), else `release()`. */
type CertificateClaim = {
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

/** The kept certificate as it is (PEM) and its fingerprint; undefined when the file is none. */
async function keptCertificate(certFile: string): Promise<{pem: string; fingerprint256: string} | undefined> {
	try {
		const pem = await readFile(certFile, 'utf8');
		return {pem, fingerprint256: new X509Certificate(pem).fingerprint256};
	} catch {
		return undefined;
	}
}

/**
 * The kept certificate for `names` (host names and IP addresses), or a new one held under the lock until kept or
 * released. `given`: the folder to keep it in; undefined, the data folder's (none without a home folder: then one
 * for this run only).
 */
export async function claimCertificate(given: string | undefined, names: readonly string[]): Promise<CertificateClaim> {
	const done = async () => {};
	const canonical = names.map(name => (net.isIP(name) ? canonicalIp(name) : name));
	let dir: string;
	try {
		dir = given ?? defaultCertificateDir();
	} catch (error) {
		if (!(error instanceof NoHomeFolder)) throw error;
		return {certificate: {...(await make(canonical)), path: '', notKept: error.message}, keep: done, release: done};
	}
	const certFile = path.join(dir, 'certificate.pem');
	const keyFile = path.join(dir, 'private-key.pem');
	const existing = await readUsable(certFile, keyFile, names);
	if (!('why' in existing)) return {certificate: {...existing, path: certFile}, keep: done, release: done};

	let unlock: () => Promise<void>;
	try {
		await makeDirectory(dir, 0o700);
		unlock = await lock(path.join(dir, 'certificate.lock'));
	} catch (error) {
		// No folder to keep it in must not cost the newcomer the sandbox: one for this run only, and say so.
		return {certificate: {...(await make(canonical)), path: certFile, notKept: await withRootOwnedCause(error)}, keep: done, release: done};
	}
	let made;
	let previous: {pem: string; fingerprint256: string} | undefined;
	try {
		// Another sandbox may have made a usable one while this one waited for the lock.
		const kept = await readUsable(certFile, keyFile, names);
		if (!('why' in kept)) {
			await unlock();
			return {certificate: {...kept, path: certFile}, keep: done, release: done};
		}
		// The new one covers the kept one's names too, so going back to an earlier --hostname needs no other; and the
		// default ones, so a plain run after the first ever with --hostname (a workshop's) keeps its fingerprint.
		made = await make([...new Set([...canonical, ...DEFAULT_NAMES, ...(await keptNames(certFile))])]);
		previous = await keptCertificate(certFile);
		// A file there that is no certificate (written over) has no fingerprint, but clients trusting it lose it too.
		if (previous !== undefined) made = {...made, replaced: previous.fingerprint256, replacedBecause: kept.why};
		else if (await exists(certFile)) made = {...made, replacedBecause: kept.why};
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
	const certificate: SandboxCertificate = {...made, path: certFile};
	return {
		certificate,
		/** Stores a new certificate; when that fails, the sandbox goes on with it and `certificate.notKept` says why. */
		async keep() {
			if (settled) return;
			try {
				await storePair(keyFile, made.key, certFile, made.pem, previous?.pem);
			} catch (error) {
				certificate.notKept = await withRootOwnedCause(error);
				// The file still holds the earlier one: nothing was replaced for clients that trust it.
				delete certificate.replaced;
				delete certificate.replacedBecause;
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
