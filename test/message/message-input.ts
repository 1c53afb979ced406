// A plain message for composeMessage, with the fields a test cares about given.
import type {MessageInput} from '../../source/message/compose.js';

export const baseMessage = (overrides: Partial<MessageInput> = {}): MessageInput => ({
	from: 'sender@example.com',
	to: ['rcpt@example.org'],
	cc: [],
	bcc: [],
	subject: 'Hello',
	body: {kind: 'text', text: 'Hi there\n'},
	headers: [],
	attachments: [],
	...overrides,
});
