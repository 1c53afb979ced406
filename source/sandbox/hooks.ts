// smtp-server's callbacks: each asks the scenarios for a verdict and carries it out on the session.
import {createHash, timingSafeEqual} from 'node:crypto';
import type tls from 'node:tls';
import type {SMTPServerAddress, SMTPServerDataStream, SMTPServerOptions} from 'smtp-server';
import {connectionOf, type ConnectionHost} from './connection.js';
import {scanMessageId} from './header-scan.js';
import type {Mailbox} from './mailbox.js';
import type {CapturedMessage, EnvelopeAddress} from './mailbox-types.js';

type Hooks = Required<Pick<SMTPServerOptions, 'onConnect' | 'onSecure' | 'onAuth' | 'onMailFrom' | 'onRcptTo' | 'onData'>>;

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

/** `track` gets every message save in flight, so shutdown can let them finish (and answer 250) first. */
export function sandboxHooks(host: ConnectionHost, mailbox: Mailbox, track: (saving: Promise<void>) => void): Hooks {
	const {settings, scenarios} = host;
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
			const chunks: Buffer[] = [];
			connection.receivingMessage = true;
			stream.on('data', (chunk: Buffer) => {
				// Past the size limit the rest is only drained: smtp-server answers 552 5.3.4 itself.
				if (!stream.sizeExceeded) chunks.push(chunk);
			});
			// The client left in the middle of the message: smtp-server ends the session, nothing to keep.
			stream.on('error', () => undefined);
			stream.on('end', () => {
				connection.receivingMessage = false;
				if (stream.sizeExceeded) {
					callback();
					return;
				}
				const asSent = (decoded: string) => connection.asSent(decoded);
				const envelope = {mailFrom: envelopeAddress(session.envelope.mailFrom, asSent), rcptTo: session.envelope.rcptTo.map(address => envelopeAddress(address, asSent))};
				connection.carryOut(
					scenarios.data(envelope.rcptTo),
					() => {
						const incoming = {envelope, session: connection.capturedSession(), raw: Buffer.concat(chunks), receivedAt: Date.now()};
						const accepted = (message: CapturedMessage) => {
							callback(null, `Ok: queued as ${message.id}`);
							if (!host.reporting) return;
							// What a test script finds "its" message by: its Message-ID, and the file it was saved as.
							const messageId = scanMessageId(message.raw);
							const file = mailbox.file(message.id);
							connection.report({
								type: 'accepted',
								id: message.id,
								size: message.size,
								subject: message.subject,
								from: envelope.mailFrom.address,
								to: envelope.rcptTo.map(rcpt => rcpt.address),
								...(messageId !== undefined && {messageId}),
								...(file !== undefined && {path: file}),
							});
						};
						// In memory only there is nothing to wait for (this runs for every message).
						if (mailbox.saveDir === undefined) {
							accepted(mailbox.acceptNow(incoming));
							return;
						}
						track(
							mailbox.accept(incoming).then(accepted, (error: NodeJS.ErrnoException) => {
								connection.report({type: 'error', message: `could not save the message: ${error.message}`, ...(error.code !== undefined && {code: error.code})});
								callback(refusal(451, '4.3.0 Could not store the message, try again later'));
							}),
						);
					},
					(code, text) => callback(refusal(code, text)),
				);
			});
		},
	};
}
