// A text attachment without a charset is read as US-ASCII (RFC 2046 §4.1.2): a UTF-8 file (café, 日本) would reach
// its reader garbled. A text/* attachment whose bytes are UTF-8 beyond ASCII is labelled so; any other file keeps
// the type its name gives (an ASCII file needs no label; a Latin-1 file's charset cannot be told from its bytes).
import {isAscii} from 'node:buffer';
import {readReusing} from './spool.js';

/** `type` with `; charset=utf-8` when it is text/* and the file is UTF-8 holding more than ASCII, else `type`. */
export async function labelTextCharset(file: string, type: string): Promise<string> {
	if (!/^text\//i.test(type) || /;\s*charset=/i.test(type)) return type;
	const utf8 = new TextDecoder('utf-8', {fatal: true});
	const isUtf8 = (chunk?: Buffer) => {
		try {
			utf8.decode(chunk, {stream: chunk !== undefined});
			return true;
		} catch {
			return false;
		}
	};
	let ascii = true;
	for await (const chunk of readReusing({file})) {
		if (chunk.includes(0) || !isUtf8(chunk)) return type;
		ascii &&= isAscii(chunk);
	}
	return ascii || !isUtf8() ? type : `${type}; charset=utf-8`;
}
