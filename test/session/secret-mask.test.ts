// The mask over what a server quotes back: whole secrets, and pieces long enough to give part of one away.
import {describe, expect, it} from 'vitest';
import {SecretMask} from '../../source/session/secret-mask.js';

describe('SecretMask', () => {
	const payload = Buffer.from('\0bob\0Sup3rSecretPassw0rd').toString('base64');
	const mask = new SecretMask();
	mask.add(payload);
	mask.add('Sup3rSecretPassw0rd');

	it('masks a whole secret, and a piece of one from its start, its middle or its end', () => {
		expect(mask.mask(`535 you sent ${payload}`)).toBe('535 you sent [redacted]');
		expect(mask.mask(`535 ${payload.slice(0, 20)}… and ${payload.slice(5, 17)} and ${payload.slice(-9)}`)).toBe('535 [redacted]… and [redacted] and [redacted]');
		expect(mask.mask('pw=Sup3rSecretP then')).toBe('pw=[redacted] then');
	});

	it('masks a secret, or a piece of one, quoted in another case', () => {
		expect(mask.mask('535 pw-upper SUP3RSECRETPASSW0RD')).toBe('535 pw-upper [redacted]');
		expect(mask.mask(`535 ${payload.toUpperCase().slice(3, 15)} seen`)).toBe('535 [redacted] seen');
	});

	it('leaves ordinary text alone: pieces shorter than 8 characters, and secrets shorter than 6', () => {
		expect(mask.mask(`535 ${payload.slice(0, 7)} Sup3rSe`)).toBe(`535 ${payload.slice(0, 7)} Sup3rSe`);
		const short = new SecretMask();
		short.add('demo');
		expect(short.empty).toBe(true);
		expect(short.mask('535 demo refused')).toBe('535 demo refused');
	});
});
