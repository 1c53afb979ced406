// Which stage of the session a failure belongs to, for the exit code: from where the session stands, or from the
// command that was going.
import type {SessionState} from '../smtp/session-types.js';
import type {Command, FailureStage} from '../smtp/types.js';

/** Which stage input of ours refused mid-session belongs to (a raw body's over-long line), from where the session stands. */
export function stageOf(state: SessionState): FailureStage {
	if (state.awaiting === 'greeting' || state.awaiting === 'connect') return 'banner';
	// The body going out is DATA's; only the wait after the final dot is 'final-dot'.
	if (state.awaiting === 'body') return 'data';
	if (state.awaiting === 'final-dot') return 'final-dot';
	return stageOfVerb(state.pending[0]?.command.verb);
}

/** The stage a command belongs to ('closed' for none). */
export function stageOfVerb(verb: Command['verb'] | undefined): FailureStage {
	switch (verb) {
		case 'EHLO':
		case 'HELO':
			return 'ehlo';
		case 'STARTTLS':
			return 'tls';
		case 'XCLIENT':
			return 'xclient';
		case 'AUTH':
		case 'AUTH-RESPONSE':
			return 'auth';
		case 'MAIL':
			return 'mail';
		case 'RCPT':
			return 'rcpt';
		case 'DATA':
			return 'data';
		case 'QUIT':
			return 'quit';
		default:
			return 'closed';
	}
}
