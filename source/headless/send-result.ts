// What `send` ends with: the --json result object (also the last line of a json transcript file).
import type {RecipientResult, Reply} from '../smtp/types.js';

/** `stage` of a result cut short by Ctrl+C, SIGTERM or SIGHUP, whatever step it was at. */
export const INTERRUPTED_STAGE = 'interrupted';

/** A reply on one line, as the result's `queued` and the summaries quote it. */
export const replyText = (reply: Reply) => `${reply.code} ${reply.lines.join(' ')}`.trim();

/** What the result adds when it applies: the server's reply to the message, and --insecure. */
export type ResultExtras = {queued?: Reply | undefined; insecure?: boolean};

export type SendResult = {
	type: 'result';
	ok: boolean;
	exitCode: number;
	stage?: string;
	message: string;
	queued?: string;
	insecure?: true;
	recipients: Array<{address: string; accepted: boolean | null; code: number | null}>;
};

/** The result a script reads: `--json`'s last line, and the last object of a json transcript. */
export function resultObject(
	exitCode: number,
	stage: string | undefined,
	message: string,
	recipients: readonly RecipientResult[],
	{queued, insecure}: ResultExtras = {},
): SendResult {
	const each = recipients.map(r => ({address: r.address, accepted: r.accepted ?? null, code: r.reply?.code ?? null}));
	return {
		type: 'result',
		ok: exitCode === 0,
		exitCode,
		...(stage && {stage}),
		message,
		// Whenever the server took the message: also when a recipient was refused, or QUIT was.
		...(queued && {queued: replyText(queued)}),
		// A script that keeps only this line must still see that the server's certificate was not checked.
		...(insecure && {insecure: true as const}),
		recipients: each,
	};
}
