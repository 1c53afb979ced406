// A program run in a network namespace of its own whose TCP buffers are as small as a slow link's: there the kernel
// takes a sender's bytes a few KiB at a time, as it does on a 200 kbit/s uplink, where on the machine's own loopback
// it takes megabytes at once (its buffers grow to 4 MiB) and hides how a client paces its writes. Needs root (or
// CAP_SYS_ADMIN) for unshare, and `ip`: CI runs as root, so without them the tests fail rather than skip.
import {spawn, spawnSync} from 'node:child_process';

/** Bytes the kernel buffers for a socket, at most (sending and receiving): a slow link's few round trips' worth. */
const BUFFER_MAX = 65_536;

const SETUP = `ip link set lo up && sysctl -q -w net.ipv4.tcp_wmem="4096 16384 ${BUFFER_MAX}" net.ipv4.tcp_rmem="4096 16384 ${BUFFER_MAX}"`;

/**
 * A 200 kbit/s uplink instead (the namespace's loopback shaped as a slow link's router shapes it, the kernel's
 * buffers as they are): the kernel takes the first 100-200 KB at once, then more only in batches seconds apart.
 */
const SLOW_UPLINK = 'ip link set lo up mtu 1500 && tc qdisc add dev lo root tbf rate 200kbit burst 4kb latency 400ms';

/** Whether such a namespace can be made here: what stops it, or '' when nothing does. */
export function narrowLinkProblem(): string {
	const run = spawnSync('unshare', ['--net', 'sh', '-c', SETUP], {encoding: 'utf8'});
	return run.status === 0 ? '' : run.error?.message ?? (run.stderr || `unshare exited ${run.status}`);
}

/**
 * The most bytes sent and not read yet, once the reader stops: the two kernel buffers, the segment the sender may
 * queue past its limit, and what the reader's Node read ahead of its 'data' events.
 */
export const NARROW_LINK_BUFFERED = 4 * BUFFER_MAX;

/** Runs `node script ...args` in such a namespace (`slow`: one with a 200 kbit/s loopback); resolves with its exit code and what it printed. */
export function runInNarrowLink(script: string, args: string[], link: 'narrow' | 'slow' = 'narrow'): Promise<{code: number | null; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		// "$@": the arguments as given, never read by the shell.
		const child = spawn('unshare', ['--net', 'sh', '-c', `${link === 'slow' ? SLOW_UPLINK : SETUP} && exec "$@"`, 'sh', process.execPath, script, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', chunk => (stdout += chunk));
		child.stderr.on('data', chunk => (stderr += chunk));
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout, stderr}));
	});
}
