// `smtp-tui inbox`: serve's sandbox, started with serve's flags and checks, shown on a full screen (InboxApp) until
// q, Ctrl+C, a signal, or the npx that started it going; then the screen is given back and serve's stop is printed.
import React from 'react';
import process from 'node:process';
import {render} from 'ink';
import {UsageError, type CommandRun} from '../headless/command.js';
import {startCatcher, type Catcher} from '../headless/catcher.js';
import {parseInboxFlags} from '../headless/inbox-options.js';
import {untilLauncherGone} from '../headless/serve-launcher.js';
import {escapeUnsafe} from '../text/escape.js';
import {FrameWriter} from './frame-writer.js';
import {InboxApp} from './inbox-app.js';
import {trySendCommand} from './inbox-try-command.js';
import {terminalMarksPastes} from './keys/router.js';
import {enterFullScreen} from './terminal.js';
import {consoleToLog} from './console-to-log.js';
import {createTheme, selectGlyphs, ThemeContext, type Background} from './theme.js';
import {glyphSetWanted} from '../text/glyph-set.js';
import {backgroundFlag} from './background-flag.js';

/** A terminal to draw on, else a UsageError pointing to serve, which prints the same server's log. */
function requireInboxTerminal(env: NodeJS.ProcessEnv): void {
	const serve = 'for scripts and pipes use "smtp-tui serve" with the same flags: the same server, its log as lines (--json for JSON); to wait for the messages it saves, "smtp-tui inbox --save-dir DIR --wait N"';
	if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError('smtp-tui inbox needs a terminal (stdin and stdout must be a TTY)', serve);
	if (env.TERM === 'dumb') throw new UsageError('smtp-tui inbox needs a terminal that can draw a full screen, and TERM is "dumb"', serve);
}

export const runInbox: CommandRun = async (flags, input, io) => {
	const options = parseInboxFlags(flags, input);
	const display = {presenter: flags.presenter === true, background: backgroundFlag(flags)};
	requireInboxTerminal(io.env);
	selectGlyphs(glyphSetWanted(io.env));
	const catcher = await startCatcher(options, io.env);
	if (!('sandbox' in catcher)) {
		// As serve says it, before any screen: the port in use, the folder not writable.
		io.stderr.write(`smtp-tui: ${escapeUnsafe(catcher.message)}\n${catcher.hint ? `hint: ${escapeUnsafe(catcher.hint)}\n` : ''}`);
		return 1;
	}
	return showInbox(catcher, io.env, display);
};

/**
 * The end of the screen: how, and what serve's stop then says first (nothing for a key or a signal). `interrupt`:
 * a signal (Ctrl+C is SIGINT once the screen is gone), which while stopping leaves at once, as the dashboard's
 * second Ctrl+C does.
 */
type Ending = {code: number; why?: string; interrupt?: true};

function showInbox(catcher: Catcher, env: NodeJS.ProcessEnv, display: {presenter: boolean; background: Background | undefined}): Promise<number> {
	// Anything printed through console while the screen is up would tear it: it goes to the log instead.
	const consoleBack = consoleToLog(line => catcher.log.add(line));
	return new Promise<number>(resolve => {
		let finished = false;
		let left = false;
		const leave = (code: number) => {
			if (left) return;
			left = true;
			resolve(code);
		};
		const finish = ({code, why, interrupt}: Ending) => {
			if (finished) {
				if (interrupt && !left) {
					// The guard stays: taken off inside this signal's handling, signal-exit (Ink's) would kill the process
					// with the signal (exit 130) before the exit that follows.
					catcher.leaveNow();
					leave(code);
				}
				return;
			}
			finished = true;
			ink.unmount();
			try {
				process.stdin.setRawMode(false);
			} catch {
				// The terminal is gone.
			}
			guard.restore();
			// The screen given back, a library's words are the terminal's again (serve's stop included), as serve's are.
			if (!guard.hungUp()) consoleBack();
			const out = guard.hungUp() ? undefined : {stdout: process.stdout, stderr: process.stderr};
			// Disposed only once stopped: taken off inside a signal's own handling, the guard's listener would leave
			// signal-exit's (Ink's) alone, which kills the process with that signal before serve's stop is done.
			const end = () => {
				if (left) return;
				guard.dispose();
				leave(code);
			};
			void catcher.stop(out, why).then(end, end);
		};
		let writeThroughInk: ((data: string) => void) | undefined;
		process.stdin.setRawMode(true);
		// Every stop is serve's normal end (exit 0), as for serve; a crash is not.
		const guard = enterFullScreen(process.stdout, {
			onSignal: () => finish({code: 0, interrupt: true}),
			onHangup: () => finish({code: 0}),
			onResume: () => writeThroughInk?.(''),
			onCrash: error => {
				if (!guard.hungUp()) process.stderr.write(`smtp-tui crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
				finish({code: 70});
			},
		});
		void untilLauncherGone(env).then(() => finish({code: 0, why: 'the npx that started this server has ended (it was killed): stopping, as for SIGTERM'}));
		const theme = createTheme(env, display);
		const startLines = catcher.log.get().lines;
		const ink = render(
			<FrameWriter
				onWriter={write => {
					writeThroughInk = write;
				}}
			>
				<ThemeContext.Provider value={theme}>
					<InboxApp mailbox={catcher.sandbox.mailbox} log={catcher.log} startLines={startLines} openSessions={catcher.openSessions} onQuit={() => finish({code: 0})} presenter={display.presenter} pastesMarked={terminalMarksPastes(env)} tryCommand={trySendCommand(catcher.sandbox)} />
				</ThemeContext.Provider>
			</FrameWriter>,
			// Only the rows that changed are written, and the frame drawn whatever INK_SCREEN_READER says, as the dashboard renders.
			{exitOnCtrlC: false, patchConsole: false, incrementalRendering: true, isScreenReaderEnabled: false},
		);
	});
}
