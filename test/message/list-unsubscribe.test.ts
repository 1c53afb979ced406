// The bulk sender's unsubscribe headers (RFC 2369, RFC 8058): their usual mistakes, warned of before sending.
import {describe, expect, it} from 'vitest';
import {composeMessage} from '../../source/message/compose.js';
import {listUnsubscribeProblems} from '../../source/message/list-unsubscribe.js';
import {baseMessage} from './message-input.js';

const problems = (headers: Record<string, string>) => listUnsubscribeProblems(Object.entries(headers).map(([name, value]) => ({name, value})));
const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe('listUnsubscribeProblems', () => {
	it('passes what Gmail and Yahoo ask of a bulk sender, a comment and any case of the names included', () => {
		expect(problems({'List-Unsubscribe': '<https://acme.example/u?id=1>, <mailto:u@acme.example?subject=unsub> (one click)', 'List-Unsubscribe-Post': ONE_CLICK})).toEqual([]);
		expect(problems({'list-unsubscribe': '<mailto:u@acme.example>'})).toEqual([]);
		expect(problems({'X-Other': 'https://acme.example/u'})).toEqual([]);
	});

	it('names an address outside <>, a List-Unsubscribe with no usable address, and each List-Unsubscribe-Post mistake', () => {
		expect(problems({'List-Unsubscribe': 'https://acme.example/u, <mailto:u@acme.example>'})).toEqual([
			'warning: List-Unsubscribe has "https://acme.example/u" outside <>: each address goes in angle brackets, as <https://…>, <mailto:…> (RFC 2369), or mail programs show no unsubscribe link',
		]);
		expect(problems({'List-Unsubscribe': '<tel:123>'})).toEqual(['warning: List-Unsubscribe gives no <https:…> or <mailto:…> address: mail programs show no unsubscribe link']);
		expect(problems({'List-Unsubscribe': '<mailto:u@acme.example>', 'List-Unsubscribe-Post': 'List-Unsubscribe=one-click'})).toEqual([
			'warning: List-Unsubscribe-Post is "List-Unsubscribe=one-click": RFC 8058 asks for exactly "List-Unsubscribe=One-Click", else no one-click unsubscribe is offered',
			'warning: List-Unsubscribe-Post, but List-Unsubscribe has no <https:…> address, which one-click unsubscribe POSTs to (RFC 8058)',
		]);
		expect(problems({'List-Unsubscribe-Post': ONE_CLICK})).toEqual([
			'warning: List-Unsubscribe-Post without List-Unsubscribe: one-click unsubscribe POSTs to the https address List-Unsubscribe gives (RFC 8058)',
		]);
	});

	it('reaches the composed message as notes, the headers sent as given', async () => {
		const message = await composeMessage(baseMessage({headers: [{name: 'List-Unsubscribe-Post', value: ONE_CLICK}]}));
		expect(message.notes).toEqual([expect.stringMatching(/^warning: List-Unsubscribe-Post without List-Unsubscribe/)]);
	});
});
