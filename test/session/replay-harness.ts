// A driver whose server side is a recording, as `smtp-tui replay` makes it; the caller closes the driver.
import {SmtpDriver} from '../../source/session/driver.js';
import type {Recording} from '../../source/session/recording.js';
import {ReplayServer, type ReplayTiming} from '../../source/session/replay-connection.js';

export function replayOf(recording: Recording, timing: ReplayTiming = {instant: true}): {driver: SmtpDriver; server: ReplayServer} {
	const server = new ReplayServer(recording.events, timing);
	const {host, port, tls} = recording.meta;
	const driver = new SmtpDriver({host, port, tls, ehloName: 'unused.test', open: server.open, replay: true});
	return {driver, server};
}
