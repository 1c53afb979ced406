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
const screen = (session = 'e2e') => tmux('capture-pane', '-p', '-t', session);

async function until(check: (text: string) => boolean, what: string, timeout = 10_000, session = 'e2e'): Promise<string> {
	const deadline = Date.now() + timeout;
	for (;;) {
		const text = screen(session);
		if (check(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** The command that starts the built dashboard with a home of its own (no draft of another run). */
function dashboard(): string {
	const home = tempDir();
	const env = Object.entries({XDG_DATA_HOME: 'data', XDG_CONFIG_HOME: 'config', XDG_STATE_HOME: 'state', XDG_CACHE_HOME: 'cache', SMTP_TUI_STATE_DIR: 'tui'})
		.map(([name, dir]) => `${name}=${path.join(home, dir)}`)
		.join(' ');
	return `env LC_ALL=C.UTF-8 ${env} ${process.execPath} ${cli}`;
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
		tmux('new-session', '-d', '-s', 'e2e', '-x', '80', '-y', '24', `clear; echo BEFORE; ${dashboard()}; echo EXIT=$?; sleep 60`);
		await until(text => text.includes('Ctrl+S send') && text.includes('Protocol log'), 'the dashboard at 80×24');
		tmux('resize-window', '-t', 'e2e', '-x', '100', '-y', '30');
		await until(text => text.split('\n').some(line => line.trimEnd().length > 80), 'the frame at 100×30');
		tmux('send-keys', '-t', 'e2e', 'C-c');
		const after = await until(text => text.includes('EXIT='), 'the exit');
		expect(after).toContain('EXIT=0');
		expect(after).toContain('BEFORE');
		expect(after).not.toMatch(/Subject|Protocol log|[║│┌└]/);
	});

	test('a column pasted with paste-buffer (no -p: unmarked) into To becomes one list there, not Enters into Cc and Bcc', async () => {
		// TERM inside tmux says pastes are marked (screen, tmux-256color): this paste is not.
		tmux('new-session', '-d', '-s', 'paste', '-x', '100', '-y', '30', dashboard());
		await until(text => text.includes('Ctrl+S send') && text.includes('Protocol log'), 'the dashboard', 10_000, 'paste');
		tmux('send-keys', '-t', 'paste', 'Down', 'C-e', 'C-u');
		await until(text => /▸ To\s+║/.test(text), 'an empty To', 10_000, 'paste');
		tmux('set-buffer', 'g@x.test\ne@y.test\nf@z.test\n');
		tmux('paste-buffer', '-t', 'paste');
		const after = await until(text => text.includes('one per line became a list'), 'the notice', 10_000, 'paste');
		// The focus stays in To: no line break moved it on.
		expect(after).toMatch(/▸ To\s+g@x\.test, e@y\.test, f@z\.test/);
		expect(after).not.toMatch(/Cc .*@y\.test|Bcc .*@z\.test/);
	});
});
