// A signed message's DKIM check at the top of its headers view: a line per signature, or that it is under way.
import {signatureWords} from '../../sandbox/dkim-words.js';
import type {MessageRecord} from '../../sandbox/mailbox-types.js';

/** Undefined for a message that is not signed (or was saved by a version that did not keep its check). */
export function dkimLines(record: Pick<MessageRecord, 'dkim' | 'signatures'> | undefined): string[] | undefined {
	if (record?.dkim === 'checking') return ['DKIM: checking (looking up the key in DNS)'];
	return record?.signatures?.map(result => `DKIM: ${signatureWords(result)}`);
}
