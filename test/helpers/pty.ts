// The built dist/cli.js in a real pseudo-terminal, its output fed into a headless xterm: the screen a user sees.
// Tests poll the screen (waitForText), never sleep a fixed time, and always kill() in afterEach.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import pty, {type IPty} from '@lydell/node-pty';
import xterm, {type Terminal} from '@xterm/headless';
import {afterAll, afterEach, beforeAll} from 'vitest';
import {STEP_LINE_SETTLE_MS} from '../../source/ui/hooks/use-dashboard-keys.js';
import {cliNode} from './run-cli.js';

// Ink draws each frame between these (synchronized output).
const FRAME_START = '\u001B[?2026h';
const FRAME_END = '\u001B[?2026l';
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = path.join(root, 'dist/cli.js');

/** Keys as a terminal sends them. */
export const KEY = {
	enter: '\r',
	tab: '\t',
	shiftTab: '\u001B[Z',
	escape: '\u001B',
	backspace: '\u007F',
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	ctrl: (letter: string) => String.fromCharCode(letter.toUpperCase().charCodeAt(0) - 64),
} as const;

export type PtyOptions = {
	args?: string[];
	cols?: number;
	rows?: number;
	/** Extra variables (undefined removes one). */
	env?: Record<string, string | undefined>;
	/** Reuse a state folder (draft.json) from an earlier run; by default a fresh temp folder. */
	stateDir?: string;
	/** Another program instead of dist/cli.js (benchmarks: `node -e 0`). */
	file?: string;
};

export type Matcher = string | RegExp;

const matches = (text: string, matcher: Matcher) => (typeof matcher === 'string' ? text.includes(matcher) : matcher.test(text));

/** Every temp folder made here, removed by cleanupTemp(). */
const temps = new Set<string>();

export function tempDir(prefix = 'smtp-tui-e2e-'): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
	temps.add(dir);
	return dir;
}

let xdgHome: string | undefined;

/**
 * XDG folders shared by the sessions of a test file (removeXdgHome() in afterAll): the sandbox keeps its
 * certificate in the data folder (SMTP_TUI_STATE_DIR does not cover it), and tests must not write to the user's.
 * Shared, so the certificate is made once per file, not once per test.
 */
function xdgFolders(): Record<string, string> {
	xdgHome ??= mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-e2e-xdg-'));
	return Object.fromEntries(['DATA', 'CONFIG', 'CACHE', 'STATE'].map(kind => [`XDG_${kind}_HOME`, path.join(xdgHome!, kind.toLowerCase())]));
}

function removeXdgHome(): void {
	if (xdgHome !== undefined) rmSync(xdgHome, {recursive: true, force: true});
	xdgHome = undefined;
}

/**
 * A dashboard killed with its tmux server (SIGHUP) may still be writing its draft as its folder goes: rmSync
 * retries on ENOTEMPTY (seen once in CI) instead of failing the file.
 */
export function cleanupTemp(): void {
	for (const dir of temps) rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	temps.clear();
}

export class PtySession {
	readonly terminal: Terminal;
	readonly process: IPty;
	readonly stateDir: string;
	readonly configDir: string;
	/** Everything the program wrote, escape sequences included. */
	raw = '';
	/** Resolves with the exit code (and signal number, when killed by one). */
	readonly exit: Promise<{code: number; signal?: number}>;
	exited = false;
	#parsed = Promise.resolve();

	constructor(options: PtyOptions = {}) {
		const cols = options.cols ?? 100;
		const rows = options.rows ?? 30;
		this.stateDir = options.stateDir ?? tempDir();
		this.configDir = tempDir();
		const env: Record<string, string> = {};
		for (const [name, value] of Object.entries({...process.env, ...xdgFolders(), ...options.env})) {
			if (value !== undefined) env[name] = value;
		}
		// The runner's own CI, colour and terminal settings are not the user's; a test may give its own.
		if (options.env?.CI === undefined) delete env.CI;
		if (options.env?.NO_COLOR === undefined) delete env.NO_COLOR;
		if (options.env?.FORCE_COLOR === undefined) delete env.FORCE_COLOR;
		env.TERM = options.env?.TERM ?? 'xterm-256color';
		// The screen is read as UTF-8 whatever the runner's locale (LANG=C would give the ASCII marks); a test may ask.
		if (options.env?.LC_ALL === undefined && options.env?.LANG === undefined) env.LC_ALL = 'C.UTF-8';
		env.SMTP_TUI_STATE_DIR = this.stateDir;
		env.SMTP_TUI_CONFIG_DIR = this.configDir;
		this.terminal = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 1000});
		const file = options.file ?? cliNode;
		const args = options.file ? (options.args ?? []) : [cliPath, ...(options.args ?? [])];
		// node-pty's `name` is the child's TERM: the test's, not always xterm's.
		this.process = pty.spawn(file, args, {name: env.TERM, cols, rows, cwd: this.configDir, env});
		this.process.onData(data => {
			this.raw += data;
			this.#parsed = new Promise(resolve => this.terminal.write(data, resolve));
		});
		this.exit = new Promise(resolve => {
			this.process.onExit(({exitCode, signal}) => {
				this.exited = true;
				resolve({code: exitCode, ...(signal ? {signal} : {})});
			});
		});
	}

	/** Waits until xterm has parsed everything received so far. */
	async settled(): Promise<void> {
		let last: Promise<void>;
		do {
			last = this.#parsed;
			await last;
		} while (last !== this.#parsed);
	}

	/** The screen as lines of text (trailing spaces trimmed). */
	screenLines(): string[] {
		const buffer = this.terminal.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < this.terminal.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}
		return lines;
	}

	screenText(): string {
		return this.screenLines().join('\n');
	}

	bufferType(): 'normal' | 'alternate' {
		return this.terminal.buffer.active.type;
	}

	/** Whether the terminal marks pastes for the program (bracketed paste mode, ESC[?2004h). */
	bracketedPaste(): boolean {
		return this.terminal.modes.bracketedPasteMode;
	}

	/** Whether the last cursor show/hide the program wrote was "show" (xterm starts with it visible). */
	cursorVisible(): boolean {
		return this.raw.lastIndexOf('\u001B[?25h') >= this.raw.lastIndexOf('\u001B[?25l');
	}

	/** Polls the screen until it shows `matcher`; fails with the screen it last saw. */
	async waitForText(matcher: Matcher, timeout = 10_000): Promise<string> {
		return this.waitFor(screen => matches(screen, matcher), timeout, `screen to show ${String(matcher)}`);
	}

	/** Ink draws each frame between the synchronized-output marks: the start seen and not yet its end. */
	#midFrame(): boolean {
		return this.raw.lastIndexOf(FRAME_START) > this.raw.lastIndexOf(FRAME_END);
	}

	/** Polls the screen until `check(screen)` is true. */
	async waitFor(check: (screen: string) => boolean, timeout = 10_000, what = 'screen check'): Promise<string> {
		const deadline = Date.now() + timeout;
		for (;;) {
			await this.settled();
			const screen = this.screenText();
			// A screen read while a frame is being drawn is half old, half new (a busy machine splits the write).
			if (!this.#midFrame() && check(screen)) return screen;
			// An exited program draws nothing more: fail at once, with what it last wrote.
			if (this.exited) throw new Error(`The process exited while waiting for ${what}. Screen:\n${screen}\nOutput ends:\n${JSON.stringify(this.raw.slice(-600))}`);
			if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}. Screen:\n${screen}`);
			await new Promise(resolve => setTimeout(resolve, 25));
		}
	}

	/** Polls the exit, failing after `timeout`. */
	async waitForExit(timeout = 10_000): Promise<{code: number; signal?: number}> {
		let timer: NodeJS.Timeout | undefined;
		const expired = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`process still running after ${timeout} ms. Screen:\n${this.screenText()}`)), timeout);
		});
		try {
			const result = await Promise.race([this.exit, expired]);
			await this.settled();
			return result;
		} finally {
			clearTimeout(timer);
		}
	}

	press(...keys: string[]): void {
		for (const key of keys) this.process.write(key);
	}

	resize(cols: number, rows: number): void {
		this.process.resize(cols, rows);
		this.terminal.resize(cols, rows);
	}

	kill(signal: NodeJS.Signals = 'SIGTERM'): void {
		if (this.exited) return;
		try {
			this.process.kill(signal);
		} catch {
			// Already gone.
		}
	}

	/** For afterEach: kill what still runs, wait for it, free the terminal. */
	async dispose(): Promise<void> {
		if (!this.exited) {
			this.kill('SIGKILL');
			await Promise.race([this.exit, new Promise(resolve => setTimeout(resolve, 2000))]);
		}
		this.terminal.dispose();
	}
}

function startPty(options: PtyOptions = {}): PtySession {
	return new PtySession(options);
}

/**
 * For a test file: builds dist/cli.js when it is missing (`npm test` builds it first), kills every session after
 * each test and removes the temp folders. Returns the function that opens a session.
 */
export function ptySessions(): (options?: PtyOptions) => PtySession {
	const sessions: PtySession[] = [];
	beforeAll(() => {
		if (existsSync(cliPath)) return;
		const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {cwd: root, encoding: 'utf8'});
		if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
	}, 60_000);
	afterEach(async () => {
		await Promise.all(sessions.splice(0).map(session => session.dispose()));
		cleanupTemp();
	});
	afterAll(() => removeXdgHome());
	return (options = {}) => {
		const session = startPty(options);
		sessions.push(session);
		return session;
	};
}

// The help overlay's own last row, whichever section it opens at.
const HELP = '[Keys]';

/**
 * Waits for the first complete frame (the footer is its last row), then until keys reach the app: Ink turns raw
 * mode on just after that frame, and a key typed before it goes to the tty's line discipline (Ctrl+S = XOFF,
 * Ctrl+C = SIGINT). Probe with Ctrl+G (help; a harmless BEL if too early) until the help opens, then close it.
 */
export async function untilKeysWork(session: PtySession, mode = 'AUTO'): Promise<string> {
	// The footer's last key (manual mode offers no Ctrl+S).
	await session.waitForText(new RegExp(`^ ${mode} .*Ctrl\\+G help`, 'm'));
	for (let attempt = 0; ; attempt++) {
		session.press(KEY.ctrl('g'));
		try {
			await session.waitForText(HELP, 1000);
			break;
		} catch (error) {
			if (attempt === 10) throw error;
		}
	}
	session.press(KEY.escape);
	return session.waitFor(screen => !screen.includes(HELP) && new RegExp(`^ ${mode} `, 'm').test(screen), 10_000, 'the help to close');
}

/** Enter at a step prompt, pressed once its line has been shown long enough to be read (see STEP_LINE_SETTLE_MS). */
export async function confirmStep(session: PtySession): Promise<void> {
	await new Promise(resolve => setTimeout(resolve, STEP_LINE_SETTLE_MS));
	session.press(KEY.enter);
}
