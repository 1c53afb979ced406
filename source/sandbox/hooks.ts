// smtp-server's callbacks: each asks the scenarios for a verdict and carries it out on the session.
import {createHash, timingSafeEqual} from 'node:crypto';
import type tls from 'node:tls';
import type {SMTPServerAddress, SMTPServerDataStream, SMTPServerOptions} from 'smtp-server';
import {connectionOf, type ConnectionHost, type EventBody, type SandboxConnection} from './connection.js';
import {fileReport} from './file-report.js';
import {scanBcc} from './header-scan.js';
import type {AuthChecks} from './auth-checks.js';
import type {DkimChecks} from './dkim-checks.js';
import type {IncomingMessage, Mailbox} from './mailbox.js';
import type {EnvelopeAddress, MessageRecord} from './mailbox-types.js';
import type {ReceivedMessage} from './receive-message.js';

type Hooks = Required<Pick<SMTPServerOptions, 'onConnect' | 'onSecure' | 'onAuth' | 'onMailFrom' | 'onRcptTo' | 'onData'>>;
type DataCallback = Parameters<Hooks['onData']>[2];

const queuedAs = (message: MessageRecord) => `Ok: queued as ${message.id}`;

function refusal(code: number, text: string): Error {
	return Object.assign(new Error(text), {responseCode: code});
}

function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => createHash('sha256').update(text).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

// Most addresses come without ESMTP parameters: they share one empty (frozen) object, one object fewer per
// address for every message kept in memory.
const noParams: Record<string, string | true> = Object.freeze({});

function paramsOf(address: SMTPServerAddress): Record<string, string | true> {
	return address.args || noParams;
}

/**
 * RFC 6531 §3.4: a non-ASCII address (as sent: a punycode domain is ASCII) needs SMTPUTF8 declared on its
 * transaction's MAIL FROM. smtp-server takes it anyway; a sandbox that did would teach that it works.
 */
function undeclaredUtf8(sent: string, mailFrom: SMTPServerAddress | false | undefined): boolean {
	return !/^[\x00-\x7f]*$/.test(sent) && !(mailFrom && paramsOf(mailFrom)['SMTPUTF8'] === true);
}

// Postfix's words for it.
const undeclaredUtf8Refusal = () => refusal(553, '5.6.7 Must declare SMTPUTF8 to send unicode address');

function envelopeAddress(address: SMTPServerAddress | false, asSent: (decoded: string) => string): EnvelopeAddress {
	return address ? {address: asSent(address.address), params: paramsOf(address)} : {address: '', params: noParams};
}

/**
 * What shutdown waits for: every message save in flight, to let it finish (and answer 250) first; every message
 * being received (or its file being removed), which ends once its session has closed.
 */
export type InFlight = {save(saving: Promise<unknown>): void; message(receiving: Promise<unknown>): void};

/** `auth`: SPF and DMARC, with --dns only. */
export function sandboxHooks(host: ConnectionHost, mailbox: Mailbox, track: InFlight, dkim: DkimChecks, auth: AuthChecks | undefined): Hooks {
	const {settings, scenarios} = host;

	/**
	 * Keeps an accepted message (on disk first, with a save folder) and answers 250 (`answer` words it: LMTP's answers
	 * each recipient), or 451 when it cannot be saved.
	 */
	function keep(connection: SandboxConnection, incoming: IncomingMessage & {received: ReceivedMessage}, callback: DataCallback, answer: (message: MessageRecord) => string = queuedAs): void {
		const accepted = (message: MessageRecord) => {
			callback(null, answer(message));
			if (host.reporting) reportAccepted(message);
			// After the 250 too: a DNS server that does not answer must not hold the client.
			const report = (body: EventBody) => connection.report(body);
			const signatures = message.dkim === 'checking' ? dkim.checkAndReport(message.id, incoming.received.whole, report) : Promise.resolve([]);
			// The address SPF judges: XCLIENT ADDR='s or the PROXY header's, which smtp-server puts in its place.
			auth?.checkAndReport(message, connection.remoteAddress, signatures, report);
			// After the 250, as an MTA's report follows the delivery; kept even when no one listens to the events.
			return fileReport(mailbox, settings.hostname, message, incoming.received.header, report);
		};
		const reportAccepted = (message: MessageRecord) => {
			// What a test script finds "its" message by: its Message-ID, and the file it was saved as.
			const {messageId} = message;
			const file = mailbox.file(message.id);
			const bcc = scanBcc(incoming.received.header);
			connection.report({
				type: 'accepted',
				id: message.id,
				size: message.size,
				subject: message.subject,
				from: message.from,
				to: message.to,
				...(messageId !== undefined && {messageId}),
				...(file !== undefined && {path: file}),
				...(bcc !== undefined && {bcc}),
			});
		};
		track.save(
			mailbox.accept(auth ? {...incoming, judged: true} : incoming).then(accepted, (error: NodeJS.ErrnoException) => {
				connection.report({type: 'error', message: `could not save the message: ${error.message}`, ...(error.code !== undefined && {code: error.code})});
				callback(refusal(451, '4.3.0 Could not store the message, try again later'));
			}),
		);
	}

	/**
	 * LMTP: each recipient's own delivery (full@ and big@ refused, the others kept as one message to them alone), and a
	 * reply for each, in RCPT order, as smtp-server sends an array. Nobody's: nothing is kept.
	 */
	function deliverEach(connection: SandboxConnection, incoming: IncomingMessage & {received: ReceivedMessage}, callback: DataCallback): void {
		const verdicts = incoming.envelope.rcptTo.map(recipient => scenarios.delivery(recipient.address));
		const rcptTo = incoming.envelope.rcptTo.filter((_, index) => verdicts[index]!.action === 'accept');
		const replies = (message?: MessageRecord) => verdicts.map(verdict => (verdict.action === 'reply' ? refusal(verdict.code, verdict.text) : queuedAs(message!)));
		// smtp-server's types say string; its code sends each entry of an array as one recipient's reply.
		const answer = (message?: MessageRecord) => replies(message) as unknown as string;
		if (rcptTo.length > 0) {
			keep(connection, {...incoming, envelope: {...incoming.envelope, rcptTo}}, callback, answer);
			return;
		}
		const {file} = incoming.received;
		if (file) track.message(file.discard().then(() => callback(null, answer())));
		else callback(null, answer());
	}

	return {
		onConnect(session, callback) {
			const connection = connectionOf(session);
			connection.carryOut(connection.connectVerdict, () => callback(), (code, text) => callback(refusal(code, text)));
		},

		onSecure(socket, session, callback) {
			const cipher = (socket as tls.TLSSocket).getCipher();
			connectionOf(session).report({type: 'tls', protocol: cipher.version, cipher: cipher.standardName ?? cipher.name});
			callback();
		},

		onAuth(auth, session, callback) {
			const user = auth.username ?? '';
			// XCLIENT LOGIN=name (serve --xclient): the authorized client says its client logged in as name; no password
			// comes, and none is due. The XCLIENT line of the log names it; the messages record it as the login.
			if (auth.method === 'XCLIENT') {
				callback(null, {user: {username: user, method: auth.method}});
				return;
			}
			// --any-login: an app under test keeps its own credentials, whatever they are.
			const valid = settings.anyLogin || (user === settings.user && (auth.method === 'CRAM-MD5' ? auth.validatePassword(settings.password) : sameSecret(auth.password ?? '', settings.password)));
			if (!valid) {
				connectionOf(session).refusedLogin = {user, method: auth.method};
				callback(refusal(535, '5.7.8 Authentication credentials invalid'));
				return;
			}
			connectionOf(session).report({type: 'auth', user, method: auth.method});
			callback(null, {user: {username: user, method: auth.method}});
		},

		onMailFrom(address, session, callback) {
			const connection = connectionOf(session);
			const sent = connection.sentAddress(address.address);
			if (undeclaredUtf8(sent, address)) {
				callback(undeclaredUtf8Refusal());
				return;
			}
			connection.carryOut(
				scenarios.mail({secure: session.secure, authenticated: Boolean(session.user)}),
				() => {
					if (host.reporting) connection.report({type: 'envelope', stage: 'mail', address: sent, params: paramsOf(address)});
					callback();
				},
				(code, text) => callback(refusal(code, text)),
			);
		},

		onRcptTo(address, session, callback) {
			const connection = connectionOf(session);
			const sent = connection.sentAddress(address.address);
			if (undeclaredUtf8(sent, session.envelope.mailFrom)) {
				callback(undeclaredUtf8Refusal());
				return;
			}
			connection.carryOut(
				scenarios.rcpt(session.envelope.mailFrom ? connection.asSent(session.envelope.mailFrom.address) : '', sent, Date.now()),
				() => {
					if (host.reporting) connection.report({type: 'envelope', stage: 'rcpt', address: sent, params: paramsOf(address)});
					callback();
				},
				(code, text) => callback(refusal(code, text)),
			);
		},

		onData(stream: SMTPServerDataStream, session, callback) {
			const connection = connectionOf(session);
			connection.receivingMessage = true;
			const receiving = mailbox.receive(stream);
			void receiving.then(received => {
				connection.receivingMessage = false;
				// Over the size limit smtp-server answers 552 5.3.4 itself; a client that left gets no answer.
				if (!received) {
					if (stream.readableEnded) callback();
					return;
				}
				const asSent = (decoded: string) => connection.asSent(decoded);
				const envelope = {mailFrom: envelopeAddress(session.envelope.mailFrom, asSent), rcptTo: session.envelope.rcptTo.map(address => envelopeAddress(address, asSent))};
				const verdict = scenarios.data(envelope.rcptTo);
				const incoming = {envelope, session: connection.capturedSession(), received, receivedAt: Date.now()};
				const decide = () => connection.carryOut(verdict, () => (settings.lmtp ? deliverEach(connection, incoming, callback) : keep(connection, incoming, callback)), (code, text) => callback(refusal(code, text)));
				// Refused or dropped: its file goes first, so that after the reply the folder holds nothing of it.
				if (verdict.action !== 'accept' && received.file) track.message(received.file.discard().then(decide));
				else decide();
			});
			// Only a file needs shutdown to wait. Tracked after the handler above: a save it starts is tracked
			// before this counts as done.
			if (mailbox.saveDir !== undefined) track.message(receiving);
		},
	};
}
