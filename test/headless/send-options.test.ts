// The connection flags that send, the dashboard, check and profile save share: a host is checked as typed, so a
// typo is bad input (exit 1) and never a profile or a DNS failure.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {UsageError} from '../../source/headless/command.js';
import {loginFlags} from '../../source/headless/login-flags.js';
import {parseConnectionFlags} from '../../source/headless/connection-flags.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {parseTranscriptFormat} from '../../source/headless/transcript-format.js';
import {refusal} from '../helpers/usage-refusal.js';

const hostOf = (host: string) => parseConnectionFlags({host}, {}).host;

describe('--host', () => {
	it.each(['localhost', 'mail.example.com', 'mail.example.com.', '127.0.0.1', '::1', 'bücher.example', '_dmarc-like_name.example', 'a-b.c'])('takes %s', host => {
		expect(hostOf(host)).toBe(host);
	});

	it('takes an IPv6 address in brackets, without them', () => {
		expect(hostOf('[::1]')).toBe('::1');
	});

	it.each(['h_x!.example', 'h.example\\nfoo', 'bad host', 'a..b', '-start.example', 'end-.example', 'mail/example.com', 'user@example.com', '[mail.example.com]'])('refuses %s as not a host name or address', host => {
		expect(() => hostOf(host)).toThrow(UsageError);
		expect(() => hostOf(host)).toThrow(`--host "${host}" is not a host name or address`);
	});

	it('takes host:port as the host and the port, as swaks takes --server; with a different --port too, says so', () => {
		expect(parseConnectionFlags({host: 'mail.example.com:587'}, {})).toMatchObject({host: 'mail.example.com', port: 587});
		expect(parseConnectionFlags({host: '[::1]:2525'}, {})).toMatchObject({host: '::1', port: 2525});
		expect(() => parseConnectionFlags({host: 'mail.example.com:587', port: 25}, {})).toThrow('--host "mail.example.com:587" has a port in it, and --port 25 is given too');
	});

	it('refuses a URL (smtp://host) with the host alone, and what the scheme means', () => {
		const plain = refusal(() => hostOf('smtp://localhost'));
		expect(plain.message).toBe('--host "smtp://localhost" has a scheme (smtp://) in it');
		expect(plain.hint).toBe('give the host alone: --host localhost (smtp:// means port 25)');
		expect(refusal(() => hostOf('smtps://mail.example.com')).hint).toBe('give the host alone: --host mail.example.com --tls (smtps:// means TLS from the first byte, port 465)');
		expect(refusal(() => hostOf('smtp://me@[::1]:2525/')).hint).toBe('give the host alone: --host ::1 --port 2525');
	});
});

describe('--helo', () => {
	it('gives an internationalised name as punycode: EHLO takes an ASCII domain', () => {
		expect(parseConnectionFlags({helo: 'bücher.example'}, {}).ehloName).toBe('xn--bcher-kva.example');
		expect(parseConnectionFlags({helo: 'client.example.test'}, {}).ehloName).toBe('client.example.test');
		expect(() => parseConnectionFlags({helo: 'bü cher'}, {})).toThrow(/--helo: "bü cher" is not a domain name/);
	});
});

describe('--insecure', () => {
	it('is refused with no TLS at all: there is no certificate to skip', () => {
		expect(() => parseConnectionFlags({host: 'h', starttls: false, insecure: true}, {})).toThrow(/--insecure has nothing to do/);
		expect(parseConnectionFlags({host: 'h', insecure: true}, {}).insecure).toBe(true);
	});
});

const send = (flags: Record<string, unknown>, terminal?: boolean) =>
	parseSendFlags({host: '127.0.0.1', to: ['a@example.test'], ...flags}, {}, terminal === undefined ? {} : {terminal});

describe('--password ""', () => {
	it('without a terminal, says where a password can come from instead of a prompt that cannot be', () => {
		expect(refusal(() => send({user: 'demo', password: ''}, false)).hint).toBe('give the password, or leave --password out and set SMTP_PASSWORD (there is no prompt without a terminal)');
		// The message on standard input leaves no prompt either.
		expect(refusal(() => send({user: 'demo', password: '', body: '-'}, true)).hint).toMatch(/there is no prompt without a terminal/);
		expect(refusal(() => send({user: 'demo', password: ''}, true)).hint).toBe('give the password, or leave it out to be asked for it');
	});
});

describe('--quit-after auth without --user', () => {
	it('suggests a step that can happen: ehlo with --no-starttls (where tls is refused), else tls', () => {
		expect(refusal(() => send({quitAfter: 'auth', starttls: false})).hint).toBe('give --user (and a password), or stop after ehlo');
		expect(refusal(() => send({quitAfter: 'auth'})).hint).toBe('give --user (and a password), or stop after tls');
		// The suggestion itself is accepted.
		expect(send({quitAfter: 'ehlo', starttls: false}).quitAfter).toBe('ehlo');
	});

	it("with --no-auth (a profile's user dropped): --no-auth is why, not a missing --user", () => {
		const given = {profile: 'p', auth: false, quitAfter: 'auth'};
		const error = refusal(() => parseSendFlags(loginFlags(given, {...given, host: '127.0.0.1', from: 'a@example.test', user: 'demo', password: 'x'}), {}));
		expect(error.message).toBe('--quit-after auth with --no-auth: --no-auth leaves no AUTH step to stop after');
		expect(error.hint).toBe('drop --no-auth to log in, or stop after tls');
	});
});

describe('enum flags in any case', () => {
	it('takes --transcript-format JSON, Md, TEXT as --quit-after RCPT is taken', () => {
		expect(send({transcript: 't', transcriptFormat: 'JSON'}).transcriptFormat).toBe('json');
		expect(send({transcript: 't', transcriptFormat: 'Md'}).transcriptFormat).toBe('md');
		expect(parseTranscriptFormat('TEXT')).toBe('text');
		expect(() => parseTranscriptFormat('HTML')).toThrow('--transcript-format must be one of text, md, json, not "HTML"');
		expect(send({quitAfter: 'RCPT'}).quitAfter).toBe('rcpt');
		expect(send({user: 'demo', password: 'x', auth: 'plain'}).mechanism).toBe('PLAIN');
	});
});

describe('addresses', () => {
	it('quotes two addresses missing a comma as typed, not as the parser reorders them', () => {
		const error = refusal(() => send({to: ['b@x.test c@x.test']}));
		expect(error.message).toBe('To address "b@x.test c@x.test" looks like two addresses; separate addresses with commas');
		expect(error.hint).toBe('e.g. --to b@x.test,c@x.test');
		expect(refusal(() => send({cc: ['x@y.test  z@y.test']})).message).toBe('Cc address "x@y.test  z@y.test" looks like two addresses; separate addresses with commas');
		// A display name is no second address.
		expect(send({to: ['"b@x.test" <c@x.test>', 'Ann <ann@x.test>']}).to).toEqual(['"b@x.test" <c@x.test>', 'Ann <ann@x.test>']);
	});

	it('says "several" for more than two, and mends the whole value in the hint', () => {
		const error = refusal(() => send({to: ['Ann <ann@x.test>, b@x.test c@x.test d@x.test']}));
		expect(error.message).toBe('To address "b@x.test c@x.test d@x.test" looks like several addresses; separate addresses with commas');
		expect(error.hint).toBe("e.g. --to 'Ann <ann@x.test>,b@x.test,c@x.test,d@x.test'");
	});

	it('takes semicolons as commas, with or without a space, in --to, --cc and --bcc (as the dashboard does)', () => {
		const settings = send({to: ['a@x.test; b@x.test', 'c@x.test;d@x.test'], cc: ['e@x.test ;f@x.test'], bcc: ['g@x.test;']});
		expect(settings.to).toEqual(['a@x.test', 'b@x.test', 'c@x.test', 'd@x.test']);
		expect(settings.cc).toEqual(['e@x.test', 'f@x.test']);
		expect(settings.bcc).toEqual(['g@x.test']);
		// Not inside a quoted display name.
		expect(send({to: ['"Smith; J" <s@x.test>']}).to).toEqual(['"Smith; J" <s@x.test>']);
	});
});

describe('--attach', () => {
	it('given a comma list that is no file: one file per --attach', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-attach-'));
		const error = refusal(() => send({attach: [path.join(dir, 'a.txt, my b.txt')]}));
		expect(error.message).toBe(`--attach "${path.join(dir, 'a.txt, my b.txt')}": no such file`);
		expect(error.hint).toBe(`one file per --attach: --attach ${path.join(dir, 'a.txt')} --attach 'my b.txt'`);
	});

	it('takes a file whose name holds a comma, and leaves a quoted name to the composer', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-attach-'));
		const file = path.join(dir, 'q3,final.pdf');
		writeFileSync(file, '');
		expect(send({attach: [file]}).attachments).toEqual([{path: file}]);
		expect(send({attach: [`"${path.join(dir, 'gone,too.pdf')}"`]}).attachments).toEqual([{path: path.join(dir, 'gone,too.pdf')}]);
	});
});

describe('wording', () => {
	it('--helo "" is empty, without the engine\'s full stop', () => {
		expect(refusal(() => send({helo: ''})).message).toBe('--helo is empty');
		expect(refusal(() => send({helo: 'a\tb'})).message).not.toMatch(/\.$/);
	});

	it('--ca given a private key says what the file holds, not how to convert a DER certificate', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-ca-key-'));
		const key = path.join(dir, 'server.key');
		writeFileSync(key, '-----BEGIN PRIVATE KEY-----\nMIGHAgEA\n-----END PRIVATE KEY-----\n');
		const error = refusal(() => send({ca: key}));
		expect(error.message).toBe(`--ca: ${key} holds no PEM certificate (expected "-----BEGIN CERTIFICATE-----"); it holds a private key`);
		expect(error.hint).toBe("give --ca the CA's certificate (a .crt or .pem file with BEGIN CERTIFICATE), not a key or a request");
		writeFileSync(key, '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n');
		expect(refusal(() => send({ca: key})).message).toMatch(/; it holds an RSA private key$/);
	});

	it('--header "Bcc: ..." points to --bcc alone (no dashboard field)', () => {
		const error = refusal(() => send({header: ['Bcc: x@y.test']}));
		expect(error.message).toBe('a Bcc header would show the hidden recipients');
		expect(error.hint).toBe('give them with --bcc, which puts them only in the envelope');
	});

	it('refuses a --timeout under a tenth of a second, which would report "within 0 s"', () => {
		expect(refusal(() => send({timeout: '0.0001'})).message).toBe('--timeout must be a number of seconds from 0.1 to 86400 (a day), not "0.0001"');
		expect(send({timeout: '0.1'}).timeoutSeconds).toBe(0.1);
	});
});

describe('control characters in --subject and --header', () => {
	it.each([
		['X-A: b\r\n', '"X-A: b\\x0d\\x0a"'],
		['\r\nX-B: c', '"\\x0d\\x0aX-B: c"'],
		['X-A:\r\n b', '"X-A:\\x0d\\x0a b"'],
	])('refuses a line break at an end of a --header, which trimming would hide: %j', (header, shown) => {
		const error = refusal(() => send({header: [header]}));
		expect(error.message).toBe(`--header contains a carriage return (CR): ${shown}`);
		expect(error.hint).toBe('remove it: a line break could add a header of its own (header injection); give each header its own --header');
	});

	it('refuses a lone line feed in --subject, naming the flag', () => {
		const error = refusal(() => send({subject: 'hi\n'}));
		expect(error.message).toBe('--subject contains a line feed (LF): "hi\\x0a"');
		expect(error.hint).toBe('remove it: a line break could add a header of its own (header injection)');
	});

	it.each([
		[{subject: 'hi\x1b]0;T\x07'}, '--subject contains a control character (ESC, \\x1b): "hi\\x1b]0;T\\x07"'],
		[{subject: 'bell\x07'}, '--subject contains a control character (BEL, \\x07): "bell\\x07"'],
		[{subject: 'del\x7f'}, '--subject contains a control character (DEL, \\x7f): "del\\x7f"'],
		[{subject: 'csi\u009b31m'}, '--subject contains a control character (CSI, \\x9b): "csi\\x9b31m"'],
		[{header: ['X-A: next\u0085line']}, '--header contains a control character (NEL, \\x85): "X-A: next\\x85line"'],
		[{header: ['X-Ok: fine', 'X-A: \x1b[2J']}, '--header contains a control character (ESC, \\x1b): "X-A: \\x1b[2J"'],
	])('refuses ESC, BEL, DEL and C1 controls, which RFC 2047 would carry to the reader: %j', (flags, message) => {
		const error = refusal(() => send(flags));
		expect(error.message).toBe(message);
		expect(error.hint).toBe("remove it: the recipient's mail program would decode it back into a terminal escape");
	});

	it('takes a tab, and text without controls', () => {
		expect(send({subject: 'a\tb', header: ['X-A: c\td']})).toMatchObject({subject: 'a\tb', headers: ['X-A: c\td']});
	});
});
