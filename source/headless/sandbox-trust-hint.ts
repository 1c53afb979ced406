// A certificate refused by `send` that is this machine's own sandbox's (`smtp-tui serve`, the dashboard's): the file
// to trust is known, so the hint names it rather than sending the user to the README for it. Once the kept one was
// made again (`serve --listen` with an address it did not cover, an expiring one), a --ca file holding the earlier
// one no longer works, and a sandbox started before still serves that one: the hint says which has happened.
import {readFileSync, statSync} from 'node:fs';
import {X509Certificate} from 'node:crypto';
import path from 'node:path';
import {PREVIOUS_CERTIFICATE} from '../sandbox/certificate.js';
import {defaultCertificateDir} from '../sandbox/settings.js';
import type {RefusedCertificate} from '../transport/connect-error.js';

/** The fingerprint of the certificate in `file`, and the day the file was written; undefined when there is none. */
function certificateIn(file: string): {fingerprint256: string; day: string} | undefined {
	try {
		return {fingerprint256: new X509Certificate(readFileSync(file)).fingerprint256, day: statSync(file).mtime.toISOString().slice(0, 10)};
	} catch {
		// No sandbox has run here (or there is no home folder for one), or its file is unreadable: nothing to name.
		return undefined;
	}
}

/** "; it is …: --ca FILE" when the refused certificate is the one kept in `certificateDir` (or the one it replaced), else "". */
export function sandboxTrustHint(refused: RefusedCertificate | undefined, certificateDir?: string): string {
	if (!refused?.fingerprint256) return '';
	let dir: string;
	try {
		dir = certificateDir ?? defaultCertificateDir();
	} catch {
		return '';
	}
	const file = path.join(dir, 'certificate.pem');
	const kept = certificateIn(file);
	if (!kept) return '';
	// Written when the kept one was made again: its day is that of the new certificate.
	const previous = certificateIn(path.join(dir, PREVIOUS_CERTIFICATE));
	if (refused.fingerprint256 === kept.fingerprint256) {
		if (!previous) return `; it is the certificate of smtp-tui's own sandbox on this machine: trust it with --ca ${file}`;
		return `; it is the new certificate of smtp-tui's own sandbox on this machine, made again on ${previous.day} in place of an earlier one: a --ca file or copy holding the earlier one no longer works; trust this one with --ca ${file}`;
	}
	if (refused.fingerprint256 === previous?.fingerprint256) {
		return `; it is the earlier certificate of smtp-tui's own sandbox on this machine, replaced in ${file} on ${previous.day} by a new one: this sandbox was started before that and still serves the earlier one; restart it, and --ca ${file} trusts it`;
	}
	return '';
}
