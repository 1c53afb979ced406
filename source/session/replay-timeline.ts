// When a recorded connection's events happen in a replay, and what each recorded reply answered. A client may send
// before the reply it waits for (QUIT behind a slow RCPT): such a turn plays at its recorded moment, and each reply
// is timed from the turn it answers (the oldest unanswered one), not from the client's latest.
import {ReplyParser} from '../smtp/reply-parser.js';
import {eventBytes, isBodyEnd, type RecordedConnection, type RecordingEvent} from './recording.js';

export type ReplayTiming = {instant: boolean; /** Longest pause kept from the recording. */ maxPauseMs?: number};

/** A recorded reply: how long the recorded server took, and whether the replay waited less. */
export type RecordedPause = {latencyMs: number; shortened: boolean};

export type Timeline = {
	/** When each event plays, in ms from the connection's start (all 0 with --instant). */
	at: number[];
	/** For each `in` event, the replies it completes, in order: their recorded time (undefined: nothing known to answer). */
	replies: Map<number, Array<RecordedPause | undefined>>;
};

/** A client turn still waiting for its reply: its event (-1: the connection's start, which the greeting answers). */
type Unanswered = {index: number; t: number | undefined};

/**
 * The replay waits out the server's pauses (capped), and the client's only where a reply was still pending: the
 * time a presenter took between steps is theirs to take again, not the recording's.
 */
export function timelineOf(recorded: RecordedConnection, timing: ReplayTiming): Timeline {
	const {events, start} = recorded;
	const at: number[] = [];
	const replies = new Map<number, Array<RecordedPause | undefined>>();
	const parser = new ReplyParser();
	let unanswered: Unanswered[] = [{index: -1, t: start}];
	const played = (index: number) => (index < 0 ? 0 : at[index]!);
	const pause = (index: number) => {
		const previous = index === 0 ? start : events[index - 1]!.t;
		if (timing.instant || previous === undefined) return 0;
		return Math.min(Math.max(0, events[index]!.t - previous), timing.maxPauseMs ?? 5000);
	};
	events.forEach((event, index) => {
		const waiting = unanswered.length > 0;
		at.push(played(index - 1) + (paused(event, waiting) ? pause(index) : 0));
		if (event.type === 'tls') {
			// The parser starts afresh, as the driver's does; a greeting after an implicit-TLS handshake is timed from
			// the handshake's end, as the driver times it.
			parser.reset();
			unanswered = unanswered.map(() => ({index, t: event.t}));
		}
		if (event.type === 'out' && (!event.body || isBodyEnd(eventBytes(event)))) unanswered.push({index, t: event.t});
		if (event.type !== 'in') return;
		replies.set(
			index,
			completed(parser, eventBytes(event)).map(() => {
				const turn = unanswered.shift();
				if (turn?.t === undefined) return undefined;
				const latencyMs = Math.max(0, event.t - turn.t);
				return {latencyMs, shortened: played(index) - played(turn.index) < latencyMs};
			}),
		);
	});
	return {at, replies};
}

/** Whether the replay waits out the pause before this event: the server's always, the client's only while it waited for a reply. */
function paused(event: RecordingEvent, waiting: boolean): boolean {
	if (event.type === 'out' || event.type === 'dropped' || event.type === 'cut') return waiting;
	return event.type !== 'tls';
}

/** How many replies the bytes complete; none from a line that breaks the protocol (the driver reports that). */
function completed(parser: ReplyParser, bytes: Buffer): unknown[] {
	try {
		return parser.push(bytes);
	} catch {
		return [];
	}
}
