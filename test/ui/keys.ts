// Key objects as Ink 6.8's useInput builds them, for pure router tests.
import type {Key} from 'ink';
import {PLAIN_KEY} from '../../source/ui/keys/plain-key.js';

export function key(flags: Partial<Key> = {}): Key {
	return {...PLAIN_KEY, ...flags};
}
