// The dashboard inside a real tmux (the sysadmin's terminal over SSH), for what only a real terminal multiplexer
// does: tmux 3.3 resized while the alternate screen is on showed the dashboard's rows on the normal screen after
// the exit, unless the alternate screen was cleared before it was left.
import {execFileSync} from 'node:child_process';
import {rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {afterAll, describe, expect, test} from 'vitest';
import {cleanupTemp, tempDir} from '../helpers/pty.js';

const cli = path.resolve('dist/cli.js');
const socket = `smtp-tui-e2e-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');

async function until(check: (text: string) => boolean, what: string, timeout = 10_000): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const text = screen();
		if (check(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

afterAll(() => {
	try {
		tmux('kill-server');
	} catch {
		// Already gone.
	}
	// tmux leaves its socket file behind: one per run would pile up in the temp folder.
	rmSync(path.join(process.env.TMUX_TMPDIR ?? '/tmp', `tmux-${os.userInfo().uid}`, socket), {force: true});
	cleanupTemp();
});

describe('in tmux', () => {
	test('started at 80×24 and resized to 100×30, it leaves nothing of itself on the normal screen', async () => {
		const home = tempDir();
		const env = Object.entries({XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_STATE_HOME: 'state', XDG_CACHE_HOME: 'cache', SMTP_TUI_STATE_DIR: 'tui'})
			.map(([name, dir]) => `${name}=${path.join(home, dir)}`)
			.join(' ');
		tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', `clear; echo BEFORE; env LC_ALL=C.UTF-8 ${env} ${process.execPath} ${cli}; echo EXIT=$?; sleep 60`);
		await until(text => text.includes('Ctrl+S send') && text.includes('Protocol log'), 'the dashboard at 80×24');
		tmux('resize-window', '-t', 'e2e', '-x', '100', '-y', '30');
		await until(text => text.split('\n').some(line => line.trimEnd().length > 80), 'the frame at 100×30');
		tmux('send-keys', '-t', 'e2e', 'C-c');
		const after = await until(text => text.includes('EXIT='), 'the exit');
		expect(after).toContain('EXIT=0');
		expect(after).toContain('BEFORE');
		expect(after).not.toMatch(/Subject|Protocol log|[║│┌└]/);
	});
});
