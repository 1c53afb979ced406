// How a TLS session is described in the log: what was negotiated, whose certificate, and loudly whether it verified.
import type {NewLogEntry} from './log.js';
import type {TlsInfo} from './types.js';
import {describeCertificate} from '../transport/tls-info.js';

export function describeTls(info: TlsInfo): NewLogEntry[] {
	const lines: NewLogEntry[] = [
		{kind: 'info', text: `TLS started: ${info.protocol}, ${info.cipher}`, tls: true},
		{kind: 'info', text: describeCertificate(info), tls: true},
		{kind: 'info', text: `certificate SHA-256: ${info.fingerprint256}`, tls: true},
	];
	if (info.authorized) lines.push({kind: 'info', text: 'certificate verified', tls: true});
	else {
		const why = info.authorizationError ?? 'not trusted';
		lines.push({
			kind: 'error',
			text: info.insecure ? `certificate NOT verified (${why}); continuing because of --insecure` : `certificate NOT verified: ${why}`,
			tls: true,
		});
	}
	return lines;
}
