// smtp-tui inbox with signed mail (keys from a DNS server on 127.0.0.1, --dns): the row's mark, the opened message's
// DKIM lines (updated when a check ends while it is open) and the log line.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {startDnsServer, type TestDnsServer} from '../helpers/dns-server.js';
import {makeKey, SAMPLE, signed, txtStrings} from '../helpers/dkim-keys.js';
import {KEYS} from './app-harness.js';
import {startInbox} from './inbox-screen.js';

const key = makeKey('rsa');
let dns: TestDnsServer;

beforeAll(async () => {
	dns = await startDnsServer({'mail._domainkey.example.test': {txt: [txtStrings(key.record)]}, 'dead._domainkey.example.test': {silent: true}});
});
afterAll(() => dns.close());

const envelope = {from: 'app@example.test', to: ['dev@example.test']};

describe('smtp-tui inbox, DKIM', () => {
	it('marks each signed row, says each signature in the headers view and logs the check; an unsigned row has no mark', async () => {
		const inbox = await startInbox({dns: `127.0.0.1:${dns.port}`, anyLogin: true}, {columns: 120, rows: 30});
		const good = await signed(SAMPLE, key, 'example.test', 'mail');
		await inbox.sendMail({envelope, raw: good});
		await inbox.sendMail({envelope, raw: good.replace('order', 'ORDER')});
		await inbox.sendMail({envelope, raw: SAMPLE});
		const list = await inbox.frame(frame => frame.includes('Inbox (3)') && frame.includes('dkim!'));
		const rows = list.split('\n').filter(line => line.includes('Your receipt · '));
		expect(rows.map(row => /(dkim\S*)?\s+\d+ B/.exec(row)?.[1])).toEqual(['dkim', 'dkim!', undefined]);
		// The screen's log panel shows its newest lines: the check's line came before the third message's.
		expect(inbox.catcher.log.get().lines).toContainEqual(expect.stringMatching(/ #1 DKIM of message 1: pass d=example\.test s=mail rsa-sha256, 2048-bit key$/));
		await inbox.press(KEYS.up, KEYS.enter);
		const opened = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('DKIM: '));
		expect(opened).toContain('DKIM: fail d=example.test s=mail rsa-sha256: body hash did not verify: the body was changed after signing');
	});

	it('says the check is under way while DNS does not answer, then that DNS was unreachable, in the open message', async () => {
		const inbox = await startInbox({dns: `127.0.0.1:${dns.port}`, anyLogin: true}, {columns: 120, rows: 30});
		await inbox.sendMail({envelope, raw: await signed(SAMPLE, key, 'example.test', 'dead')});
		await inbox.frame(frame => frame.includes('Inbox (1)'));
		await inbox.press(KEYS.enter);
		const checking = await inbox.frame(frame => frame.includes('[headers]') && frame.includes('DKIM: '));
		expect(checking).toContain('DKIM: checking (looking up the key in DNS)');
		const after = await inbox.frame(frame => frame.includes('DKIM: temporary error'));
		expect(after).toContain('DKIM: temporary error (no verdict) d=example.test s=dead rsa-sha256: DNS unreachable');
	}, 15_000);
});
