// A scriptable raw BDAT server (RFC 3030) for send --bdat: smtp-server has no CHUNKING. It reads `BDAT n [LAST]`,
// then exactly n octets, and answers each chunk; it can refuse one chunk (then, as RFC 3030 says, every later one
// until RSET), or drop the connection part-way through a chunk. DATA still works, for the fallback.
import {greetAndEhlo, type RawPeer} from './raw-server.js';

export type BdatSeen = {
	/** Every command line, BDAT's included, in order. */
	commands: string[];
	/** Each chunk taken whole: its command line and its octets. */
	chunks: Array<{line: string; bytes: Buffer}>;
	/** The DATA body, when the message came that way. */
	data?: Buffer;
};

export type BdatScript = {
	extensions?: string[];
	/** Refuse this chunk (1 for the first) with this reply. */
	refuse?: {chunk: number; reply: string};
	/**
	 * Refuse this chunk with this reply after reading half of it (a size limit hit mid-way), then read the rest of its
	 * octets (RFC 3030: the chunk is still the client's to finish) and take it as refused.
	 */
	refuseMidChunk?: {chunk: number; reply: string};
	/** Read half of this chunk (1 for the first), then drop the connection. */
	dropInChunk?: number;
	/** The reply to BDAT ... LAST (default: 250 with a queue id). */
	last?: string;
};

export const newBdatSeen = (): BdatSeen => ({commands: [], chunks: []});

/** The message as the server stores it: the chunks' octets, one after the other. */
export const bdatMessage = (seen: BdatSeen): Buffer => Buffer.concat(seen.chunks.map(chunk => chunk.bytes));

export function bdatServer(script: BdatScript, seen: BdatSeen) {
	return async (peer: RawPeer): Promise<void> => {
		await greetAndEhlo(peer, script.extensions ?? ['PIPELINING', 'CHUNKING', '8BITMIME']);
		let failed = false;
		for (;;) {
			const line = await peer.readLine();
			seen.commands.push(line);
			const bdat = /^BDAT (\d+)( LAST)?$/.exec(line);
			const verb = line.split(' ', 1)[0]!.toUpperCase();
			if (bdat) {
				const size = Number(bdat[1]);
				const index = seen.chunks.length + 1;
				if (script.dropInChunk === index) {
					await peer.readBytes(Math.floor(size / 2));
					peer.destroy();
					return;
				}
				if (script.refuseMidChunk?.chunk === index) {
					const half = await peer.readBytes(Math.floor(size / 2));
					peer.write(`${script.refuseMidChunk.reply}\r\n`);
					seen.chunks.push({line, bytes: Buffer.concat([half, await peer.readBytes(size - half.length)])});
					failed = true;
					continue;
				}
				const bytes = await peer.readBytes(size);
				seen.chunks.push({line, bytes});
				if (failed) peer.write('503 5.5.1 Error: transaction failed, send RSET\r\n');
				else if (script.refuse?.chunk === index) {
					failed = true;
					peer.write(`${script.refuse.reply}\r\n`);
				} else if (bdat[2]) peer.write(`${script.last ?? `250 2.0.0 Ok: ${size} bytes, queued as B0DA7`}\r\n`);
				else peer.write(`250 2.0.0 Ok: ${size} bytes\r\n`);
			} else if (verb === 'DATA') {
				peer.write('354 go ahead\r\n');
				seen.data = await peer.readData();
				peer.write('250 2.0.0 queued as D474\r\n');
			} else if (verb === 'QUIT') {
				peer.end('221 2.0.0 bye\r\n');
				return;
			} else {
				if (verb === 'RSET') failed = false;
				peer.write('250 2.0.0 ok\r\n');
			}
		}
	};
}
