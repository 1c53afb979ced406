// The queue id in a server's reply to the message: what to look for in the server's logs (send's result, the dashboard's footer).
import type {Reply} from './types.js';

/**
 * Only the forms known to name it: a guess would send a script after the wrong id, so anything else gives none.
 * Postfix and the sandbox: "Ok: queued as 4Xyz1"; Exim: "OK id=1qXyz-0001Ab-Cd"; sendmail and OpenSMTPD:
 * "5B4Gx012345 Message accepted for delivery" (OpenSMTPD 6 puts "2.0.0: " before it, a colon the reply parser
 * leaves in the text); Haraka: "Message Queued (2CC349EE-570F-4E3B-AC20-74CA3A3B6574.1)", its transaction's uuid;
 * MailHog: "Ok: queued as 5C7Xj1=@mailhog.example", its message id whole (its API's); qmail: "ok 1733512345 qp 12345",
 * the qp that qmail-send logs; Amazon SES: "Ok 0100018c3f2a1b2c-…-000000", its message id.
 */
const QUEUE_ID_FORMS = [
	/\bqueued as ([\w=@.+/-]*[\w=])/i,
	/^ok \d+ qp (\d+)$/i,
	/^Ok ([0-9a-f]{16}-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}-\d{6})$/i,
	/\bid=([\w-]+)/i,
	/^(?:[245]\.\d{1,3}\.\d{1,3}:?\s+)?([A-Za-z\d]+) Message accepted for delivery\b/i,
	/\bMessage Queued \(([\w.-]+)\)/i,
];

export function queueIdOf(reply: Reply): string | undefined {
	const text = reply.lines.join(' ');
	for (const form of QUEUE_ID_FORMS) {
		const id = form.exec(text)?.[1];
		if (id) return id;
	}
	return undefined;
}
