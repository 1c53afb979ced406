// bench/send: smtp-tui send vs curl, both sending the same message file to the same discard sink; and its start-up
// alone, beside node -e 0 and the floor.
// Usage: node bench/send.mjs [--old DIR]   (DIR: another build's folder, its dist/cli.js's start-up measured in the same rounds)
import {generateKeyPairSync} from 'node:crypto';
import {closeSync, openSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {has, messageFile, repeated, root, startSink, summary, table, timed, tmp} from './lib.mjs';

const cli = path.join(root, 'dist/cli.js');
const bare = path.join(root, 'bench/bare-pipe.mjs');
const sink = await startSink();
// A DKIM key for the signed rows (--dkim-key): the body is read twice, once to hash it, once to send it.
const dkimKey = path.join(tmp, 'dkim.pem');
writeFileSync(dkimKey, generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'pem', type: 'pkcs8'}), {mode: 0o600});
// The third row: the 14 MB message with Unix line ends (curl is given --crlf to add the CRs too).
const sizes = [14, 100, '14-lf'];
// Each figure is the median of this many runs (peak RSS: the highest); the machine is noisy.
const runs = 5;
const label = mb => (mb === '14-lf' ? '14 MB, LF' : `${mb} MB`);
const rows = [['size', 'client', 'wall s', 'x curl', 'CPU s', 'peak RSS MiB']];
const results = {};
const curl = has('curl');
if (!curl) console.log('note: curl is not installed: the curl baseline rows are skipped');

// Start-up alone: a three-line message, so what is timed is Node's start, the loading and the checks, not the data;
// beside `node -e 0` and the bare pipe of the same file (the floor), alternated so that drift hits each alike.
const startRuns = 15;
const tiny = path.join(tmp, 'message-tiny.eml');
writeFileSync(tiny, 'Subject: start-up\r\n\r\nhello\r\n');
// --old DIR: the same start of another build (DIR/dist/cli.js), in the same rounds.
const oldIndex = process.argv.indexOf('--old');
const oldCli = oldIndex === -1 ? undefined : path.resolve(process.argv[oldIndex + 1], 'dist/cli.js');
const startUp = {node: [], floor: [], send: [], ...(oldCli && {old: []})};
const sendTiny = file => timed(process.execPath, [file, 'send', '--host', '127.0.0.1', '--port', String(sink.port), '--no-starttls', '--helo', 'bench', '--from', 'bench@example.test', '--to', 'sink@example.test', '--data', `@${tiny}`, '--quiet']);
try {
	for (let run = 0; run <= startRuns; run++) {
		const times = {
			node: await timed(process.execPath, ['-e', '0']),
			floor: await timed(process.execPath, [bare, String(sink.port), tiny]),
			send: await sendTiny(cli),
			...(oldCli && {old: await sendTiny(oldCli)}),
		};
		// The first round warms the caches.
		if (run > 0) for (const [name, time] of Object.entries(times)) startUp[name].push(time);
	}
	for (const mb of sizes) {
		const file = mb === '14-lf' ? await messageFile(14, '\n') : await messageFile(mb);
		const smtpTui = await repeated(runs, () => timed(process.execPath, [cli, 'send', '--host', '127.0.0.1', '--port', String(sink.port), '--no-starttls', '--helo', 'bench', '--from', 'bench@example.test', '--to', 'sink@example.test', '--data', `@${file}`, '--quiet']));
		results[`tui${mb}`] = smtpTui;
		// The floor: Node piping the same file, unchanged, with no checks (the LF file would need changing).
		const floor = mb === '14-lf' ? undefined : await repeated(runs, () => timed(process.execPath, [bare, String(sink.port), file]));
		if (floor) results[`floor${mb}`] = floor;
		let baseline;
		if (curl) {
			baseline = await repeated(runs, () => timed('curl', ['-sS', `smtp://127.0.0.1:${sink.port}`, '--mail-from', 'bench@example.test', '--mail-rcpt', 'sink@example.test', '--upload-file', file, ...(mb === '14-lf' ? ['--crlf'] : [])]));
			results[`curl${mb}`] = baseline;
			rows.push([label(mb), 'curl', baseline.seconds.toFixed(3), '1.00', baseline.cpuSeconds.toFixed(2), baseline.rssMiB.toFixed(1)]);
		}
		const ratio = run => (baseline ? (run.seconds / baseline.seconds).toFixed(2) : '-');
		if (floor) rows.push([label(mb), 'bare Node pipe (floor)', floor.seconds.toFixed(3), ratio(floor), floor.cpuSeconds.toFixed(2), floor.rssMiB.toFixed(1)]);
		rows.push([label(mb), 'smtp-tui send', smtpTui.seconds.toFixed(3), ratio(smtpTui), smtpTui.cpuSeconds.toFixed(2), smtpTui.rssMiB.toFixed(1)]);
		if (mb === '14-lf') continue;
		const signed = await repeated(runs, () => timed(process.execPath, [cli, 'send', '--host', '127.0.0.1', '--port', String(sink.port), '--no-starttls', '--helo', 'bench', '--from', 'bench@example.test', '--to', 'sink@example.test', '--data', `@${file}`, '--quiet', '--dkim-key', dkimKey, '--dkim-selector', 'bench', '--no-dkim-check']));
		rows.push([label(mb), 'smtp-tui send --dkim-key (signed)', signed.seconds.toFixed(3), ratio(signed), signed.cpuSeconds.toFixed(2), signed.rssMiB.toFixed(1)]);
		// The same size wire-ready (no line starts with a dot) on standard input: its private copy goes as it is.
		const ready = await messageFile(mb, '\r\n', {dots: false});
		const piped = await repeated(runs, () => {
			const input = openSync(ready, 'r');
			return timed(process.execPath, [cli, 'send', '--host', '127.0.0.1', '--port', String(sink.port), '--no-starttls', '--helo', 'bench', '--from', 'bench@example.test', '--to', 'sink@example.test', '--data', '-', '--quiet'], {stdio: [input, 'ignore', 'pipe']}).finally(() => closeSync(input));
		});
		results[`stdin${mb}`] = piped;
		rows.push([label(mb), 'smtp-tui send --data - (wire-ready)', piped.seconds.toFixed(3), ratio(piped), piped.cpuSeconds.toFixed(2), piped.rssMiB.toFixed(1)]);
	}
} finally {
	sink.stop();
}

console.log(`bench/send: a message file to a local discard sink, median of ${runs} runs (targets: data path >= 0.7x curl, 14 MB total <= 3x curl, RSS <= 80 MiB)`);
console.log(table(rows));
const start = Object.fromEntries(Object.entries(startUp).map(([name, runs]) => [name, summary(runs)]));
const ms = seconds => (seconds * 1000).toFixed(0);
console.log(
	`start-up, a three-line message, median of ${startRuns}: smtp-tui send ${ms(start.send.seconds)} ms (CPU ${ms(start.send.cpuSeconds)} ms), the bare pipe (floor) ${ms(start.floor.seconds)} ms (CPU ${ms(start.floor.cpuSeconds)} ms), node -e 0 ${ms(start.node.seconds)} ms (CPU ${ms(start.node.cpuSeconds)} ms): send ${(start.send.seconds / start.floor.seconds).toFixed(2)}x the floor's wall time, ${(start.send.cpuSeconds / start.floor.cpuSeconds).toFixed(2)}x its CPU time`,
);
if (start.old) console.log(`the same start of ${oldCli}: ${ms(start.old.seconds)} ms (CPU ${ms(start.old.cpuSeconds)} ms)`);
const throughput = key => (100 - 14) / Math.max(1e-3, results[`${key}100`].seconds - results[`${key}14`].seconds);
if (curl) console.log(`the floor (Node's start plus a bare file-to-socket pipe, no SMTP checks): 14 MB in ${(results.floor14.seconds / results.curl14.seconds).toFixed(2)}x curl; smtp-tui send ${(results.tui14.seconds / results.floor14.seconds).toFixed(2)}x the floor`);
console.log(`data-path throughput (100 MB run - 14 MB run): smtp-tui ${throughput('tui').toFixed(0)} MB/s${curl ? `, curl ${throughput('curl').toFixed(0)} MB/s, ratio ${(throughput('tui') / throughput('curl')).toFixed(2)}` : ''}`);
console.log(`the same, a wire-ready message on standard input (--data -, sent as it is): ${throughput('stdin').toFixed(0)} MB/s${curl ? `, ratio ${(throughput('stdin') / throughput('curl')).toFixed(2)} to curl's` : ''}`);
