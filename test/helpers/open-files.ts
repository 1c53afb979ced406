import {readdirSync, readlinkSync} from 'node:fs';
import path from 'node:path';

/** The files this process holds open whose path starts with `prefix`: Linux names each under /proc/self/fd. */
export const openUnder = (prefix: string): string[] =>
	readdirSync('/proc/self/fd').flatMap(fd => {
		try {
			const target = readlinkSync(path.join('/proc/self/fd', fd));
			return target.startsWith(prefix) ? [target] : [];
		} catch {
			// Closed between the listing and the look.
			return [];
		}
	});
