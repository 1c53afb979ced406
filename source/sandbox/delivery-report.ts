// The delivery status notification (RFC 3461, RFC 3464, RFC 6522) the sandbox writes for a message it accepted
// whose recipients asked for NOTIFY=SUCCESS: what a real MTA sends back to the envelope sender on delivery, so a
// student sees one and a developer can test a DSN parser against `serve`. Built by hand: nodemailer's composer
// makes no multipart/report.
import {randomBytes} from 'node:crypto';
import {utf8AddrXtext, xtext} from '../smtp/xtext.js';
import type {EnvelopeAddress, MessageRecord} from './mailbox-types.js';

type DeliveryReport = {
	/** The report as a message (CRLF line ends). */
	raw: Buffer;
	/** Its envelope: from the null sender (a report is never reported on, so it cannot loop), to the original's sender. */
	envelope: {mailFrom: EnvelopeAddress; rcptTo: EnvelopeAddress[]};
	/** The recipients reported as delivered, as they were sent. */
	recipients: string[];
};

/** Whether a recipient asked to be told of its delivery: NOTIFY with SUCCESS (NEVER, FAILURE or DELAY alone do not). */
function wantsSuccess(recipient: EnvelopeAddress): boolean {
	const notify = recipient.params['NOTIFY'];
	return typeof notify === 'string' && notify.toUpperCase().split(',').includes('SUCCESS');
}

/** The recipients whose delivery is to be reported: none for a message from the null sender (a report itself). */
function successRecipients(message: Pick<MessageRecord, 'envelope'>): EnvelopeAddress[] {
	if (message.envelope.mailFrom.address === '') return [];
	return message.envelope.rcptTo.filter(wantsSuccess);
}

/** RFC 5322's date-time, in UTC. */
const mailDate = (time: number) => new Date(time).toUTCString().replace(/GMT$/, '+0000');

/** An address as an RFC 3464 address-type;address: rfc822, or RFC 6533's utf-8 (in utf-8-addr-xtext, so the field stays ASCII). */
const typedAddress = (address: string) => (/[^\x00-\x7f]/.test(address) ? `utf-8;${utf8AddrXtext(address)}` : `rfc822;${address}`);

/**
 * The original's header section, up to the blank line that ends it, from its first bytes (the sandbox keeps
 * 64 KiB of them); a header section longer than that is cut at its last whole line.
 */
function headerSection(start: Buffer): Buffer {
	const text = start.toString('latin1');
	if (/^\r?\n/.test(text)) return Buffer.alloc(0);
	const end = /\r?\n\r?\n/.exec(text);
	if (end) return start.subarray(0, end.index + end[0].length - (end[0].endsWith('\r\n') ? 2 : 1));
	const lastLine = start.lastIndexOf('\n');
	return start.subarray(0, lastLine + 1);
}

/** A boundary that occurs nowhere in the parts it separates. */
function boundaryFor(parts: Buffer[]): string {
	for (;;) {
		const boundary = `=_smtp-tui-report-${randomBytes(12).toString('hex')}`;
		if (!parts.some(part => part.includes(boundary))) return boundary;
	}
}

const lines = (...text: string[]) => `${text.join('\r\n')}\r\n`;

/**
 * The success report for `message` (accepted as number `message.id` at `message.receivedAt`), or undefined when
 * none is due (see successRecipients). `start`: the message's first bytes, at least its header section.
 * `hostname`: the sandbox's name, as in its banner.
 */
export function successReport(message: MessageRecord, start: Buffer, hostname: string, now = Date.now()): DeliveryReport | undefined {
	const delivered = successRecipients(message);
	if (delivered.length === 0) return undefined;
	const sender = message.envelope.mailFrom;
	const envid = sender.params['ENVID'];
	const headers = headerSection(start);
	const notice = Buffer.from(
		lines(
			`This is the mail system at host ${hostname}, the smtp-tui sandbox.`,
			'',
			'Your message was delivered to the recipients below, which asked',
			'for this notification (NOTIFY=SUCCESS, RFC 3461).',
			'',
			...delivered.map(recipient => `<${recipient.address}>: delivered to the sandbox's inbox as message ${message.id}`),
		),
	);
	const status = Buffer.from(
		lines(
			`Reporting-MTA: dns; ${hostname}`,
			// ENVID and ORCPT come back as the client sent them: in xtext (RFC 3461 §4), so no value can break a line.
			...(typeof envid === 'string' ? [`Original-Envelope-Id: ${xtext(envid)}`] : []),
			`Arrival-Date: ${mailDate(message.receivedAt)}`,
		) +
			delivered
				.map(recipient => {
					const orcpt = recipient.params['ORCPT'];
					return `\r\n${lines(
						...(typeof orcpt === 'string' ? [`Original-Recipient: ${xtext(orcpt)}`] : []),
						`Final-Recipient: ${typedAddress(recipient.address)}`,
						'Action: delivered',
						'Status: 2.0.0',
					)}`;
				})
				.join(''),
	);
	// RFC 3461 §4.3: RET asks for the whole message in a *failed* report; a success report returns the headers only.
	// Headers with raw UTF-8 (SMTPUTF8) are RFC 6532's message/global-headers.
	const returned = /[\x80-\xff]/.test(headers.toString('latin1')) ? 'message/global-headers' : 'text/rfc822-headers';
	const boundary = boundaryFor([notice, status, headers]);
	const part = (type: string, description: string, body: Buffer) => [Buffer.from(lines(`--${boundary}`, `Content-Description: ${description}`, `Content-Type: ${type}`, '')), body, Buffer.from('\r\n')];
	const raw = Buffer.concat([
		Buffer.from(
			lines(
				`From: Mail Delivery System <MAILER-DAEMON@${hostname}>`,
				`To: <${sender.address}>`,
				'Subject: Successful Mail Delivery Report',
				`Date: ${mailDate(now)}`,
				`Message-ID: <${randomBytes(8).toString('hex')}.report.${message.id}@${hostname}>`,
				// RFC 3834: an automatic message, which no auto-responder answers.
				'Auto-Submitted: auto-replied',
				'MIME-Version: 1.0',
				`Content-Type: multipart/report; report-type=delivery-status;`,
				` boundary="${boundary}"`,
				'',
				'This is a MIME-encapsulated message.',
				'',
			),
		),
		...part('text/plain; charset=utf-8', 'Notification', notice),
		...part('message/delivery-status', 'Delivery report', status),
		...part(returned, 'Message headers', headers),
		Buffer.from(lines(`--${boundary}--`)),
	]);
	return {raw, envelope: {mailFrom: {address: '', params: {}}, rcptTo: [{address: sender.address, params: {}}]}, recipients: delivered.map(recipient => recipient.address)};
}
