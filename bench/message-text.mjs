// bench/message-text: reading a message's text and links, which serve --save-dir and the inbox do before each 250
// (bundled from source like dist/): a password-reset mail as apps send it, and a message whose first 64 KiB are
// 2,000 HTML links (a newsletter's worst, or a hostile sender's). Beside them, in the same run: html-to-text alone on
// the same HTML, the floor. Target: the 2,000 links within 2x of that floor (the server is held meanwhile).
// Usage: node bench/message-text.mjs
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {root, table, tmp} from './lib.mjs';

const bundle = path.join(tmp, 'message-text.mjs');
await build({
	stdin: {contents: "export {messageText} from './source/sandbox/message-text.ts'; export {htmlAsText} from './source/sandbox/html-text.ts';", resolveDir: root, loader: 'ts'},
	outfile: bundle,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	logLevel: 'warning',
	banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"},
});
const {messageText, htmlAsText} = await import(pathToFileURL(bundle).href);

const rounds = 21;
const crlf = text => Buffer.from(text.replaceAll('\n', '\r\n'));
const reset = `https://app.example.test/account/password/reset/${'a1b2c3d4'.repeat(12)}?utm_source=mail&amp;utm_campaign=reset`;
const resetMail = crlf(`From: App <app@example.test>
Subject: Reset your password
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Someone asked to reset your password. Your code is 482913, or follow ${reset.replace('&amp;', '&')}
--b
Content-Type: text/html; charset=utf-8

<table><tr><td><p>Someone asked to reset your password.</p><p><a href="${reset}" style="color:#fff">Reset it</a></p></td></tr></table>
--b--
`);
const linksHtml = Array.from({length: 2000}, (_, n) => `<a href="https://a.test/${n}">x</a>`).join('');
const linksMail = crlf(`From: App <app@example.test>\nSubject: Links\nContent-Type: text/html\n\n${linksHtml}\n`);

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
async function measure(run) {
	await run();
	const times = [];
	for (let round = 0; round < rounds; round++) {
		const started = nowMs();
		await run();
		times.push(nowMs() - started);
	}
	return [...times].sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const resetMs = await measure(() => messageText(resetMail));
const linksMs = await measure(() => messageText(linksMail));
const floorMs = await measure(() => htmlAsText(linksHtml, {hrefs: [], images: []}));
const ms = value => `${value.toFixed(2)} ms`;
console.log(table([
	[`median of ${rounds}`, 'time'],
	['a password-reset mail (text and HTML)', ms(resetMs)],
	['2,000 HTML links in 64 KiB', ms(linksMs)],
	['  html-to-text alone on them (the floor)', ms(floorMs)],
]));
const met = linksMs <= 2 * floorMs;
console.log(`target: the 2,000 links within 2x of html-to-text alone: ${met ? 'met' : 'MISSED'}`);
process.exitCode = met ? 0 : 1;
