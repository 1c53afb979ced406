// DANE matching (RFC 7672, RFC 7671) on real certificates: a test CA and a server certificate it signed, their DER
// as a server's chain presents them; digests from the openssl command where a zone's record would come from.
import {execFileSync} from 'node:child_process';
import {X509Certificate} from 'node:crypto';
import {beforeAll, describe, expect, test} from 'vitest';
import {certsFor, type KeyAndCert} from '../helpers/certs.js';
import {daneMatch, spkiSha256, unusableReason} from '../../source/transport/tlsa-match.js';

let ca: string;
let leaf: KeyAndCert;
let stranger: KeyAndCert;
let chain: Buffer[];

beforeAll(async () => {
	let leaves: KeyAndCert[];
	({ca, leaves} = await certsFor(['mx.example.test']));
	leaf = leaves[0]!;
	// The same names from another CA of the same name: a key this chain's CA never signed.
	stranger = (await certsFor(['mx.example.test'])).leaves[0]!;
	chain = [new X509Certificate(leaf.cert).raw, new X509Certificate(ca).raw];
});

const record = (usage: number, selector: number, matchingType: number, data: string) => ({usage, selector, matchingType, data});
const der = (pem: string) => new X509Certificate(pem).raw;
const spkiDer = (pem: string) => execFileSync('openssl', ['pkey', '-pubin', '-outform', 'DER'], {input: execFileSync('openssl', ['x509', '-pubkey', '-noout'], {input: pem})});
const dgst = (algorithm: string, bytes: Buffer) => /([0-9a-f]{64,128})/.exec(execFileSync('openssl', ['dgst', `-${algorithm}`], {input: bytes}).toString())![1]!;
const YEAR_2200 = Date.parse('2200-01-01');

describe('daneMatch', () => {
	test('spkiSha256 is the SHA-256 of the SubjectPublicKeyInfo, as openssl computes it', () => {
		expect(spkiSha256(der(leaf.cert))).toBe(dgst('sha256', spkiDer(leaf.cert)));
	});

	test('DANE-EE: every selector and matching type, against the server certificate alone', () => {
		const cases = [
			record(3, 1, 1, dgst('sha256', spkiDer(leaf.cert))),
			record(3, 1, 2, dgst('sha512', spkiDer(leaf.cert))),
			record(3, 1, 0, spkiDer(leaf.cert).toString('hex')),
			record(3, 0, 1, dgst('sha256', der(leaf.cert))),
			record(3, 0, 0, der(leaf.cert).toString('hex').toUpperCase()),
		];
		for (const tlsa of cases) expect(daneMatch([tlsa], chain, ['mx.example.test'])).toMatchObject({matched: true, record: tlsa});
		expect(daneMatch([record(3, 1, 1, dgst('sha256', spkiDer(stranger.cert)))], chain, ['mx.example.test'])).toEqual({matched: false});
		// A DANE-EE record of the CA's key is no match: usage 3 is the server's own certificate.
		expect(daneMatch([record(3, 1, 1, dgst('sha256', spkiDer(ca)))], chain, ['mx.example.test'])).toEqual({matched: false});
	});

	test('DANE-EE checks neither the name nor the validity dates; DANE-TA checks both', () => {
		const ee = record(3, 1, 1, dgst('sha256', spkiDer(leaf.cert)));
		expect(daneMatch([ee], chain, ['other.example.test'], YEAR_2200).matched).toBe(true);
		const ta = record(2, 1, 1, dgst('sha256', spkiDer(ca)));
		expect(daneMatch([ta], chain, ['mx.example.test'])).toMatchObject({matched: true, how: "matches the CA CN=smtp-tui names CA's public key, which the certificate chains up to"});
		expect(daneMatch([ta], chain, ['other.example.test'])).toEqual({matched: false, why: '2 1 1 matches the CA CN=smtp-tui names CA, but the certificate is not valid for other.example.test'});
		expect(daneMatch([ta], chain, ['mx.example.test'], YEAR_2200)).toEqual({matched: false, why: "2 1 1 matches the CA CN=smtp-tui names CA, but the server's certificate has expired"});
		const notYet = new X509Certificate(leaf.cert).validFrom;
		expect(daneMatch([ta], chain, ['mx.example.test'], Date.parse(notYet) - 60_000)).toEqual({matched: false, why: `2 1 1 matches the CA CN=smtp-tui names CA, but the server's certificate is not valid until ${new Date(notYet).toISOString().slice(0, 16).replace('T', ' ')} UTC`});
		expect(daneMatch([ee], chain, ['mx.example.test'], Date.parse(notYet) - 60_000).matched).toBe(true);
	});

	test('DANE-TA: a chain whose CA did not sign the certificate does not hold', () => {
		const ta = record(2, 0, 1, dgst('sha256', der(ca)));
		expect(daneMatch([ta], [der(stranger.cert), der(ca)], ['mx.example.test'])).toMatchObject({matched: false, why: expect.stringMatching(/^2 0 1 matches the CA CN=smtp-tui names CA, but the chain is broken at /) as string});
	});

	test('PKIX usages and undefined fields are unusable, and never match', () => {
		const pkix = record(1, 1, 1, dgst('sha256', spkiDer(leaf.cert)));
		expect(unusableReason(pkix)).toBe('usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)');
		expect(daneMatch([pkix], chain, ['mx.example.test'])).toEqual({matched: false});
		expect(unusableReason(record(3, 2, 1, 'ab'))).toBe('selector 2 is not defined');
		expect(unusableReason(record(3, 1, 3, 'ab'))).toBe('matching type 3 is not defined');
		expect(unusableReason(record(3, 1, 1, 'abcd'))).toBe('its data is not a SHA-256 digest (2 bytes)');
	});
});
