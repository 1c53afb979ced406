// The planner: which command comes next in auto and step modes. A pure function of the session state and the
// user's plan, so the driver can ask again after every event and step mode can show the proposal before it goes.
import {enhancedOf} from './enhanced-code.js';
import {loginFailure, mailFailure, refusesClient, refusesHelo, refusesRelay, refusesSender} from './refusal-texts.js';
import {POSTSCREEN_FIRST_CONTACT, postscreenFirstContact} from './postscreen.js';
import {loginRefusalCause, loginRefusalKind, mailRefusalKind, type TlsStanding} from './refusal-kind.js';
import {emptyExtensions} from './extensions.js';
import {mailParameters, needsSmtpUtf8, withoutSmtpUtf8} from './commands.js';
import {SUPPORTED_MECHANISMS, createSaslClient, pickMechanism} from './sasl.js';
import {passwordFallback} from './picked-mechanism.js';
import type {SaslContext} from './sasl-types.js';
import type {SessionState, Transaction} from './session-types.js';
import {quoteReply, quoteReplyMidSentence} from './session-texts.js';
import type {FailureCause, FailureKind} from './failure.js';
import {SmtpInputError, type Command, type FailureStage, type Reply, type Step, type StepStatus, type TlsPolicy} from './types.js';
import {groupDigits} from './digits.js';
import {bdatRefusal, usesBdat} from './bdat.js';
import {lhloUnknown, noDelivery, speaksSmtp} from './lmtp.js';
import type {QuitAfter} from './quit-after.js';
import {dataAfterNoRecipient, pipelinedGroup} from './pipeline-group.js';
import {dsnMailParameters, type DsnRequest} from './dsn.js';
import {rcptCommand} from './rcpt-command.js';
import {requireTlsRefusal} from './require-tls.js';
import {offeredXclient, unofferedXclient, XCLIENT_LOGGED_IN, xclientNoAuth, xclientNotOffered, xclientRefused, xclientUnoffered, type XclientAttribute} from './xclient.js';

export type SessionPlan = {
	ehloName: string;
	tls: TlsPolicy;
	/** The login; `nonce` (SCRAM's, random), `host` and `port` (OAUTHBEARER's) are the driver's, so the planner stays pure. */
	auth?: {user: string; password: string; mechanism?: string} & SaslContext;
	/** PLAIN/LOGIN without TLS: the driver sets this for loopback hosts or on explicit opt-in. */
	allowPlaintextAuth: boolean;
	from: string;
	recipients: string[];
	size?: number;
	eightBit: boolean;
	/** The message's header section has raw UTF-8 (a ready --data message): SMTPUTF8 declared where offered (RFC 6532). */
	utf8Headers?: boolean;
	/** Attached messages that go 8bit (see MessageTraits): the message is not sent to a server without 8BITMIME. */
	eightBitMessages?: string[];
	/** Some recipients refused: still a success. The planner sends DATA whenever one was accepted either way. */
	allowPartial: boolean;
	/** Send QUIT once this stage is over (or was passed over, e.g. "tls" without TLS). */
	quitAfter?: QuitAfter;
	/** RFC 2920: MAIL, the RCPTs and DATA as one group when the server advertises PIPELINING (see pipeline-group.ts). */
	pipeline?: boolean;
	/** RFC 3461: the notifications asked for; their parameters go only to a server that offers DSN. */
	dsn?: DsnRequest;
	/** RFC 8689: MAIL carries REQUIRETLS; TLS is then required, and the message goes only to a server offering REQUIRETLS in it. */
	requireTls?: boolean;
	/** Certificate verification is off (--insecure): no REQUIRETLS message may go (RFC 8689 §4.2.1). */
	insecure?: boolean;
	/** Postfix's XCLIENT, after STARTTLS and before AUTH: each line one command (xclientCommands), EHLO again after each. */
	xclient?: XclientAttribute[][];
	/** RFC 3030: the message as BDAT chunks where the server advertises CHUNKING (DATA where it does not). */
	bdat?: boolean;
};

export type NextAction =
	| {type: 'command'; command: Command}
	/** Several commands in one write (pipelining), their replies read in order: MAIL, the RCPTs, DATA (RSET first when the server still holds a transaction). */
	| {type: 'group'; commands: Command[]}
	/**
	 * Write the message now (through the DataEncoder), then call session.bodySent(). `empty`: DATA got 354 though no
	 * recipient was accepted (it was pipelined with them): only the lone "." goes, so no message is sent (RFC 2920 §3.1).
	 */
	| {type: 'body'; empty?: true}
	/** Send the message as BDAT chunks (RFC 3030), each after the reply to the one before. */
	| {type: 'bdat'}
	/** A reply or a handshake is outstanding. */
	| {type: 'wait'}
	/** The transaction is queued (or quitAfter was reached and QUIT answered). */
	| {type: 'done'}
	/** `reply`: the server reply that caused it, when one did and the session has not recorded it as a failure itself. */
	| {type: 'fail'; stage: FailureStage; message: string; kind?: FailureKind; cause?: FailureCause; reply?: Reply};

type Phase = (state: SessionState, plan: SessionPlan) => NextAction | undefined;

const command = (command: Command): NextAction => ({type: 'command', command});
const fail = (stage: FailureStage, message: string, kind?: FailureKind, reply?: Reply, cause?: FailureCause): NextAction => ({type: 'fail', stage, message, ...(kind && {kind}), ...(cause && {cause}), ...(reply && {reply})});
const failed = (reply: Reply) => reply.code >= 400;

/** Every recipient was answered and none was accepted (a 354 then answers a pipelined DATA that should have failed). */
const noRecipientAccepted = (transaction: Transaction): boolean =>
	transaction.recipients.length > 0 && transaction.recipients.every(recipient => recipient.reply !== undefined && !recipient.accepted);

/** The transaction's message was taken: its final reply came, and is no refusal. */
export const messageQueued = (transaction: Transaction): boolean => transaction.finished && !failed(transaction.reply!);

const standing = (state: SessionState): TlsStanding => ({secure: state.secure, starttlsOffered: state.extensions?.starttls === true});

function statusOf(state: SessionState, step: Step): StepStatus {
	return state.steps.find(s => s.step === step)?.status ?? 'pending';
}

/** The last command answered, when it was one of `verbs`. */
function lastOf(state: SessionState, ...verbs: Array<Command['verb']>): Reply | undefined {
	return state.last && verbs.includes(state.last.command.command.verb) ? state.last.reply : undefined;
}

const greetingPhase: Phase = state =>
	state.greeting && failed(state.greeting) ? fail('banner', `the server refused service: ${quoteReply(state.greeting)}`) : undefined;

/** Neither EHLO nor HELO known (both 500 or 502): an SMTP server knows one of them, an LMTP server only LHLO. */
const mayBeLmtp = "; the server knows neither EHLO nor HELO: it may speak LMTP (Dovecot's socket does): add --lmtp";

const ehloPhase: Phase = (state, plan) => {
	if (statusOf(state, 'ehlo') === 'done') return undefined;
	// XCLIENT refused (its ✖ is on the ehlo step, which it belongs to): XCLIENT's failure, not a reason to greet again.
	const xclient = lastOf(state, 'XCLIENT');
	if (xclient && failed(xclient)) {
		const sent = state.last?.command.command.verb === 'XCLIENT' ? state.last.command.command.attributes : [];
		return fail('xclient', xclientRefused(xclient, sent), undefined, xclient);
	}
	const ehlo = lastOf(state, 'EHLO');
	// LMTP has no HELO (RFC 2033 §4.1): a server that does not know LHLO speaks SMTP.
	if (state.lmtp && ehlo && lhloUnknown(ehlo)) return fail('ehlo', speaksSmtp(ehlo));
	// RFC 5321 §3.2: an old server that does not know EHLO answers 500 or 502; greet it with HELO.
	if (ehlo && (ehlo.code === 500 || ehlo.code === 502)) return command({verb: 'HELO', domain: plan.ehloName});
	const refused = ehlo ?? lastOf(state, 'HELO');
	if (refused && failed(refused)) return fail('ehlo', `${state.lmtp ? 'LHLO' : state.last!.command.command.verb} refused: ${quoteReply(refused)}${!state.lmtp && lhloUnknown(refused) ? mayBeLmtp : ''}`);
	return command({verb: 'EHLO', domain: plan.ehloName});
};

const tlsPhase: Phase = (state, plan) => {
	if (plan.tls === 'none' || plan.tls === 'tls' || state.secure) return undefined;
	// REQUIRETLS cannot go in clear: TLS is as required as with --starttls.
	const required = plan.tls === 'starttls' || plan.requireTls === true;
	const requiredBy = plan.tls !== 'starttls' && plan.requireTls ? ' (REQUIRETLS, RFC 8689)' : '';
	if (statusOf(state, 'starttls') === 'failed') {
		if (!required) return undefined; // opportunistic: carry on in clear, the rail shows the refusal
		const reply = lastOf(state, 'STARTTLS');
		return fail('tls', `STARTTLS failed${reply ? `: ${quoteReplyMidSentence(reply)}` : ''}; TLS is required${requiredBy}, so the session stops before AUTH and MAIL`);
	}
	if (!state.extensions?.starttls) {
		if (!required) return undefined;
		return fail('tls', `the server does not offer STARTTLS${state.usedHelo ? ' (it only knows HELO)' : ''}; TLS is required${requiredBy}, so the session stops before AUTH and MAIL`, 'starttls-not-offered');
	}
	return command({verb: 'STARTTLS'});
};

/**
 * XCLIENT once the last EHLO is done (after STARTTLS, as swaks sends it), one command per line of the plan, each
 * answered by a new greeting and so followed by EHLO again (ehloPhase sees the ehlo step pending). Only what the
 * server's XCLIENT keyword lists goes: an attribute it does not take would fail the whole command.
 */
const xclientPhase: Phase = (state, plan) => {
	const lines = plan.xclient ?? [];
	const line = lines[state.xclientAccepted];
	if (!line) return undefined;
	const offered = offeredXclient(state.extensions);
	if (!offered) return fail('xclient', xclientNotOffered(state.usedHelo));
	const missing = unofferedXclient(line, offered);
	if (missing.length > 0) return fail('xclient', xclientUnoffered(missing, offered));
	return command({verb: 'XCLIENT', attributes: line.map(({name, value}) => ({name, value}))});
};

/** Mechanisms that put the password (or a bearer token) on the wire as is, only base64-encoded. */
const PLAINTEXT_MECHANISMS = new Set(['PLAIN', 'LOGIN', 'XOAUTH2', 'OAUTHBEARER']);

/** What follows "the server does not offer AUTH": why, and the way to a login, where there is one. */
function noAuthHint(state: SessionState, plan: SessionPlan, declined: boolean): string {
	if (state.xclientAccepted > 0) {
		if (plan.xclient?.flat().some(attribute => attribute.name === 'LOGIN')) return XCLIENT_LOGGED_IN;
		if (!state.secure) return xclientNoAuth(declined);
	}
	if (state.secure) return '';
	if (declined) return ': it offers STARTTLS, and many servers offer AUTH only after it (use STARTTLS: drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)';
	// Nor STARTTLS (aiosmtpd's auth_require_tls without TLS): logins, if any, are on a port with TLS from the first byte.
	return state.extensions?.starttls
		? ' (many servers offer it only after STARTTLS)'
		: ', nor STARTTLS, after which many servers offer it: try TLS from the first byte (--tls, port 465; in the dashboard, security TLS), or ask which port takes logins';
}

const authPhase: Phase = (state, plan) => {
	const credentials = plan.auth;
	if (!credentials || state.authenticated) return undefined;
	if (state.auth) {
		// A 334 challenge is open: answer it by its position (LOGIN's prompts are answered by order, not by text).
		const {mechanism, challenges} = state.auth;
		const {response, why} = createSaslClient(mechanism, credentials, credentials).respond(challenges);
		return command({verb: 'AUTH-RESPONSE', response, ...(why !== undefined && {why})});
	}
	const offered = state.extensions?.auth ?? [];
	const wanted = credentials.mechanism?.toUpperCase();
	const mechanism = pickMechanism(offered, {...(wanted && {preferred: wanted}), secure: state.secure});
	const refused = lastOf(state, 'AUTH', 'AUTH-RESPONSE');
	if (refused && failed(refused)) {
		// The mechanism picked again is the one that went: --auth, or the server's best without it.
		const kind = loginRefusalKind(refused, mechanism, standing(state));
		return fail('auth', `${loginFailure(refused, {mechanism, secure: state.secure}, kind)}: ${quoteReply(refused)}`, kind, undefined, loginRefusalCause(refused, mechanism, kind));
	}
	if (offered.length === 0) {
		// Its STARTTLS turned down by the user (--no-starttls, security none): that is the way to the login.
		const declined = !state.secure && state.extensions?.starttls === true && plan.tls === 'none';
		const hint = noAuthHint(state, plan, declined);
		const message = `credentials were given but the server does not offer AUTH${hint}`;
		return declined ? fail('auth', message, 'login-needs-starttls', undefined, 'starttls-declined') : fail('auth', message, 'login-impossible');
	}
	// Offered, then refused (a 454): what a man in the middle who strips TLS makes a client see. No secret, not even
	// CRAM-MD5's crackable answer, goes out in clear on that connection unless the user said so.
	if (!state.secure && statusOf(state, 'starttls') === 'failed' && !plan.allowPlaintextAuth) {
		const reply = lastOf(state, 'STARTTLS');
		return fail(
			'auth',
			`not logging in: the server offered STARTTLS but it failed${reply ? ` (${quoteReply(reply)})` : ''}, which is also what an attacker stripping TLS looks like. ` +
				'Try again later, or log in over an unencrypted connection explicitly (--allow-plaintext-auth)',
			'login-after-failed-starttls',
		);
	}
	if (!mechanism) {
		return wanted
			? fail('auth', `AUTH ${wanted} is not usable here: the server offers ${offered.join(', ')}`, 'login-mechanism')
			: fail('auth', `none of the server's AUTH mechanisms (${offered.join(', ')}) is supported: smtp-tui knows ${SUPPORTED_MECHANISMS.join(', ')}`, 'login-impossible');
	}
	// CRAM-MD5 hides the password but not an answer that a dictionary cracks offline: an attacker who deletes
	// STARTTLS from the EHLO reply (not a 454, above) and offers only CRAM-MD5 gets one. No login goes in clear.
	if (!state.secure && !plan.allowPlaintextAuth) {
		const exposed = PLAINTEXT_MECHANISMS.has(mechanism)
			? 'the secret would travel in clear'
			: mechanism === 'EXTERNAL'
				? 'it logs in with the client certificate, which only TLS presents'
				: 'its answer could be cracked offline to find the password';
		return fail(
			'auth',
			`refusing AUTH ${mechanism} over an unencrypted connection: ${exposed}. ` +
				'Use TLS (STARTTLS or implicit TLS), or allow plaintext authentication explicitly (--allow-plaintext-auth)',
			'login-in-clear',
		);
	}
	let initialResponse: string | undefined;
	try {
		initialResponse = createSaslClient(mechanism, credentials, credentials).initialResponse();
	} catch (error) {
		// A user name or password the mechanism cannot take (a CR, a character SASLprep forbids): no login goes.
		if (error instanceof SmtpInputError) return fail('auth', error.message);
		throw error;
	}
	const fallback = wanted ? undefined : passwordFallback(mechanism, offered);
	return command({verb: 'AUTH', mechanism, ...(initialResponse !== undefined && {initialResponse}), ...(fallback && {fallback})});
};

/** Why the server cannot take a non-ASCII address (RFC 6531), for messages. */
function noSmtpUtf8(state: SessionState): string {
	return state.usedHelo ? 'the server only knows HELO, so it offers no SMTPUTF8' : 'the server does not offer SMTPUTF8';
}

/**
 * An attached message with 8-bit bytes (a forward, which RFC 2046 §5.2.1 lets go only as it is) to a server without
 * 8BITMIME, to which RFC 6152 §3 forbids 8-bit data: not sent, rather than sent against the rule or changed unasked.
 */
function eightBitAttached(state: SessionState, plan: SessionPlan): NextAction | undefined {
	const names = plan.eightBitMessages ?? [];
	if (names.length === 0 || state.extensions?.eightBitMime !== false) return undefined;
	const [it, has] = names.length === 1 ? ['it', 'has'] : ['them', 'have'];
	return fail(
		'mail',
		`the attached message ${names.join(', ')} ${has} 8-bit bytes, which go only to a server that offers 8BITMIME (RFC 6152), and this one does not; nothing was sent: send through one that offers it, or attach ${it} as a file, in base64 (--attach 'FILE;type=application/octet-stream'; in the dashboard, a copy not named .eml)`,
	);
}

/** A non-ASCII sender the server cannot take: MAIL would be refused, so it is not sent. */
const utf8Sender = (state: SessionState, plan: SessionPlan): NextAction | undefined =>
	state.extensions?.smtpUtf8 || !needsSmtpUtf8(plan.from)
		? undefined
		: fail('mail', `the sender ${plan.from} has non-ASCII characters, but ${noSmtpUtf8(state)} (RFC 6531): ${withoutSmtpUtf8(plan.from)}; nothing was sent`);

/** The recipients RCPT will name: none when the session stops after MAIL. */
const rcptAddresses = (plan: SessionPlan): string[] => (plan.quitAfter === 'mail' ? [] : plan.recipients);

/**
 * Non-ASCII recipients the server cannot take. Checked before MAIL, since MAIL would have to carry SMTPUTF8 for
 * them; the failure is theirs (RCPT), and nothing is sent, not even to the other recipients.
 */
function utf8Recipients(state: SessionState, plan: SessionPlan): NextAction | undefined {
	if (state.extensions?.smtpUtf8) return undefined;
	const bad = rcptAddresses(plan).filter(address => needsSmtpUtf8(address));
	if (bad.length === 0) return undefined;
	const [who, instead] = bad.length === 1 ? [`the recipient ${bad[0]} has`, withoutSmtpUtf8(bad[0]!)] : [`the recipients ${bad.join(', ')} have`, bad.map(address => `${address}: ${withoutSmtpUtf8(address)}`).join('; ')];
	return fail('rcpt', `${who} non-ASCII characters, but ${noSmtpUtf8(state)} (RFC 6531): ${instead}; nothing was sent`);
}

/** The SIZE the server advertised (RFC 1870; 0: no limit), when the message is over it; else undefined. */
export function sizeLimitExceeded(extensions: SessionState['extensions'], size: number | undefined): number | undefined {
	const limit = extensions?.size;
	return size !== undefined && limit && size > limit ? limit : undefined;
}

/**
 * A message over the SIZE the server advertised would be refused at MAIL, as SIZE= says. Known after EHLO, so it
 * is said before MAIL, as what it is: the message is too big, not the sender refused. Not with quitAfter: no
 * message goes then (every quitAfter stage is before DATA), and the session is a test of the envelope.
 */
function tooBig(state: SessionState, plan: SessionPlan): NextAction | undefined {
	const limit = sizeLimitExceeded(state.extensions, plan.size);
	if (limit === undefined || plan.quitAfter) return undefined;
	return fail('mail', `the message is about ${groupDigits(plan.size!)} bytes and the server accepts at most ${groupDigits(limit)} (SIZE in its EHLO reply): it was not sent`, 'over-size-limit');
}

/**
 * SIZE= for MAIL. Left out when it is over the limit (with quitAfter only: tooBig stops a real send first): the
 * server would refuse MAIL for it (552, RFC 1870 §6.1), and RCPT, what --quit-after rcpt tests, would never be
 * asked. Within the limit it goes, so that MAIL is the one a real send would make.
 */
const declaredSize = (state: SessionState, plan: SessionPlan): number | undefined => (sizeLimitExceeded(state.extensions, plan.size) === undefined ? plan.size : undefined);

/** A MAIL refused until TLS: what to do depends on whether STARTTLS is offered, and on the TLS policy. */
function mailWithoutTls(reply: Reply, kind: FailureKind, plan: SessionPlan): string {
	const quoted = quoteReplyMidSentence(reply);
	if (kind === 'tls-not-offered') {
		return `the server takes mail only over TLS but does not offer STARTTLS: ${quoted}; something on the way strips STARTTLS, or the server is set up wrong: try TLS from the first byte (port 465), or ask the server's administrator`;
	}
	// Offered and turned down by the user; else offered but it failed (auto goes on in clear, with a warning).
	const fix = plan.tls === 'none' ? 'connect with STARTTLS (drop --no-starttls; in the dashboard, security auto or STARTTLS, not none)' : 'STARTTLS failed here (see above): try again later';
	return `the server takes mail only over TLS: ${quoted}; ${fix}`;
}

const mailPhase: Phase = (state, plan) => {
	const {transaction} = state;
	if (transaction.mailReply) {
		// Not this sender, but any sender before STARTTLS (RFC 3207's 530, a server's own "550 STARTTLS required") or
		// before a login (RFC 4954's 530).
		const kind = mailRefusalKind(transaction.mailReply, standing(state));
		if (kind === 'mail-needs-login') return fail('mail', `the server takes mail only after a login: ${quoteReplyMidSentence(transaction.mailReply)}; give a user and password`, kind);
		// Turned down by the user: the words name that flag (or the panel's security) as the way.
		const declined = kind === 'mail-needs-tls' && plan.tls === 'none';
		if (kind === 'mail-needs-tls' || kind === 'tls-not-offered') return fail('mail', mailWithoutTls(transaction.mailReply, kind, plan), kind, undefined, declined ? 'starttls-declined' : undefined);
		if (kind === 'mail-too-big' || kind === 'mail-parameters' || kind === 'mail-deferred') return fail('mail', `${mailFailure(transaction.mailReply, kind)}: ${quoteReply(transaction.mailReply)}`, kind);
		if (!failed(transaction.mailReply)) return undefined;
		// Postfix with smtpd_delay_reject=no judges the EHLO name at MAIL: the sender is not what it refuses.
		if (refusesHelo(transaction.mailReply)) return fail('mail', `the EHLO name ${plan.ehloName} was refused, at MAIL: ${quoteReply(transaction.mailReply)}`, 'helo-refused');
		// Microsoft 365's "550 5.7.708 ... traffic not accepted from this IP": the address is fine, the IP is not.
		if (refusesClient(transaction.mailReply)) return fail('mail', `your IP address was refused, not the sender: ${quoteReply(transaction.mailReply)}`);
		return fail('mail', `the sender was refused: ${quoteReply(transaction.mailReply)}`);
	}
	if (plan.recipients.length === 0) return fail('rcpt', 'there is no recipient to send to');
	// In the order the server would refuse them: MAIL (its address, then SIZE=), then RCPT.
	const refusal = utf8Sender(state, plan) ?? eightBitAttached(state, plan) ?? tooBig(state, plan) ?? utf8Recipients(state, plan);
	if (refusal) return refusal;
	const withoutTls = plan.requireTls ? requireTlsRefusal(state, plan.insecure === true) : undefined;
	if (withoutTls) return fail('tls', withoutTls, 'require-tls');
	// UTF-8 headers alone are declared only to a server that offers SMTPUTF8; to another they go as the user's file
	// does, with a warning (the driver's), where a UTF-8 address cannot go at all.
	const utf8 = [plan.from, ...rcptAddresses(plan)].some(address => needsSmtpUtf8(address)) || (plan.utf8Headers === true && state.extensions?.smtpUtf8 === true);
	const size = declaredSize(state, plan);
	let params: Record<string, string | true>;
	try {
		params = mailParameters(
			{...(size !== undefined && {size}), eightBit: plan.eightBit, utf8},
			state.extensions ?? emptyExtensions(),
		);
	} catch (error) {
		// Refused locally (a size that is not a whole number): nothing was sent, the sender stage fails.
		if (error instanceof SmtpInputError) return fail('mail', error.message);
		throw error;
	}
	params = {...params, ...dsnMailParameters(plan.dsn, state.extensions), ...(plan.requireTls && {REQUIRETLS: true as const})};
	return command({verb: 'MAIL', from: plan.from, ...(Object.keys(params).length > 0 && {params})});
};

const rcptPhase: Phase = (state, plan) => {
	const {recipients} = state.transaction;
	const next = plan.recipients[recipients.filter(recipient => !recipient.offPlan).length];
	if (next !== undefined) return command(rcptCommand(next, state, plan));
	if (recipients.some(recipient => recipient.accepted)) return undefined;
	const notSent = dataAfterNoRecipient(state, plan, quoteReply);
	const refusals = recipients.map(r => `${r.address} (${r.reply ? quoteReply(r.reply) : 'no reply'})`).join(', ');
	// Postfix judges the EHLO name and the sender at RCPT (smtpd_delay_reject): such a refusal is not about the recipients at all.
	if (recipients.every(r => r.reply && refusesHelo(r.reply))) {
		return fail('rcpt', `the EHLO name ${plan.ehloName} was refused, at RCPT (Postfix checks it only then): ${refusals}; ${notSent}`, 'helo-refused');
	}
	if (recipients.every(r => r.reply && refusesSender(r.reply))) {
		return fail('rcpt', `the sender ${plan.from || '<>'} was refused, at RCPT (many servers check the sender only then): ${refusals}; ${notSent}`, 'sender-refused');
	}
	// A policy refusal from a server that offers a login we did not use: a submission port wanting it. A relay
	// refusal too, which Haraka words without an enhanced code ("550 I cannot deliver mail for <x@elsewhere>").
	const policy = recipients.every(r => r.reply && (/^5\.7\./.test(enhancedOf(r.reply) ?? '') || refusesRelay(r.reply)));
	const login = policy && !state.authenticated && (state.extensions?.auth.length ?? 0) > 0 ? '; the server offers AUTH and may accept this only after a login (give a user and password)' : '';
	if (recipients.every(r => r.reply && postscreenFirstContact(r.reply))) return fail('rcpt', `${POSTSCREEN_FIRST_CONTACT}: ${refusals}; ${notSent}`, 'postscreen-first-contact');
	// Postfix's client restrictions (reverse DNS, block lists) come at RCPT too: the address is fine, the IP is not.
	if (recipients.every(r => r.reply && refusesClient(r.reply))) {
		return fail('rcpt', `your IP address was refused, not the recipient${recipients.length > 1 ? 's' : ''}: ${refusals}; ${notSent}${login}`);
	}
	return fail('rcpt', `no recipient was accepted: ${refusals}; ${notSent}${login}`);
};

const dataPhase: Phase = (state, plan) => {
	const {transaction} = state;
	if (transaction.finished) {
		const reply = transaction.reply!;
		if (!failed(reply)) return undefined;
		// LMTP: every recipient's own reply refused it (the last one is not the whole story).
		if (transaction.recipients.some(recipient => recipient.rcptReply)) return fail('final-dot', noDelivery(transaction.recipients));
		return fail('final-dot', `the server did not accept the message: ${quoteReply(reply)}`);
	}
	const chunkRefused = bdatRefusal(transaction);
	if (chunkRefused) return fail('data', chunkRefused);
	if (usesBdat(state, plan)) return {type: 'bdat'};
	if (transaction.dataReply && transaction.dataReply.code !== 354) {
		return fail('data', `DATA was refused: ${quoteReply(transaction.dataReply)}`);
	}
	return command({verb: 'DATA'});
};

/** In session order, each with the `quitAfter` stages that end the session once it has nothing left to do. */
const PHASES: ReadonlyArray<[Phase, readonly QuitAfter[]]> = [
	[greetingPhase, ['greeting']],
	[ehloPhase, ['first-ehlo']],
	// Past the TLS phase, the last EHLO is done: the one after STARTTLS, or the only one without TLS (swaks' "helo").
	[tlsPhase, ['ehlo', 'tls']],
	[xclientPhase, ['xclient']],
	[authPhase, ['auth']],
	[mailPhase, ['mail']],
	[rcptPhase, ['rcpt']],
	[dataPhase, []],
];

/** QUIT went (answered, or the connection closed after it): a session that reached its planned stop. */
const quitWent = (state: SessionState): boolean => state.steps.some(step => step.step === 'quit' && step.status !== 'pending');

export function nextAction(state: SessionState, plan: SessionPlan): NextAction {
	if (state.failure) return fail(state.failure.stage, state.failure.message, state.failure.kind);
	// Ended without a failure: QUIT was answered. Done if the message was queued first, or the plan asked for a stop
	// (quitAfter) and its QUIT went; otherwise the session was closed (quit, disconnect, an interrupt: the connection
	// dropped while a reply was awaited) before the message went, and before the stop, which then tells nothing.
	if (state.ended) {
		const {transaction} = state;
		if (messageQueued(transaction) || (plan.quitAfter && quitWent(state))) return {type: 'done'};
		// The whole message went (its final dot too) and no reply came: it may have been queued.
		const unanswered = transaction.dataStarted && state.steps.some(step => step.step === 'message' && step.status === 'done');
		return fail('closed', unanswered ? 'the session was closed after the whole message was sent, before the server answered it' : 'the session was closed before the message was sent');
	}
	if (state.awaiting === 'body') return noRecipientAccepted(state.transaction) ? {type: 'body', empty: true} : {type: 'body'};
	if (state.awaiting !== 'nothing') return {type: 'wait'};
	// "connect" is swaks' alias for "after the banner": QUIT before the greeting would break the protocol.
	const quitAfter = plan.quitAfter === 'connect' ? 'greeting' : plan.quitAfter;
	if (state.openTransaction && state.transaction.from === undefined) {
		// The server still holds an earlier transaction (refused recipients, or MAIL typed by hand in manual mode):
		// reset it first, since AUTH, STARTTLS and a new MAIL are all refused inside one.
		const rset = lastOf(state, 'RSET');
		if (rset && failed(rset)) return fail('mail', `RSET refused: ${quoteReply(rset)}`);
		// Pipelining: RSET may lead the group of the next envelope (RFC 2920), when MAIL is what comes after it.
		const mail = PHASES.slice(0, PHASES.findIndex(([phase]) => phase === mailPhase)).every(([phase]) => phase(state, plan) === undefined) ? mailPhase(state, plan) : undefined;
		const group = mail?.type === 'command' ? pipelinedGroup(mail.command, state, plan) : undefined;
		return group ? {type: 'group', commands: [{verb: 'RSET'}, ...group]} : command({verb: 'RSET'});
	}
	// swaks' "tls": QUIT as soon as the STARTTLS handshake is done, before the EHLO that follows it ("ehlo" waits for that one).
	if (quitAfter === 'tls' && state.tlsStarted) return command({verb: 'QUIT'});
	for (const [phase, stages] of PHASES) {
		const action = phase(state, plan);
		const group = action?.type === 'command' ? pipelinedGroup(action.command, state, plan) : undefined;
		if (group) return {type: 'group', commands: group};
		if (action) return action;
		if (quitAfter && stages.includes(quitAfter)) return command({verb: 'QUIT'});
	}
	return {type: 'done'};
}
