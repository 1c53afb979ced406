// The sandbox as `smtp-tui inbox` runs it: serve's server with serve's own log lines (ServeOutput), kept for a
// screen to show instead of printed, and serve's stop, whose lines go to the terminal once the screen is gone.
import process from 'node:process';
import {Writable} from 'node:stream';
import type {Sandbox} from '../sandbox/server.js';
import type {AddressSource} from './own-addresses.js';
import {isPinnedLine, isReachableLine} from './pinned-lines.js';
import {startLogged} from './serve.js';
import {countOf} from '../smtp/digits.js';
import {escapeUnsafe} from '../text/escape.js';
import type {ServeOptions} from './serve-options.js';
import {ServeOutput} from './serve-output.js';
import {ServeTotals} from './serve-totals.js';

type Out = {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream};

/**
 * Lines kept for the screen: far more than it shows, few enough that a flood of clients cannot grow it; serve's
 * pinned lines (isPinnedLine, a few) besides.
 */
const KEPT_LINES = 500;

/**
 * What a screen shows of serve's log. The pinned lines (isPinnedLine: the warnings, the certificate's fingerprint
 * and file, the addresses to hand out) are said once, at start: kept apart, each once, in the order said, so that
 * neither the cap nor a flood of lines takes them away.
 */
export type CaughtLines = {
	pinned: readonly string[];
	/** The other lines, the newest KEPT_LINES. */
	lines: readonly string[];
	/** Other lines ever added: the newest is number `total`, the oldest kept `total - lines.length + 1`. */
	total: number;
};

/** serve's log lines as they come, for a screen (useSyncExternalStore: the same object until a line comes). */
export class CaughtLog {
	private caught: CaughtLines = {pinned: [], lines: [], total: 0};
	private readonly listeners = new Set<() => void>();
	/** Where lines go instead once the screen is gone (the terminal's normal screen), as serve writes them. */
	passTo: Out | undefined;

	add(text: string, to: keyof Out = 'stdout'): void {
		if (this.passTo) {
			this.passTo[to].write(`${text}\n`);
			return;
		}
		const added = text.split('\n');
		// The machine's addresses said again (a network joined after start): the new line takes the old one's place.
		const reachable = added.filter(isReachableLine).at(-1);
		const before = reachable === undefined ? this.caught.pinned : this.caught.pinned.map(line => (isReachableLine(line) ? reachable : line));
		const pinned = added.filter(line => isPinnedLine(line) && !before.includes(line));
		const others = added.filter(line => !isPinnedLine(line));
		const {lines, total} = this.caught;
		this.caught = {pinned: [...before, ...new Set(pinned)], lines: [...lines, ...others].slice(-KEPT_LINES), total: total + others.length};
		for (const listener of this.listeners) listener();
	}

	get = (): CaughtLines => this.caught;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** A stream whose writes (ServeLines' batches, ServeOutput's warnings on `to`) become lines of the log. */
	stream(to: keyof Out): Writable {
		return new Writable({
			decodeStrings: false,
			write: (chunk: string | Buffer, _encoding, done) => {
				this.add(String(chunk).replace(/\n$/, ''), to);
				done();
			},
		});
	}
}

/** The last line after the screen is gone: where this run's messages are, or that they went with it. */
export function whereSaved(saveDir: string | undefined, accepted: number): string {
	if (saveDir !== undefined) return `the messages are saved in ${escapeUnsafe(saveDir)} (N.eml, with N.json)`;
	return accepted === 0 ? 'no messages caught, none saved (--save-dir DIR keeps them)' : `${countOf(accepted, 'message')} caught, not saved (--save-dir DIR keeps them): gone with this run`;
}

export type Catcher = {
	sandbox: Sandbox;
	log: CaughtLog;
	/** Sessions open now: a stop gives each a 421. */
	openSessions(): number;
	/** serve's stop: "stopping", the sessions given 421, the counts; the lines go to `out` (none: a terminal gone). */
	stop(out: Out | undefined, why?: string): Promise<void>;
	/**
	 * Ctrl+C again while stopping: says so, for the process to exit now. The listeners are closed by then (the stop
	 * closes them first); the sessions still open end with the process, without waiting for their 421.
	 */
	leaveNow(): void;
};

/** After this long a stop still waits on open sessions (or a save): the way out at once is said. */
const STILL_STOPPING_MS = 250;

const STILL_STOPPING = 'still stopping: waiting for open sessions to close; Ctrl+C again leaves at once';
const LEFT_AT_ONCE = 'left at once (Ctrl+C again): sessions still open were cut off; their messages were not kept';

/** Starts the sandbox as serve does; a failure to listen is said as serve says it. */
export async function startCatcher(options: ServeOptions, env: NodeJS.ProcessEnv, addresses?: AddressSource): Promise<Catcher | {message: string; hint?: string}> {
	const log = new CaughtLog();
	// Warnings are serve's stderr lines ("warning: ..."): on the screen they stand among the others.
	const output = new ServeOutput({stdout: log.stream('stdout'), stderr: log.stream('stderr'), stdin: process.stdin, env}, false, 'inbox', addresses);
	const totals = new ServeTotals();
	const sandbox = await startLogged(options, output, totals, 'inbox');
	if (!('listeners' in sandbox)) return sandbox;
	// Only the screen's filter reads the texts, and asks for them: a burst of mail is not held for them. The HTTP API's
	// tests read them right after the 250.
	if (options.http === undefined) sandbox.mailbox.readTextsLater();
	output.ready(sandbox, options.customPassword);
	output.flush();
	return {
		sandbox,
		log,
		openSessions: () => totals.open.size,
		async stop(out, why) {
			// A hung-up terminal takes no lines: they go nowhere.
			const nowhere = new Writable({write: (_chunk, _encoding, done) => done()});
			log.passTo = out ?? {stdout: nowhere, stderr: nowhere};
			if (why !== undefined) output.warn(why);
			output.stopping();
			output.flush();
			const slow = setTimeout(() => log.add(STILL_STOPPING), STILL_STOPPING_MS);
			await sandbox.close();
			clearTimeout(slow);
			output.stopped(totals);
			log.add(whereSaved(sandbox.mailbox.saveDir, totals.counts.messages));
		},
		leaveNow() {
			output.flush();
			log.add(LEFT_AT_ONCE);
		},
	};
}
