// The DMARC verdict on one message, pure: alignment (relaxed, strict), pass or fail, the policy that applies (p, sp,
// np, pct, t) and why in words. test/transport/dmarc-lookup.test.ts checks it against mailauth's through real DNS.
import {describe, expect, test} from 'vitest';
import {parseDmarcRecord} from '../../source/smtp/dmarc-record.js';
import {dmarcVerdict, type DmarcVerdictInput} from '../../source/smtp/dmarc-verdict.js';

const policy = (text: string, at = 'example.com', orgDomain = 'example.com') => ({record: parseDmarcRecord(text), at, orgDomain});
const REJECT = policy('v=DMARC1; p=reject; sp=quarantine; np=reject');
const verdict = (input: Partial<DmarcVerdictInput>) => dmarcVerdict({from: 'example.com', policy: REJECT, dkim: [], ...input});

describe('dmarcVerdict: pass', () => {
	test('DKIM d= of a subdomain aligns with From (relaxed)', () => {
		expect(verdict({dkim: [{domain: 'mail.example.com', result: 'pass'}]})).toEqual({
			result: 'pass',
			alignedBy: {method: 'dkim', domain: 'mail.example.com', mode: 'relaxed'},
			policy: 'reject',
			tag: 'p',
			pct: 100,
			testing: false,
			disposition: 'none',
			why: 'DMARC pass: DKIM d=mail.example.com aligns with From example.com (relaxed)',
		});
	});

	test('SPF passed for the From domain itself, DKIM failed', () => {
		const result = verdict({spf: {result: 'pass', domain: 'Example.COM.'}, dkim: [{domain: 'example.com', result: 'fail'}]});
		expect(result).toMatchObject({result: 'pass', alignedBy: {method: 'spf', domain: 'example.com'}, why: 'DMARC pass: SPF passed for example.com, which aligns with From example.com (relaxed)'});
	});

	test('From a subdomain: the organizational domain\'s d= aligns relaxed, and sp= is the policy', () => {
		const result = verdict({from: 'news.example.com', dkim: [{domain: 'example.com', result: 'pass'}]});
		expect(result).toMatchObject({result: 'pass', policy: 'quarantine', tag: 'sp'});
	});
});

describe('dmarcVerdict: fail', () => {
	test('SPF passed for an ESP\'s bounce domain and no DKIM signature aligns: the example of the brief', () => {
		const result = verdict({spf: {result: 'pass', domain: 'bounces.esp.example'}, dkim: [{domain: 'esp.example', result: 'pass'}]});
		expect(result).toMatchObject({result: 'fail', policy: 'reject', tag: 'p', disposition: 'reject'});
		expect(result.why).toBe('DMARC fail: SPF passed for bounces.esp.example, which does not align with From example.com, and no DKIM signature aligns (d=esp.example pass) (p=reject)');
	});

	test('not signed, and SPF failed', () => {
		expect(verdict({spf: {result: 'softfail', domain: 'example.com'}}).why).toBe('DMARC fail: SPF softfail for example.com, and the message is not DKIM-signed (p=reject)');
	});

	test('an aligned signature that did not verify is no pass', () => {
		expect(verdict({dkim: [{domain: 'example.com', result: 'fail'}]}).why).toBe('DMARC fail: no SPF result, and DKIM d=example.com fail (aligned, but not a pass) (p=reject)');
	});

	test('strict alignment: a subdomain\'s d= and MAIL FROM do not align', () => {
		const strict = policy('v=DMARC1; p=quarantine; adkim=s; aspf=s');
		const result = verdict({policy: strict, spf: {result: 'pass', domain: 'bounce.example.com'}, dkim: [{domain: 'mail.example.com', result: 'pass'}]});
		expect(result).toMatchObject({result: 'fail', disposition: 'quarantine'});
		expect(verdict({policy: strict, dkim: [{domain: 'example.com', result: 'pass'}]})).toMatchObject({result: 'pass', alignedBy: {mode: 'strict'}});
	});

	test('a look-alike domain that only ends the same does not align', () => {
		expect(verdict({dkim: [{domain: 'notexample.com', result: 'pass'}]}).result).toBe('fail');
		expect(verdict({dkim: [{domain: 'com', result: 'pass'}]}).result).toBe('fail');
	});

	test('inherited: sp= for a subdomain that exists, np= for one that does not', () => {
		expect(verdict({from: 'a.example.com'})).toMatchObject({tag: 'sp', policy: 'quarantine', why: expect.stringContaining('(sp=quarantine of example.com, inherited)')});
		expect(verdict({from: 'a.example.com', fromExists: false})).toMatchObject({tag: 'np', policy: 'reject'});
		expect(verdict({from: 'a.example.com', policy: policy('v=DMARC1; p=reject')})).toMatchObject({tag: 'p', policy: 'reject'});
	});

	test('pct= below 100 and t=y (test mode) say what the rest of failing mail gets', () => {
		expect(verdict({policy: policy('v=DMARC1; p=reject; pct=20')}).why).toBe('DMARC fail: no SPF result, and the message is not DKIM-signed (p=reject); pct=20: 20% of failing mail gets p=reject, the rest quarantine');
		expect(verdict({policy: policy('v=DMARC1; p=reject; t=y')})).toMatchObject({disposition: 'quarantine', testing: true, why: expect.stringContaining('; t=y: test mode, so quarantine instead')});
	});
});

describe('dmarcVerdict: none', () => {
	test('no record, or one receivers ignore', () => {
		expect(verdict({policy: undefined})).toEqual({result: 'none', disposition: 'none', why: 'DMARC none: example.com publishes no DMARC record, so receivers apply no policy'});
		expect(verdict({policy: policy('v=DMARC1; p=rejct')}).why).toBe('DMARC none: the record at _dmarc.example.com is not valid (p=rejct is not none, quarantine or reject), so receivers apply no policy');
	});
});
