// bench/big-message: an opened message's text view in the inbox (Ink, as the dashboard and `smtp-tui inbox` draw it,
// bundled from source like dist/), for a 1 KB, a 1 MB and a 50 MB text of 80-column prose, every seventh line long
// enough to wrap, in the same run: (a) open, from the render of its text view to its first frame; (b) a key, a
// page down redrawn (median of 21); (c) its rows all counted, which goes on between events after the first frame,
// and the longest the event loop was held meanwhile (what an SMTP session of the sandbox waits at most).
// Target: (a) for 50 MB under 100 ms (3.7 s when the whole text was laid out first), (b) for 50 MB within 2x the
// 1 KB message's, (c)'s longest hold under 50 ms.
// Usage: node bench/big-message.mjs
import {pathToFileURL} from 'node:url';
import {bundleLikeDist, root, table} from './lib.mjs';

const bundle = await bundleLikeDist('big-message', {
	stdin: {
		contents: "export {Inbox, messageLayout} from './source/ui/components/inbox.tsx'; export {render} from 'ink-testing-library'; export {createElement} from 'react';",
		resolveDir: root,
		loader: 'ts',
	},
});
const {Inbox, messageLayout, render, createElement} = await import(pathToFileURL(bundle).href);

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

const view = (message, top) => createElement(Inbox, {items: [], selected: 0, open: {message, tab: 'text', top}, focused: true, width: WIDTH, height: HEIGHT});

async function measure(megabytes) {
	const message = messageOf(megabytes);
	// The event loop's longest hold from the first frame to the count's end, seen by a 1 ms timer.
	let last = nowMs();
	let held = 0;
	const ticker = setInterval(() => {
		const now = nowMs();
		held = Math.max(held, now - last);
		last = now;
	}, 1);
	const started = nowMs();
	const app = render(view(message, 0));
	const openMs = nowMs() - started;
	if (!app.lastFrame().includes(line.slice(0, 40))) throw new Error('the first frame shows no text');
	last = nowMs();
	const layout = messageLayout(message, 'text', WIDTH);
	if (layout.rows === undefined) await new Promise(resolve => layout.subscribe(resolve));
	const countedMs = nowMs() - started;
	clearInterval(ticker);
	const keys = [];
	for (let round = 1; round <= rounds; round++) {
		const pressed = nowMs();
		app.rerender(view(message, round * (HEIGHT - 2)));
		keys.push(nowMs() - pressed);
	}
	app.unmount();
	return {openMs, keyMs: [...keys].sort((a, b) => a - b)[Math.floor(rounds / 2)], countedMs, held, rows: layout.rows};
}

// Warm: the first render of all pays for JIT compilation.
await measure(0.001);
const results = [];
for (const megabytes of [0.001, 1, 50]) results.push([megabytes, await measure(megabytes)]);
const ms = value => `${value.toFixed(1)} ms`;
console.log(
	table([
		['text', 'rows', 'open (first frame)', 'key (PgDn)', 'rows counted', 'longest hold'],
		...results.map(([megabytes, r]) => [megabytes < 1 ? '1 KB' : `${megabytes} MB`, r.rows.toLocaleString('en'), ms(r.openMs), ms(r.keyMs), ms(r.countedMs), ms(r.held)]),
	]),
);
