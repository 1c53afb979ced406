// `smtp-tui replay --print` (and replay with no terminal): the recording played at once, every connection in turn,
// through the same driver the dashboard's replay uses, and its log printed as a transcript in send's format. Nothing
// is drawn and nothing is asked: for a screen reader, a pipe, a narrow or dumb terminal.
import {SmtpDriver} from '../session/driver.js';
import {recordedTarget, type Recording} from '../session/recording.js';
import {ReplayServer} from '../session/replay-connection.js';
import {replayNext} from '../session/replay.js';
import {formatTranscript, type TranscriptFormat} from './transcript.js';

/** Whether replay prints rather than opens the dashboard: asked for, or no terminal to draw on (a pipe, a script). */
export function replayPrints(flags: Record<string, unknown>, stdin: {isTTY?: boolean}, stdout: {isTTY?: boolean}): boolean {
	if (flags.print !== undefined) return flags.print === true;
	return stdin.isTTY !== true || stdout.isTTY !== true;
}

/**
 * Plays every recorded connection and returns the transcript. `heading`: the first lines (what plays, recorded when
 * and against what), as `===` notes. Secrets are not in it: the recording holds them redacted, and the log redacts
 * again what it logs of AUTH.
 */
export async function replayTranscript(recording: Recording, format: TranscriptFormat, heading: readonly string[]): Promise<string> {
	const server = new ReplayServer(recording.events, {instant: true});
	const {host, port} = recording.meta;
	const driver = new SmtpDriver({...recordedTarget(recording.meta), ehloName: 'replay.invalid', open: server.open, replay: true});
	try {
		for (const line of heading) driver.info(line);
		for (let played = 0; played < server.connections.length; played++) await replayNext(driver, server, {continuous: true});
		// Saved now, as the dashboard's Ctrl+O saves: the recording's own date is in the heading's first line.
		return formatTranscript(driver.log.entries, format, {host, port, date: new Date()});
	} finally {
		driver.destroy();
	}
}
