// smtp-tui inbox with --dns: the opened message's headers view says its SPF and DMARC and the
// Authentication-Results header the sandbox would add (records from a DNS server on 127.0.0.1), and its raw view
// shows the message as it came, without that header.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {makeKey, SAMPLE, signed, txtStrings} from '../helpers/dkim-keys.js';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';

const key = makeKey('rsa');
let dns: TestDnsServer;

beforeAll(async () => {
	dns = await startDnsServer({
		'mail._domainkey.example.test': {txt: [txtStrings(key.record)]},
		'example.test': {txt: [['v=spf1 ip4:192.0.2.0/24 -all']]},
		'_dmarc.example.test': {txt: [['v=DMARC1; p=reject']]},
		'slow.test': {silent: true},
		'_dmarc.slow.test': {silent: true},
	});
});
afterAll(() => dns.close());

describe('smtp-tui inbox, SPF and DMARC', () => {
	it('says them in the headers view, with the Authentication-Results header, once checked', async () => {
		const inbox = await startInbox({dns: `127.0.0.1:${dns.port}`, anyLogin: true}, {columns: 120, rows: 40});
		await inbox.sendMail({envelope: {from: 'app@example.test', to: ['dev@example.test']}, raw: await signed(SAMPLE, key, 'example.test', 'mail')});
		await inbox.frame(frame => frame.includes('Inbox (1)'));
		await inbox.press(KEYS.enter);
		const opened = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('dmarc='));
		const lines = opened.split('\n').map(line => line.replace(/^[║│]\s*|\s*[║│]$/g, ''));
		expect(lines).toContain('DMARC: pass (DKIM d=example.test aligned)');
		expect(opened).toContain('SPF: fail for 127.0.0.1 as example.test: 127.0.0.1 matched "-all" in the SPF record of example.test');
		const header = lines.findIndex(line => line === 'Authentication-Results: smtp-tui.sandbox;');
		expect(lines.slice(header, header + 4)).toEqual([
			'Authentication-Results: smtp-tui.sandbox;',
			'spf=fail (127.0.0.1) smtp.mailfrom=example.test;',
			'dkim=pass header.d=example.test header.s=mail;',
			'dmarc=pass (p=reject dis=none) header.from=example.test',
		]);
		await inbox.press(KEYS.right, KEYS.right);
		const raw = await inbox.frame(frame => frame.includes('[raw]'));
		expect(raw).toContain('DKIM-Signature: ');
		expect(raw).not.toContain('Authentication-Results');
	});

	it('says they are being checked while DNS does not answer, then that it did not', async () => {
		const inbox = await startInbox({dns: `127.0.0.1:${dns.port}`, anyLogin: true}, {columns: 120, rows: 40});
		await inbox.sendMail({envelope: {from: 'app@slow.test', to: ['dev@example.test']}, raw: 'From: app@slow.test\r\nSubject: slow\r\n\r\nHello\r\n'});
		await inbox.frame(frame => frame.includes('Inbox (1)'));
		await inbox.press(KEYS.enter);
		const checking = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('SPF and DMARC'));
		expect(checking).toContain('SPF and DMARC: checking (looking up the records in DNS)');
		// The DNS lookups' own timeout comes first: on a loaded machine that alone can take most of the default 3 s.
		const after = await inbox.frame(frame => frame.includes('dmarc=temperror'), 10_000);
		expect(after).toContain('DMARC: temporary error (no verdict): its DMARC policy could not be looked up');
		expect(after).toContain('spf=temperror (127.0.0.1) smtp.mailfrom=slow.test;');
	}, 15_000);

	it('marks a row dmarc! when DMARC fails under a reject policy, and no other', async () => {
		const inbox = await startInbox({dns: `127.0.0.1:${dns.port}`, anyLogin: true}, {columns: 120, rows: 30});
		const envelope = {from: 'app@example.test', to: ['dev@example.test']};
		await inbox.sendMail({envelope, raw: await signed(SAMPLE, key, 'example.test', 'mail')});
		await inbox.sendMail({envelope, raw: SAMPLE});
		const list = await inbox.frame(frame => frame.includes('Inbox (2)') && frame.includes('dmarc!'));
		const rows = list.split('\n').filter(line => line.includes('Your receipt · '));
		expect(rows.map(row => /(dkim\S*)?\s*(dmarc!)?\s+\d+ B/.exec(row)?.slice(1))).toEqual([
			['dkim', undefined],
			[undefined, 'dmarc!'],
		]);
	});
});
