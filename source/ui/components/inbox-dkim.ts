// The sandbox's checks at the top of a message's headers view: a signed message's DKIM, a line per signature (or
// that it is under way), then SPF, DMARC and the Authentication-Results header they make (a sandbox with --dns).
import {authenticationResults, dmarcWords, spfWords} from '../../sandbox/auth-words.js';
import {signatureWords} from '../../sandbox/dkim-words.js';
import type {MessageRecord} from '../../sandbox/mailbox-types.js';

/** Undefined for a message that is not signed (or was saved by a version that did not keep its check). */
export function dkimLines(record: Pick<MessageRecord, 'dkim' | 'signatures'> | undefined): string[] | undefined {
	if (record?.dkim === 'checking') return ['DKIM: checking (looking up the key in DNS)'];
	return record?.signatures?.map(result => `DKIM: ${signatureWords(result)}`);
}

/** Undefined before SPF and DMARC were checked (a sandbox without --dns, a record saved by an older version). */
export function authenticationLines(record: Pick<MessageRecord, 'spf' | 'dmarc' | 'authentication' | 'signatures' | 'envelope'> | undefined): string[] | undefined {
	if (record?.authentication === 'checking') return ['SPF and DMARC: checking (looking up the records in DNS)'];
	const header = record && authenticationResults(record);
	if (!record?.dmarc || !header) return undefined;
	return [...(record.spf ? [`SPF: ${spfWords(record.spf)}`] : []), `DMARC: ${dmarcWords(record.dmarc)}`, ...header];
}
