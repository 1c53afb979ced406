// The terminal contract of the full-screen dashboard: alternate screen on start, and the terminal restored
// on every way out (normal quit, Ctrl+C, SIGTERM, SIGQUIT, SIGHUP from an SSH drop, the other signals that would
// end the process, uncaught errors), and set up again after a stop (SIGCONT).
//
// A terminal that really hung up (SSH drop, the tmux session killed) is another matter: every write to it fails
// with EIO, and Node reports each failure as an 'error' on the stream, thrown when nothing listens. Written back to
// the same dead terminal (a crash report on stderr), each failure made the next one: a busy loop of failing
// writes until the process was stopped. So the guard watches for the hangup and, once it has happened, writes
// nothing more and treats the stream errors it causes as the hangup they are, not as crashes.
import fs from 'node:fs';
import process from 'node:process';
import tty from 'node:tty';
import {parentGone} from '../headless/parent-gone.js';
import {isRunning} from '../message/lock-file.js';

// The alternate screen, cleared (GNU screen, by default, and the Linux console have none: the shell's text would stay
// beside the frame's short rows), and bracketed paste: the terminal marks a paste, so the key router takes it as
// text (a Ctrl+S inside a pasted line must not send the message).
const ENTER = '\u001B[?1049h\u001B[2J\u001B[H\u001B[?2004h';
// Reverse order of what we (and Ink) set: bracketed paste off, cursor visible, attributes reset, then leave the
// alternate screen, cleared first: tmux 3.3, resized while the alternate screen is on, shows the rows it gained on
// the normal screen after.
const LEAVE = '\u001B[?2004l\u001B[?25h\u001B[0m\u001B[2J\u001B[H\u001B[?1049l';
// Back from a stop, the shell may have left the alternate screen, shown the cursor and turned bracketed paste off
// (readline does, after each line); what it printed ("Stopped", its prompt) may be on our screen. All set again,
// on a cleared screen, before the frame is drawn anew.
const RESUME = '\u001B[?1049h\u001B[2J\u001B[H\u001B[?2004h\u001B[?25l';
/** How often the parent process is checked for: a launcher killed is noticed within this. */
const PARENT_POLL_MS = 1000;

/**
 * At exit Node sets each stdio terminal back to its state at start, and Node 20 aborts (SIGABRT, a core dump) when
 * the terminal refuses because it hung up (nodejs/node#51519). It skips the descriptors that no longer point to the
 * terminal it saw: after a hangup, 0, 1 and 2 are pointed at /dev/null (a file or pipe they were redirected to is
 * left alone). `alive`: the terminal is still there but belongs to the shell again (our launcher died): Node's reset
 * would put the shell's line editor into the mode we found at start under its feet, so it is skipped too.
 */
function detachFromDeadTerminal(alive = false): void {
	for (const [fd, flags] of [[0, 'r'], [1, 'w'], [2, 'w']] as const) {
		try {
			if (!fs.fstatSync(fd).isCharacterDevice() || (tty.isatty(fd) && !alive)) continue;
			fs.closeSync(fd);
			// The lowest free descriptor: the one just closed.
			fs.openSync('/dev/null', flags);
		} catch {
			// Closed already, or /dev/null missing: nothing better to do at exit.
		}
	}
}

/** Our process group and the terminal's foreground group (Linux /proc); undefined elsewhere or without a terminal. */
function terminalGroups(): {own: number; foreground: number} | undefined {
	try {
		const stat = fs.readFileSync('/proc/self/stat', 'utf8');
		// The command name (field 2) is in parentheses and may hold spaces: count the fields after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const own = Number(fields[2]);
		const foreground = Number(fields[5]);
		return own > 0 && foreground > 0 ? {own, foreground} : undefined;
	} catch {
		return undefined;
	}
}

function lostForeground(): boolean {
	const groups = terminalGroups();
	return groups !== undefined && groups.foreground !== groups.own;
}

/**
 * The process group's leader, the launcher the shell started (npx, npm), is gone. While it lives, a terminal that
 * is not ours is a job sent to the background (`bg`, `kill -CONT` after a stop), not a launcher killed.
 */
function groupLeaderGone(group: number): boolean {
	return group !== process.pid && !isRunning(group);
}

/**
 * The window's size now: a resize while the process was stopped went to the shell (SIGWINCH goes to the foreground
 * job), and Node never heard of it. Node's own refresh asks the tty and emits 'resize' on a change (its
 * getWindowSize only returns what it last heard).
 */
function refreshSize(stdout: NodeJS.WriteStream): void {
	(stdout as {_refreshSize?: () => void})._refreshSize?.();
}

export type TerminalGuard = {
	/** Restore the terminal; idempotent, synchronous (safe inside exit handlers). Writes nothing to a hung-up one. */
	restore(): void;
	/** Whether the terminal hung up (checked now): nobody sees it any more and every write to it fails, so a
	 * crash report is not written either. */
	hungUp(): boolean;
	/** Stop listening for signals (after a normal exit). */
	dispose(): void;
};

export function enterFullScreen(
	stdout: NodeJS.WriteStream,
	options: {
		onSignal: (signal: NodeJS.Signals) => void;
		onCrash: (error: unknown) => void;
		/** The terminal hung up, seen otherwise than by a SIGHUP: a failed write to it, or the end of its input. */
		onHangup: () => void;
		/** Back from a stop (SIGCONT): the terminal is set up again; draw the whole frame anew. */
		onResume: () => void;
	},
): TerminalGuard {
	const {stdin, stderr} = process;
	// Once hung up, a terminal never comes back: the answer is kept.
	let gone = false;
	const hungUp = () => {
		// A hung-up tty refuses its ioctls (EIO), so isatty() says no; a terminal that is still there says yes.
		// (`kill -HUP` with the terminal alive is a SIGHUP, not a hangup: the screen is still restored then.)
		const {fd} = stdout as {fd?: unknown};
		if (!gone && stdout.isTTY && typeof fd === 'number' && !tty.isatty(fd)) gone = true;
		return gone;
	};
	// The errors of the terminal's own streams. Listened to, they are never thrown: a failed write is not answered
	// by another write (a crash report) that could fail in turn. EIO on a dead tty is the hangup; any other (stderr
	// redirected to a full disk) leaves the dashboard running.
	const streamErrors = new WeakSet<object>();
	const onStreamError = (error: unknown) => {
		if (typeof error === 'object' && error !== null) streamErrors.add(error);
		if (hungUp()) options.onHangup();
	};
	// Raw mode makes ^D a plain key: the input of a tty in raw mode ends only when the terminal hangs up.
	const onInputEnd = () => {
		if (hungUp()) options.onHangup();
	};

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		if (hungUp()) return;
		try {
			stdout.write(LEAVE);
		} catch {
			// The terminal is gone: nothing left to restore.
		}
	};
	// SIGQUIT too: the other signal a sysadmin sends by hand; by default it left the shell on our alternate screen.
	// So did every other signal whose default action ends the process: those that can be caught and that nothing in
	// Node uses are caught too. USR2 (a "reload" many daemons take, sent by hand), ALRM and VTALRM (timers, `kill
	// -ALRM`), XCPU (the kernel, at a `ulimit -t` CPU limit), IO (Linux only: elsewhere it is ignored by default).
	// Left alone: USR1 (Node's inspector), PROF (V8's sampling profiler), PIPE and XFSZ (ignored by Node: writes
	// fail instead), SEGV, BUS, FPE, ILL, SYS, TRAP and ABRT (raised by a fault of the process itself: JS never
	// gets to run), PWR and STKFLT (sent to no user's process). SIGBREAK is Ctrl+Break in a Windows console (elsewhere
	// an event nothing emits).
	const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGBREAK', 'SIGQUIT', 'SIGUSR2', 'SIGALRM', 'SIGVTALRM', 'SIGXCPU', ...(process.platform === 'linux' ? (['SIGIO'] as const) : [])];
	// Suspended (kill -TSTP; Ctrl+Z is a key in raw mode), the shell would print over our frame, and `fg` would
	// bring back a dashboard with its terminal in cooked mode. It keeps running instead.
	const stayRunning = () => {};
	// SIGSTOP (`kill -STOP`) cannot be caught: the shell takes the terminal back, sets its own (cooked) mode, prints
	// over our frame and may leave the alternate screen. On SIGCONT (`fg`) all of ours is set again and the frame
	// redrawn; a SIGCONT with no stop before it costs a redraw.
	const resume = () => {
		if (restored || hungUp()) return;
		// Continued in the background (`bg`, `kill -CONT` from elsewhere): the terminal is the shell's, and a frame
		// drawn now would land over its prompt. The whole job must stop again, to wait for `fg`: stopped alone, under
		// a launcher that runs on (npx, npm start), the shell would see a running job, whose `fg` sends no SIGCONT.
		// Setting the terminal's mode does that: from the background the kernel stops the whole job (SIGTTOU) and
		// completes the call once `fg` continues it. Its foreground check and the stop are one step there, so an `fg`
		// typed at any moment brings the job back; a check here and a SIGSTOP after it let an `fg` in between send
		// its SIGCONT before the stop, which then held the job until a second `fg`.
		if (stdin.isTTY && stdin.isRaw) {
			try {
				// libuv skips a request for the mode it set last, and it still thinks stdin raw: through cooked, it sets it.
				stdin.setRawMode(false);
				stdin.setRawMode(true);
			} catch {
				// EIO: the job's launcher is gone and the shell has the terminal (orphaned); the parent watch leaves.
				return;
			}
		}
		// No mode of ours to set (input not from the terminal): the job is stopped by hand, with the window said above.
		// (SIGTTOU is never ignored here: Node sets every signal back to its default at start.)
		if (watchForeground && lostForeground()) {
			process.kill(-startGroups.own, 'SIGSTOP');
			return;
		}
		stdout.write(RESUME);
		refreshSize(stdout);
		options.onResume();
	};
	const onSignal = (signal: NodeJS.Signals) => {
		if (signal === 'SIGHUP') hungUp();
		options.onSignal(signal);
	};
	const onCrash = (error: unknown) => {
		// A write to the dead terminal that failed, rethrown by another 'error' listener (the CLI's on stdout):
		// the hangup again. Reported on that terminal, it would only fail once more, and again, and again.
		if (typeof error === 'object' && error !== null && streamErrors.has(error) && hungUp()) {
			options.onHangup();
			return;
		}
		restore();
		options.onCrash(error);
	};
	// A launcher that does not pass signals on (npx, npm start) killed: the shell takes the terminal back and prints
	// its prompt over our frame, and nothing tells us. Its leaving shows as our parent gone (parent-gone.ts), or, when
	// a `sh -c` between it and us lives on (npx runs the bin so), as the terminal's foreground group no longer being
	// ours: leave as on SIGHUP.
	const parent = process.ppid;
	const startGroups = terminalGroups();
	const watchForeground = startGroups !== undefined && startGroups.foreground === startGroups.own;
	let orphaned = false;
	const parentWatch = setInterval(() => {
		if (!parentGone(parent) && !(watchForeground && lostForeground() && groupLeaderGone(startGroups.own))) return;
		orphaned = true;
		clearInterval(parentWatch);
		onSignal('SIGHUP');
	}, PARENT_POLL_MS).unref();
	// Last resort: whatever ends the process, the screen comes back (or, hung up, the process lets go of it).
	const onExit = () => {
		restore();
		if (gone || orphaned) detachFromDeadTerminal(orphaned);
	};
	// Every listener the guard adds, added in one loop and taken off in another (dispose). `first`: before any other,
	// so the error is known for what it is before another listener (the CLI's) rethrows it. `toTheEnd`: kept once the
	// terminal is gone, when a failed write may still be reported (a non-event, not a crash) and the exit must still
	// let go of the terminal.
	const listeners: Array<{emitter: NodeJS.EventEmitter; event: string; listener: Parameters<NodeJS.EventEmitter['on']>[1]; first?: true; toTheEnd?: true}> = [
		...signals.map(signal => ({emitter: process, event: signal, listener: onSignal})),
		{emitter: process, event: 'SIGTSTP', listener: stayRunning},
		{emitter: process, event: 'SIGCONT', listener: resume},
		{emitter: process, event: 'uncaughtException', listener: onCrash},
		{emitter: process, event: 'unhandledRejection', listener: onCrash},
		...[...new Set([stdout, stderr, stdin])].map(emitter => ({emitter, event: 'error', listener: onStreamError, first: true as const, toTheEnd: true as const})),
		{emitter: stdin, event: 'end', listener: onInputEnd},
		{emitter: process, event: 'exit', listener: onExit, toTheEnd: true},
	];
	for (const {emitter, event, listener, first} of listeners) {
		if (first) emitter.prependListener(event, listener);
		else emitter.on(event, listener);
	}
	stdout.write(ENTER);
	return {
		restore,
		hungUp,
		dispose() {
			clearInterval(parentWatch);
			const dead = gone || orphaned;
			for (const {emitter, event, listener, toTheEnd} of listeners) if (!(toTheEnd && dead)) emitter.off(event, listener);
		},
	};
}
