// Log entries shaped like the driver's: consecutive ids, a reply on the last line of each reply.
import type {LogEntry} from '../../source/session/types.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

export function sent(id: number, text: string): LogEntry {
	return {id, time: T0 + id, kind: 'sent', text};
}

export function received(id: number, text: string, explanation?: string, latencyMs?: number): LogEntry {
	const code = Number(text.slice(0, 3));
	return {
		id,
		time: T0 + id,
		kind: 'received',
		text,
		reply: {code, lines: [text.slice(4)], raw: [text]},
		explanation,
		latencyMs,
	};
}

/** `count` entries numbered from `firstId`; every entry's text names its id ("line 00042"). */
export function numberedEntries(count: number, firstId = 1): LogEntry[] {
	const entries: LogEntry[] = [];
	for (let index = 0; index < count; index++) {
		const id = firstId + index;
		entries.push(index % 2 === 0 ? sent(id, `NOOP line ${String(id).padStart(6, '0')}`) : {id, time: T0 + id, kind: 'received', text: `250 line ${String(id).padStart(6, '0')}`});
	}
	return entries;
}
