// bench/dkim-verify: the sandbox's DKIM check of a 30 MB signed message (the size a mail provider still takes), the
// code serve runs (bundled from source like dist/), while a timer chain measures the event loop: its longest stall is
// how long every other session of the sandbox waits. Beside it, in the same run: one crypto.createHash over the same
// bytes, in a single update (the stall of hashing it at all, unsplit).
// Target: no stall over 20 ms (a client's command answered late by no more than a slow network would).
// Usage: node bench/dkim-verify.mjs
import crypto from 'node:crypto';
import {createReadStream, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setImmediate as turn} from 'node:timers/promises';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {messageFile, root, table, tmp} from './lib.mjs';

const entry = path.join(tmp, 'dkim-verify-entry.ts');
writeFileSync(entry, ["export {verifyDkim} from '../source/sandbox/dkim-verify.js';", "export {dkimSignature} from '../source/message/dkim-sign.js';", "export {RelaxedBodyHash} from '../source/message/dkim-body-hash.js';"].join('\n'));
const bundle = path.join(tmp, 'dkim-verify.mjs');
await build({entryPoints: [entry], outfile: bundle, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning'});
const {verifyDkim, dkimSignature, RelaxedBodyHash} = await import(pathToFileURL(bundle).href);

const file = await messageFile(30, '\r\n', {dots: false});
const unsigned = readFileSync(file);
const split = unsigned.indexOf('\r\n\r\n');
const pair = crypto.generateKeyPairSync('rsa', {modulusLength: 2048});
const hash = new RelaxedBodyHash();
hash.update(unsigned.subarray(split + 4));
const key = {key: pair.privateKey, algorithm: 'rsa-sha256', bits: 2048};
const {field} = dkimSignature(unsigned.subarray(0, split).toString('latin1'), hash.digest(), {key, domain: 'example.test', selector: 'bench', time: new Date()});
const raw = Buffer.concat([Buffer.from(field, 'latin1'), unsigned]);
const signedFile = path.join(tmp, 'dkim-signed-30mb.eml');
writeFileSync(signedFile, raw);
const record = `v=DKIM1; k=rsa; p=${pair.publicKey.export({format: 'der', type: 'spki'}).toString('base64')}`;
const lookup = async () => ({records: [record]});

/** Runs `work` while a chain of setImmediate turns watches the loop: the longest gap between two turns, and the time it took. */
async function stalls(work) {
	let longest = 0;
	let running = true;
	const watch = (async () => {
		let last = performance.now();
		while (running) {
			await turn();
			const now = performance.now();
			longest = Math.max(longest, now - last);
			last = now;
		}
	})();
	const started = performance.now();
	const result = await work();
	const took = performance.now() - started;
	running = false;
	await watch;
	return {longest, took, result};
}

const rounds = 5;
const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function measure(work) {
	const runs = [];
	for (let round = 0; round < rounds; round++) runs.push(await stalls(work));
	return {longest: median(runs.map(run => run.longest)), took: median(runs.map(run => run.took)), result: runs[0].result};
}

const fromMemory = await measure(() => verifyDkim([raw], lookup));
const fromFile = await measure(() => verifyDkim(createReadStream(signedFile, {highWaterMark: 64 * 1024}), lookup));
const bare = await measure(async () => crypto.createHash('sha256').update(raw).digest('base64'));
for (const {result} of [fromMemory, fromFile]) if (result[0]?.status !== 'pass') throw new Error(`the check did not pass: ${JSON.stringify(result)}`);
const ms = value => `${value.toFixed(1)} ms`;
console.log(table([
	[`${(raw.length / 1e6).toFixed(1)} MB signed (rsa-sha256, relaxed), median of ${rounds}`, 'longest stall', 'whole check', 'target'],
	['the sandbox\'s check, message in memory (no --save-dir)', ms(fromMemory.longest), ms(fromMemory.took), '<= 20 ms stall'],
	['the sandbox\'s check, read from its saved file', ms(fromFile.longest), ms(fromFile.took), '<= 20 ms stall'],
	['baseline: crypto.createHash over the same bytes, one update', ms(bare.longest), ms(bare.took), ''],
]));
