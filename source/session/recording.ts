// --record FILE: every byte sent and received with its time, plus TLS details, as JSON lines. The driver hands
// over commands already redacted (AUTH payloads never reach the file). Replay reads the same format.
import {safeJson} from '../text/escape.js';
import {shellWord} from '../text/shell-word.js';
import type {Command, TlsPolicy} from '../smtp/types.js';
import {isHostName} from '../transport/host-port.js';
import type {ClientCertificateFailure, RefusedCertificate} from '../transport/connect-error.js';
import {TLS_VERSIONS, type TlsVersionRange} from '../transport/tls-versions.js';
import {OutputFile} from './output-file.js';
import type {TlsInfo, VerifyProblem, WireRecord} from './types.js';
import {isJsonObject} from '../text/json-object.js';

/**
 * Version 2 added the connect and tls-failed events, 3 the timeout event, 4 dropped, 5 cut; older recordings are
 * still read. Fields added since that an older reader passes over (a header's tlsVersions, a tls-failed event's
 * versions and clientCertificate) need no new version: such a reader plays the file as it did, only without the
 * advice they bring.
 */
const RECORDING_VERSION = 5;
const OLDEST_VERSION = 1;

/** `tlsVersions`: what --tls-min/--tls-max allowed, when given: the replay's advice after a handshake they broke names them. */
type RecordingMeta = {type: 'meta'; version: number; tool: 'smtp-tui'; host: string; port: number; tls: TlsPolicy; tlsVersions?: TlsVersionRange; startedAt: string};

/**
 * `t`: milliseconds since the recording started. Bytes as UTF-8 `text`, or `base64` when they are not UTF-8.
 * `connect`: a connection starts opening here (a dashboard session may make several).
 */
export type RecordingEvent =
	| {type: 'connect'; t: number}
	| {type: 'in'; t: number; tls: boolean; text?: string; base64?: string}
	| {type: 'out'; t: number; tls: boolean; text?: string; base64?: string; verb?: Command['verb']; body?: true; truncated?: number}
	| {type: 'tls'; t: number; info: TlsInfo}
	/**
	 * `versions`: the user's --tls-min/--tls-max were the likely cause (the live run's advice named them);
	 * `clientCertificate`: the server demanded one, or refused the one offered (the live run's advice said which).
	 */
	| {type: 'tls-failed'; t: number; message: string; code?: string; certificate?: RefusedCertificate; versions?: true; clientCertificate?: ClientCertificateFailure}
	/** The client stopped waiting for the server: `message` as its log said it. */
	| {type: 'timeout'; t: number; message: string}
	/** The client closed the connection on purpose (Esc at the message step): `message` as its log said it. */
	| {type: 'dropped'; t: number; message: string}
	/** The recording was cut short here (a write failed: a full disk): what happened next is not in it. */
	| {type: 'cut'; t: number};

/** `cutShort`: the number of the last line, cut short (a full disk while it was written): the recording ends before it. */
export type Recording = {meta: RecordingMeta; events: RecordingEvent[]; cutShort?: number};

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

/**
 * What a recording whose write failed is left with: the session up to there, cut back to its last whole line (it
 * plays); no session; the file as it was before (nothing was written); no file, deleted while it was written; or
 * another run's recording, which wrote the same file meanwhile.
 */
export type RecordingLeft = 'plays' | 'nothing' | 'untouched' | 'deleted' | 'shared';

export type RecordingTarget = Omit<RecordingMeta, 'type' | 'version' | 'tool' | 'startedAt'>;

/**
 * The target a recording names, its TLS versions included, picked from a wider object: a session's settings as the
 * header is written, or a recording's header as a replay plays it (its advice then names them as the live run's did).
 */
export function recordedTarget({host, port, tls, tlsVersions}: RecordingTarget): RecordingTarget {
	return {host, port, tls, ...(tlsVersions && {tlsVersions})};
}

/**
 * Appends each record as it happens, so a crash keeps everything up to it. Nothing is written until the first
 * record: a dashboard quit before it connected leaves an existing recording as it was (the path is checked up
 * front, see startRecording).
 */
export class RecordingWriter {
	readonly #file: OutputFile;
	#start = Date.now();
	#recorded = false;
	#bodyBytes = 0;
	/** Asked at the first record: the dashboard's target is known only then (the sandbox's port, panel edits). */
	readonly #target: () => RecordingTarget;
	/** Bytes of the header and the first connect event: a file cut back to them holds no session. */
	#preambleBytes = 0;
	/** When the connection now opening started to: its connect event goes out with its first record. */
	#opening: number | undefined;
	/** Called once if a write fails (a full disk, its folder deleted): the recording stops there. */
	readonly #onStop: ((error: unknown, left: RecordingLeft) => void) | undefined;
	#stopped = false;

	constructor(file: string, target: RecordingTarget | (() => RecordingTarget), onStop?: (error: unknown, left: RecordingLeft) => void) {
		this.#file = new OutputFile(file, {lock: true});
		this.#target = typeof target === 'function' ? target : () => target;
		this.#onStop = onStop;
	}

	#header(): string {
		const header: RecordingMeta = {type: 'meta', version: RECORDING_VERSION, tool: 'smtp-tui', ...this.#target(), startedAt: new Date(this.#start).toISOString()};
		return `${safeJson(header)}\n`;
	}

	/**
	 * The connection is being opened: before the first record, the clock starts here, so the greeting's time is
	 * the server's, not how long the dashboard sat idle before Ctrl+S (a replay would pause that long).
	 */
	connecting(time = Date.now()): void {
		if (!this.#recorded) this.#start = time;
		// Called on every update while connecting: the connect event waits for a record, so a connection that
		// never opened (refused) leaves nothing, and the next one keeps its own time.
		this.#opening = time;
	}

	record = (record: WireRecord): void => {
		if (this.#stopped) return;
		// The header goes with the first record, in one write: a file is never made for a session that sent nothing.
		const header = this.#recorded ? '' : this.#header();
		// Each connection starts with a connect event, so a replay can play them one by one. `send` makes one
		// connection and never calls connecting(): its first record opens it.
		const connect = this.#opening !== undefined || !this.#recorded ? this.#line({type: 'connect', t: (this.#opening ?? this.#start) - this.#start}) : '';
		const event = this.#event(record, record.time - this.#start);
		if (!this.#recorded) this.#preambleBytes = Buffer.byteLength(header + connect);
		const lines = `${header}${connect}${event ? this.#line(event) : ''}`;
		try {
			if (lines !== '') this.#file.write(lines);
		} catch (error) {
			// Called from the driver's reads and writes: thrown, it would end the session (a message half sent) or
			// the process, for the sake of a copy.
			this.#stopped = true;
			const left = this.#left();
			// Said in the file too: a replay must not play the end of the file as the server closing (a failed send).
			if (left === 'plays') this.#file.endWith(this.#line({type: 'cut', t: record.time - this.#start}), this.#preambleBytes);
			this.#onStop?.(error, left);
			return;
		}
		this.#recorded = true;
		this.#opening = undefined;
	};

	#left(): RecordingLeft {
		if (this.#file.deleted) return 'deleted';
		if (this.#file.shared) return 'shared';
		if (this.#file.untouched) return 'untouched';
		return this.#file.kept > this.#preambleBytes ? 'plays' : 'nothing';
	}

	#event(record: WireRecord, t: number): RecordingEvent | undefined {
		switch (record.direction) {
			case 'tls':
				return {type: 'tls', t, info: record.info};
			case 'tls-failed':
				return {
					type: 'tls-failed',
					t,
					message: record.message,
					...(record.code !== undefined && {code: record.code}),
					...(record.certificate && {certificate: record.certificate}),
					...(record.versions && {versions: true}),
					...(record.clientCertificate && {clientCertificate: record.clientCertificate}),
				};
			case 'timeout':
				return {type: 'timeout', t, message: record.message};
			case 'dropped':
				return {type: 'dropped', t, message: record.message};
			case 'in':
				return {type: 'in', t, tls: record.tls, ...encodeBytes(record.bytes)};
			default:
				if (record.body) return this.#bodyEvent(record.bytes, record.tls, t);
				this.#bodyBytes = 0;
				return {type: 'out', t, tls: record.tls, ...encodeBytes(record.bytes), ...(record.verb && {verb: record.verb})};
		}
	}

	#bodyEvent(chunk: Buffer, tls: boolean, t: number): RecordingEvent | undefined {
		const room = Math.max(0, BODY_LIMIT - this.#bodyBytes);
		this.#bodyBytes += chunk.length;
		const kept = chunk.subarray(0, room);
		const cut = chunk.length - kept.length;
		// The final dot is always kept, so a replay still sees where the message ends.
		const bytes = cut > 0 && isBodyEnd(chunk) ? Buffer.concat([kept, Buffer.from(kept.length > 0 ? '\r\n.\r\n' : '.\r\n')]) : kept;
		if (bytes.length === 0) return undefined;
		return {type: 'out', t, tls, body: true, ...encodeBytes(bytes), ...(cut > 0 && {truncated: cut})};
	}

	#line(event: RecordingEvent): string {
		// Escaped as every JSON we write: `cat` of a recording cannot be driven by what the server sent (C1, bidi).
		return `${safeJson(event)}\n`;
	}
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isOptionalString = (value: unknown): boolean => value === undefined || isString(value);
const VERIFY_PROBLEMS: ReadonlyArray<unknown> = ['untrusted', 'name', 'certificate'] satisfies VerifyProblem[];
const CLIENT_CERTIFICATE_FAILURES: ReadonlyArray<unknown> = ['demanded', 'refused'] satisfies ClientCertificateFailure[];

/** A tls event's info with each field of its type: a hand edit must not play as "TLS started: 5, undefined". */
function isTlsInfo(info: unknown): boolean {
	if (!isJsonObject(info)) return false;
	return (
		[info.protocol, info.cipher, info.subject, info.issuer, info.validTo, info.fingerprint256].every(isString) &&
		[info.validFrom, info.altNames, info.authorizationError].every(isOptionalString) &&
		typeof info.authorized === 'boolean' &&
		typeof info.insecure === 'boolean' &&
		(info.problem === undefined || VERIFY_PROBLEMS.includes(info.problem))
	);
}

/** Each event this smtp-tui can play, with what its fields must be; anything else refuses the whole file. */
const EVENT_FIELDS: Readonly<Record<string, (event: Record<string, unknown>) => boolean>> = {
	connect: () => true,
	in: event => isString(event.text) || isString(event.base64),
	out: event => isString(event.text) || isString(event.base64),
	tls: event => isTlsInfo(event.info),
	'tls-failed': ({message, code, certificate, versions, clientCertificate}) => {
		const fine =
			certificate === undefined ||
			(isJsonObject(certificate) && [certificate.subject, certificate.issuer, certificate.validTo].every(isString) && [certificate.validFrom, certificate.fingerprint256, certificate.reason].every(isOptionalString));
		return isString(message) && isOptionalString(code) && fine && (versions === undefined || versions === true) && (clientCertificate === undefined || CLIENT_CERTIFICATE_FAILURES.includes(clientCertificate));
	},
	timeout: event => isString(event.message),
	dropped: event => isString(event.message),
	cut: () => true,
};
const EVENT_TYPES = Object.keys(EVENT_FIELDS);

const versionRank = (value: unknown) => (TLS_VERSIONS as readonly unknown[]).indexOf(value);

/** A header's tlsVersions as --tls-min/--tls-max make it: known versions, either left out, the lower one first. */
function isVersionRange(range: unknown): boolean {
	if (range === undefined) return true;
	if (!isJsonObject(range)) return false;
	const min = range.min === undefined ? 0 : versionRank(range.min);
	const max = range.max === undefined ? TLS_VERSIONS.length - 1 : versionRank(range.max);
	return min >= 0 && max >= 0 && min <= max;
}

/** Reads a recording; errors name the line that is wrong. */
export function parseRecording(text: string, source = 'recording'): Recording {
	// A byte order mark (the file saved again by a Windows editor) is no content; blank lines are skipped, but every
	// error still names the line as an editor numbers it.
	const content = text.replace(/^\uFEFF/, '');
	const lines = content
		.split('\n')
		.map((line, index) => ({line, number: index + 1}))
		.filter(({line}) => line.trim() !== '');
	const parse = (line: string, number: number): Record<string, unknown> => {
		const value = jsonObject(line);
		if (value) return value;
		throw new RecordingError(`${source}, line ${number}: not a JSON object`);
	};
	// A write that failed (a full disk) can leave the last line cut short, with no line end: the recording ends
	// before it. Anywhere else, a line that is not JSON is an error.
	const last = lines.at(-1);
	const cutShort = last !== undefined && !content.endsWith('\n') && jsonObject(last.line) === undefined ? last.number : undefined;
	if (cutShort !== undefined) lines.pop();
	if (lines.length === 0 && cutShort !== undefined) throw new RecordingError(`${source}, line ${cutShort}: cut short in its header (a full disk while it was written?): it holds no session`);
	if (lines.length === 0) throw new RecordingError(`${source} is empty: not an smtp-tui recording`);
	const header = lines[0]!;
	const meta = parse(header.line, header.number);
	if (meta.type !== 'meta' || meta.tool !== 'smtp-tui') throw new RecordingError(`${source} is not an smtp-tui recording (made with --record)`);
	// A version written as text ("3", by a hand edit) is no version: its error would read "version 3 is not supported".
	if (typeof meta.version !== 'number') throw new RecordingError(`${source}, line ${header.number}: the version must be a number, not ${JSON.stringify(meta.version) ?? 'missing'}`);
	const reads = `this smtp-tui reads versions ${OLDEST_VERSION} to ${RECORDING_VERSION}`;
	if (Number.isInteger(meta.version) && meta.version > RECORDING_VERSION) {
		throw new RecordingError(`${source}: recording version ${meta.version} was made by a newer smtp-tui (${reads}): play it with that one (npx smtp-tui@latest replay ${shellWord(source)})`);
	}
	if (!Number.isInteger(meta.version) || meta.version < OLDEST_VERSION) {
		throw new RecordingError(`${source}: recording version ${String(meta.version)} is not supported (${reads})`);
	}
	if (typeof meta.host !== 'string' || typeof meta.port !== 'number') throw new RecordingError(`${source}, line ${header.number}: the header lacks host or port`);
	// Before its port: a dashboard started with --record used to write the header at once, its port still 0.
	if (!lines.slice(1).some(({line}) => jsonObject(line)?.type !== 'connect')) {
		throw new RecordingError(`${source} holds no session: nothing was recorded after its header (the dashboard it was made with quit before connecting?)`);
	}
	// A recording is a file passed around a workshop: what it names is checked before anything shows it.
	if (!isHostName(meta.host)) throw new RecordingError(`${source}, line ${header.number}: the host ${JSON.stringify(meta.host)} is not a host name`);
	if (!Number.isInteger(meta.port) || meta.port < 1 || meta.port > 65_535) throw new RecordingError(`${source}, line ${header.number}: the port ${meta.port} is not a port number (1 to 65535)`);
	if (!isVersionRange(meta.tlsVersions)) {
		throw new RecordingError(`${source}, line ${header.number}: the header's tlsVersions ${safeJson(meta.tlsVersions)} is not a range of TLS versions (min and max, each ${TLS_VERSIONS.join(', ')}; edited by hand?)`);
	}
	const events = lines.slice(1).map(({line, number}) => {
		const event = parse(line, number);
		const fields = typeof event.type === 'string' && Object.hasOwn(EVENT_FIELDS, event.type) ? EVENT_FIELDS[event.type] : undefined;
		if (typeof event.t !== 'number' || !fields?.(event)) {
			// A known event with a field of the wrong type (a hand edit) is told apart from a line that is no event.
			const known = typeof event.t === 'number' && fields !== undefined;
			throw new RecordingError(`${source}, line ${number}: ${known ? `${event.type === 'in' ? 'an' : 'a'} ${String(event.type)} event with a field missing or of the wrong type (edited by hand?)` : `not a recording event (${EVENT_TYPES.join(', ')}, with a time)`}`);
		}
		return event as RecordingEvent;
	});
	// A line cut short ends the recording as a cut does (unless one says so already): not as the server's close.
	if (cutShort !== undefined && events.at(-1)?.type !== 'cut') events.push({type: 'cut', t: events.at(-1)?.t ?? 0});
	return {meta: meta as RecordingMeta, events, ...(cutShort !== undefined && {cutShort})};
}

/** The line as a JSON object, or undefined when it is not one. */
function jsonObject(line: string): Record<string, unknown> | undefined {
	try {
		const value: unknown = JSON.parse(line);
		if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
	} catch {
		// not JSON
	}
	return undefined;
}

/**
 * One connection of a recording: its events, and when it started (its first pause and latency count from then;
 * unknown for a connection guessed in an older recording, whose greeting then plays at once).
 */
export type RecordedConnection = {events: RecordingEvent[]; start: number | undefined; /** Marked by a connect event, not guessed. */ marked: boolean};

/**
 * The connections a recording holds, in order. Recordings since version 2 mark each with a connect event; in older
 * ones a new connection is recognised by its greeting (see `greetingStarts`).
 */
export function connectionsOf(events: readonly RecordingEvent[]): RecordedConnection[] {
	const connections = events.some(event => event.type === 'connect') ? markedConnections(events) : guessedConnections(events);
	const played = connections.filter(connection => connection.events.length > 0);
	// Nothing recorded is still one connection to open: it plays as a server that closed at once.
	return played.length > 0 ? played : [{events: [], start: 0, marked: false}];
}

function markedConnections(events: readonly RecordingEvent[]): RecordedConnection[] {
	const connections: RecordedConnection[] = [];
	for (const event of events) {
		if (event.type === 'connect') connections.push({events: [], start: event.t, marked: true});
		// Events before the first mark (a file edited by hand) are a connection of their own.
		else if (connections.length === 0) connections.push({events: [event], start: 0, marked: false});
		else connections.at(-1)!.events.push(event);
	}
	return connections;
}

function guessedConnections(events: readonly RecordingEvent[]): RecordedConnection[] {
	const starts = [0, ...greetingStarts(events)];
	return starts.map((from, index) => {
		const slice = events.slice(from, starts[index + 1]);
		// Only the first connection's start is known (the recording's); the others opened at some point after the
		// previous one ended, when the user chose.
		return {events: slice, start: index === 0 ? 0 : undefined, marked: false};
	});
}

/** A chunk that ends with a reply's last line ("250 ok", not "250-"): the server is done answering. */
const endsReply = (text: string) => /(?:^|\n)\d{3}(?: [^\n]*)?\r?\n$/.test(text);

/**
 * Where later connections start in a recording without connect events: at a 220 that answers nothing. Only a
 * greeting and STARTTLS's go-ahead are 220s, so a 220 that neither follows STARTTLS nor continues a reply is a new
 * connection's greeting (with, for implicit TLS, the handshake recorded just before it).
 */
function greetingStarts(events: readonly RecordingEvent[]): number[] {
	const starts: number[] = [];
	let greeted = false;
	let startTlsAsked = false;
	let midReply = false;
	/** The last reply was STARTTLS's go-ahead: a handshake recorded next is that one's. */
	let goAhead = false;
	events.forEach((event, index) => {
		if (event.type === 'out') {
			if (!event.body) startTlsAsked = event.verb === 'STARTTLS';
			goAhead = false;
		}
		if (event.type !== 'in') return;
		const text = eventBytes(event).toString('latin1');
		if (greeted && !startTlsAsked && !midReply && /^220[ -]/.test(text)) starts.push(events[index - 1]?.type === 'tls' && !goAhead ? index - 1 : index);
		greeted = true;
		midReply = !endsReply(text);
		goAhead = startTlsAsked && !midReply;
		if (!midReply) startTlsAsked = false;
	});
	return starts;
}
