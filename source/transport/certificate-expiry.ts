// How close a certificate is to its end, in days: for the words beside its date and for check's --cert-days.
import type {ChainExpiry} from './tls-info.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Within this many days the words beside a certificate's date say how many are left: Let's Encrypt renews at 30 days
 * left, so a certificate this close is one whose renewal is due or failing.
 */
export const CLOSE_DAYS = 30;

/**
 * Whole days from `now` until `validTo` (OpenSSL's or ISO text), rounded down as check_smtp's -D counts them: 0 on
 * its last day, negative once it has expired; undefined for a date that does not parse.
 */
export function daysLeft(validTo: string, now = Date.now()): number | undefined {
	const until = Date.parse(validTo);
	return Number.isFinite(until) ? Math.floor((until - now) / DAY_MS) : undefined;
}

/** "9 days left", "1 day left", "less than a day left": for a certificate that has not expired yet. */
export function daysLeftText(days: number): string {
	if (days <= 0) return 'less than a day left';
	return `${days} ${days === 1 ? 'day' : 'days'} left`;
}

/** The days-left words for a certificate valid until `validTo`, when it is within `closeDays` and not expired yet; else undefined. */
export function closeToExpiry(validTo: string, now = Date.now(), closeDays = CLOSE_DAYS): string | undefined {
	const days = daysLeft(validTo, now);
	if (days === undefined || days >= closeDays || Date.parse(validTo) < now) return undefined;
	return daysLeftText(days);
}

/** A certificate's date in ISO 8601; undefined when there is none or it does not parse (a script gets one format or none). */
export function isoDate(date: string | undefined): string | undefined {
	const time = date ? Date.parse(date) : Number.NaN;
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** A certificate's end as --json gives it: ISO 8601 and whole days left (negative once expired); {} when it does not parse. */
export function expiryFields(validTo: string, now = Date.now()): {validTo?: string; daysLeft?: number} {
	const iso = isoDate(validTo);
	return iso === undefined ? {} : {validTo: iso, daysLeft: daysLeft(validTo, now)!};
}

/** A chain's first certificate to expire (earliestInChain's) as --json gives it, its end as expiryFields gives one. */
export type ChainExpiryFields = {subject: string; validTo?: string; daysLeft?: number; root: boolean};

export function chainExpiryFields(chain: ChainExpiry, now = Date.now()): ChainExpiryFields {
	return {subject: chain.subject, ...expiryFields(chain.validTo, now), root: chain.root};
}
