// serve --dns (and inbox --dns, the same flags): the DNS server DKIM keys are asked of, taken as send --dns takes it.
import {describe, expect, it} from 'vitest';
import {parseServeFlags} from '../../source/headless/serve-options.js';
import {parseInboxFlags} from '../../source/headless/inbox-options.js';

describe('serve --dns', () => {
	it('takes an address with or without a port, for serve and inbox', () => {
		expect(parseServeFlags({dns: '192.0.2.53:5353'}, []).settings.dns).toEqual({address: '192.0.2.53', port: 5353});
		expect(parseInboxFlags({dns: '[2001:db8::53]'}, []).settings.dns).toEqual({address: '2001:db8::53', port: 53});
		expect(parseServeFlags({}, []).settings.dns).toBeUndefined();
	});

	it('refuses a name, saying why and what to give', () => {
		expect(() => parseServeFlags({dns: 'dns.google'}, [])).toThrow(
			expect.objectContaining({message: expect.stringContaining('--dns "dns.google" is not an IP address'), hint: expect.stringContaining('--dns 1.1.1.1')}),
		);
	});
});
