// bench/big-message: an opened message's text view in the inbox (Ink, as the dashboard and `smtp-tui inbox` draw it,
// bundled from source like dist/), for a 1 KB, a 1 MB and a 50 MB text of 80-column prose, every seventh line long
// enough to wrap, in the same run: (a) open, from the render of its text view to its first frame; (b) a key, a
// page down redrawn (median of 21); (c) its rows all counted, which goes on between events after the first frame,
// and the longest the event loop was held meanwhile (what an SMTP session of the sandbox waits at most).
// Target: (a) for 50 MB under 100 ms (3.7 s when the whole text was laid out first), (b) for 50 MB within 2x the
// 1 KB message's, (c)'s longest hold under 50 ms.
// Then the same messages opened from a sandbox mailbox, as Enter opens one (useInbox: the parse, then the view): (d)
// the first frame that shows its headers, (e) the frame that has its text (the parse done), the CPU time of the
// whole, and the event loop's longest hold meanwhile (and its CPU, see holds); the 1 KB message is the baseline.
// Then the same messages fetched over serve --http's API, as a test does (GET /api/v1/message/ID, its JSON read by
// another client, not parsed here): (f) the time to the whole answer, the server's CPU time, and the event loop's
// longest hold meanwhile (what an SMTP session or another request of the sandbox waits at most).
// Then (e) and (f) for messages of other kinds: 12 and 50 MB of HTML alone; a 50 MB text part beside a short HTML
// one (multipart/mixed and multipart/alternative), a 50 MB attachment beside a short text; html-to-text's own call on
// the HTML is their baseline. Target: the longest hold under 50 ms.
// Usage: node bench/big-message.mjs [http|kinds]   (http: (f) alone; kinds: (e) and (f) for 1 KB and the other kinds)
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {pathToFileURL} from 'node:url';
import {bundleLikeDist, root, table} from './lib.mjs';

const bundle = await bundleLikeDist('big-message', {
	stdin: {
		contents:
			"export {Inbox, messageLayout} from './source/ui/components/inbox.tsx'; export {useInbox} from './source/ui/hooks/use-inbox.ts'; export {Mailbox} from './source/sandbox/mailbox.ts'; export {startHttpApi} from './source/sandbox/http-api.ts'; export {render} from 'ink-testing-library'; export {createElement} from 'react'; export {convert} from 'html-to-text';",
		resolveDir: root,
		loader: 'ts',
	},
});
const {Inbox, messageLayout, useInbox, Mailbox, startHttpApi, render, createElement, convert} = await import(pathToFileURL(bundle).href);

const WIDTH = 98;
const HEIGHT = 28;
const rounds = 21;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const line = 'The quick brown fox jumps over the lazy dog, and then some more words follow here.';

function messageOf(megabytes) {
	const count = Math.ceil((megabytes * 1024 * 1024) / (line.length + 2));
	const text = Array.from({length: count}, (_, index) => (index % 7 === 0 ? `${line} ${line}` : line)).join('\r\n');
	return {headerLines: [{key: 'subject', line: 'Subject: big'}], text, attachments: [], raw: `Subject: big\r\n\r\n${text}`};
}

const cpuMs = () => {
	const {user, system} = process.cpuUsage();
	return (user + system) / 1000;
};

/**
 * The event loop's longest hold from now until `stop()`, seen by a 1 ms timer; `stop().cpu`, the most CPU time the
 * process used between two of its ticks: the hold as an idle machine would see it, where a loaded one also leaves the
 * process waiting for a core (with Node's own threads' time, the garbage collector's helpers).
 */
function holds() {
	let last = nowMs();
	let lastCpu = cpuMs();
	let held = 0;
	let heldCpu = 0;
	const tick = () => {
		const [now, cpu] = [nowMs(), cpuMs()];
		held = Math.max(held, now - last);
		heldCpu = Math.max(heldCpu, cpu - lastCpu);
		[last, lastCpu] = [now, cpu];
	};
	const ticker = setInterval(tick, 1);
	return {
		restart: () => ([last, lastCpu] = [nowMs(), cpuMs()]),
		stop() {
			clearInterval(ticker);
			tick();
			return {wall: held, cpu: heldCpu};
		},
	};
}

const view = (message, top) => createElement(Inbox, {items: [], selected: 0, open: {message, tab: 'text', top}, focused: true, width: WIDTH, height: HEIGHT});

async function measure(megabytes) {
	const message = messageOf(megabytes);
	// The event loop's longest hold from the first frame to the count's end.
	const hold = holds();
	const started = nowMs();
	const app = render(view(message, 0));
	const openMs = nowMs() - started;
	if (!app.lastFrame().includes(line.slice(0, 40))) throw new Error('the first frame shows no text');
	hold.restart();
	const layout = messageLayout(message, 'text', WIDTH);
	if (layout.rows === undefined) await new Promise(resolve => layout.subscribe(resolve));
	const countedMs = nowMs() - started;
	const held = hold.stop().wall;
	const keys = [];
	for (let round = 1; round <= rounds; round++) {
		const pressed = nowMs();
		app.rerender(view(message, round * (HEIGHT - 2)));
		keys.push(nowMs() - pressed);
	}
	app.unmount();
	return {openMs, keyMs: [...keys].sort((a, b) => a - b)[Math.floor(rounds / 2)], countedMs, held, rows: layout.rows};
}

const session = {id: 1, remote: '127.0.0.1:50000', helo: 'bench.test', listener: 'smtp', tls: false, auth: false};

/** Message 1 of `mailbox` opened as Enter opens it (its headers view), `seen` told of each frame's message. */
function Opened({mailbox, seen}) {
	const inbox = useInbox(mailbox, '1', true, true);
	seen(inbox.message);
	const open = inbox.message && {message: inbox.message, tab: 'headers', top: 0};
	return createElement(Inbox, {items: inbox.items, selected: 0, ...(open ? {open} : {opening: true}), focused: true, width: WIDTH, height: HEIGHT});
}

const SHORT_HTML = '<p>The <b>report</b> is in the text part.</p>';

/**
 * The body of a message of `megabytes` of `kind`: text/plain; HTML alone; a text part beside a short HTML one in a
 * multipart/mixed or a multipart/alternative; a short text and an attachment of that size (base64).
 */
function bodyOf(megabytes, kind) {
	const {text} = messageOf(megabytes);
	const part = (type, body, extra = '') => `--b0\r\nContent-Type: ${type}\r\n${extra}\r\n${body}\r\n`;
	const multipart = (subtype, ...parts) => `Content-Type: multipart/${subtype}; boundary="b0"\r\n\r\n${parts.join('')}--b0--`;
	if (kind === 'html') return `Content-Type: text/html; charset=utf-8\r\n\r\n<html><body>${text.replaceAll('\r\n', '<br>\r\n')}</body></html>`;
	if (kind === 'mixed' || kind === 'alternative') return multipart(kind, part('text/plain; charset=utf-8', text), part('text/html; charset=utf-8', SHORT_HTML));
	if (kind === 'attachment') {
		const file = Buffer.from(text).toString('base64').replace(/.{76}/g, '$&\r\n');
		return multipart('mixed', part('text/plain; charset=utf-8', line), part('application/octet-stream; name="big.bin"', file, 'Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="big.bin"\r\n'));
	}
	return `Content-Type: text/plain; charset=utf-8\r\n\r\n${text}`;
}

/** A sandbox mailbox holding, as received, a message of `megabytes` of `kind` (see bodyOf). */
async function mailboxOf(megabytes, kind = 'plain') {
	const raw = Buffer.from(`From: bench@example.test\r\nTo: you@example.test\r\nSubject: big\r\nMIME-Version: 1.0\r\n${bodyOf(megabytes, kind)}\r\n`);
	const mailbox = await Mailbox.open({limits: {keep: 10, keepBytes: raw.length * 2}});
	await mailbox.accept({envelope: {mailFrom: {address: 'bench@example.test', params: {}}, rcptTo: [{address: 'you@example.test', params: {}}]}, session, raw, receivedAt: 0});
	return mailbox;
}

/** (d), (e): a sandbox mailbox holding the message as received, opened. */
async function measureOpen(megabytes, kind) {
	const mailbox = await mailboxOf(megabytes, kind);
	let headersMs;
	let parsed;
	const started = nowMs();
	const cpu = process.cpuUsage();
	const hold = holds();
	const done = new Promise(resolve => (parsed = resolve));
	const app = render(
		createElement(Opened, {
			mailbox,
			seen(message) {
				if (message && headersMs === undefined) headersMs = nowMs() - started;
				if (message && !message.reading) parsed(nowMs() - started);
			},
		}),
	);
	const parsedMs = await done;
	const held = hold.stop();
	const used = process.cpuUsage(cpu);
	if (!app.lastFrame().includes('Subject: big')) throw new Error('the opened message shows no headers');
	app.unmount();
	return {headersMs, parsedMs, cpuMs: (used.user + used.system) / 1000, held};
}

/** (f): message 1 fetched from the HTTP API (GET /api/v1/message/1) by a client in another process (curl). */
async function measureFetch(megabytes, kind) {
	const mailbox = await mailboxOf(megabytes, kind);
	const api = await startHttpApi(mailbox, {host: '127.0.0.1', port: 0}, []);
	const started = nowMs();
	const cpu = process.cpuUsage();
	const hold = holds();
	const child = spawn('curl', ['-sf', '-o', '/dev/null', `http://127.0.0.1:${api.port}/api/v1/message/1`], {stdio: 'inherit'});
	const [code] = await once(child, 'exit');
	const fetchedMs = nowMs() - started;
	const held = hold.stop();
	const used = process.cpuUsage(cpu);
	await api.close();
	if (code !== 0) throw new Error(`curl exited ${code}`);
	return {fetchedMs, cpuMs: (used.user + used.system) / 1000, held};
}

const size = megabytes => (megabytes < 1 ? '1 KB' : `${megabytes} MB`);
const ms = value => `${value.toFixed(1)} ms`;
/**
 * Messages of other kinds than text/plain, each measured beside the 50 MB text/plain one; 12 MB of HTML is under
 * html-to-text's limit (16 MiB), which mailparser would convert too.
 */
const KINDS = [
	[12, 'html', 'of HTML alone'],
	[50, 'html', 'of HTML alone'],
	[50, 'mixed', 'text beside HTML (multipart/mixed)'],
	[50, 'alternative', 'text beside HTML (multipart/alternative)'],
	[50, 'attachment', 'attached (base64) to a short text'],
];
// `http` alone: only (f), the HTTP API's; `kinds` alone: only the 50 MB rows, and the baseline of html-to-text's call.
const only = process.argv[2];
if (only === undefined) {
	// Warm: the first render of all pays for JIT compilation.
	await measure(0.001);
	await measureOpen(0.001);
	const results = [];
	for (const megabytes of [0.001, 1, 50]) results.push([megabytes, await measure(megabytes)]);
	console.log(
		table([
			['text', 'rows', 'open (first frame)', 'key (PgDn)', 'rows counted', 'longest hold'],
			...results.map(([megabytes, r]) => [size(megabytes), r.rows.toLocaleString('en'), ms(r.openMs), ms(r.keyMs), ms(r.countedMs), ms(r.held)]),
		]),
	);
	console.log();
}
if (only !== 'http') {
	await measureOpen(0.001);
	const opened = [];
	for (const megabytes of only === 'kinds' ? [0.001, 50] : [0.001, 1, 50]) opened.push([size(megabytes), await measureOpen(megabytes)]);
	for (const [megabytes, kind, name] of KINDS) opened.push([`${size(megabytes)} ${name}`, await measureOpen(megabytes, kind)]);
	console.log(
		table([
			['opened from the mailbox', 'headers shown', 'text read (parsed)', 'CPU', 'longest hold', 'its CPU'],
			...opened.map(([name, r]) => [name, ms(r.headersMs), ms(r.parsedMs), ms(r.cpuMs), ms(r.held.wall), ms(r.held.cpu)]),
		]),
	);
	console.log();
}
await measureFetch(0.001);
const fetched = [];
for (const megabytes of only === 'kinds' ? [0.001, 50] : [0.001, 1, 50]) fetched.push([size(megabytes), await measureFetch(megabytes)]);
for (const [megabytes, kind, name] of KINDS) fetched.push([`${size(megabytes)} ${name}`, await measureFetch(megabytes, kind)]);
console.log(
	table([
		['fetched over HTTP (GET /api/v1/message/ID)', 'answered', 'CPU', 'longest hold', 'its CPU'],
		...fetched.map(([name, r]) => [name, ms(r.fetchedMs), ms(r.cpuMs), ms(r.held.wall), ms(r.held.cpu)]),
	]),
);
console.log();
// The baseline of the HTML rows: html-to-text's own call on the 50 MB message's HTML (up to its 16 Mi characters).
const html = bodyOf(50, 'html').split('\r\n\r\n').slice(1).join('\r\n\r\n').slice(0, 1 << 24);
const started = nowMs();
convert(html, {wordwrap: false});
console.log(`html-to-text's convert of the 50 MB message's HTML (its first 16 Mi characters), in one call: ${ms(nowMs() - started)}`);
