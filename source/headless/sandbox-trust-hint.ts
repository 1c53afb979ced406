// A certificate refused by `send` that is this machine's own sandbox's (`smtp-tui serve`, the dashboard's): the file
// to trust is known, so the hint names it rather than sending the user to the README for it.
import {readFileSync} from 'node:fs';
import {X509Certificate} from 'node:crypto';
import path from 'node:path';
import {defaultCertificateDir} from '../sandbox/settings.js';
import type {RefusedCertificate} from '../transport/connect-error.js';

/** "; it is …: --ca FILE" when the refused certificate is the one kept in `certificateDir`, else "". */
export function sandboxTrustHint(refused: RefusedCertificate | undefined, certificateDir?: string): string {
	if (!refused?.fingerprint256) return '';
	let file: string;
	try {
		file = path.join(certificateDir ?? defaultCertificateDir(), 'certificate.pem');
		if (new X509Certificate(readFileSync(file)).fingerprint256 !== refused.fingerprint256) return '';
	} catch {
		// No sandbox has run here (or there is no home folder for one), or its file is unreadable: nothing to name.
		return '';
	}
	return `; it is the certificate of smtp-tui's own sandbox on this machine: trust it with --ca ${file}`;
}
