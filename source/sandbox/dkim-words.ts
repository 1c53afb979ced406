// A DKIM signature's check in words, as serve's log and the inbox's message view say it. d=, s= and a= are the
// sender's text: the callers escape them as they do every client-controlled text.
import type {DkimMark, DkimResult} from './mailbox-types.js';

/** What t=y means to a receiver, after the verdict. */
const TESTING = '; t=y: the domain says it is testing DKIM, so receivers may treat a failure as no signature';

/** "pass d=example.com s=mail rsa-sha256, 2048-bit key"; "fail d=… s=… rsa-sha256: body hash did not verify: …". */
export function signatureWords({status, domain, selector, algorithm, keyBits, reason, testing}: DkimResult): string {
	const signer = `d=${domain || '(none)'} s=${selector || '(none)'}${algorithm ? ` ${algorithm}` : ''}`;
	if (status === 'pass') return `pass ${signer}, ${keyBits}-bit key${testing ? TESTING : ''}`;
	// No verdict on the message: the same message may pass once the key can be had.
	if (status === 'temperror') return `temporary error (no verdict) ${signer}: ${reason}`;
	return `fail ${signer}: ${reason}${testing ? TESTING : ''}`;
}

/** The inbox row's word (see DkimMark), the same in colour, in ASCII and on a projector: `?` is no verdict (yet). */
export const DKIM_MARK: Record<DkimMark, string> = {checking: 'dkim?', pass: 'dkim', fail: 'dkim!', temperror: 'dkim?'};
