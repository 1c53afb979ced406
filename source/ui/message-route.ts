// With --bdat, whether the next message goes by BDAT or DATA: by BDAT only where the server advertises CHUNKING
// (RFC 3030). The capabilities are forgotten while a session starts over (after STARTTLS, EHLO goes again), so the
// last word a server gave is kept until a server says otherwise: the rail and the preview do not flicker DATA, BDAT.
import type {SessionSnapshot} from '../session/types.js';

/** `bdat`: CHUNKING seen; `data`: a server without it (or the sandbox, which has none); `unknown`: not connected yet. */
export type MessageRoute = 'bdat' | 'data' | 'unknown';

/** What a server last said of CHUNKING, and which server (host and port) said it. */
export type ChunkingSeen = {at: string; chunking: boolean} | undefined;

type RouteInput = Pick<SessionSnapshot, 'target' | 'extensions'>;

const serverOf = ({target}: RouteInput) => `${target.host}:${target.port}`;

/** The last word on CHUNKING after this snapshot: its server's EHLO reply, else what was seen before. */
export function chunkingSeen(before: ChunkingSeen, snapshot: RouteInput): ChunkingSeen {
	if (snapshot.extensions === undefined) return before;
	return {at: serverOf(snapshot), chunking: snapshot.extensions.chunking};
}

/** How the next message goes: undefined without --bdat (DATA, as always). */
export function messageRoute(snapshot: RouteInput, seen: ChunkingSeen): MessageRoute | undefined {
	if (snapshot.target.bdat !== true) return undefined;
	if (snapshot.target.sandbox) return 'data';
	// Another server than the one that said it (the panel aimed elsewhere): its EHLO has not answered yet.
	if (seen === undefined || seen.at !== serverOf(snapshot)) return 'unknown';
	return seen.chunking ? 'bdat' : 'data';
}
