import {describe, expect, it} from 'vitest';
import {loadFixture, type FixtureStep} from '../helpers/interop-fixture.js';
import {alternatives, explainCode, explainEnhanced, explainExtension, explainReply, idleClose, refusedTooBig, waitingHelps} from '../../source/smtp/codes.js';
import {parseReplies} from '../../source/smtp/reply-parser.js';
import type {Reply} from '../../source/smtp/types.js';

const reply = (code: number, text = '', enhanced?: string): Reply => ({
	code,
	lines: [text],
	raw: [`${code} ${enhanced ? `${enhanced} ` : ''}${text}`],
	...(enhanced && {enhanced}),
});

/** A reply as a real server sends it, through the parser: one string a line. */
const real = (...lines: string[]): Reply => parseReplies(Buffer.from(lines.map(line => `${line}\r\n`).join('')))[0]!;

/** The keywords of a fixture session's EHLO/LHLO reply: its lines after the first, up to the last. */
function helloKeywords(steps: readonly FixtureStep[]): string[] {
	const hello = steps.findIndex(step => 'client' in step && /^(?:EHLO|LHLO)/i.test(step.client));
	const lines: string[] = [];
	for (const step of steps.slice(hello + 2)) {
		if (!('server' in step) || !step.server.startsWith('250')) break;
		lines.push(step.server.slice(4).split(' ')[0]!.toUpperCase());
		if (step.server[3] === ' ') break;
	}
	return lines;
}

describe('explainCode', () => {
	it('has words of its own, none alike, for every code RFC 5321, RFC 4954, RFC 5248 and RFC 7504 give', () => {
		const codes = [
			211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451, 452, 454, 455, 500, 501, 502, 503, 504, 521, 523, 530,
			534, 535, 538, 550, 551, 552, 553, 554, 555, 556,
		];
		const words = codes.map(code => explainCode(code));
		for (const [index, text] of words.entries()) {
			expect(text, String(codes[index])).toMatch(/^\S.{10,}/);
			// Not what an unlisted code of the same class and category gets (211 is no mere "success (information)").
			expect(text, String(codes[index])).not.toBe(explainCode(Math.floor(codes[index]! / 10) * 10 + 9));
		}
		expect(new Set(words).size).toBe(codes.length);
	});

	it('has its own words for every code listed in the SMTP notes', () => {
		// The "Reply codes" list of the team's SMTP notes (docs/smtp-notes.md).
		const codes = [
			211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 455, 500, 501, 502, 503, 504, 530, 534,
			535, 550, 551, 552, 553, 554, 555,
		];
		const fallbacks = new Set(['2', '3', '4', '5'].map((first) => explainCode(Number(`${first}99`))));
		for (const code of codes) {
			const text = explainCode(code);
			expect(fallbacks.has(text), `${code} uses the generic text`).toBe(false);
		}
	});

	it.each([
		[250, /OK/],
		[354, /lone "\."/],
		[421, /closing the connection.*any time/],
		[530, /authentication.*required/],
		[535, /wrong user name or password/],
		[552, /too big/],
		[554, /no service/],
	])('%d in words', (code, words) => {
		expect(explainCode(code)).toMatch(words);
	});

	it.each([
		[299, /^success$/],
		[399, /^intermediate/],
		// x2x's "connection" is left out: servers give such codes to anything (OpenSMTPD's 524 to an unknown user).
		[422, /^temporary failure: not done, try again later$/],
		[524, /^permanent failure: refused, retrying unchanged will fail again$/],
		// x3z is unspecified in RFC 5321 §4.2.1: no "authentication" for a 433.
		[433, /^temporary failure: not done, try again later$/],
		[507, /^permanent failure.*\(syntax\)/],
		[558, /^permanent failure.*\(mail system\)/],
		[219, /^success \(information\)$/],
		[546, /^permanent failure/],
		[199, /not a valid SMTP reply code/],
		[600, /not a valid SMTP reply code/],
		[2500, /not a valid SMTP reply code/],
	])('falls back by class for %d', (code, words) => {
		expect(explainCode(code)).toMatch(words);
	});
});

describe('explainEnhanced', () => {
	it('has words of its own for every code of the IANA registry (RFC 3463 and its updates), none alike', () => {
		// The registry's highest detail per subject: X.0.0, X.1.0 to X.1.10, ..., X.7.0 to X.7.30.
		const last: Record<number, number> = {0: 0, 1: 10, 2: 4, 3: 6, 4: 7, 5: 6, 6: 9, 7: 30};
		const details = Object.entries(last).flatMap(([subject, top]) => Array.from({length: top + 1}, (_, detail) => `${subject}.${detail}`));
		const words = details.map(detail => {
			const text = explainEnhanced(`5.${detail}`);
			expect(text, detail).toMatch(/^permanent failure, [a-z ]+: \S/);
			expect(text, detail).not.toMatch(/not a registered code/);
			return text.slice(text.indexOf(': ') + 2);
		});
		expect(new Set(words).size).toBe(details.length);
	});

	it.each([
		['5.1.1', 'permanent failure, address: bad destination mailbox address: no such user here'],
		['5.1.2', 'permanent failure, address: bad destination system address: no such domain or host'],
		['5.1.3', 'permanent failure, address: bad destination mailbox address syntax'],
		['5.1.10', 'permanent failure, address: recipient address has a null MX: the domain takes no mail'],
		['4.2.2', 'temporary failure, mailbox: mailbox full'],
		['5.2.2', 'permanent failure, mailbox: mailbox full'],
		['5.2.3', 'permanent failure, mailbox: message longer than the mailbox allows'],
		['4.3.2', 'temporary failure, mail system: system not accepting network messages'],
		['5.3.4', 'permanent failure, mail system: message too big for the system'],
		['2.3.6', 'success, mail system: requested priority was changed (RFC 6710)'],
		['4.4.1', 'temporary failure, network and routing: no answer from host'],
		['4.4.2', 'temporary failure, network and routing: bad connection'],
		['5.5.1', 'permanent failure, mail delivery protocol: invalid command'],
		['5.5.2', 'permanent failure, mail delivery protocol: syntax error'],
		['5.5.3', 'permanent failure, mail delivery protocol: too many recipients'],
		['5.5.4', 'permanent failure, mail delivery protocol: invalid command arguments'],
		['5.6.0', 'permanent failure, message content or media: other or undefined media error'],
		['4.7.0', 'temporary failure, security or policy: other or undefined security or policy status'],
		['5.7.0', 'permanent failure, security or policy: other or undefined security or policy status'],
		['5.7.1', 'permanent failure, security or policy: delivery not authorised, message refused'],
		['4.7.1', 'temporary failure, security or policy: delivery not authorised, message refused'],
		['5.7.8', 'permanent failure, security or policy: authentication credentials invalid'],
		['5.7.9', 'permanent failure, security or policy: authentication mechanism too weak'],
		['5.7.26', 'permanent failure, security or policy: multiple authentication checks failed (SPF, DKIM, DMARC)'],
		['5.7.27', 'permanent failure, security or policy: sender address has a null MX: it cannot receive replies'],
		['2.0.0', 'success'],
		['2.6.0', 'success (message content or media status)'],
		['2.1.0', 'success (address status)'],
		['2.1.5', 'success, address: destination address valid'],
	])('%s', (code, text) => {
		expect(explainEnhanced(code)).toBe(text);
	});

	it('names the class and subject of unregistered details', () => {
		expect(explainEnhanced('4.7.999')).toBe('temporary failure, security or policy: detail 999 (not a registered code)');
	});

	it.each(['3.1.1', '5.8.1', '5.1', 'x.y.z', '5.1.1 ', '15.1.1'])('rejects %j', (code) => {
		expect(explainEnhanced(code)).toMatch(/not a valid enhanced status code/);
	});
});

describe('explainReply', () => {
	// Seen live from Postfix 3.7.11's postscreen (test/fixtures/interop/postfix.txt): a first session's RCPT, not an outage.
	it("reads postscreen's 450 4.3.2 at RCPT as its first-contact test, and only that reply there", () => {
		const postscreen = real('450 4.3.2 Service currently unavailable');
		expect(explainReply(postscreen, {verb: 'RCPT'})).toMatch(/^Postfix's postscreen turns away a new client's first session .*connect again now/);
		expect(explainReply(postscreen, {verb: 'MAIL'})).not.toMatch(/postscreen/);
		expect(explainReply(real('450 4.3.2 Service currently unavailable, try later'), {verb: 'RCPT'})).not.toMatch(/postscreen/);
		expect(explainReply(real('450 4.2.1 Service currently unavailable'), {verb: 'RCPT'})).not.toMatch(/postscreen/);
	});

	it('reads a code RFC 5321 does not list by its class and the command it answers, with no category word', () => {
		const opensmtpd = real('524 5.2.4 Mailing list expansion problem: <nobody@example.test>');
		expect(explainReply(opensmtpd, {verb: 'RCPT'})).toBe(
			'refused: the recipient (permanent: retrying unchanged will fail again); 5.2.4 permanent failure, mailbox: mailing list expansion problem',
		);
		expect(explainReply(real('424 4.2.4 try later'), {verb: 'RCPT'})).toMatch(/^not accepted for now: the recipient \(temporary, try again later\); /);
		expect(explainReply(real('524 no'), {verb: 'MAIL'})).toBe('refused: the sender (permanent: retrying unchanged will fail again)');
		expect(explainReply(real('524 no'), {verb: 'DATA'})).toBe('refused: the message, before it was sent (permanent: retrying unchanged will fail again)');
		expect(explainReply(real('524 no'), {verb: '.'})).toBe('refused: the message itself, its recipients having been accepted at RCPT (permanent: retrying unchanged will fail again)');
		for (const verb of ['MAIL', 'RCPT', 'DATA', '.']) expect(explainReply(real('521 5.2.1 no'), {verb}), verb).not.toMatch(/connection/);
	});

	it('after the final dot, refuses the message, not the recipients (accepted at RCPT)', () => {
		// Its size first, by X.3.4 or its words: "for its content or by policy" would hide the fix.
		const tooBig = real('554 5.3.4 Message too big for system');
		expect(explainReply(tooBig, {verb: '.'})).toBe('refused: the message is too big for this server (send it smaller); 5.3.4 permanent failure, mail system: message too big for the system');
		expect(explainReply(real('554 Message size exceeds fixed maximum message size'), {verb: '.'})).toMatch(/^refused: the message is too big for this server/);
		expect(explainReply(real('552 Message too big'), {verb: '.'})).toMatch(/^refused: the message is too big for this server/);
		expect(explainReply(real('554 5.7.1 Rejected by policy'), {verb: '.'})).toMatch(/^refused: the message itself, for its content or by policy/);
		// A code whose own reading is a recipient's or its domain's (RFC 7504's 556) is the message's, by its class.
		expect(explainReply(real('556 no'), {verb: '.'})).toBe('refused: the message itself, for its content or by policy (its recipients were accepted at RCPT)');
		expect(explainReply(real('556 no'), {verb: 'RCPT'})).toMatch(/domain does not accept mail/);
		expect(explainReply(real('452 4.3.1 Insufficient system storage'), {verb: '.'})).toMatch(/^not accepted for now: the server is out of storage/);
		// LMTP's reply for one recipient: 4.2.2 is that mailbox, full, not the server's storage.
		expect(explainReply(real('452 4.2.2 <a@example.test> Mailbox full'), {verb: '.'})).toMatch(/^not accepted for now: mailbox full \(temporary, try again later\); 4\.2\.2/);
		expect(explainReply(real('452 4.2.2 Mailbox full'), {verb: 'MAIL'})).not.toContain('out of storage');
		for (const code of [450, 451, 452, 550, 551, 552, 553, 554]) expect(explainReply(real(`${code} no`), {verb: '.'}), String(code)).not.toMatch(/recipients(?! were accepted)/);
		// Before the message, 554 to DATA still means there was no valid recipient.
		expect(explainReply(real('554 5.5.1 No valid recipients'), {verb: 'DATA'})).toMatch(/no valid recipients/);
	});

	it('reads the common ways of saying "TLS first", at MAIL or AUTH, as such', () => {
		const tls = 'the server wants TLS first: connect with STARTTLS, or with TLS from the first byte (port 465)';
		for (const text of [
			'550 STARTTLS required on the submission port',
			'550 5.7.0 TLS required',
			'530 5.7.0 Must issue a STARTTLS command first',
			'554 5.7.0 Encryption required',
			'530 5.7.0 Please use STARTTLS',
			'550 5.7.10 Encryption needed',
			'538 5.7.11 Encryption required for requested authentication mechanism',
		]) {
			expect(explainReply(real(text), {verb: 'MAIL'}), text).toBe(tls);
		}
		expect(explainReply(real('550 STARTTLS required on the submission port'), {verb: 'MAIL', typed: true})).toBe('the server wants TLS first: type STARTTLS (then EHLO again)');
		// Gmail's 530 5.7.0 is a login wanted, not TLS.
		expect(explainReply(real('530 5.7.0 Authentication Required'), {verb: 'MAIL'})).not.toMatch(/wants TLS/);
		expect(explainReply(real('550 5.7.1 REQUIRETLS support required'), {verb: 'MAIL'})).not.toMatch(/wants TLS/);
	});

	it('combines the code and the enhanced code', () => {
		expect(explainReply(reply(550, 'no such user', '5.1.1'), {verb: 'RCPT'})).toBe(
			'mailbox unavailable, or refused by policy; 5.1.1 permanent failure, address: bad destination mailbox address: no such user here',
		);
	});

	it('reads the context: greeting, STARTTLS, EHLO, final dot', () => {
		expect(explainReply(reply(220, 'mx ESMTP'))).toMatch(/greeting/);
		expect(explainReply(reply(554, 'go away'))).toMatch(/no service.*only QUIT/);
		expect(explainReply(reply(554, 'spam'), {verb: 'DATA'})).toMatch(/^refused: transaction failed/);
		// Only the greeting's 554 means "no service": at RCPT it refuses the recipient.
		expect(explainReply(reply(554, '<x@example.org>: Dropped', '5.7.1'), {verb: 'RCPT'})).toMatch(/^refused: this recipient, by policy; 5\.7\.1/);
		// Postfix's access map REJECT (access_map_reject_code 554): one recipient, never "no valid recipients".
		expect(explainReply(real('554 5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown here'), {verb: 'RCPT'})).toBe(
			'refused: this recipient, by policy; 5.1.1 permanent failure, address: bad destination mailbox address: no such user here',
		);
		expect(explainReply(reply(554, '<x@example.org>: Relay access denied', '5.7.1'), {verb: 'RCPT'})).not.toMatch(/greeting|QUIT/);
		// What the reply's words say replaces the code's reading: a one-row log keeps the start of the line, and the
		// enhanced code, which would add "message refused" or "temporary" to it, is left out.
		const relay = 'relaying is not allowed for you: log in, or send only to domains this server receives mail for (a retry changes nothing)';
		expect(explainReply(reply(554, '<x@example.org>: Relay access denied', '5.7.1'), {verb: 'RCPT'})).toBe(relay);
		expect(explainReply(reply(454, '<x@example.org>: Relay access denied', '4.7.1'), {verb: 'RCPT'})).toBe(relay);
		expect(explainReply(reply(454, 'Try later', '4.7.1'), {verb: 'RCPT'})).toMatch(/^recipient refused for now: at RCPT usually a relay or policy refusal/);
		// After the message, a 550 refuses the message: its mailboxes were accepted at RCPT.
		expect(explainReply(reply(550, 'Content rejected by policy', '5.7.1'), {verb: '.'})).toMatch(/^refused: the message itself, for its content or by policy/);
		expect(explainReply(reply(550, 'No such user', '5.1.1'), {verb: 'RCPT'})).toMatch(/mailbox unavailable/);
		expect(explainReply(reply(454, 'TLS not available due to local problem', '4.7.0'), {verb: 'STARTTLS'})).toMatch(/^TLS or authentication temporarily unavailable/);
		// What the reply's words say to do, where the code alone points elsewhere.
		expect(explainReply(reply(504, '<vm>: Helo command rejected: need fully-qualified hostname', '5.5.2'), {verb: 'RCPT'})).toMatch(/^the EHLO name must be a full domain name .*--helo/);
		expect(explainReply(reply(530, 'Must issue a STARTTLS command first', '5.7.0'), {verb: 'MAIL'})).toBe('the server wants TLS first: connect with STARTTLS, or with TLS from the first byte (port 465)');
		expect(explainReply(reply(530, 'Authentication required', '5.7.0'), {verb: 'MAIL'})).not.toMatch(/STARTTLS first/);
		// Postfix delays a sender refusal to RCPT: the enhanced code says whose it is.
		expect(explainReply(reply(450, '<bob@nowhere.test>: Sender address rejected: Domain not found', '4.1.8'), {verb: 'RCPT'})).toBe(
			"this refuses the sender, though it comes at RCPT (many servers check the sender only then); 4.1.8 temporary failure, address: bad sender's system address",
		);
		expect(explainReply(reply(550, 'no such user', '5.1.1'), {verb: 'RCPT'})).not.toMatch(/refuses the sender/);
		expect(explainReply(reply(553, '<ceo@bigcorp.example>: Sender address rejected: not owned by user a@b.test', '5.7.1'), {verb: 'RCPT'})).toMatch(/^this refuses the sender, though it comes at RCPT/);
		expect(explainReply(reply(220, 'go ahead'), {verb: 'STARTTLS'})).toMatch(/^go ahead with TLS/);
		expect(explainReply(reply(502, 'no'), {verb: 'EHLO'})).toMatch(/fall back to HELO/);
		expect(explainReply(reply(502, 'no'), {verb: 'VRFY'})).toBe('the server does not implement VRFY, or has it turned off (the command itself is right)');
		expect(explainReply(reply(250, 'queued as 123', '2.0.0'), {verb: '.'})).toMatch(
			/^accepted: the server took responsibility for the message; 2\.0\.0 success/,
		);
		// DATA is answered 354 first: a 250 to DATA itself is a reply one behind, not the message accepted.
		expect(explainReply(reply(250, 'ok', '2.1.5'), {verb: 'DATA'})).toMatch(/^out of step: DATA is answered 354 or an error, never 250/);
		expect(explainReply(reply(250, 'queued'), {verb: '.'})).toMatch(/^accepted/);
		expect(explainReply(reply(250, 'queued'), {verb: '.', duringBody: true})).toBe('out of step: the message was still being sent, and a server cannot accept what it has not received');
		expect(explainReply(reply(554, 'no'), {verb: '.', duringBody: true})).toMatch(/^refused/);
		expect(explainReply(reply(451, 'later'), {verb: 'data'})).toMatch(/^not accepted for now: local error/);
		expect(explainReply(reply(250, 'ok'), {verb: 'MAIL'})).toBe('sender accepted: a transaction is open');
		// A positive reply the command never gets belongs to something else: not "send the message now" at MAIL.
		expect(explainReply(reply(354, 'go ahead'), {verb: 'MAIL'})).toBe('out of step: MAIL is answered 250 or an error, never 354; this reply belongs to something else');
		expect(explainReply(reply(220, 'again'), {verb: 'EHLO'})).toBe('out of step: EHLO is answered 250 or an error, never 220; this reply belongs to something else');
		expect(explainReply(reply(354, 'hello'))).toBe('no greeting: a server greets with 220 (or refuses with 554), never 354; this reply belongs to something else');
		expect(explainReply(reply(251, 'will forward'), {verb: 'RCPT'})).toMatch(/^OK: the user is not local/);
		// RFC 3463 ties X.1.0 ("other address status") and X.1.5 ("destination address valid") to neither command:
		// MAIL=2.1.0, RCPT=2.1.5 is Postfix's habit, Qsmtpd sends the reverse, others 2.1.0 to both.
		expect(explainReply(reply(250, 'ok', '2.1.0'), {verb: 'RCPT'})).toBe('recipient accepted; 2.1.0 success (address status)');
		expect(explainReply(reply(250, 'ok', '2.1.5'), {verb: 'MAIL'})).toMatch(/^sender accepted: a transaction is open; 2\.1\.5 success/);
		expect(explainReply(reply(354, 'go'), {verb: 'QUIT'})).toMatch(/^out of step: QUIT is answered 221, 250 or an error, never 354/);
		expect(explainReply(reply(250, 'bye'), {verb: 'QUIT'})).toBe('OK: the requested action was completed');
		// A reply that answers nothing is explained by its code, not read as a greeting.
		expect(explainReply(reply(250, 'stray', '2.1.5'), {unsolicited: true})).toBe('OK: the requested action was completed; 2.1.5 success, address: destination address valid');
		// The lesson after DATA: what a message is, not only how it ends.
		expect(explainReply(reply(354, 'go'), {verb: 'DATA'})).toBe('send the message: headers, a blank line, the body, then a lone "." line');
	});

	it("reads a 521 greeting as RFC 7504's host that takes no mail from anyone, not a refusal of this client", () => {
		expect(explainReply(reply(521, 'mx.example.test does not accept mail', '5.3.2'))).toBe(
			'this host accepts no mail at all, from anyone (RFC 7504); only QUIT may follow; 5.3.2 permanent failure, mail system: system not accepting network messages',
		);
	});

	it('reads a refusing greeting as service refused: no mailbox is involved yet', () => {
		const greeting = explainReply(reply(550, 'Access denied for 192.0.2.9', '5.7.1'));
		expect(greeting).toMatch(/^no service: the server refuses this session \(this client, its address or network, or a rate limit\); only QUIT may follow/);
		expect(greeting).not.toMatch(/mailbox/);
		// At RCPT the same code is about the mailbox.
		expect(explainReply(reply(550, 'no such user'), {verb: 'RCPT'})).toMatch(/^mailbox unavailable/);
		// Exim's connection limit: temporary, not a block.
		expect(explainReply(reply(421, 'Too many concurrent SMTP connections from this IP address; please try again later'))).toMatch(
			/^no service for now: the server turns this session away \(too many connections, or it is busy\); temporary, try again later$/,
		);
	});

	it('reads 523 as X.7.10 "encryption needed" (IANA registry), not a size', () => {
		expect(explainCode(523)).toBe('encryption needed: the server wants TLS first');
		expect(explainReply(reply(523, 'Encryption needed'), {verb: 'MAIL'})).toMatch(/^the server wants TLS first: connect with STARTTLS/);
	});

	it('says every 4xx refusal is temporary, but 432, which no wait helps', () => {
		for (const code of [421, 450, 451, 452, 454, 455, 471]) {
			expect(explainCode(code), String(code)).toMatch(/temporar/);
			expect(explainReply(reply(code, 'not now'), {verb: 'MAIL'}), String(code)).toMatch(/temporar/);
		}
		// 432 reads as what it asks for (RFC 4954 §6): one login with PLAIN, which no wait replaces.
		expect(explainCode(432)).not.toMatch(/temporar/);
		expect(explainCode(432)).toMatch(/waiting does not help/);
		expect(explainReply(reply(432, 'A password transition is needed', '4.7.12'), {verb: 'AUTH'})).toMatch(/^a password transition is needed: log in once with PLAIN inside TLS.*waiting does not help/);
		// "local error" alone reads as a broken server, where 451 is as often a check deferred on purpose.
		expect(explainCode(451)).toBe('local error in processing, or a check the server defers (a rate limit, a lookup): temporary, try again later');
	});

	it('waiting helps a 4xx but 432 and 452 4.5.3, whose remedy is no wait: one rule for --json and the readings', () => {
		for (const line of ['421 4.7.0 try later', '450 4.2.0 busy', '451 4.7.1 rate limited', '452 4.3.1 Insufficient system storage', '454 4.7.0 Temporary authentication failure']) {
			expect(waitingHelps(real(line)), line).toBe(true);
		}
		for (const line of ['432 4.7.12 A password transition is needed', '432 transition needed', '452 4.5.3 Too many recipients', '452 too many recipients', '550 5.1.1 no', '250 ok']) {
			expect(waitingHelps(real(line)), line).toBe(false);
		}
		// The enhanced code's half does not call "temporary" what the first half says no wait helps.
		const tooMany = explainReply(real('452 4.5.3 Too many recipients'), {verb: 'RCPT'});
		expect(tooMany).toMatch(/no wait is needed\); 4\.5\.3 not done, mail delivery protocol: too many recipients$/);
		expect(tooMany).not.toMatch(/temporar/);
		expect(explainReply(real('452 4.3.1 Insufficient system storage'), {verb: '.'})).toMatch(/4\.3\.1 temporary failure/);
	});

	it('a password transition (432): the way through by what was tried, its mechanism, TLS, and typed or not', () => {
		const transition = real('432 4.7.12 A password transition is needed');
		const read = (context: Parameters<typeof explainReply>[1]) => explainReply(transition, {verb: 'AUTH', ...context});
		expect(read({mechanism: 'CRAM-MD5'})).toMatch(/^a password transition is needed: log in once with PLAIN inside TLS \(--auth PLAIN\), after which this mechanism works too/);
		expect(read({mechanism: 'CRAM-MD5', secure: true})).toMatch(/^a password transition is needed: log in once with PLAIN over TLS, as now \(--auth PLAIN\)/);
		// PLAIN in clear: TLS is what is missing; inside TLS, nothing is: the transition itself was refused.
		expect(read({mechanism: 'PLAIN'})).toMatch(/^a password transition is needed: this PLAIN login went without TLS: log in inside TLS/);
		expect(read({mechanism: 'PLAIN', secure: true})).toMatch(/this login was PLAIN inside TLS, the transition itself, and the server did not complete it: ask its administrator/);
		// Typed by hand: what to type, no flag.
		expect(read({mechanism: 'PLAIN', typed: true})).toMatch(/^a password transition is needed: type STARTTLS, then EHLO again, then AUTH PLAIN \(/);
		expect(read({mechanism: 'CRAM-MD5', typed: true, secure: true})).toMatch(/^a password transition is needed: type AUTH PLAIN once \(this connection has TLS\), after which this mechanism works too/);
		for (const typed of [read({mechanism: 'PLAIN', typed: true}), read({mechanism: 'CRAM-MD5', typed: true})]) expect(typed).not.toMatch(/--/);
	});

	it('in an LMTP session (--lmtp) the advice names LHLO: a password transition typed, XCLIENT\'s new greeting, a refused name', () => {
		const transition = real('432 4.7.12 A password transition is needed');
		expect(explainReply(transition, {verb: 'AUTH', mechanism: 'PLAIN', typed: true, lmtp: true})).toMatch(/^a password transition is needed: type STARTTLS, then LHLO again, then AUTH PLAIN \(/);
		expect(explainReply(real('220 2.0.0 Ok'), {verb: 'XCLIENT', lmtp: true})).toMatch(/^XCLIENT accepted: .*starts over with this greeting \(LHLO again\)/);
		expect(explainReply(real('220 2.0.0 Ok'), {verb: 'XCLIENT'})).toMatch(/\(EHLO again\)/);
		const helo = real('504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname');
		expect(explainReply(helo, {verb: 'EHLO', lmtp: true})).toMatch(/^the LHLO name must be a full domain name \(mail\.example\.com\): give one with --helo, or in the LHLO name field/);
		expect(explainReply(helo, {verb: 'EHLO'})).toMatch(/in the EHLO name field/);
	});

	it('names greylisting when the reply says so, with the wait it names, and nothing after it', () => {
		const greylisting = (wait: string) =>
			`greylisting: a first try from a sender the server does not know yet is turned away on purpose; the same message sent again after ${wait} gets through (a mail server's queue retries by itself)`;
		// Exim's default defer code is 451, which alone reads as a local error.
		expect(explainReply(reply(451, 'Greylisted, please try again in 5 minutes'), {verb: 'RCPT'})).toBe(greylisting('5 minutes'));
		// Not followed by the generic 451 nor by 4.7.1, which reads "message refused" right after "gets through".
		expect(explainReply(reply(451, 'greylisted', '4.7.1'), {verb: 'MAIL'})).toBe(greylisting('a while'));
		// The sandbox's own greylisting reply, and Postgrey's 450.
		expect(explainReply(reply(450, '<b@x.test>: greylisted, try again in 5 s', '4.7.1'), {verb: 'RCPT'})).toBe(greylisting('5 s'));
		expect(explainReply(reply(450, 'Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/x.html', '4.2.0'), {verb: 'RCPT'})).toMatch(/^greylisting: /);
		// A permanent refusal that mentions a greylist is no greylisting delay.
		expect(explainReply(reply(550, 'greylist database broken'), {verb: 'RCPT'})).not.toMatch(/greylisting:/);
		expect(explainReply(reply(451, 'Temporary local problem - please try later'), {verb: 'RCPT'})).not.toMatch(/greylisting:/);
	});

	it('reads Postfix refusals of the EHLO name as such, at RCPT, at MAIL and at EHLO itself', () => {
		// smtpd_helo_restrictions with the default smtpd_delay_reject=yes: the refusal comes at RCPT.
		const rejected = reply(554, '<bad.helo.test>: Helo command rejected: Go away, bad HELO name', '5.7.1');
		expect(explainReply(rejected, {verb: 'RCPT'})).toBe(
			"this refuses the EHLO/HELO name (given with --helo; by default the host name, or this end's address literal where it has no dot), though it comes at RCPT: give a fully-qualified name the server accepts with --helo, or in the EHLO name field; 5.7.1 permanent failure, security or policy: delivery not authorised, message refused",
		);
		expect(explainReply(rejected, {verb: 'MAIL'})).toBe(
			"this refuses the EHLO/HELO name (given with --helo; by default the host name, or this end's address literal where it has no dot), though it comes at MAIL: give a fully-qualified name the server accepts with --helo, or in the EHLO name field; 5.7.1 permanent failure, security or policy: delivery not authorised, message refused",
		);
		// smtpd_delay_reject=no: the reply to EHLO itself, where no transaction (nor recipient) exists yet.
		expect(explainReply(rejected, {verb: 'EHLO'})).toBe(
			"this refuses the EHLO/HELO name (given with --helo; by default the host name, or this end's address literal where it has no dot): give a fully-qualified name the server accepts with --helo, or in the EHLO name field; 5.7.1 permanent failure, security or policy: delivery not authorised, message refused",
		);
		expect(explainReply(reply(554, 'Access denied', '5.7.1'), {verb: 'HELO'})).toMatch(/^refused: the server will not serve this client, or refuses the name it gave in EHLO\/HELO; /);
		expect(explainReply(reply(554, 'Access denied', '5.7.1'), {verb: 'EHLO'})).not.toMatch(/recipients|transaction/);
		// A 550 too: no mailbox is involved yet, so "mailbox unavailable" would send the user looking for one.
		for (const verb of ['EHLO', 'HELO']) {
			expect(explainReply(reply(550, 'Access denied'), {verb})).toBe('refused: the server will not serve this client, or refuses the name it gave in EHLO/HELO');
		}
		expect(explainReply(reply(550, 'Access denied', '5.7.1'), {verb: 'EHLO'})).toMatch(/^refused: the server will not serve this client, or refuses the name it gave in EHLO\/HELO; 5\.7\.1 /);
		// reject_non_fqdn_helo_hostname keeps its own words, and says when it comes late.
		const fqdn = reply(504, '<vm>: Helo command rejected: need fully-qualified hostname', '5.5.2');
		expect(explainReply(fqdn, {verb: 'RCPT'})).toBe('the EHLO name must be a full domain name (mail.example.com), though it comes at RCPT: give one with --helo, or in the EHLO name field; 5.5.2 permanent failure, mail delivery protocol: syntax error');
		// Without an enhanced code, the code's own reading is the second part, so a 4xx still says it is temporary.
		expect(explainReply(reply(450, '<vm>: Helo command rejected: Host not found'), {verb: 'RCPT'})).toMatch(/^this refuses the EHLO\/HELO name .*; mailbox unavailable right now \(busy, or greylisting\): temporary, try again later$/);
		expect(explainReply(fqdn, {verb: 'EHLO'})).toMatch(/^the EHLO name must be a full domain name \(mail\.example\.com\): give one with --helo/);
		// Not about the recipient, so not read as a sender refusal either.
		expect(explainReply(rejected, {verb: 'RCPT'})).not.toMatch(/refuses the sender/);
	});

	it('reads Postfix refusals of an address without a full domain (504 need fully-qualified address)', () => {
		const sender = reply(504, '<me@localhost2>: Sender address rejected: need fully-qualified address', '5.5.2');
		expect(explainReply(sender, {verb: 'MAIL'})).toBe(
			'the sender address needs a full domain (me@example.com, not me@localhost): give one with --from, or in the From field; 5.5.2 permanent failure, mail delivery protocol: syntax error',
		);
		expect(explainReply(sender, {verb: 'RCPT'})).toMatch(/^the sender address needs a full domain \(me@example\.com, not me@localhost\), though it comes at RCPT: give one with --from, or in the From field; /);
		const recipient = reply(504, '<qauser@localhost>: Recipient address rejected: need fully-qualified address', '5.5.2');
		expect(explainReply(recipient, {verb: 'RCPT'})).toMatch(/^the recipient address needs a full domain \(you@example\.com, not you@localhost\): give one in --to, --cc or --bcc, or in the To, Cc or Bcc field; 5\.5\.2 /);
		expect(explainReply(recipient, {verb: 'RCPT'})).not.toMatch(/--from/);
	});

	it('says what a 250 did, by the command it answers', () => {
		const ehlo = {...reply(250, 'mx.example.test Hello'), lines: ['mx.example.test Hello', 'PIPELINING', 'SIZE 10240000']};
		expect(explainReply(ehlo, {verb: 'EHLO'})).toBe('hello accepted; the lines after the first list what the server offers');
		expect(explainReply(reply(250, 'mx.example.test'), {verb: 'EHLO'})).toBe('hello accepted; the server lists no extensions');
		expect(explainReply(reply(250, 'mx.example.test'), {verb: 'HELO'})).toBe('hello accepted (HELO lists no extensions: EHLO does)');
		expect(explainReply(reply(250, 'Accepted', '2.1.0'), {verb: 'MAIL'})).toBe('sender accepted: a transaction is open; 2.1.0 success (address status)');
		expect(explainReply(reply(250, 'Accepted', '2.1.5'), {verb: 'RCPT'})).toBe('recipient accepted; 2.1.5 success, address: destination address valid');
		expect(explainReply(reply(250, 'Flushed', '2.0.0'), {verb: 'RSET'})).toBe('transaction reset: the envelope is cleared; 2.0.0 success');
		expect(explainReply(reply(250, 'OK', '2.0.0'), {verb: 'NOOP'})).toBe('OK: nothing done, the connection is alive; 2.0.0 success');
		// The final dot keeps its own words; VRFY and a sloppy 250 to QUIT keep the code's.
		expect(explainReply(reply(250, 'Ok: queued as 1', '2.6.0'), {verb: '.'})).toBe('accepted: the server took responsibility for the message; 2.6.0 success (message content or media status)');
		expect(explainReply(reply(250, '<a@example.test>'), {verb: 'VRFY'})).toBe('OK: the requested action was completed');
		expect(explainReply(reply(250, 'OK'), {verb: 'RCPT', unsolicited: true})).toBe('OK: the requested action was completed');
	});

	it('names what must come first for a 503, by the command it answers', () => {
		expect(explainReply(reply(503, 'Error: need MAIL command', '5.5.1'), {verb: 'RCPT'})).toBe('bad sequence of commands: MAIL FROM must come first; 5.5.1 permanent failure, mail delivery protocol: invalid command');
		expect(explainReply(reply(503, 'Error: need RCPT command', '5.5.1'), {verb: 'DATA'})).toBe(
			'bad sequence of commands: RCPT TO (an accepted recipient) must come first; 5.5.1 permanent failure, mail delivery protocol: invalid command',
		);
		// Text that names nothing: the command's own guess.
		expect(explainReply(reply(503, 'bad sequence'), {verb: 'MAIL'})).toBe('bad sequence of commands: EHLO/HELO must come first, or a transaction is already open (RSET)');
		// A command with nothing fixed before it keeps the code's words; AUTH's 503 says which of its two it is.
		expect(explainReply(reply(503, 'bad sequence'), {verb: 'NOOP'})).toBe('bad sequence of commands: something else must come first');
		expect(explainReply(reply(503, 'Already authenticated'), {verb: 'AUTH'})).toBe('bad sequence of commands: already logged in (one AUTH per session)');
	});

	it("reads a 503 by the server's words first: RCPT or DATA before EHLO is told EHLO comes first, not MAIL or RCPT", () => {
		const helo = reply(503, 'Error: send HELO/EHLO first', '5.5.1');
		for (const verb of ['RCPT', 'DATA', 'MAIL', 'RAW']) expect(explainReply(helo, {verb}), verb).toMatch(/^bad sequence of commands: EHLO\/HELO must come first;/);
		// The text over the session's state: a DATA whose server says MAIL is missing is told so, not "RCPT TO first".
		expect(explainReply(reply(503, 'Error: need MAIL command', '5.5.1'), {verb: 'DATA'})).toMatch(/^bad sequence of commands: MAIL FROM must come first;/);
		expect(explainReply(reply(503, 'Error: nested MAIL command', '5.5.1'), {verb: 'MAIL'})).toMatch(/^bad sequence of commands: a transaction is already open \(finish it, or RSET\);/);
		// Sendmail's and Exim's words: the earlier of two named commands; "sender" is MAIL's.
		expect(explainReply(reply(503, 'Need MAIL before RCPT', '5.0.0'), {verb: 'RCPT'})).toMatch(/^bad sequence of commands: MAIL FROM must come first;/);
		expect(explainReply(reply(503, 'Sender already specified', '5.5.0'), {verb: 'MAIL'})).toMatch(/^bad sequence of commands: a transaction is already open/);
		expect(explainReply(reply(503, 'sender not yet given'), {verb: 'RCPT'})).toBe('bad sequence of commands: MAIL FROM must come first');
		// OpenSMTPD, to EHLO after HELO: no greeting is missing, a second one is refused.
		expect(explainReply(reply(503, 'Invalid command: Already identified', '5.5.1'), {verb: 'EHLO'})).toBe(
			'bad sequence of commands: EHLO/HELO was given already, and this server takes no second one: go on with MAIL FROM, or connect again to greet anew; 5.5.1 permanent failure, mail delivery protocol: invalid command',
		);
		expect(explainReply(reply(503, 'valid RCPT command must precede DATA'), {verb: 'DATA'})).toBe('bad sequence of commands: RCPT TO (an accepted recipient) must come first');
		// Exim's DATA after refused recipients: their reasons above, the cause on the last line.
		const exim = {...reply(503, 'All RCPT commands were rejected with this error:'), lines: ['All RCPT commands were rejected with this error:', '550 Sender verify failed', 'Valid RCPT command must precede DATA']};
		expect(explainReply(exim, {verb: 'DATA'})).toBe('bad sequence of commands: RCPT TO (an accepted recipient) must come first');
		// XCLIENT keeps its own reading.
		expect(explainReply(reply(503, 'Error: MAIL transaction in progress', '5.5.1'), {verb: 'XCLIENT'})).toMatch(/^XCLIENT refused: not inside a mail transaction/);
	});

	it("reads the sandbox's 503 to a second AUTH as already logged in", () => {
		expect(explainReply(reply(503, 'Error: No identity changes permitted', '5.5.1'), {verb: 'AUTH'})).toMatch(/^bad sequence of commands: already logged in \(one AUTH per session\);/);
	});

	it('the sandbox greylisting reply is one short reading, not three glued together', () => {
		const text = explainReply(reply(450, '<grey@example.test>: greylisted, try again in 5 s', '4.7.1'), {verb: 'RCPT'});
		expect(text).toMatch(/^greylisting: .*after 5 s gets through/);
		expect(text).not.toMatch(/refused|mailbox unavailable|4\.7\.1/);
		expect(text.length).toBeLessThan(200);
	});

	it('decodes the 334 prompt', () => {
		expect(explainReply(reply(334, 'VXNlcm5hbWU6'), {verb: 'AUTH'})).toBe(
			'authentication challenge: the server waits for the next AUTH line: "Username:"',
		);
		expect(explainReply(reply(334, ''), {verb: 'AUTH'})).toMatch(/\(empty prompt\)$/);
	});

	it('explains authentication outcomes', () => {
		expect(explainReply(reply(235, 'ok', '2.7.0'), {verb: 'AUTH-RESPONSE'})).toMatch(/^authenticated/);
		expect(explainReply(reply(535, 'no', '5.7.8'), {verb: 'AUTH'})).toMatch(/wrong user name.*5\.7\.8.*credentials invalid/);
		expect(explainReply(reply(501, 'cancelled'), {verb: 'AUTH-RESPONSE'})).toMatch(/cancelled/);
		// PLAIN's response, worked out by hand, is malformed more often than cancelled: its form is said.
		expect(explainReply(reply(501, 'Error: invalid userdata', '5.5.4'), {verb: 'AUTH', mechanism: 'plain'})).toMatch(/^authentication cancelled or malformed: PLAIN's is the base64 of NUL, user name, NUL, password; 5\.5\.4/);
		expect(explainReply(reply(221, 'bye'), {verb: 'QUIT'})).toMatch(/closing/);
	});

	it('reads a refusal of the client\'s IP address by its words, at any command, not as the recipient\'s or the sender\'s', () => {
		const ptr = "this refuses your IP address (its reverse DNS name, the PTR record, is missing or does not match), not the recipient: have the PTR record set, or send through your provider's submission server (587 or 465); retrying will not help until then";
		// Postfix's reject_unknown_reverse_client_hostname: a 450, which alone reads as greylisting's "try again later".
		expect(explainReply(real('450 4.7.1 Client host rejected: cannot find your reverse hostname, [203.0.113.5]'), {verb: 'RCPT'})).toBe(ptr);
		expect(explainReply(real('550 5.7.1 Client host rejected: cannot find your hostname, [203.0.113.5]'), {verb: 'RCPT'})).toBe(ptr);
		// Gmail's, after the message: nothing to tell apart from.
		const gmail = real(
			'550-5.7.25 [203.0.113.5] The IP address sending this message does not have a',
			'550-5.7.25 PTR record setup, or the corresponding forward DNS entry does not',
			'550 5.7.25 point to the sending IP. 5b1f17b1804b1-42f5a1b2c3dsi1234567f9.123 - gsmtp',
		);
		expect(explainReply(gmail, {verb: '.'})).toMatch(/^this refuses your IP address \(its reverse DNS name, the PTR record, is missing or does not match\): have the PTR record set/);
		const listed = (whom: string, where: string) =>
			`this refuses your IP address (it is on a block list, as home and cloud addresses often are)${whom}: send through your provider's submission server (587 or 465), or ask for delisting${where}`;
		const rbl = real('554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/203.0.113.5');
		expect(explainReply(rbl, {verb: 'RCPT'})).toBe(listed(', not the recipient', ' at the address in the reply'));
		expect(explainReply(rbl, {verb: 'MAIL'})).toBe(listed(', not the sender', ' at the address in the reply'));
		expect(explainReply(real('550 5.7.606 Access denied, banned sending IP [203.0.113.5]. To request removal from this list please visit https://sender.office.com/'), {verb: 'RCPT'})).toBe(
			listed(', not the recipient', ' at the address in the reply'),
		);
		// Exim's default words for a DNS block list, and a greeting that names one (no recipient or sender yet).
		expect(explainReply(real('550 Rejected because 203.0.113.5 is in a black list at zen.spamhaus.org'), {verb: 'RCPT'})).toBe(listed(', not the recipient', ''));
		expect(explainReply(real('554 p3plsmtpa07-04.prod.phx3.secureserver.net bizsmtp IB103. Connection refused. 203.0.113.5 is listed on the Exploit Block List (XBL) https://www.spamhaus.org/query/ip/203.0.113.5'))).toBe(
			listed('', ' at the address in the reply'),
		);
		const client = (whom: string) => `this refuses your IP address or host, not the ${whom}: send through your provider's submission server (587 or 465), or ask the server's administrator to accept it`;
		expect(explainReply(real('554 5.7.1 <unknown[203.0.113.5]>: Client host rejected: Access denied'), {verb: 'RCPT'})).toBe(client('recipient'));
		// Microsoft 365 at MAIL: the address is fine, the IP is not.
		expect(explainReply(real('550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(2400)'), {verb: 'MAIL'})).toBe(client('sender'));
		// A block list that Postfix checked the sender's domain against refuses the sender, not the IP; a listed URL is content.
		expect(explainReply(real('554 5.7.1 <me@spam.example>: Sender address rejected: blocked using dbl.spamhaus.org'), {verb: 'RCPT'})).toMatch(/^this refuses the sender, though it comes at RCPT/);
		expect(explainReply(real('550 5.7.1 Message contains a blacklisted URL'), {verb: '.'})).not.toMatch(/IP address/);
		// Postfix's default words for its sender, recipient and HELO block-list checks (reject_rhsbl_*): not the IP.
		const dbl = 'blocked using dbl.spamhaus.org; https://www.spamhaus.org/query/domain/bad.example';
		expect(explainReply(real(`554 5.7.1 Service unavailable; Sender address [me@bad.example] ${dbl}`), {verb: 'RCPT'})).toMatch(/^this refuses the sender, though it comes at RCPT/);
		expect(explainReply(real(`554 5.7.1 Service unavailable; Recipient address [you@bad.example] ${dbl}`), {verb: 'RCPT'})).not.toMatch(/IP address/);
		expect(explainReply(real(`554 5.7.1 Service unavailable; Helo command [bad.example] ${dbl}`), {verb: 'RCPT'})).not.toMatch(/IP address/);
		// An IP address inside a URL of the content is not the client's.
		expect(explainReply(real('550 5.7.1 Message content rejected: contains a blacklisted URL (http://198.51.100.7/x)'), {verb: '.'})).not.toMatch(/IP address/);
		expect(explainReply(real('550 5.1.1 User not listed in public Name & Address Book'), {verb: 'RCPT'})).not.toMatch(/IP address/);
	});

	it('reads Exim\'s sender verification at RCPT as a refusal of the sender', () => {
		const exim = real('550-Verification failed for <me@nonexistent.example>', '550-Unrouteable address', '550 Sender verify failed');
		expect(explainReply(exim, {verb: 'RCPT'})).toBe('this refuses the sender, though it comes at RCPT (many servers check the sender only then); mailbox unavailable, or refused by policy');
		expect(explainReply(real('451 Could not complete sender verify'), {verb: 'RCPT'})).toMatch(/^this refuses the sender, though it comes at RCPT .*; local error in processing/);
		// Exim's callout to the recipient's server refuses the recipient.
		expect(explainReply(real('550-Callout verification failed:', '550 550 5.1.1 <user@example.net>: Recipient address rejected: User unknown'), {verb: 'RCPT'})).not.toMatch(/sender/);
	});

	it('reads Microsoft 365\'s and Gmail\'s login refusals by their words, not by the detail number', () => {
		expect(explainReply(real('535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.'), {verb: 'AUTH-RESPONSE'})).toBe(
			'SMTP AUTH (logging in to send) is turned off for this mailbox or the whole tenant, whatever the password: an administrator must turn on authenticated SMTP for it',
		);
		expect(explainReply(real("535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy. Contact your administrator."), {verb: 'AUTH-RESPONSE'})).toBe(
			"the organization's security defaults block logins with a password here: an administrator must allow SMTP AUTH for this account, or log in with OAuth (XOAUTH2)",
		);
		// The same 5.7.139 for a wrong password is one.
		expect(explainReply(real('535 5.7.139 Authentication unsuccessful, the user credentials were incorrect. [SN4PR0501CA0123.namprd05.prod.outlook.com]'), {verb: 'AUTH-RESPONSE'})).toMatch(/^authentication failed: wrong user name or password; /);
		// The bare words, where the registry's 5.7.3 ("security conversion required") would mislead.
		expect(explainReply(real('535 5.7.3 Authentication unsuccessful [SN4PR0501CA0123.namprd05.prod.outlook.com 2024-12-02T10:00:00.000Z 08DD1234ABCD5678]'), {verb: 'AUTH-RESPONSE'})).toBe(
			'authentication failed, the server does not say why: a wrong user name or password, or logins turned off for this account (SMTP AUTH, 2-step verification)',
		);
		const appPassword = real(
			'534-5.7.9 Application-specific password required. For more information, go to',
			'534 5.7.9  https://support.google.com/mail/?p=InvalidSecondFactor a640c23a62f3a-a9a0f1e2b3csm123456766b.12 - gsmtp',
		);
		expect(explainReply(appPassword, {verb: 'AUTH-RESPONSE'})).toBe(
			"the account uses 2-step verification, so its normal password is refused here: log in with an app password (made in the account's security settings), or with OAuth (XOAUTH2)",
		);
	});

	it('reads a refused OAuth token as such, by the mechanism of the exchange: no wrong password', () => {
		const gmail = real(
			'535-5.7.8 Username and Password not accepted. For more information, go to',
			'535 5.7.8  https://support.google.com/mail/?p=BadCredentials a640c23a62f3a-a9a0f1e2b3csm123456766b.12 - gsmtp',
		);
		const token = 'the OAuth token was refused: it is invalid or expired, or lacks the mail scope (https://mail.google.com/ for Gmail, SMTP.Send for Microsoft 365); get a new token';
		expect(explainReply(gmail, {verb: 'AUTH-RESPONSE', mechanism: 'XOAUTH2'})).toBe(token);
		expect(explainReply(gmail, {verb: 'AUTH', mechanism: 'oauthbearer'})).toBe(token);
		expect(explainReply(gmail, {verb: 'AUTH-RESPONSE', mechanism: 'PLAIN'})).toMatch(/^authentication failed: wrong user name or password/);
		// Gmail's error comes first as a 334 with base64 JSON: no prompt to answer.
		const challenge = real('334 eyJzdGF0dXMiOiI0MDAiLCJzY2hlbWVzIjoiQmVhcmVyIiwic2NvcGUiOiJodHRwczovL21haWwuZ29vZ2xlLmNvbS8ifQ==');
		expect(explainReply(challenge, {verb: 'AUTH', mechanism: 'XOAUTH2'})).toBe(
			'the token was refused (status 400: Gmail says so for a token that is expired, revoked or lacks the scope; the scope it needs: https://mail.google.com/): {"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}; an empty line answers this, then the server sends its final error',
		);
	});

	it('reads qmail\'s trailing enhanced code and its relay refusal', () => {
		const relay = real("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
		expect(explainReply(relay, {verb: 'RCPT'})).toBe('relaying is not allowed for you: log in, or send only to domains this server receives mail for (a retry changes nothing)');
		expect(relay.lines).toEqual(["sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"]);
		// Said to log in only where the EHLO reply offered a login: outside TLS, or at all.
		expect(explainReply(relay, {verb: 'RCPT', authOffered: true})).toMatch(/^relaying is not allowed for you: log in,/);
		expect(explainReply(relay, {verb: 'RCPT', authOffered: false, starttlsOffered: true})).toMatch(/^relaying is not allowed for you, and the server offers no login outside TLS: STARTTLS first/);
		expect(explainReply(relay, {verb: 'RCPT', authOffered: false, starttlsOffered: true, secure: true})).toMatch(/^relaying is not allowed for you, and the server offers no login: use a server that relays for you,/);
		expect(explainReply(real('552 sorry, that message size exceeds my databytes limit (#5.3.4)'), {verb: '.'})).toBe(
			'refused: the message is too big for this server (send it smaller); 5.3.4 permanent failure, mail system: message too big for the system',
		);
		expect(explainReply(real('451 qq temporary problem (#4.3.0)'), {verb: '.'})).toMatch(/; 4\.3\.0 temporary failure, mail system: other or undefined mail system status$/);
		// qmail's sender check, by its trailing 5.1.8.
		expect(explainReply(real('553 sorry, your envelope sender domain must exist (#5.1.8)'), {verb: 'RCPT'})).toMatch(/^this refuses the sender, though it comes at RCPT/);
		// Only in the reply's class, and only where no leading code is given.
		expect(explainReply(real('550 bad (#4.1.1)'), {verb: 'RCPT'})).toBe('mailbox unavailable, or refused by policy');
		expect(explainReply(real('550 5.1.1 no such user (#5.7.1)'), {verb: 'RCPT'})).toMatch(/; 5\.1\.1 /);
	});

	it('reads Microsoft 365\'s recipient and Send As refusals by their words, not by their detail numbers', () => {
		// Directory-based edge blocking: 5.4.1 is "no answer from host" in the registry.
		expect(explainReply(real('550 5.4.1 Recipient address rejected: Access denied. For more information see https://aka.ms/EXOSmtpErrors [AM2PEPF0001C714.eurprd05.prod.outlook.com]'), {verb: 'RCPT'})).toBe(
			'the recipient address is refused: it does not exist there (Microsoft 365 says so for an unknown address), or a rule refuses it; check the address',
		);
		expect(explainReply(real('554 5.2.252 SendAsDenied; me@contoso.com not allowed to send as ceo@contoso.com; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied'), {verb: '.'})).toBe(
			'the logged-in user may not send as this From address: send from your own address (--from, the From field), or have an administrator give you Send As rights for it',
		);
	});
});

describe('explainExtension', () => {
	it('has its own words, none alike, for every extension the connection panel lists', () => {
		const keywords = ['SIZE', 'PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'AUTH', 'ENHANCEDSTATUSCODES', 'CHUNKING', 'BINARYMIME', 'DSN', 'HELP', 'VRFY', 'EXPN', 'ETRN', 'DELIVERBY', 'REQUIRETLS', 'MT-PRIORITY', 'FUTURERELEASE', 'LIMITS', 'XCLIENT', 'XFORWARD', 'PIPECONNECT', 'X_PIPE_CONNECT', 'PRDR'];
		const words = keywords.map(keyword => explainExtension(keyword));
		for (const [index, text] of words.entries()) expect(text, keywords[index]).toMatch(/^\S.{10,}/);
		expect(new Set([...words, explainExtension('X-UNKNOWN')]).size).toBe(keywords.length + 1);
	});

	it.each(['SIZE', 'PIPELINING', '8BITMIME', 'SMTPUTF8', 'STARTTLS', 'AUTH', 'ENHANCEDSTATUSCODES', 'CHUNKING', 'DSN', 'HELP'])(
		'%s has its own words',
		(keyword) => {
			expect(explainExtension(keyword)).not.toBe(explainExtension('X-UNKNOWN'));
			expect(explainExtension(keyword.toLowerCase())).toBe(explainExtension(keyword));
		},
	);

	// The EHLO and LHLO replies recorded live from Postfix 3.7, Exim 4.96, OpenSMTPD 6.8 and Dovecot 2.3's LMTP: the
	// connection panel and the log give each keyword a line of its own, none "an extension smtp-tui does not use".
	it('reads every keyword the real servers of the interop corpus offered', () => {
		const keywords = ['postfix.txt', 'exim.txt', 'opensmtpd.txt', 'dovecot-lmtp.txt'].flatMap(file =>
			[...loadFixture(file)].filter(([session]) => session.endsWith('recorded live')).flatMap(([, steps]) => helloKeywords(steps)),
		);
		expect(keywords).toEqual(expect.arrayContaining(['PIPECONNECT', 'PRDR', 'CHUNKING', 'SMTPUTF8']));
		expect(keywords.filter(keyword => explainExtension(keyword) === explainExtension('X-UNKNOWN'))).toEqual([]);
	});

	it('uses the parameters when they say more', () => {
		expect(explainExtension('SIZE', ['10240000'])).toBe('accepts messages up to 10240000 octets (9.8 MiB)');
		expect(explainExtension('SIZE', ['52428800'])).toBe('accepts messages up to 52428800 octets (50 MiB)');
		expect(explainExtension('SIZE', ['0'])).toMatch(/no fixed limit/);
		// RFC 1870's size-param is digits alone: "-1" (seen in the wild) or "1e3" is no limit, and not "no fixed limit announced".
		for (const invalid of ['-1', '1e3', '10M']) expect(explainExtension('SIZE', [invalid])).toBe('SIZE with no valid limit (RFC 1870: digits only): none is judged; MAIL FROM still gives SIZE=');
		// A small limit in KiB, not "(0.0 MiB)"; under 1 KiB the octets say it all.
		expect(explainExtension('SIZE', ['20480'])).toBe('accepts messages up to 20480 octets (20 KiB)');
		expect(explainExtension('SIZE', ['1536'])).toBe('accepts messages up to 1536 octets (1.5 KiB)');
		expect(explainExtension('SIZE', ['1048576'])).toBe('accepts messages up to 1048576 octets (1.0 MiB)');
		expect(explainExtension('SIZE', ['500'])).toBe('accepts messages up to 500 octets');
		expect(explainExtension('AUTH', ['PLAIN', 'LOGIN'])).toBe('accepts logins (SMTP AUTH) with PLAIN, LOGIN');
		expect(explainExtension('X-UNKNOWN', ['a'])).toBe('an extension smtp-tui does not use');
		// The pre-RFC 4954 spelling is the same list, not an unknown extension.
		expect(explainExtension('AUTH=LOGIN', ['PLAIN'])).toBe('the AUTH list in its pre-RFC 4954 spelling, for old clients: logins with LOGIN, PLAIN');
	});
});

describe('readings at the edges, from mutation testing', () => {
	it('names one code alone, and lists more with "or" (the out-of-step message says "not 250")', () => {
		expect(alternatives([250])).toBe('250');
		expect(alternatives([250, 251, 252])).toBe('250, 251 or 252');
	});

	it('waiting helps every 4xx from 400 to 499, no 5xx, and no 421 refusing the client certificate', () => {
		expect(waitingHelps(real('400 try later'))).toBe(true);
		expect(waitingHelps(real('499 try later'))).toBe(true);
		expect(waitingHelps(real('500 5.5.1 no'))).toBe(false);
		expect(waitingHelps(real('399 hmm'))).toBe(false);
		expect(waitingHelps(real('421 4.7.1 Client certificate required'))).toBe(false);
	});

	it('a refusal for size is a permanent one, said by X.3.4 alone or by its words over more than one line', () => {
		expect(refusedTooBig(real('554 5.3.4 Rejected'))).toBe(true);
		expect(refusedTooBig(real('552-5.2.2 the message exceeds your', '552 5.2.2 size limit'))).toBe(true);
		// A temporary refusal: waiting may make room, the message need not shrink.
		expect(refusedTooBig(real('452 4.3.1 Insufficient storage for this message size'))).toBe(false);
	});

	it('reads a greeting by its code: 220 ready, 5xx (500 too) no service, 4xx (400 too) no service for now, a 503 no sequence', () => {
		expect(explainReply(real('220 mx.test ESMTP ready'))).toBe('greeting: the server is ready');
		expect(explainReply(real('500 5.5.0 go away'))).toMatch(/^no service: the server refuses this session/);
		expect(explainReply(real('400 try later'))).toMatch(/^no service for now: /);
		expect(explainReply(real('503 5.5.1 bad sequence'))).toMatch(/^no service: the server refuses this session/);
		// 221 answers QUIT: as the first reply it is no greeting, not a goodbye to a line never sent.
		expect(explainReply(real('221 2.0.0 Bye'))).toMatch(/^no greeting: a server greets with 220/);
		expect(explainReply(real('221 2.0.0 Bye'), {verb: '.'})).toMatch(/in answer to the message, and closes/);
		expect(explainReply(real('221 2.0.0 Bye'), {verb: 'RCPT'})).toMatch(/in answer to the line before, and closes/);
	});

	it('reads a 4xx or 5xx RFC 5321 does not list by the command it answers, from 400 to 599, and only for MAIL, RCPT, DATA and the message', () => {
		expect(explainReply(real('400 no'), {verb: 'RCPT'})).toBe('not accepted for now: the recipient (temporary, try again later)');
		expect(explainReply(real('599 no'), {verb: 'RCPT'})).toBe('refused: the recipient (permanent: retrying unchanged will fail again)');
		expect(explainReply(reply(600, 'no'), {verb: 'RCPT'})).toBe('not a valid SMTP reply code (600)');
		expect(explainReply(real('299 hmm'), {verb: 'RCPT'})).toMatch(/^out of step: RCPT is answered 250, 251, 252 or an error, never 299/);
		expect(explainReply(real('524 5.2.4 no'), {verb: 'EHLO'})).toMatch(/^permanent failure: refused, retrying unchanged will fail again; 5\.2\.4/);
		expect(explainReply(real('400 no'), {verb: 'EHLO'})).toMatch(/^temporary failure: not done/);
	});

	it('a 554 to MAIL is a policy refusal, with no recipients to blame yet', () => {
		expect(explainReply(real('554 5.7.1 no'), {verb: 'MAIL'})).toMatch(/^refused: transaction failed \(by policy\); 5\.7\.1/);
	});

	it.each(['ETRN', 'NOOP', 'RSET', 'STARTTLS', 'AUTH', 'HELP', 'EXPN', 'VRFY'])('a 502 to %s says the server leaves the command out, not that it is wrong', verb => {
		expect(explainReply(real('502 5.5.1 Error: command not implemented'), {verb})).toMatch(new RegExp(`^the server does not implement ${verb}, or has it turned off`));
	});

	it('a 504 "Unrecognized authentication type" refuses the mechanism, not AUTH itself', () => {
		expect(explainReply(real('504 5.5.4 Unrecognized authentication type'), {verb: 'AUTH'})).toMatch(/^the server does not take this login mechanism \(an unrecognized authentication type\): use one its EHLO reply lists after AUTH; 5\.5\.4/);
		// Elsewhere a 504 keeps the code's reading.
		expect(explainReply(real('504 5.5.2 <vm>: Helo command rejected: need fully-qualified hostname'), {verb: 'MAIL'})).not.toMatch(/login mechanism/);
	});

	it('EHLO: a 500 says fall back to HELO; a 501 (a bad name) does not', () => {
		expect(explainReply(real('500 5.5.2 Error: command not recognized'), {verb: 'EHLO'})).toMatch(/^the server does not understand EHLO: fall back to HELO/);
		expect(explainReply(real('501 5.5.4 Syntax: EHLO hostname'), {verb: 'EHLO'})).toMatch(/^syntax error in the parameters or arguments/);
	});

	it("AUTH: a 503 to the response is no AUTH out of sequence; a 501 gives PLAIN's form only for PLAIN", () => {
		expect(explainReply(real('503 5.5.1 Error: bad sequence'), {verb: 'AUTH-RESPONSE'})).toMatch(/^bad sequence of commands: something else must come first/);
		expect(explainReply(real('501 5.5.2 cannot decode response'), {verb: 'AUTH', mechanism: 'LOGIN'})).toMatch(/^authentication cancelled or malformed; /);
		expect(explainReply(real('501 5.5.2 cannot decode response'), {verb: 'AUTH', mechanism: 'PLAIN'})).toMatch(/^authentication cancelled or malformed: PLAIN's is the base64/);
	});

	it('DATA and the message: "refused" for a 5xx (500 too), "not accepted for now" for a 4xx, "out of storage" only for a 452 after the message', () => {
		expect(explainReply(real('500 5.5.1 what'), {verb: 'DATA'})).toMatch(/^refused: syntax error/);
		expect(explainReply(real('552 5.3.4 Message size exceeds fixed limit'), {verb: 'DATA'})).toMatch(/^refused: message too big/);
		expect(explainReply(real('452 4.3.1 Insufficient system storage'), {verb: 'DATA'})).toMatch(/^not accepted for now: out of storage, or too many recipients/);
		expect(explainReply(real('451 4.3.0 Temporary lookup failure'), {verb: '.'})).toMatch(/^not accepted for now: local error in processing/);
		expect(explainReply(real('250 2.0.0 ok'), {verb: 'BDAT'})).toMatch(/^chunk accepted: the server holds its octets/);
	});

	it('MAIL: only a 452 is the server out of storage', () => {
		expect(explainReply(real('451 4.3.0 Temporary lookup failure'), {verb: 'MAIL'})).toMatch(/^local error in processing/);
	});

	it('XCLIENT: refused for this client, for an attribute, inside a transaction; a 502 is the code\'s', () => {
		expect(explainReply(real('550 5.7.0 Error: insufficient authorization'), {verb: 'XCLIENT'})).toMatch(/^XCLIENT refused: this client is not allowed to use it/);
		expect(explainReply(real('501 5.5.4 Bad ADDR syntax'), {verb: 'XCLIENT'})).toMatch(/^XCLIENT refused: an attribute or value/);
		expect(explainReply(real('502 5.5.2 Error: command not recognized'), {verb: 'XCLIENT'})).toMatch(/^command not implemented/);
	});

	it('a 421 saying "timed out" to a command is an idle close; a 421 greeting is no idle close, whatever it says', () => {
		expect(explainReply(real('421 4.4.2 mx.test Error: Connection timed out'), {verb: 'DATA'})).toMatch(/^the server closed an idle session/);
		expect(idleClose(real('421 4.4.2 idle timeout'), {})).toBeUndefined();
	});

	it('a refusal that names too many errors is the error limit, typed or answering a command, never an idle close', () => {
		const limit = real('421 4.7.0 mx.test Error: too many errors');
		expect(explainReply(limit, {unsolicited: true, typed: true})).toBe(
			"the server ends the session after too many refused commands from this client (its error limit: Postfix's smtpd_hard_error_limit, Exim's smtp_max_synprot_errors or smtp_max_unknown_commands); fix what was refused above, then type EHLO to connect again",
		);
		expect(explainReply(real('421 mx.test too many syntax or protocol errors'), {verb: 'NOOP'})).toMatch(/^the server ends the session after too many refused commands .*smtp_max_unknown_commands\)$/);
		// Exim answers the command over smtp_max_unknown_commands so, and closes without a 421.
		expect(explainReply(real('500 Too many unrecognized commands'), {verb: 'QUX', typed: true})).toMatch(/^the server ends the session after too many refused commands/);
		expect(explainReply(real('421 4.7.0 mx.test too many connections from 192.0.2.1'), {unsolicited: true})).toMatch(/^the server closed the session on its own/);
		expect(idleClose(limit, {})).toBeUndefined();
		// A greeting that says so turns this client away before any command: no error of this session.
		expect(explainReply(real('421 too many errors from your network'))).not.toMatch(/refused commands/);
	});

	it('reads an OAuth error challenge laid out with blanks as the JSON it is', () => {
		const json = Buffer.from(' { "status" : "400", "schemes": "Bearer" }').toString('base64');
		expect(explainReply(real(`334 ${json}`), {verb: 'AUTH', mechanism: 'XOAUTH2'})).toMatch(/^the token was refused \(status 400: /);
	});

	it('AUTH with no mechanisms listed, a SIZE of exactly 1 KiB or 10 KiB, and AUTH= with an empty first word', () => {
		expect(explainExtension('AUTH')).toBe('accepts logins (SMTP AUTH) with these mechanisms');
		expect(explainExtension('SIZE', ['1024'])).toBe('accepts messages up to 1024 octets (1.0 KiB)');
		expect(explainExtension('SIZE', ['10240'])).toBe('accepts messages up to 10240 octets (10 KiB)');
		expect(explainExtension('AUTH=', ['PLAIN'])).toBe('the AUTH list in its pre-RFC 4954 spelling, for old clients: logins with PLAIN');
	});
});
