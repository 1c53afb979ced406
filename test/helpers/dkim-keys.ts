// DKIM keys made at test time and messages signed by an independent signer (mailauth's dkimSign): what the sandbox's
// own verifier is checked against.
import crypto from 'node:crypto';
import {dkimSign} from 'mailauth/lib/dkim/sign.js';

export type TestKey = {privateKey: string; record: string; type: 'rsa' | 'ed25519'};

/** A fresh key pair and its DNS TXT record (`v=DKIM1; k=…; p=…`). */
export function makeKey(type: 'rsa' | 'ed25519' = 'rsa', bits = 2048): TestKey {
	const pair = type === 'rsa' ? crypto.generateKeyPairSync('rsa', {modulusLength: bits}) : crypto.generateKeyPairSync('ed25519');
	const der = pair.publicKey.export({type: 'spki', format: 'der'});
	// An ed25519 record holds the 32 bytes of the key alone (RFC 8463 §4.2), the DER prefix cut off.
	const p = (type === 'ed25519' ? der.subarray(der.length - 32) : der).toString('base64');
	return {privateKey: pair.privateKey.export({type: 'pkcs8', format: 'pem'}) as string, record: `v=DKIM1; k=${type}; p=${p}`, type};
}

/** The record split into DNS strings of at most 255 bytes, as a zone holds a long key. */
export const txtStrings = (record: string) => record.match(/.{1,255}/g)!;

/** What else mailauth's signer is told: l= (`maxBodyLength`), i= (`identity`), t= (`signTime`), x= (`expires`). */
export type SignedWith = {maxBodyLength?: number; identity?: string; signTime?: Date; expires?: Date};

/** `message` with a DKIM-Signature by `key` prepended; `canonicalization` as c= ("relaxed/relaxed" unless told). */
export async function signed(message: string, key: TestKey, domain: string, selector: string, canonicalization = 'relaxed/relaxed', {maxBodyLength, identity, ...times}: SignedWith = {}): Promise<string> {
	const signature = {signingDomain: domain, selector, privateKey: key.privateKey, canonicalization, ...(maxBodyLength !== undefined && {maxBodyLength}), ...(identity !== undefined && {identity})};
	const result = await dkimSign(message, {signatureData: [signature], ...times} as Parameters<typeof dkimSign>[1]);
	if (result.errors.length > 0 || result.signatures === '') throw new Error(`dkimSign: ${JSON.stringify(result.errors)}`);
	return result.signatures + message;
}

export const SAMPLE = ['From: App <app@example.test>', 'To: dev@example.test', 'Subject: Your receipt', 'Date: Mon, 07 Dec 2026 04:00:00 +0000', 'Message-ID: <r1@example.test>', '', 'Thanks  for your order. ', '', ''].join('\r\n');
