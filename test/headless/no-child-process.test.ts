// README (Secrets on this machine): "smtp-tui starts no other program, so SMTP_PASSWORD is handed to no child". A
// child process (or a worker thread) would inherit the environment, the password with it: none may creep in unseen.
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {expect, test} from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function sources(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const at = path.join(dir, entry.name);
		if (entry.isDirectory()) return sources(at);
		return /\.tsx?$/.test(entry.name) ? [at] : [];
	});
}

test('no source file starts a process or a thread (child_process, worker_threads, cluster)', () => {
	const files = [path.join(root, 'cli.tsx'), ...sources(path.join(root, 'source'))];
	expect(files.length).toBeGreaterThan(100);
	const starting = files.filter(file => /from\s+['"](?:node:)?(?:child_process|worker_threads|cluster)['"]|import\(\s*['"](?:node:)?(?:child_process|worker_threads|cluster)['"]/.test(readFileSync(file, 'utf8')));
	expect(starting.map(file => path.relative(root, file))).toEqual([]);
});
