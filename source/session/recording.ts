// --record FILE: every byte sent and received with its time, plus TLS details, as JSON lines. The driver hands
// over commands already redacted (AUTH payloads never reach the file). Replay reads the same format.
import {appendFileSync, writeFileSync} from 'node:fs';
import type {Command} from '../smtp/types.js';
import {isHostName} from '../transport/host-port.js';
import type {WireRecord} from './driver.js';
import type {TlsInfo, TlsPolicy} from './types.js';

export const RECORDING_VERSION = 1;

export type RecordingMeta = {type: 'meta'; version: number; tool: 'smtp-tui'; host: string; port: number; tls: TlsPolicy; startedAt: string};

/** `t`: milliseconds since the recording started. Bytes as UTF-8 `text`, or `base64` when they are not UTF-8. */
export type RecordingEvent =
	| {type: 'in'; t: number; tls: boolean; text?: string; base64?: string}
	| {type: 'out'; t: number; tls: boolean; text?: string; base64?: string; verb?: Command['verb']; body?: true; truncated?: number}
	| {type: 'tls'; t: number; info: TlsInfo};

export type Recording = {meta: RecordingMeta; events: RecordingEvent[]};

export class RecordingError extends Error {}

/** Message bodies are kept up to this many bytes; the rest is counted, not stored. */
const BODY_LIMIT = 256 * 1024;

function encodeBytes(bytes: Buffer): {text: string} | {base64: string} {
	const text = bytes.toString('utf8');
	return Buffer.from(text, 'utf8').equals(bytes) ? {text} : {base64: bytes.toString('base64')};
}

/** The DATA encoder writes the final "." line as its own chunk, or at the end of the last one. */
export function isBodyEnd(bytes: Buffer): boolean {
	return bytes.equals(Buffer.from('.\r\n')) || bytes.subarray(-5).toString('latin1') === '\r\n.\r\n';
}

export function eventBytes(event: Extract<RecordingEvent, {type: 'in' | 'out'}>): Buffer {
	return event.base64 === undefined ? Buffer.from(event.text ?? '', 'utf8') : Buffer.from(event.base64, 'base64');
}

/** Appends each record as it happens, so a crash keeps everything up to it. */
export type RecordingTarget = Omit<RecordingMeta, 'type' | 'version' | 'tool' | 'startedAt'>;

export class RecordingWriter {
	readonly #file: string;
	#start = Date.now();
	#recorded = false;
	#bodyBytes = 0;
	/** Read again at the first record: the dashboard's target is known only then (the sandbox's port, panel edits). */
	#target: (() => RecordingTarget) | undefined;

	/**
	 * Writes the header at once, so a path that cannot be written fails before anything is sent; `current`, when
	 * given, is asked again at the first record.
	 */
	constructor(file: string, target: RecordingTarget, current?: () => RecordingTarget) {
		this.#file = file;
		this.#target = current;
		this.#writeHeader(target);
	}

	#writeHeader(target: RecordingTarget): void {
		const header: RecordingMeta = {type: 'meta', version: RECORDING_VERSION, tool: 'smtp-tui', ...target, startedAt: new Date(this.#start).toISOString()};
		writeFileSync(this.#file, `${JSON.stringify(header)}\n`, {mode: 0o600});
	}

	/**
	 * The connection is being opened: before the first record, the clock starts here, so the greeting's time is
	 * the server's, not how long the dashboard sat idle before Ctrl+S (a replay would pause that long).
	 */
	connecting(time = Date.now()): void {
		if (!this.#recorded) this.#start = time;
	}

	record = (record: WireRecord): void => {
		this.#recorded = true;
		if (this.#target) {
			this.#writeHeader(this.#target());
			this.#target = undefined;
		}
		const t = record.time - this.#start;
		let event: RecordingEvent;
		if (record.direction === 'tls') event = {type: 'tls', t, info: record.info};
		else if (record.direction === 'in') event = {type: 'in', t, tls: record.tls, ...encodeBytes(record.bytes)};
		else if (record.body) {
			const room = Math.max(0, BODY_LIMIT - this.#bodyBytes);
			this.#bodyBytes += record.bytes.length;
			const kept = record.bytes.subarray(0, room);
			const cut = record.bytes.length - kept.length;
			// The final dot is always kept, so a replay still sees where the message ends.
			const bytes = cut > 0 && isBodyEnd(record.bytes) ? Buffer.concat([kept, Buffer.from(kept.length > 0 ? '\r\n.\r\n' : '.\r\n')]) : kept;
			if (bytes.length === 0) return;
			event = {type: 'out', t, tls: record.tls, body: true, ...encodeBytes(bytes), ...(cut > 0 && {truncated: cut})};
		} else {
			event = {type: 'out', t, tls: record.tls, ...encodeBytes(record.bytes), ...(record.verb && {verb: record.verb})};
			this.#bodyBytes = 0;
		}
		appendFileSync(this.#file, `${JSON.stringify(event)}\n`);
	};
}

/** Reads a recording; errors name the line that is wrong. */
export function parseRecording(text: string, source = 'recording'): Recording {
	const lines = text.split('\n').filter(line => line.trim() !== '');
	const parse = (line: string, number: number): Record<string, unknown> => {
		try {
			const value: unknown = JSON.parse(line);
			if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
		} catch {
			// reported below
		}
		throw new RecordingError(`${source}, line ${number}: not a JSON object`);
	};
	if (lines.length === 0) throw new RecordingError(`${source} is empty: not an smtp-tui recording`);
	const meta = parse(lines[0]!, 1);
	if (meta.type !== 'meta' || meta.tool !== 'smtp-tui') throw new RecordingError(`${source} is not an smtp-tui recording (made with --record)`);
	if (meta.version !== RECORDING_VERSION) throw new RecordingError(`${source}: recording version ${String(meta.version)} is not supported (this smtp-tui reads version ${RECORDING_VERSION})`);
	if (typeof meta.host !== 'string' || typeof meta.port !== 'number') throw new RecordingError(`${source}, line 1: the header lacks host or port`);
	// A recording is a file passed around a workshop: what it names is checked before anything shows it.
	if (!isHostName(meta.host)) throw new RecordingError(`${source}, line 1: the host ${JSON.stringify(meta.host)} is not a host name`);
	if (!Number.isInteger(meta.port) || meta.port < 1 || meta.port > 65_535) throw new RecordingError(`${source}, line 1: the port ${meta.port} is not a port number (1 to 65535)`);
	const events = lines.slice(1).map((line, index) => {
		const event = parse(line, index + 2);
		const fine =
			typeof event.t === 'number' &&
			(event.type === 'tls' ? typeof event.info === 'object' && event.info !== null : (event.type === 'in' || event.type === 'out') && (typeof event.text === 'string' || typeof event.base64 === 'string'));
		if (!fine) throw new RecordingError(`${source}, line ${index + 2}: not a recording event (in, out or tls with a time)`);
		return event as RecordingEvent;
	});
	return {meta: meta as RecordingMeta, events};
}
