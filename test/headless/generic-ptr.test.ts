// Which reverse DNS names read as a provider's generic name for a home or dynamic line.
import {describe, expect, test} from 'vitest';
import {genericReason} from '../../source/headless/generic-ptr.js';

describe('genericReason', () => {
	test.each([
		['203-0-113-7.dsl.example.net', '203.0.113.7'],
		['7.113.0.203.static.example.net', '203.0.113.7'],
		['ec2-203-0-113-7.compute-1.amazonaws.com', '203.0.113.7'],
		['host203000113007.example.net', '203.0.113.7'],
	])('%s holds the numbers of %s', (name, ip) => {
		expect(genericReason(name, ip)).toBe('it holds the numbers of the address');
	});

	test.each([
		['dynamic-pool.example.net', 'dynamic'],
		['cpe-12.cable.example.net', 'cable'],
		['ppp42.example.net', 'ppp'],
		['adsl-dhcp.example.net', 'adsl'],
	])('%s has "%s" in it', (name, word) => {
		expect(genericReason(name, '2001:db8::7')).toBe(`it has "${word}" in it`);
	});

	test.each([
		['mail.example.com', '203.0.113.7'],
		// Three of the four numbers, or the four with another after them, are no address.
		['mx-203-0-113.example.net', '203.0.113.7'],
		['host-203-0-113-71.example.net', '203.0.113.7'],
		['smtp2.dslreports-mail.example.net', '203.0.113.7'],
	])('%s is not generic for %s', (name, ip) => {
		expect(genericReason(name, ip)).toBeUndefined();
	});
});
