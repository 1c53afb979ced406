// The verifier on its own: messages signed by mailauth (an independent signer), keys answered from a table.
import {describe, expect, it} from 'vitest';
import {canonicalHeader} from '../../source/message/dkim-canonical.js';
import {MAX_SIGNATURES, verifyDkim} from '../../source/sandbox/dkim-verify.js';
import {signatureWords} from '../../source/sandbox/dkim-words.js';
import type {DkimKeyAnswer} from '../../source/transport/dkim-key-lookup.js';
import {makeKey, SAMPLE, signed, type TestKey} from '../helpers/dkim-keys.js';

const rsa = makeKey('rsa');
const lookupOf = (records: Record<string, DkimKeyAnswer>) => async (name: string) => records[name] ?? {records: []};
const keyAt = (key: TestKey, name = 'sel._domainkey.example.test') => lookupOf({[name]: {records: [key.record]}});
const verify = async (message: string, lookup = keyAt(rsa)) => verifyDkim([Buffer.from(message, 'latin1')], lookup);

describe('verifyDkim', () => {
	it.each(['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed'])('passes a message signed with c=%s, naming d=, s=, the algorithm and the key size', async canonicalization => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', canonicalization);
		expect(await verify(message)).toEqual([{status: 'pass', domain: 'example.test', selector: 'sel', algorithm: 'rsa-sha256', keyBits: 2048}]);
	});

	it('passes ed25519-sha256 (RFC 8463)', async () => {
		const key = makeKey('ed25519');
		const message = await signed(SAMPLE, key, 'example.test', 'ed');
		expect(await verify(message, keyAt(key, 'ed._domainkey.example.test'))).toEqual([{status: 'pass', domain: 'example.test', selector: 'ed', algorithm: 'ed25519-sha256', keyBits: 256}]);
	});

	it('says the body was changed when a byte of it was', async () => {
		const message = (await signed(SAMPLE, rsa, 'example.test', 'sel')).replace('order', 'ORDER');
		expect(await verify(message)).toMatchObject([{status: 'fail', reason: 'body hash did not verify: the body was changed after signing'}]);
	});

	it('tells relaxed and simple body canonicalization apart: extra spaces break only simple', async () => {
		const relaxed = (await signed(SAMPLE, rsa, 'example.test', 'sel', 'relaxed/relaxed')).replace('Thanks  for', 'Thanks   for');
		const simple = (await signed(SAMPLE, rsa, 'example.test', 'sel', 'simple/simple')).replace('Thanks  for', 'Thanks   for');
		expect((await verify(relaxed))[0]!.status).toBe('pass');
		expect((await verify(simple))[0]!.reason).toMatch(/^body hash did not verify/);
	});

	it('says headers changed or the wrong key when a signed header was changed', async () => {
		const message = (await signed(SAMPLE, rsa, 'example.test', 'sel')).replace('Subject: Your receipt', 'Subject: Your invoice');
		expect(await verify(message)).toMatchObject([{status: 'fail', reason: 'signature did not verify: headers changed or the wrong key'}]);
	});

	it('says the same when DNS holds another key', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel');
		expect(await verify(message, keyAt(makeKey('rsa')))).toMatchObject([{status: 'fail', reason: 'signature did not verify: headers changed or the wrong key'}]);
	});

	it('names the DNS name that has no key, a revoked key, and an unreachable DNS as a temporary error', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel');
		expect(await verify(message, lookupOf({}))).toMatchObject([{status: 'fail', reason: 'no key at sel._domainkey.example.test'}]);
		expect(await verify(message, lookupOf({'sel._domainkey.example.test': {records: ['v=DKIM1; k=rsa; p=']}}))).toMatchObject([{status: 'fail', reason: 'key revoked: the record at sel._domainkey.example.test has an empty p='}]);
		expect(await verify(message, lookupOf({'sel._domainkey.example.test': {unreachable: 'no answer within 3 s'}}))).toMatchObject([
			{status: 'temperror', reason: 'DNS unreachable: no answer within 3 s (looking up sel._domainkey.example.test)'},
		]);
	});

	it('keeps a non-breaking space at the end of a relaxed header: only blanks (space, tab) are removed (a trim() took U+00A0, the last byte of an 8-bit à)', async () => {
		// Latin-1 in: the UTF-8 "à" (C3 A0) is two characters, the second of which a trim() removes.
		expect(canonicalHeader('Subject: Voil\u00c3\u00a0 \t', 'relaxed')).toBe('subject:Voil\u00c3\u00a0');
		const message = await signed(SAMPLE.replace('Subject: Your receipt', 'Subject: Voilà'), rsa, 'example.test', 'sel');
		expect(await verifyDkim([Buffer.from(message, 'utf8')], keyAt(rsa))).toMatchObject([{status: 'pass'}]);
	});

	it('refuses an x= or l= that is not digits, as malformed (x=-1e20 threw, losing every signature of the message)', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel');
		const withTag = (tag: string) => message.replace('DKIM-Signature: ', `DKIM-Signature: ${tag}; `);
		expect(await verify(withTag('x=-1e20'))).toMatchObject([{status: 'fail', reason: 'malformed DKIM-Signature: x=-1e20 is not a time in seconds (digits only)'}]);
		expect(await verify(withTag('l=abc'))).toMatchObject([{status: 'fail', reason: 'malformed DKIM-Signature: l=abc is not a length in bytes (digits only)'}]);
	});

	it(`checks a message's first ${MAX_SIGNATURES} signatures only, and says how many more it left, asking DNS no more`, async () => {
		let message = SAMPLE;
		for (let index = 0; index < MAX_SIGNATURES + 3; index++) message = await signed(message, rsa, 'example.test', 'sel');
		const asked: string[] = [];
		const results = await verifyDkim([Buffer.from(message, 'latin1')], async name => (asked.push(name), {records: [rsa.record]}));
		expect(results).toHaveLength(MAX_SIGNATURES + 1);
		expect(results.slice(0, MAX_SIGNATURES).every(result => result.status === 'pass')).toBe(true);
		expect(results.at(-1)).toMatchObject({status: 'temperror', reason: `3 more DKIM-Signature fields not checked: only a message's first ${MAX_SIGNATURES} are`});
		expect(asked).toHaveLength(MAX_SIGNATURES);
	});

	it('checks each of two signatures for itself', async () => {
		const other = makeKey('rsa');
		const message = await signed(await signed(SAMPLE, rsa, 'example.test', 'sel'), other, 'example.test', 'other');
		const results = await verify(message, lookupOf({'sel._domainkey.example.test': {records: [rsa.record]}, 'other._domainkey.example.test': {records: [makeKey('rsa').record]}}));
		expect(results.map(({selector, status}) => `${selector} ${status}`)).toEqual(['other fail', 'sel pass']);
	});

	it('refuses rsa-sha1 and keys under 1024 bits (RFC 8301)', async () => {
		const short = makeKey('rsa', 512);
		expect((await verify(await signed(SAMPLE, short, 'example.test', 'sel'), keyAt(short)))[0]!.reason).toBe('the key at sel._domainkey.example.test is too short: 512 bits, at least 1024 are needed (RFC 8301)');
		const sha1 = (await signed(SAMPLE, rsa, 'example.test', 'sel')).replace('a=rsa-sha256', 'a=rsa-sha1');
		expect((await verify(sha1))[0]!.reason).toBe('rsa-sha1 is no longer accepted (RFC 8301): sign with rsa-sha256');
	});

	it('fails a d= or s= that is no DNS name (a blank, a label over 63 octets) without asking DNS: not a DNS outage', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel');
		const asked: string[] = [];
		const lookup = async (name: string) => (asked.push(name), {unreachable: 'bad name'});
		for (const [from, to] of [['s=sel', 's=se l'], ['d=example.test', `d=${'a'.repeat(64)}.test`]] as const) {
			expect(await verify(message.replace(from, to), lookup)).toMatchObject([{status: 'fail', reason: expect.stringMatching(/^malformed DKIM-Signature: s=.* d=.* is no DNS name \(RFC 6376 §3\.5\)$/) as string}]);
		}
		expect(asked).toEqual([]);
	});

	it('reads a d= and s= in UTF-8 as such, and looks the key up at their A-labels (RFC 8616)', async () => {
		const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');
		const message = (await signed(SAMPLE, rsa, 'example.test', 'sel')).replace('d=example.test', utf8('d=exämple.test')).replace('s=sel', utf8('s=sél'));
		const asked: string[] = [];
		const results = await verify(message, async name => (asked.push(name), {records: [rsa.record]}));
		expect(asked).toEqual(['xn--sl-bja._domainkey.xn--exmple-cua.test']);
		expect(results).toMatchObject([{status: 'fail', domain: 'exämple.test', selector: 'sél', reason: 'signature did not verify: headers changed or the wrong key'}]);
	});

	it('fails a key whose p= is not base64 (zone-file quotes left in it), as mailauth does, rather than decoding past them', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel');
		const p = rsa.record.slice(rsa.record.indexOf('p=') + 2);
		const quoted = `v=DKIM1; k=rsa; p=${p.slice(0, 200)}" "${p.slice(200)}`;
		expect(await verify(message, lookupOf({'sel._domainkey.example.test': {records: [quoted]}}))).toMatchObject([
			{status: 'fail', reason: 'the record at sel._domainkey.example.test has quote marks (") in its text: the DNS host took them for part of the record'},
		]);
	});

	it('honours l=: what follows the signed length may change, a body cut shorter than it fails (simple and relaxed)', async () => {
		for (const canonicalization of ['relaxed/relaxed', 'simple/simple']) {
			const message = await signed(SAMPLE, rsa, 'example.test', 'sel', canonicalization, {maxBodyLength: 10});
			expect(message).toMatch(/l=10;/);
			expect(await verify(`${message}-- \r\nA footer a list added\r\n`)).toMatchObject([{status: 'pass'}]);
			expect(await verify(message.replace('Thanks  for', 'Thanks  fur'))).toMatchObject([{status: 'fail', reason: 'body hash did not verify: the body was changed after signing'}]);
			expect(await verify(message.replace('Thanks  for your order. \r\n', 'Thanks\r\n'))).toMatchObject([{status: 'fail', reason: 'l=10 is longer than the body: the body was changed after signing'}]);
		}
	});

	it('gives the same results however the message comes in chunks: the empty line, a CRLF and l= split anywhere', async () => {
		const {default: fc} = await import('fast-check');
		const ed = makeKey('ed25519');
		const lookup = lookupOf({'sel._domainkey.example.test': {records: [rsa.record]}, 'ed._domainkey.example.test': {records: [ed.record]}});
		const body = `${SAMPLE}A second paragraph.\r\n\r\n\r\n`;
		const message = await signed(await signed(await signed(body, rsa, 'example.test', 'sel', 'simple/simple'), ed, 'example.test', 'ed', 'relaxed/relaxed', {maxBodyLength: 30}), rsa, 'example.test', 'sel', 'relaxed/simple');
		const bytes = Buffer.from(message, 'latin1');
		const whole = await verifyDkim([bytes], lookup);
		expect(whole.map(result => result.status)).toEqual(['pass', 'pass', 'pass']);
		await fc.assert(
			fc.asyncProperty(fc.array(fc.nat({max: bytes.length}), {maxLength: 8}), async cuts => {
				const ends = [...cuts.sort((a, b) => a - b), bytes.length];
				const chunks = ends.map((end, index) => bytes.subarray(index === 0 ? 0 : ends[index - 1], end));
				expect(await verifyDkim(chunks, lookup)).toEqual(whole);
			}),
			{numRuns: 200},
		);
	});

	it('passes a message that is all header (no empty line, so no body), in either canonicalization', async () => {
		const header = SAMPLE.slice(0, SAMPLE.indexOf('\r\n\r\n') + 2);
		for (const canonicalization of ['relaxed/relaxed', 'simple/simple']) {
			expect(await verify(await signed(header, rsa, 'example.test', 'sel', canonicalization))).toMatchObject([{status: 'pass'}]);
		}
	});

	it('returns nothing for an unsigned message', async () => {
		expect(await verify(SAMPLE)).toEqual([]);
	});
});

describe('verifyDkim where RFC 6376 is strict', () => {
	const NOW = Date.UTC(2026, 11, 7, 9, 0);
	const at = (time: string) => new Date(`${time}Z`);
	/** An hour before NOW: signed by the clock, a signature is dated after NOW once the clock passes it (t= in the future). */
	const SIGNED = at('2026-12-07T08:00');
	const strict = (message: string, lookup = keyAt(rsa), now = NOW) => verifyDkim([Buffer.from(message, 'latin1')], lookup, now);
	const withRecord = (record: string) => lookupOf({'sel._domainkey.example.test': {records: [record]}});

	it('fails a signature past its x=, saying when it expired', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: at('2026-11-30T10:00'), expires: at('2026-12-01T10:00')});
		expect(await strict(message)).toMatchObject([{status: 'fail', reason: 'the signature expired at 2026-12-01 10:00 UTC'}]);
		expect(await strict(message, keyAt(rsa), Date.UTC(2026, 11, 1, 9, 59, 59))).toMatchObject([{status: 'pass'}]);
	});

	it('fails a t= in the future beyond 5 minutes (a signer clock ahead), and passes one within them', async () => {
		const ahead = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: new Date(NOW + 6 * 60_000 + 30_000)});
		expect(await strict(ahead)).toMatchObject([{status: 'fail', reason: "the signature is dated 2026-12-07 09:06:30 UTC (t=), in the future: the signer's clock is more than 5 minutes ahead"}]);
		expect(await strict(await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: new Date(NOW + 4 * 60_000)}))).toMatchObject([{status: 'pass'}]);
	});

	it('fails an x= not after t= as malformed, and a t= that is not digits', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: at('2026-12-07T08:00')});
		const t = /t=(\d+)/.exec(message)![1]!;
		expect(await strict(message.replace(`t=${t}`, `t=${t}; x=${Number(t) - 60}`))).toMatchObject([
			{status: 'fail', reason: 'malformed DKIM-Signature: it expires (x=, 2026-12-07 07:59 UTC) before it was made (t=, 2026-12-07 08:00 UTC): x= must be later'},
		]);
		expect(await strict(message.replace(`t=${t}`, 't=soon'))).toMatchObject([{status: 'fail', reason: 'malformed DKIM-Signature: t=soon is not the time it was signed in seconds (digits only)'}]);
	});

	it('fails an i= outside d= and its subdomains (§6.1.1), read as quoted-printable, and one that is no address; passes a subdomain', async () => {
		const other = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@example.test.evil', signTime: SIGNED});
		expect(await strict(other)).toMatchObject([{status: 'fail', reason: 'i=app@example.test.evil is not in d=example.test or a subdomain of it (RFC 6376 §6.1.1)'}]);
		// i= is dkim-quoted-printable (§2.11): =40 is the @.
		expect(await strict(other.replace('i=app@', 'i=app=40'))).toMatchObject([{status: 'fail', reason: 'i=app@example.test.evil is not in d=example.test or a subdomain of it (RFC 6376 §6.1.1)'}]);
		const sub = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@mail.example.test', signTime: SIGNED});
		expect(await strict(sub)).toMatchObject([{status: 'pass'}]);
		expect(await strict(sub.replace('i=app@mail.example.test', 'i=mail.example.test'))).toMatchObject([{status: 'fail', reason: 'malformed DKIM-Signature: i=mail.example.test is not an address (it has no @)'}]);
	});

	it('fails a signature whose h= leaves out From', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: SIGNED});
		expect(message).toContain(': From;');
		expect(await strict(message.replace(': From;', ';'))).toMatchObject([{status: 'fail', reason: 'the signature does not cover the From header (h= must list from)'}]);
	});

	it("fails on what the key's record forbids: h= without sha256, s= not email, t=s with an i= in a subdomain, a v= other than DKIM1", async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: SIGNED});
		const sub = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@mail.example.test', signTime: SIGNED});
		const own = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@example.test', signTime: SIGNED});
		const name = 'sel._domainkey.example.test';
		const cases: Array<[string, string, string | undefined]> = [
			[message, rsa.record.replace('k=rsa', 'k=rsa; h=sha1'), `the key at ${name} allows h=sha1 only, not the signature's sha256 (a=rsa-sha256)`],
			[message, rsa.record.replace('k=rsa', 'k=rsa; h=sha1:sha256'), undefined],
			[message, rsa.record.replace('k=rsa', 'k=rsa; s=tlsrpt'), `the key at ${name} is for s=tlsrpt, not email: mail may not be verified with it (RFC 6376 §3.6.1)`],
			[message, rsa.record.replace('k=rsa', 'k=rsa; s=email:tlsrpt'), undefined],
			[message, rsa.record.replace('k=rsa', 'k=rsa; s=*'), undefined],
			[sub, rsa.record.replace('k=rsa', 'k=rsa; t=s'), `the key at ${name} has t=s (strict): i= must be in d= itself, not in mail.example.test`],
			[own, rsa.record.replace('k=rsa', 'k=rsa; t=s'), undefined],
			[message, rsa.record.replace('v=DKIM1', 'v=DKIM2'), `the record at ${name} has v=DKIM2, not v=DKIM1: it is no DKIM key`],
		];
		for (const [signedMessage, record, reason] of cases) {
			expect(await strict(signedMessage, withRecord(record)), record).toMatchObject([reason === undefined ? {status: 'pass'} : {status: 'fail', reason}]);
		}
	});

	it('passes a key with t=y and says the domain is testing, on a failure too', async () => {
		const message = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: SIGNED});
		const testing = withRecord(rsa.record.replace('k=rsa', 'k=rsa; t=y:s'));
		const [pass] = await strict(message, testing);
		expect(pass).toEqual({status: 'pass', domain: 'example.test', selector: 'sel', algorithm: 'rsa-sha256', keyBits: 2048, testing: true});
		expect(signatureWords(pass!)).toBe('pass d=example.test s=sel rsa-sha256, 2048-bit key; t=y: the domain says it is testing DKIM, so receivers may treat a failure as no signature');
		expect(await strict(message.replace('Subject: Your receipt', 'Subject: Your refund'), testing)).toMatchObject([{status: 'fail', reason: 'signature did not verify: headers changed or the wrong key', testing: true}]);
		expect((await strict(message))[0]).not.toHaveProperty('testing');
	});

	it('agrees with mailauth in its strict mode on each of these, but a t= in the future, which mailauth passes (RFC 6376 lets a verifier ignore such a signature)', async () => {
		const {dkimVerify} = await import('mailauth/lib/dkim/verify.js');
		const name = 'sel._domainkey.example.test';
		const base = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: at('2026-12-07T08:00')});
		const cases: Array<[string, string]> = [
			[await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: at('2026-11-30T10:00'), expires: at('2026-12-01T10:00')}), rsa.record],
			[base.replace(/t=(\d+)/, (tag, t: string) => `${tag}; x=${Number(t) - 60}`), rsa.record],
			[await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@example.test.evil', signTime: SIGNED}), rsa.record],
			[base, rsa.record.replace('k=rsa', 'k=rsa; h=sha1')],
			[base, rsa.record.replace('k=rsa', 'k=rsa; s=tlsrpt')],
			[await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {identity: 'app@mail.example.test', signTime: SIGNED}), rsa.record.replace('k=rsa', 'k=rsa; t=s')],
			[base, rsa.record.replace('k=rsa', 'k=rsa; t=y')],
			[base, rsa.record],
		];
		for (const [message, record] of cases) {
			const theirs = await dkimVerify(Buffer.from(message), {strict: true, curTime: new Date(NOW), resolver: async (asked: string) => (asked === name ? [[record]] : Promise.reject(Object.assign(new Error('no'), {code: 'ENOTFOUND'})))} as never);
			const ours = await strict(message, withRecord(record));
			expect(ours.map(result => result.status === 'pass'), `${record}\n${message.slice(0, 400)}`).toEqual(theirs.results.map(result => result.status.result === 'pass'));
		}
		const ahead = await signed(SAMPLE, rsa, 'example.test', 'sel', undefined, {signTime: new Date(NOW + 3_600_000)});
		const theirs = await dkimVerify(Buffer.from(ahead), {strict: true, curTime: new Date(NOW), resolver: async () => [[rsa.record]]} as never);
		expect([(await strict(ahead))[0]!.status, theirs.results[0]!.status.result]).toEqual(['fail', 'pass']);
	});
});

describe('verifyDkim on anything a client sends', () => {
	it('never throws: every signature gets a result, whatever its tags and key record say', async () => {
		const {default: fc} = await import('fast-check');
		const value = fc.string({maxLength: 12});
		const tag = fc.tuple(fc.constantFrom('v', 'a', 'b', 'bh', 'c', 'd', 'h', 'i', 'l', 's', 'x', 'q', 't'), value).map(([name, text]) => `${name}=${text}`);
		const good = await signed(SAMPLE, rsa, 'example.test', 'sel');
		await fc.assert(
			fc.asyncProperty(fc.array(tag, {maxLength: 10}), fc.oneof(fc.constant(rsa.record), fc.constant(makeKey('ed25519').record), fc.string({maxLength: 40})), fc.boolean(), async (tags, record, keep) => {
				// A valid signature with tags added or replaced, or tags alone; the signer's key, an ed25519 one, or a random record.
				const field = keep ? good.slice(0, good.indexOf('\r\nFrom:')) + `; ${tags.join('; ')}` : `DKIM-Signature: ${tags.join('; ')}`;
				const results = await verifyDkim([Buffer.from(`${field}\r\n${SAMPLE}`, 'latin1')], async () => ({records: [record]}));
				expect(results).toHaveLength(1);
				expect(['pass', 'fail', 'temperror']).toContain(results[0]!.status);
			}),
			{numRuns: 300},
		);
	});
});

describe('verifyDkim agrees with mailauth (an independent verifier)', () => {
	it('on which signatures pass, for every canonicalization, ed25519, and bodies and headers changed after signing', async () => {
		const {dkimVerify} = await import('mailauth/lib/dkim/verify.js');
		const ed = makeKey('ed25519');
		const records: Record<string, string> = {'sel._domainkey.example.test': rsa.record, 'ed._domainkey.example.test': ed.record};
		const messages: string[] = [];
		for (const canonicalization of ['relaxed/relaxed', 'simple/simple', 'relaxed/simple', 'simple/relaxed']) {
			const message = await signed(SAMPLE, rsa, 'example.test', 'sel', canonicalization);
			messages.push(message, message.replace('Thanks  for', 'Thanks for'), message.replace('Subject: Your', 'Subject:  Your'), message.replace('order. \r\n', 'order.\r\n'));
		}
		messages.push(await signed(SAMPLE, ed, 'example.test', 'ed'), (await signed(SAMPLE, ed, 'example.test', 'ed')).replace('order', 'Order'));
		for (const message of messages) {
			const theirs = await dkimVerify(Buffer.from(message), {resolver: async (name: string) => (records[name] ? [[records[name]]] : Promise.reject(Object.assign(new Error('no'), {code: 'ENOTFOUND'})))} as never);
			const ours = await verifyDkim([Buffer.from(message)], lookupOf(Object.fromEntries(Object.entries(records).map(([name, record]) => [name, {records: [record]}]))));
			expect(ours.map(result => result.status === 'pass'), message).toEqual(theirs.results.map(result => result.status.result === 'pass'));
		}
	});
});
