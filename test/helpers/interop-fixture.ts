// Plays the transcripts of real servers in test/fixtures/interop/ from a raw server on 127.0.0.1. The format (see
// test/fixtures/interop/README.md): `## name` starts a session; `S: text` is a line the server sends (\xHH escapes a
// byte, so a trailing space is visible); `C: PREFIX` is the client's next line, which must start with PREFIX
// (case-insensitive); `C: <message>` is the message after 354, up to its final dot; `S: <starttls>` starts the TLS
// handshake; `S: <close>` closes the connection. Lines starting with `#` are comments (the sources).
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {KeyAndCert} from './certs.js';
import {startRawServer, type RawPeer, type RawServer} from './raw-server.js';

export type FixtureStep = {server: string} | {client: string} | {message: true} | {starttls: true} | {close: true};

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/interop');

const unescape = (text: string) => text.replace(/\\x([0-9a-fA-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function step(line: string, where: string): FixtureStep {
	const match = /^([SC]): ?(.*)$/.exec(line);
	if (!match) throw new Error(`${where}: a line must start with "S: ", "C: ", "## " or "#"`);
	const [, side, text = ''] = match;
	if (side === 'C') return text === '<message>' ? {message: true} : {client: text};
	if (text === '<starttls>') return {starttls: true};
	if (text === '<close>') return {close: true};
	return {server: unescape(text)};
}

/** The sessions of one fixture file, by name, in the order the file gives them. */
export function loadFixture(file: string): Map<string, FixtureStep[]> {
	const sessions = new Map<string, FixtureStep[]>();
	let current: FixtureStep[] | undefined;
	readFileSync(path.join(folder, file), 'utf8')
		.split('\n')
		.forEach((line, index) => {
			const where = `${file}:${index + 1}`;
			if (line.startsWith('## ')) sessions.set(line.slice(3).trim(), (current = []));
			else if (line.trim() === '' || line.startsWith('#')) return;
			else if (current === undefined) throw new Error(`${where}: a session ("## name") must come first`);
			else current.push(step(line, where));
		});
	return sessions;
}

/** What a played session saw: the client's lines, and whether the script got to its end. */
export type Played = {commands: string[]; finished: boolean; mismatch?: string};

async function play(peer: RawPeer, steps: readonly FixtureStep[], played: Played, tls: KeyAndCert | undefined): Promise<void> {
	let pending = '';
	const flush = () => {
		if (pending !== '') peer.write(pending);
		pending = '';
	};
	for (const item of steps) {
		if ('server' in item) {
			pending += `${item.server}\r\n`;
			continue;
		}
		flush();
		if ('close' in item) {
			peer.end();
			break;
		}
		if ('starttls' in item) {
			if (!tls) throw new Error('this session starts TLS: play it with a certificate');
			await peer.startTls(tls);
		} else if ('message' in item) {
			await peer.readData();
			played.commands.push('<message>');
		} else {
			const line = await peer.readLine();
			played.commands.push(line);
			if (!line.toUpperCase().startsWith(item.client.toUpperCase())) {
				played.mismatch = `expected "${item.client}", the client sent "${line}"`;
				peer.destroy();
				return;
			}
		}
	}
	flush();
	played.finished = true;
}

/** A server on 127.0.0.1:0 that plays `session` of `file` to each connection. */
export async function playFixture(file: string, session: string, tls?: KeyAndCert): Promise<RawServer & {played: Played}> {
	const steps = loadFixture(file).get(session);
	if (!steps) throw new Error(`${file} has no session "${session}"`);
	const played: Played = {commands: [], finished: false};
	const server = await startRawServer(peer => play(peer, steps, played, tls));
	return Object.assign(server, {played});
}
