import {describe, expect, it} from 'vitest';
import {carriesCredentials, maskedFrom, parseCommandLine, typedVerb, typingHint} from '../../source/smtp/command-line.js';

describe('parseCommandLine', () => {
	it('reads the verb past leading blanks and in any case', () => {
		expect(parseCommandLine('  auth plain AGEAYg==')).toEqual({verb: 'AUTH', mechanism: 'plain', initialResponse: 'AGEAYg=='});
		expect(parseCommandLine('mail from:<a@b.test> SIZE=10')).toEqual({verb: 'MAIL', from: 'a@b.test', params: {SIZE: '10'}});
		expect(parseCommandLine('MAIL FROM <a@b.test>')).toEqual({verb: 'RAW', line: 'MAIL FROM <a@b.test>'});
		// Invisible blanks too: a zero-width space, a word joiner, a BOM.
		for (const blank of ['\u200B', '\u2060', '\uFEFF', ' \u200D ', '\u00AD']) expect(parseCommandLine(`${blank}AUTH PLAIN AGEAYg==`)).toMatchObject({verb: 'AUTH', initialResponse: 'AGEAYg=='});
		// Or inside the verb: format characters are invisible, so they are not part of what is read.
		expect(parseCommandLine('AU\u200BTH\u2060 PLAIN AGEAYg==')).toMatchObject({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGEAYg=='});
	});

	it('reads LMTP\'s LHLO as the EHLO it stands for (its reply lists the extensions), the line going as typed', () => {
		expect(parseCommandLine('LHLO manual.test')).toEqual({verb: 'EHLO', domain: 'manual.test'});
		expect(parseCommandLine('lhlo manual.test')).toEqual({verb: 'EHLO', domain: 'manual.test'});
		expect(parseCommandLine('LHLO')).toEqual({verb: 'RAW', line: 'LHLO'});
		expect(typedVerb('LHLO manual.test')).toBe('LHLO');
		// In an LMTP session; in an SMTP one it is told as LMTP's (greeting-verb.test.ts).
		expect(typingHint('LHLO manual.test', true)).toBeUndefined();
	});

	it('keeps a MAIL or RCPT path as typed, format characters too: a warning quoting it must show an RLO', () => {
		expect(parseCommandLine('\u200BMAIL FROM:<a RED \u202ERLO@b.test> SMTPUTF8')).toEqual({verb: 'MAIL', from: 'a RED \u202ERLO@b.test', params: {SMTPUTF8: true}});
		expect(parseCommandLine('RC\u200BPT TO:<\u202Eb@c.test>')).toEqual({verb: 'RCPT', to: '\u202Eb@c.test'});
		// Outside the brackets they read as nothing, as in the verb: still MAIL, and no parameter named by one.
		expect(parseCommandLine('MAIL FROM:\u200B<a@b.test>')).toEqual({verb: 'MAIL', from: 'a@b.test'});
		expect(parseCommandLine('MAIL FROM:<a@b.test>\u200B SIZE=1\u200B')).toEqual({verb: 'MAIL', from: 'a@b.test', params: {SIZE: '1'}});
		// Inside FROM: the format character still hides nothing from the reader.
		expect(parseCommandLine('MAIL FR\u200BOM:<a@b.test>')).toEqual({verb: 'MAIL', from: 'a@b.test'});
	});

	it('reads an address typed without <>, as telnet tutorials type it, as the MAIL or RCPT it is; a half-typed path stays a raw line', () => {
		expect(parseCommandLine('MAIL FROM:a@example.test')).toEqual({verb: 'MAIL', from: 'a@example.test'});
		expect(parseCommandLine('rcpt to:friend@example.test NOTIFY=NEVER')).toEqual({verb: 'RCPT', to: 'friend@example.test', params: {NOTIFY: 'NEVER'}});
		expect(parseCommandLine('MAIL FROM: a@example.test')).toEqual({verb: 'MAIL', from: 'a@example.test'});
		expect(parseCommandLine('MAIL FROM:SRS0=HHH=TT=example.org=alice@forward.example')).toEqual({verb: 'MAIL', from: 'SRS0=HHH=TT=example.org=alice@forward.example'});
		// A parameter where the address was left out, or a second path after it: no address to follow.
		for (const line of ['MAIL FROM:', 'MAIL FROM: ', 'RCPT TO:<friend@example.test', 'RCPT TO:friend@example.test>', 'MAIL FROM:"a b"@example.test', 'MAIL FROM: BODY=8BITMIME', 'RCPT TO:NOTIFY=NEVER', 'RCPT TO:a@b.example <c@d.example>']) {
			expect(parseCommandLine(line)).toEqual({verb: 'RAW', line});
		}
	});
});

describe('parseCommandLine with more than one blank, and words that only contain a keyword', () => {
	it('reads the argument past every blank after the verb, and the parameters between any blanks', () => {
		expect(parseCommandLine('EHLO  client.test')).toEqual({verb: 'EHLO', domain: 'client.test'});
		expect(parseCommandLine('AUTH PLAIN  AGEAYg==')).toEqual({verb: 'AUTH', mechanism: 'PLAIN', initialResponse: 'AGEAYg=='});
		expect(parseCommandLine('MAIL FROM:<a@b.test>  SIZE=10 \t BODY=8BITMIME ')).toEqual({verb: 'MAIL', from: 'a@b.test', params: {SIZE: '10', BODY: '8BITMIME'}});
		// The path as typed, past two blanks too: the format character the address holds is kept.
		expect(parseCommandLine('MAIL  FROM:<a\u202Eb@c.test>')).toEqual({verb: 'MAIL', from: 'a\u202Eb@c.test'});
	});

	it('reads an AUTH without a mechanism, and MAIL or RCPT whose keyword is only part of a word, as no command', () => {
		for (const line of ['AUTH ', 'MAIL XFROM:<a@b.test>', 'RCPT XTO:<a@b.test>']) expect(parseCommandLine(line)).toEqual({verb: 'RAW', line});
	});

	it('counts as credentials an AUTH line with its initial response, not a line that only mentions one', () => {
		expect(carriesCredentials('AUTH PLAIN AGEAYg==', false)).toBe(true);
		expect(carriesCredentials('NOOP AUTH PLAIN AGEAYg==', false)).toBe(false);
		expect(carriesCredentials('AUTH PLAIN', false)).toBe(false);
	});
});

describe('maskedFrom: where a typed line is masked, as it is edited', () => {
	it('a secret once masked stays so when the line stops being an AUTH line; a line replaced whole starts afresh', () => {
		const line = 'AUTH PLAIN AGRlbW8=';
		expect(maskedFrom('', undefined, line)).toBe(11);
		// AUTH deleted in front: the start moves with it, though the line is no AUTH line now.
		expect(maskedFrom(line, 11, 'UTH PLAIN AGRlbW8=')).toBe(10);
		expect(maskedFrom(line, 11, 'PLAIN AGRlbW8=')).toBe(6);
		// An edit after the start leaves it; one across it brings it to the edit's start.
		expect(maskedFrom(line, 11, 'AUTH PLAIN AGRlbW8')).toBe(11);
		expect(maskedFrom(line, 11, 'AUTH PLAGRlbW8=')).toBe(8);
		// Nothing masked yet ("AUTH PLAIN "): the line as it is now says; a line replaced whole (history) too.
		expect(maskedFrom('AUTH PLAIN ', 11, 'AUTH PLAI')).toBeUndefined();
		expect(maskedFrom(line, 11, 'EHLO me')).toBeUndefined();
		expect(maskedFrom(line, 11, '')).toBeUndefined();
	});
});

describe('typedVerb', () => {
	it('names the verb a line starts with, past blanks and invisible characters; none for other words', () => {
		expect(['mail from:<a@b>', ' \u200BAUTH PLAIN x', 'QUIT', 'AU\u00ADTH LOGIN'].map(typedVerb)).toEqual(['MAIL', 'AUTH', 'QUIT', 'AUTH']);
		expect(['ZGVtbw==', 'AUTHX', '', 'EHOL me'].map(typedVerb)).toEqual([undefined, undefined, undefined, undefined]);
	});
});

describe('typingHint: what a person typing SMTP by hand gets told before the server answers', () => {
	it.each([
		['MAIL FROM <you@example.test>', 'try MAIL FROM:<you@example.test>: MAIL FROM is followed by a colon, then the address in <>'],
		// The tutorial's lines with their addresses lost: the address is missing, brackets would not mend that.
		['mail from:', "try MAIL FROM:<you@example.test>: the sender's address is missing"],
		['rcpt to:', "try RCPT TO:<friend@example.test>: the recipient's address is missing"],
		['RCPT TO:  ', "try RCPT TO:<friend@example.test>: the recipient's address is missing"],
		['MAIL FROM: BODY=8BITMIME', "try MAIL FROM:<you@example.test>: the sender's address is missing"],
		['RCPT TO:<>', "try RCPT TO:<friend@example.test>: the recipient's address is missing (<> is only MAIL FROM's null sender, for bounces)"],
		['MAIL FROM:SRS0=x=y@example.test', 'try MAIL FROM:<SRS0=x=y@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501'],
		['MAIL FROM:a', 'try MAIL FROM:<you@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501'],
		['RCPT TO:friend@example.test', 'try RCPT TO:<friend@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501'],
		['rcpt to', 'try RCPT TO:<friend@example.test>: RCPT TO is followed by a colon, then the address in <>'],
		['MAIL FROM: <you@example.test>', 'try MAIL FROM:<you@example.test>: RFC 5321 has no space after the colon; many servers take one, some answer 501'],
		['EHLO', 'EHLO needs a name for this machine, e.g. EHLO client.example.test'],
		['EHOL me', 'EHOL is not an SMTP command: did you mean EHLO?'],
		// The tutorial's "ehlo me": taken here, refused by a server set to want a full host name.
		['ehlo me', '"me" is not a full host name: a real server may refuse it; e.g. EHLO laptop.example.com (Postfix: reject_non_fqdn_helo_hostname; the sandbox takes any)'],
		['HELO localhost', '"localhost" is not a full host name: a real server may refuse it; e.g. HELO laptop.example.com (Postfix: reject_non_fqdn_helo_hostname; the sandbox takes any)'],
		['rcpt', 'try RCPT TO:<friend@example.test>: RCPT TO is followed by a colon, then the address in <>'],
		['QUTI', 'QUTI is not an SMTP command: did you mean QUIT?'],
		['DAAT', 'DAAT is not an SMTP command: did you mean DATA?'],
		// A letter too many or too few is a typo too, and so is a real word one letter off a verb.
		['EHLOO vm', 'EHLOO is not an SMTP command: did you mean EHLO?'],
		['HELOO vm', 'HELOO is not an SMTP command: did you mean HELO?'],
		['QUITT', 'QUITT is not an SMTP command: did you mean QUIT?'],
		['DAT', 'DAT is not an SMTP command: did you mean DATA?'],
		['HELLO there', 'HELLO is not an SMTP command: did you mean HELO?'],
		// Two slips in a long verb are still one; words further off get no guess.
		['STRATTSL', 'STRATTSL is not an SMTP command: did you mean STARTTLS?'],
		['LOGIN there', 'LOGIN is not an SMTP command (the server will likely answer 500)'],
		['TEST', 'TEST is not an SMTP command (the server will likely answer 500)'],
		// MAIL FROM: and RCPT TO: with a word misspelt: the slip is named, not the colon the line has.
		['MAIL FORM:<you@example.test>', 'FORM is FROM misspelt: MAIL FROM:<you@example.test>'],
		['RCPT OT:<friend@example.test>', 'OT is TO misspelt: RCPT TO:<friend@example.test>'],
		['RCPT T0:<friend@example.test>', 'T0 is TO misspelt: RCPT TO:<friend@example.test>'],
		['RCTP TO:<friend@example.test>', 'RCTP is RCPT misspelt: RCPT TO:<friend@example.test>'],
		['mial form <a@b>', 'MIAL FORM is MAIL FROM misspelt: MAIL FROM:<a@b>'],
		['.', '"." alone ends a message only after DATA\'s 354 reply; here it is no command (the server will likely answer 500)'],
		// A header typed as a command: where it goes instead (it was "SUBJECT: is not an SMTP command").
		['Subject: hi', '"Subject: hi" is a header: it goes inside the message, after DATA\'s 354 (as a command the server will likely answer 500)'],
		['From:me@example.test', '"From:me@example.test" is a header: it goes inside the message, after DATA\'s 354 (as a command the server will likely answer 500)'],
		['x-mailer: a long name for the program that wrote this message', '"x-mailer: a long name for the program t…" is a header: it goes inside the message, after DATA\'s 354 (as a command the server will likely answer 500)'],
		// The example is the typed line fixed, with the typed address.
		['RCPT TO: <x@y>', 'try RCPT TO:<x@y>: RFC 5321 has no space after the colon; many servers take one, some answer 501'],
		['mail from: <a@b>', 'try MAIL FROM:<a@b>: RFC 5321 has no space after the colon; many servers take one, some answer 501'],
		['RCPT TO:<broken', 'try RCPT TO:<broken>: the address needs its closing >'],
		['MAIL FROM <a@b>', 'try MAIL FROM:<a@b>: MAIL FROM is followed by a colon, then the address in <>'],
		['rcpt to bob@example.test', 'try RCPT TO:<bob@example.test>: RCPT TO is followed by a colon, then the address in <>'],
		['RCPT TO:bob@example.test', 'try RCPT TO:<bob@example.test>: the address goes in angle brackets (RFC 5321); many servers take it without them, some answer 501'],
		// An invisible character pasted in with an address: named, before anything about SMTPUTF8 it does not need.
		['RCPT TO:<b@exa\u200Bmple.test>', 'the line holds an invisible character, U+200B, which the server gets too (pasted in?): delete it'],
		['MAIL FROM:\u200B<you@example.test>', 'the line holds an invisible character, U+200B, which the server gets too (pasted in?): delete it'],
	])('%j', (line, hint) => {
		expect(typingHint(line)).toBe(hint);
	});

	it.each(['EHLO me.example', 'helo me.example', 'EHLO [127.0.0.1]', 'EHLO [IPv6:::1]', 'MAIL FROM:<>', 'mail from:<a@b.test> SIZE=100', 'RCPT TO:<b@c.test>', 'DATA', 'noop', 'QUIT', 'AUTH PLAIN', 'STARTTLS', 'VRFY postmaster'])('says nothing about %j', line => {
		expect(typingHint(line)).toBeUndefined();
	});
});
