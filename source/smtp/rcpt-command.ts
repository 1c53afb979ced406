// The planner's RCPT for one recipient, one at a time or pipelined: with its DSN parameters where the server offers DSN.
import {dsnRcptParameters, type DsnRequest} from './dsn.js';
import type {SessionState} from './session-types.js';
import type {Command} from './types.js';

export function rcptCommand(to: string, state: SessionState, plan: {dsn?: DsnRequest}): Extract<Command, {verb: 'RCPT'}> {
	const params = dsnRcptParameters(plan.dsn, to, state.extensions);
	return {verb: 'RCPT', to, ...(Object.keys(params).length > 0 && {params})};
}
