// The dashboard's binding of message-route.ts: the last word on CHUNKING, kept across the session's renders.
import {useRef} from 'react';
import type {SessionSnapshot} from '../../session/types.js';
import {chunkingSeen, messageRoute, type ChunkingSeen, type MessageRoute} from '../message-route.js';

export function useMessageRoute(snapshot: SessionSnapshot): MessageRoute | undefined {
	const seen = useRef<ChunkingSeen>(undefined);
	seen.current = chunkingSeen(seen.current, snapshot);
	return messageRoute(snapshot, seen.current);
}
