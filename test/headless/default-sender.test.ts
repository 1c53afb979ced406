// The sender `send` makes without --from must be an address compose takes, whatever the account is called
// (a Windows account "John Smith" made "John Smith@DESKTOP-7QK2M1", refused as a display name nobody typed).
import {describe, expect, it} from 'vitest';
import {defaultSender, senderLocalPart} from '../../source/headless/default-sender.js';
import {parseSendFlags} from '../../source/headless/send-options.js';
import {composeMessage} from '../../source/message/compose.js';
import {baseMessage} from '../message/message-input.js';
import {refusal} from '../helpers/usage-refusal.js';

describe('the default sender', () => {
	it.each([
		['ann', 'ann'],
		['John Smith', 'John.Smith'],
		['José García', 'Jose.Garcia'],
		['o.brien (admin)', 'o.brien.admin'],
		['.hidden..user.', 'hidden.user'],
		['山田', 'you'],
		['', 'you'],
		['x'.repeat(70), 'x'.repeat(64)],
	])('makes the account %j the local part %j', (user, local) => {
		expect(senderLocalPart(user)).toBe(local);
	});

	it.each(['John Smith', 'José García', 'o.brien (admin)', 'DOMAIN\\user', '"quoted"', 'a@b'])('for the account %j is an address compose takes', async user => {
		const from = defaultSender(user, 'DESKTOP-7QK2M1');
		const message = await composeMessage(baseMessage({from}));
		// The domain goes lower-cased, as DNS names are compared.
		expect(message.envelope.from).toBe(`${senderLocalPart(user)}@desktop-7qk2m1`);
	});

	it('drops the dot that ends a fully-qualified host name', () => {
		expect(defaultSender('ann', 'mac.example.')).toBe('ann@mac.example');
	});

	it.each(['', 'my host', '10.0.0.7', '-dash.example', 'a..b'])('says a host name %j makes no default, and to give --from', host => {
		const error = refusal(() => defaultSender('ann', host));
		expect(error.message).toBe(`no --from, and this machine's host name (${JSON.stringify(host)}) makes no usable default sender`);
		expect(error.hint).toBe("give the sender's address: --from you@example.com");
	});

	it('is what send uses without --from', () => {
		expect(parseSendFlags({host: '127.0.0.1', to: ['a@example.test']}, {}).from).toBe(defaultSender());
	});
});
