// What blocklists' answers mean: Spamhaus's codes one by one, other lists' 127.0.0.x, and what is no listing.
import {describe, expect, test} from 'vitest';
import {asksFor, blocklistMeaning} from '../../source/headless/blocklist-codes.js';

describe('blocklistMeaning', () => {
	test('Spamhaus: SBL, CSS, XBL and DROP are listings; the PBL is policy; 127.255.255.x is a refusal, never a listing', () => {
		expect(blocklistMeaning('zen.spamhaus.org', ['127.0.0.2']).status).toBe('listed');
		expect(blocklistMeaning('zen.spamhaus.org', ['127.0.0.6'])).toEqual({status: 'listed', words: ['XBL: an infected or exploited machine (a bot, an open proxy) sends from this address']});
		expect(blocklistMeaning('zen.spamhaus.org', ['127.0.0.9']).words).toEqual(['DROP: a hijacked network or one run by spammers']);
		expect(blocklistMeaning('zen.spamhaus.org', ['127.0.0.10', '127.0.0.11']).status).toBe('policy');
		expect(blocklistMeaning('zen.spamhaus.org', ['127.0.0.11', '127.0.0.3']).status).toBe('listed');
		for (const code of ['127.255.255.252', '127.255.255.254', '127.255.255.255']) expect(blocklistMeaning('zen.spamhaus.org', [code]).status).toBe('not-known');
		// A DQS key's zone answers with the same codes.
		expect(blocklistMeaning('KEY.zen.dq.spamhaus.net'.toLowerCase(), ['127.255.255.254']).status).toBe('not-known');
	});

	test("another list's 127.0.0.2 and above are listings; 127.0.0.1, 127.255.255.x and any address outside 127/8 are not", () => {
		expect(blocklistMeaning('bl.spamcop.net', ['127.0.0.2'])).toEqual({status: 'listed', words: []});
		expect(blocklistMeaning('bl.mailspike.net', ['127.0.0.12']).status).toBe('listed');
		expect(blocklistMeaning('bl.spamcop.net', ['127.0.0.10']).status).toBe('listed');
		for (const code of ['127.0.0.1', '127.255.255.254', '198.51.100.1']) expect(blocklistMeaning('dnsbl.example.net', [code]).status).toBe('not-known');
	});
});

test('asksFor: every list for IPv4; for IPv6 Spamhaus and the lists the user named, not the IPv4-only defaults', () => {
	expect(asksFor('bl.spamcop.net', '192.0.2.7')).toBe(true);
	expect(asksFor('bl.spamcop.net', '2001:db8::7')).toBe(false);
	expect(asksFor('zen.spamhaus.org', '2001:db8::7')).toBe(true);
	expect(asksFor('dnsbl.example.net', '2001:db8::7')).toBe(true);
});
