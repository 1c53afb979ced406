// A URL or a port typed where a host goes (check's TARGET, serve's --listen), a server typed as a word to the
// dashboard, and a file where serve's --save-dir folder goes: each said as such, with what to type instead, before
// anything is looked up or started.
import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {parseCheckFlags, parseTarget} from '../../source/headless/check-options.js';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {checkHost} from '../../source/headless/host-checks.js';
import {serverWordsHint} from '../../source/headless/server-words-hint.js';
import {refusal} from '../helpers/usage-refusal.js';

describe('check TARGET as a URL', () => {
	it('smtp://host: the host alone, or with the port smtp:// means', () => {
		const error = refusal(() => parseTarget('smtp://localhost'));
		expect(error.message).toBe('TARGET "smtp://localhost" has a scheme (smtp://) in it');
		expect(error.hint).toBe('give the host alone: smtp-tui check localhost (every port of --ports), or localhost:25 (the port smtp:// means)');
	});

	it('smtps://host is port 465; a port in the URL is kept', () => {
		expect(refusal(() => parseTarget('smtps://mail.example.com')).hint).toBe('give the host alone: smtp-tui check mail.example.com:465 (smtps:// is port 465)');
		expect(refusal(() => parseTarget('smtp://mail.example.com:587/')).hint).toBe('give the host alone: smtp-tui check mail.example.com:587');
		expect(refusal(() => parseTarget('smtp://[2001:db8::1]')).hint).toMatch(/smtp-tui check \[2001:db8::1\] /);
	});
});

describe('an IPv6 address with a port after it, no brackets (::1:11025)', () => {
	it('check TARGET, and send\'s and talk\'s --host: said as such, with the brackets that set the port apart', () => {
		expect(refusal(() => parseTarget('::1:11025'))).toMatchObject({message: 'TARGET "::1:11025" is an IPv6 address with a port after it', hint: 'write the address in brackets: smtp-tui check [::1]:11025'});
		expect(refusal(() => parseTarget('2001:db8::5:99999')).hint).toBe('write the address in brackets: smtp-tui check [2001:db8::5]:99999');
		expect(refusal(() => checkHost('::1:11025'))).toMatchObject({
			message: '--host "::1:11025" is an IPv6 address with a port after it',
			hint: 'write the address in brackets: --host [::1]:11025, or give the port apart: --host ::1 --port 11025',
		});
	});

	it('a link-local address with its zone: the port after the zone is a port, which a zone never holds', () => {
		expect(refusal(() => parseTarget('fe80::1%eth0:25'))).toMatchObject({message: 'TARGET "fe80::1%eth0:25" is an IPv6 address with a port after it', hint: 'write the address in brackets: smtp-tui check [fe80::1%eth0]:25'});
		expect(refusal(() => checkHost('fe80::1%eth0:2526')).hint).toBe('write the address in brackets: --host [fe80::1%eth0]:2526, or give the port apart: --host fe80::1%eth0 --port 2526');
		expect(parseTarget('[fe80::1%eth0]:25')).toEqual({kind: 'host', host: 'fe80::1%eth0', port: 25});
		expect(checkHost('fe80::1%eth0')).toBe('fe80::1%eth0');
	});

	it('a whole IPv6 address is one, whatever its last group: ::1:25 and 2001:db8::5:587 are addresses, not ports', () => {
		expect(parseTarget('::1:25')).toEqual({kind: 'host', host: '::1:25'});
		expect(checkHost('2001:db8::5:587')).toBe('2001:db8::5:587');
	});
});

describe('check TARGET with PORT/tls, and a port given both ways in --ports', () => {
	it('host:PORT/tls: /tls goes in --ports, and the hint says how', () => {
		const error = refusal(() => parseTarget('127.0.0.1:31465/tls'));
		expect(error.message).toBe('TARGET "127.0.0.1:31465/tls": /tls goes after a port in --ports, not in TARGET');
		expect(error.hint).toBe('smtp-tui check 127.0.0.1 --ports 31465/tls');
		expect(refusal(() => parseTarget('[::1]:465/TLS')).hint).toBe('smtp-tui check [::1] --ports 465/tls');
	});

	it('--ports 31026,31026/tls: refused, not one of the two probes silently dropped', () => {
		const error = refusal(() => parseCheckFlags({ports: '31026,31026/tls'}, {}));
		expect(error.message).toBe('--ports: port 31026 is given both plain and as 31026/tls, and check probes each port one way');
		expect(error.hint).toBe('run check twice: once with --ports 31026, once with --ports 31026/tls');
		// The same port twice the same way is one probe, as before.
		expect(parseCheckFlags({ports: '25,25,465/tls,465/tls'}, {})).toMatchObject({ports: [25, 465], tlsPorts: [465, 465]});
	});
});

describe('serve --listen', () => {
	it('with a port in it: the port apart, as send --host says it', () => {
		const error = refusal(() => parseServeFlags({listen: 'localhost:25'}, []));
		expect(error.message).toBe('--listen "localhost:25" has a port in it');
		expect(error.hint).toBe('give the port apart: --listen localhost --port 25');
		expect(refusal(() => parseServeFlags({listen: '[::1]:2525'}, [])).hint).toBe('give the port apart: --listen ::1 --port 2525');
	});

	it('takes IPv6 addresses, whose colons are no port', () => {
		expect(parseServeFlags({listen: '::1'}, []).settings.listen).toBe('::1');
		expect(parseServeFlags({listen: '::'}, []).settings.listen).toBe('::');
	});
});

describe('serve --save-dir', () => {
	it('naming a file: a file, not a folder', () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-dir-')), 'passwd');
		writeFileSync(file, '');
		const error = refusal(() => parseServeFlags({saveDir: file}, []));
		expect(error.message).toBe(`--save-dir ${file} is a file, not a folder`);
		expect(error.hint).toBe('give a folder (it is made if missing), e.g. --save-dir ./mail');
	});

	it('takes a folder, or a path still to be made', () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-save-dir-'));
		expect(parseServeFlags({saveDir: dir}, []).settings.saveDir).toBe(dir);
		expect(parseServeFlags({saveDir: path.join(dir, 'new')}, []).settings.saveDir).toBe(path.join(dir, 'new'));
	});
});

describe('a server typed as a word to the dashboard, as telnet takes it', () => {
	it('host and port, as two words or with a colon: the flags meant', () => {
		const hint = 'the server goes after --host: --host smtp.example.com --port 587 (or see if it answers: smtp-tui check smtp.example.com:587)';
		expect(serverWordsHint(['smtp.example.com', '587'])).toBe(hint);
		expect(serverWordsHint(['smtp.example.com:587'])).toBe(hint);
		expect(serverWordsHint(['localhost'])).toBe('the server goes after --host: --host localhost (or see if it answers: smtp-tui check localhost)');
		expect(serverWordsHint(['2001:db8::1', '25'])).toBe('the server goes after --host: --host 2001:db8::1 --port 25 (or see if it answers: smtp-tui check [2001:db8::1]:25)');
	});

	it('a port alone goes after --port; a word that names no server gets no such hint', () => {
		expect(serverWordsHint(['587'])).toBe('a port goes after --port: --port 587');
		expect(serverWordsHint(['frobnicate'])).toBeUndefined();
		expect(serverWordsHint(['you@example.com'])).toBeUndefined();
		expect(serverWordsHint(['smtp.example.com', 'now'])).toBe('the server goes after --host: --host smtp.example.com (or see if it answers: smtp-tui check smtp.example.com)');
	});

	it('an IPv6 address in brackets with its port; a number no port can be is not offered as --port', () => {
		expect(serverWordsHint(['[::1]:25'])).toBe('the server goes after --host: --host ::1 --port 25 (or see if it answers: smtp-tui check [::1]:25)');
		expect(serverWordsHint(['smtp.example.com', '99999'])).toBe('the server goes after --host: --host smtp.example.com (or see if it answers: smtp-tui check smtp.example.com)');
		expect(serverWordsHint(['smtp.example.com:0'])).toBe('the server goes after --host: --host smtp.example.com (or see if it answers: smtp-tui check smtp.example.com)');
		expect(serverWordsHint(['70000'])).toBeUndefined();
	});
});
