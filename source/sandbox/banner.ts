// The sandbox's name in its greeting ("220 lab.example.org ESMTP smtp-tui sandbox"): how the dashboard tells a room's
// `smtp-tui serve`, aimed at with --host, from a real server, whose nobody@ is somebody's mailbox.
import type {Reply} from '../smtp/types.js';

export const SANDBOX_BANNER = 'smtp-tui sandbox';

/** The greeting is an smtp-tui sandbox's (SMTP or LMTP). */
export function greetsAsSandbox(greeting: Pick<Reply, 'code' | 'lines'> | undefined): boolean {
	return greeting?.code === 220 && (greeting.lines[0]?.endsWith(` ${SANDBOX_BANNER}`) ?? false);
}
