import net from 'node:net';
import path from 'node:path';
import {describe, expect, test} from 'vitest';
import type {SystemError} from '../../source/transport/connect-error.js';
import {SOCKET_PATH_LIMIT, socketPathError} from '../../source/transport/unix-socket.js';

/** The error Node itself gives for a connect to `file` (nothing there: the path alone decides). */
function connectError(file: string): Promise<SystemError> {
	return new Promise(resolve => net.connect(file).once('error', resolve));
}

describe('a socket path longer than sun_path takes', () => {
	// The folder need not exist: the length is judged before the file is looked for, or the cut path is not there.
	const long = path.join('/nonexistent-smtp-tui', 'x'.repeat(SOCKET_PATH_LIMIT), 'lmtp');
	const words = `path too long for a Unix socket (at most ${SOCKET_PATH_LIMIT} bytes here, this one has ${Buffer.byteLength(long)}): ${long}; use a shorter path or a symlink to it`;

	test('is said so, whichever error this Node gives for it (ENOENT on Node 20, EINVAL on 24.22 and 26.12)', async () => {
		const error = await connectError(long);
		expect(['ENOENT', 'ENAMETOOLONG', 'EINVAL']).toContain(error.code);
		expect(socketPathError(error, long).message).toBe(words);
	});

	test('EINVAL, as the libuv of Node 24.22 and 26.12 refuses it, also on a Node that cuts the path instead', () => {
		const error = Object.assign(new Error(`connect EINVAL ${long} - Local (undefined:undefined)`), {code: 'EINVAL', syscall: 'connect'});
		expect(socketPathError(error, long).message).toBe(words);
	});
});
