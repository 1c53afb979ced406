// `smtp-tui serve` run in-process (serve()), stopped by the test rather than by a signal, and a scripted session.
import {serve} from '../../../source/headless/serve.js';
import {parseServeFlags} from '../../../source/headless/serve-options.js';
import {captureIO} from './capture-io.js';
import {RawClient} from './raw-client.js';
import {certificateDir} from './sandbox.js';
import {waitFor} from './wait.js';

/**
 * Starts serve() with the given flags (its certificate in `certificates`); returns its output and a stop function
 * that resolves to the exit code.
 */
export async function startServe(flags: Record<string, unknown>, certificates = certificateDir) {
	const capture = captureIO();
	const options = parseServeFlags({port: '0', ...flags}, []);
	options.settings.certificateDir = certificates;
	let stop!: () => void;
	const stopped = new Promise<void>(resolve => (stop = resolve));
	const exit = serve(options, capture.io, stopped);
	const first = await waitFor(() => /listening on [\d.]+:(\d+)|"port":(\d+)/.exec(capture.out()), 'the listening line');
	return {...capture, port: Number(first[1] ?? first[2]), exit, stop: () => (stop(), exit)};
}

/** A session that reads the greeting (after sending `proxy`, a PROXY header line, when given), says `lines` and leaves. */
export async function session(port: number, lines: string[], proxy?: string) {
	const client = await RawClient.connect(port);
	if (proxy !== undefined) client.send(proxy);
	await client.reply();
	for (const line of lines) await client.command(line);
	client.end();
	await client.closedBy();
}
