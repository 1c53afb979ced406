// What a --record file says the server sent, one text per chunk received, in order.
import {readFileSync} from 'node:fs';

export function receivedTexts(file: string): string[] {
	return readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as {type: string; text?: string})
		.filter(event => event.type === 'in')
		.map(event => event.text ?? '');
}
