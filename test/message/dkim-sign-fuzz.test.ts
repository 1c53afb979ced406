// Composed messages with random subjects, display names, extra headers and bodies (non-ASCII, long lines that fold,
// runs of blanks, tabs, dots, empty lines), signed here and verified by an independent verifier (mailauth's
// dkimVerify): every one that the composer builds must pass, with RSA and Ed25519.
import {generateKeyPairSync} from 'node:crypto';
import fc from 'fast-check';
import {dkimVerify} from 'mailauth/lib/dkim/verify.js';
import {describe, expect, it} from 'vitest';
import {composeMessage} from '../../source/message/compose.js';
import {signMessage} from '../../source/message/dkim-message.js';
import {recordToPublish} from '../../source/message/dkim-record.js';
import type {DkimKey} from '../../source/message/dkim-sign.js';
import {SmtpInputError} from '../../source/smtp/types.js';

const keys: DkimKey[] = [
	{key: generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey, algorithm: 'rsa-sha256', bits: 2048},
	{key: generateKeyPairSync('ed25519').privateKey, algorithm: 'ed25519-sha256', bits: 256},
];

const piece = fc.oneof(fc.string({maxLength: 20}), fc.constantFrom(' ', '  ', '\t', 'é', 'Grüße', '日本語', '.', '=?UTF-8?Q?x?=', 'x'.repeat(120)));
const text = fc.array(piece, {maxLength: 8}).map(parts => parts.join(''));
const body = fc.array(fc.oneof(text, fc.constant(''), fc.constant('.'), fc.constant(' \t ')), {maxLength: 12}).map(lines => lines.join('\n'));

async function bytesOf(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(Buffer.from(chunk));
	return Buffer.concat(chunks);
}

describe('signed composed messages verify', () => {
	it('for random subjects, names, headers and bodies', async () => {
		await fc.assert(
			fc.asyncProperty(text, text, text, body, fc.nat({max: 1}), async (subject, name, header, bodyText, which) => {
				const key = keys[which]!;
				let composed;
				try {
					composed = await composeMessage({from: `"${name.replace(/["\\]/g, '')}" <ann@example.test>`, to: ['bob@example.test'], cc: [], bcc: [], subject: subject.trim() === '' ? 'x' : subject, body: {kind: 'text', text: bodyText}, headers: header.trim() === '' ? [] : [{name: 'X-Note', value: header.trim()}], attachments: []});
				} catch (error) {
					// What the composer refuses (a control character, say) is never signed.
					if (error instanceof SmtpInputError) return;
					throw error;
				}
				const {message} = await signMessage(composed, {key, selector: 's1'});
				const raw = await bytesOf(message.stream());
				const resolver = async (asked: string) => (asked === 's1._domainkey.example.test' ? [[recordToPublish(key)]] : Promise.reject(Object.assign(new Error('none'), {code: 'ENOTFOUND'})));
				const {results} = await dkimVerify(raw, {resolver});
				expect(results.map(result => `${result.status.result} ${result.status.comment ?? ''}`)).toEqual(['pass ']);
			}),
			{numRuns: 150},
		);
	}, 60_000);
});
