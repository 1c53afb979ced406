// DMARC records read as text: each tag checked, and every mistake named as a receiver would meet it.
import {describe, expect, test} from 'vitest';
import {dmarcRecordsAt, effectivePolicy, parseDmarcRecord, reportAddress} from '../../source/smtp/dmarc-record.js';

const at = (...records: string[]) => dmarcRecordsAt('_dmarc.example.com', records.map(text => [text]));

describe('dmarcRecordsAt', () => {
	test('the one record starting v=DMARC1 among other TXT records, its strings joined', () => {
		const found = dmarcRecordsAt('_dmarc.example.com', [['google-site-verification=abc'], ['v=DMARC1; p=quar', 'antine; rua=mailto:d@example.com']]);
		expect(found).toMatchObject({record: {p: 'quarantine', rua: ['mailto:d@example.com'], errors: []}});
	});

	test('no TXT record, or none about DMARC: none', () => {
		expect(at()).toEqual({none: true});
		expect(at('hello')).toEqual({none: true});
	});

	test('the tag name in capitals is the same tag (an ABNF string); only its value DMARC1 must be exact', () => {
		expect(at('V=DMARC1; p=reject')).toMatchObject({record: {p: 'reject', errors: []}});
		expect(at('V = DMARC1 ;p=none')).toMatchObject({record: {p: 'none'}});
	});

	test('two records: receivers ignore both', () => {
		expect(at('v=DMARC1; p=none', 'v=DMARC1; p=reject')).toEqual({problem: '_dmarc.example.com has 2 DMARC records, and receivers ignore them all (RFC 7489 §6.6.3): keep one'});
	});

	test("SPF's record put at _dmarc, v=DMARC1 not first, in other case, and with its quotes stored: each said", () => {
		expect(at('v=spf1 include:_spf.example.net ~all')).toEqual({problem: expect.stringContaining('holds an SPF record ("v=spf1 include:_spf.example.net ~all"), not a DMARC one')});
		expect(at('p=reject; v=DMARC1')).toEqual({problem: '_dmarc.example.com\'s record "p=reject; v=DMARC1" does not have v=DMARC1 first, so receivers see no DMARC record: move "v=DMARC1;" to the start'});
		expect(at('V=dmarc1; p=reject')).toEqual({problem: expect.stringContaining('does not start with "v=DMARC1" as receivers read it')});
		expect(at(' v=DMARC1; p=reject')).toEqual({problem: expect.stringContaining('does not start with "v=DMARC1" as receivers read it (DMARC1 in capitals, and no space before it)')});
		expect(at('"v=DMARC1; p=reject"')).toEqual({problem: expect.stringContaining('has its quotes stored as part of its text')});
	});
});

describe('parseDmarcRecord', () => {
	test('every tag read, defaults where absent', () => {
		expect(parseDmarcRecord('v=DMARC1;p=reject; sp = quarantine; np=none; adkim=s; aspf=r; pct=100; fo=1:d; ri=3600; rf=afrf; ruf=mailto:f@example.com; t=n; psd=n')).toEqual({
			text: 'v=DMARC1;p=reject; sp = quarantine; np=none; adkim=s; aspf=r; pct=100; fo=1:d; ri=3600; rf=afrf; ruf=mailto:f@example.com; t=n; psd=n',
			p: 'reject',
			sp: 'quarantine',
			np: 'none',
			pct: 100,
			testing: false,
			rua: [],
			ruf: ['mailto:f@example.com'],
			adkim: 's',
			aspf: 'r',
			psd: 'n',
			errors: [],
			notes: [],
		});
		expect(parseDmarcRecord('v=DMARC1; p=none')).toMatchObject({pct: 100, adkim: 'r', aspf: 'r', testing: false, rua: [], errors: [], notes: []});
	});

	test.each([
		['v=DMARC1; p=rejct', 'p=rejct is not none, quarantine or reject'],
		['v=DMARC1; p=none; sp=strict', 'sp=strict is not none, quarantine or reject'],
		['v=DMARC1; p=none; pct=150', 'pct=150 is not a whole number from 0 to 100'],
		['v=DMARC1; p=none; adkim=relaxed', 'adkim=relaxed is not r (relaxed) or s (strict)'],
		['v=DMARC1; p=none; fo=2', 'fo=2 is not 0, 1, d or s, separated by ":"'],
		['v=DMARC1; p=none; ri=daily', 'ri=daily is not a number of seconds'],
		['v=DMARC1; p=none; rua=dmarc@example.com', 'rua "dmarc@example.com" is not a mailto: URI (write rua=mailto:dmarc@example.com)'],
		['v=DMARC1; p=none; rua=mailto:', 'rua "mailto:" has no address after mailto:'],
		['v=DMARC1; p=none; p=reject', 'p= is given twice, which makes the whole record invalid'],
		['v=DMARC1; rua=mailto:d@example.com', 'it has no p= (none, quarantine or reject)'],
		['v=DMARC1; p=none; reject', '"reject" is not tag=value (tags are separated by ";")'],
	])('%s: %s', (text, error) => {
		expect(parseDmarcRecord(text).errors).toContain(error);
	});

	test('unknown tags are noted, not errors', () => {
		const record = parseDmarcRecord('v=DMARC1; p=reject; x_owner=ops');
		expect(record.errors).toEqual([]);
		expect(record.notes).toEqual(['unknown tag "x_owner=ops": receivers ignore it']);
		expect(effectivePolicy(record)).toBe('reject');
	});
});

describe('effectivePolicy', () => {
	test('p=, or none for a record without a valid p= that asks for reports (RFC 7489 §6.6.3); else none applies', () => {
		expect(effectivePolicy(parseDmarcRecord('v=DMARC1; p=quarantine'))).toBe('quarantine');
		expect(effectivePolicy(parseDmarcRecord('v=DMARC1; p=rejct; rua=mailto:d@example.com'))).toBe('none');
		expect(effectivePolicy(parseDmarcRecord('v=DMARC1; p=rejct'))).toBeUndefined();
		expect(effectivePolicy(parseDmarcRecord('v=DMARC1; p=reject; p=reject'))).toBeUndefined();
	});
});

describe('reportAddress', () => {
	test('the address and its domain, without a size limit or a final dot', () => {
		expect(reportAddress('mailto:Reports@Example.NET!10m')).toEqual({address: 'Reports@Example.NET', domain: 'example.net'});
		expect(reportAddress('mailto:d@example.com.')).toEqual({address: 'd@example.com', domain: 'example.com'});
		expect(reportAddress('https://example.com/')).toBeUndefined();
	});
});
