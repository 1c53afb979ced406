// The verdict on a DKIM key record (RFC 6376 §3.6.1) against the key signing: the cases a DNS test would need a
// zone for each, checked on the record's text. Keys are made at test time.
import {createPublicKey, generateKeyPairSync} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {keyRecordVerdict, publicKeyValue, recordToPublish} from '../../source/message/dkim-record.js';
import type {DkimKey} from '../../source/message/dkim-sign.js';

const rsa: DkimKey = {key: generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey, algorithm: 'rsa-sha256', bits: 2048};
const ed: DkimKey = {key: generateKeyPairSync('ed25519').privateKey, algorithm: 'ed25519-sha256', bits: 256};
const name = 's1._domainkey.example.com';
const verdict = (records: string[], key = rsa) => keyRecordVerdict(records, key, name);

describe('keyRecordVerdict', () => {
	it('takes the record as zone files and DNS UIs write it: blanks inside p=, no v= or k=', () => {
		const p = publicKeyValue(rsa);
		expect(verdict([`v=DKIM1; k=rsa; p=${p.slice(0, 100)} ${p.slice(100)}`]).status).toBe('match');
		expect(verdict([`p=${p}`]).status).toBe('match');
		expect(verdict([recordToPublish(ed)], ed).status).toBe('match');
	});

	it('an RSA key published as PKCS#1 (RSAPublicKey) matches too, as verifiers take it', () => {
		const pkcs1 = createPublicKey(rsa.key).export({format: 'der', type: 'pkcs1'}).toString('base64');
		expect(verdict([`v=DKIM1; p=${pkcs1}`]).status).toBe('match');
	});

	it('an Ed25519 key published whole (SubjectPublicKeyInfo, not its 32 bytes) is unusable, as verifiers fail it (RFC 8463 §4.2)', () => {
		const spki = createPublicKey(ed.key).export({format: 'der', type: 'spki'}).toString('base64');
		expect(verdict([`v=DKIM1; k=ed25519; p=${spki}`], ed)).toMatchObject({status: 'unusable', text: expect.stringContaining('is not a valid Ed25519 public key') as string});
	});

	it('a record entered with its zone-file quotes (a DNS host keeps them as text) is unusable, saying so, whatever the quotes cut', () => {
		const p = publicKeyValue(rsa);
		for (const record of [`"v=DKIM1; k=rsa; " "p=${p}"`, `"v=DKIM1; k=rsa; p=${p}"`, `v=DKIM1; k=rsa; p=${p.slice(0, 200)}" "${p.slice(200)}`]) {
			expect(verdict([record])).toMatchObject({status: 'unusable', text: expect.stringContaining('has quote marks (") in its text: the DNS host took them for part of the record') as string});
		}
	});

	it.each([
		[[`v=DKIM1; k=ed25519; p=${publicKeyValue(ed)}`], 'different', 'is for a key of type k=ed25519, and this key is RSA: mail signed with it fails DKIM'],
		[[`v=DKIM1; h=sha1; p=${publicKeyValue(rsa)}`], 'unusable', 'allows h=sha1 only, not sha256'],
		[[`v=DKIM2; p=${publicKeyValue(rsa)}`], 'unusable', 'has v=DKIM2, not v=DKIM1: receivers ignore it'],
		[['v=DKIM1; k=rsa'], 'none', 'no DKIM key in DNS at s1._domainkey.example.com (1 other TXT record there, none with p=)'],
		[[`p=${publicKeyValue(rsa)}`, `p=${publicKeyValue(rsa)}`], 'unusable', '2 DKIM key records at s1._domainkey.example.com: which one a receiver uses is undefined'],
		[[`v=DKIM1; k=rsa; p=${publicKeyValue(rsa)}; no tag here`], 'unusable', 'is not a list of tag=value pairs separated by ";": receivers ignore it'],
		[[], 'none', 'no DKIM key in DNS at s1._domainkey.example.com: receivers cannot verify'],
	])('%o: %s', (records, status, text) => {
		const found = verdict(records);
		expect(found.status).toBe(status);
		expect(found.text).toContain(text);
	});
});
