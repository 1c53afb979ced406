// A reply's enhanced status code (RFC 3463) wherever the server wrote it: the one place every reading of a refusal
// takes it from.
import type {Reply} from './types.js';

/**
 * qmail writes its enhanced code at the end, "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)".
 * Read only where the reply has no leading one, and, as a leading one, only in the reply's class.
 */
const TRAILING_ENHANCED = /\(#([245]\.\d{1,3}\.\d{1,3})\)\s*$/;

/** The reply's enhanced status code: its leading one, else qmail's trailing "(#X.Y.Z)". The text keeps it either way. */
export function enhancedOf(reply: Pick<Reply, 'code' | 'enhanced' | 'lines'>): string | undefined {
	if (reply.enhanced !== undefined) return reply.enhanced;
	const trailing = TRAILING_ENHANCED.exec(reply.lines.at(-1) ?? '')?.[1];
	return trailing?.[0] === String(reply.code)[0] ? trailing : undefined;
}
