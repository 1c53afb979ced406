// A message source that goes as it is: the check before connecting found it wire-ready (MessageLines.wireReady: the
// DATA encoder would change none of its bytes), and it is read from a copy that nothing else can write, so the bytes
// sent are the bytes checked. The body stream then skips the encoder and adds only the end. The mark is kept here,
// not on the source, so that only the check can give it.
export type WireReady = {
	/** Lines, a last one without a line break included: what the encoder would count. */
	lines: number;
	/** The message's size as the server stores it (a last line's missing CRLF counted). */
	octets: number;
};

const marks = new WeakMap<object, WireReady>();

/** Marks `source` (one read of the message) as wire-ready; returns it. */
export function markWireReady<T extends object>(source: T, ready: WireReady): T {
	marks.set(source, ready);
	return source;
}

/** What the check found, if `source` was marked wire-ready. */
export const wireReadyOf = (source: object): WireReady | undefined => marks.get(source);
