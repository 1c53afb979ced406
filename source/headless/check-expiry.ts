// check's --cert-days: the probes whose certificate (or a CA certificate of its chain) is close to its end.
import type {ChainExpiryFields} from '../transport/certificate-expiry.js';
import type {ProbeResult, ProbeTls} from './check-probe.js';

/** check's exit code when a port answers but a certificate met expires within --cert-days (or has expired). */
export const CERTIFICATE_EXPIRING_EXIT = 3;

/** When the certificate stops verifying: at its own end, or at its chain's first to expire (`chain`). */
type End = {daysLeft: number; validTo: string; chain?: ChainExpiryFields};

export function soonestEnd(tls: ProbeTls | undefined): End | undefined {
	if (tls?.daysLeft === undefined || tls.validTo === undefined) return undefined;
	const chain = tls.chainExpiry;
	if (chain?.daysLeft !== undefined && chain.validTo !== undefined && chain.daysLeft <= tls.daysLeft) return {daysLeft: chain.daysLeft, validTo: chain.validTo, chain};
	return {daysLeft: tls.daysLeft, validTo: tls.validTo};
}

/** Whether the probe met a certificate with fewer than `certDays` days left (0: never). */
export const expiresWithin = (result: ProbeResult, certDays: number): boolean => certDays > 0 && (soonestEnd(result.tls)?.daysLeft ?? Number.POSITIVE_INFINITY) < certDays;
