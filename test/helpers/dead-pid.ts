// A pid no process runs with (until the system reuses it): a lock or a parent that names it is gone.
import {spawn} from 'node:child_process';

/** The pid of a process that has exited. */
export async function deadPid(): Promise<number> {
	const child = spawn(process.execPath, ['-e', ''], {stdio: 'ignore'});
	await new Promise(resolve => child.on('close', resolve));
	return child.pid!;
}
