// The server side of SCRAM (RFC 5802, RFC 7677) on a raw peer, for integration tests: a server that knows the
// password (salted with PBKDF2, as a real one stores it), or one that misbehaves the ways a client must catch.
import {Buffer} from 'node:buffer';
import {createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual} from 'node:crypto';
import {greetAndEhlo, takeMessageAfterLogin, type RawPeer} from './raw-server.js';

/** honest: proves itself with v=; impostor: knows no password, takes any proof and signs with a guess; silent: 235 with no v=. */
export type ScramBehaviour = 'honest' | 'impostor' | 'silent';

/** How the signature's line goes: in one write; in three, apart (a client must not show what came of it before its end); or cut short, then nothing more. */
export type SignatureDelivery = 'whole' | 'in pieces' | 'cut short';

/**
 * `heldSuccess`: the 235 is a multi-line reply whose first line repeats the signature ("235-dj…"), its last held until
 * this settles (a server's early lines are logged as they come).
 */
export type ScramAccount = {mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-1'; user: string; password: string; iterations?: number; behaviour?: ScramBehaviour; signature?: SignatureDelivery; heldSuccess?: Promise<void>};

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const text = (base64: string) => Buffer.from(base64, 'base64').toString('utf8');
const fields = (message: string) => new Map(message.split(',').map(part => [part.slice(0, 1), part.slice(2)]));

/** What the server saw of one login: the client's lines, and whether the proof held; the signature (v=) it sent, base64. */
export type ScramLogin = {lines: string[]; proofValid?: boolean; signature?: string};

/** A script for startRawServer: greets, offers the mechanism, runs SCRAM, then takes one message. `seen` gets each login. */
export function scramServer(account: ScramAccount, seen: ScramLogin[] = []): (peer: RawPeer) => Promise<void> {
	const {mechanism, user, password, iterations = 4096, behaviour = 'honest', signature: delivery = 'whole', heldSuccess} = account;
	const hash = mechanism === 'SCRAM-SHA-256' ? 'sha256' : 'sha1';
	const hmac = (key: Buffer, data: string) => createHmac(hash, key).update(data).digest();
	return async peer => {
		const login: ScramLogin = {lines: []};
		seen.push(login);
		const read = async () => {
			const line = await peer.readLine();
			login.lines.push(line);
			return line;
		};
		await greetAndEhlo(peer, [`AUTH ${mechanism} PLAIN`]);
		const [verb, name, initial = ''] = (await read()).split(' ');
		if (verb !== 'AUTH' || name !== mechanism) return peer.end('503 5.5.1 unexpected\r\n');
		const clientFirst = text(initial);
		if (!clientFirst.startsWith('n,,')) return peer.end('501 5.5.2 bad GS2 header\r\n');
		const bare = clientFirst.slice(3);
		const nonce = `${fields(bare).get('r')}${randomBytes(9).toString('base64')}`;
		const salt = randomBytes(16);
		const serverFirst = `r=${nonce},s=${salt.toString('base64')},i=${iterations}`;
		peer.write(`334 ${b64(serverFirst)}\r\n`);
		const clientFinal = text(await read());
		const withoutProof = clientFinal.slice(0, clientFinal.indexOf(',p='));
		const authMessage = `${bare},${serverFirst},${withoutProof}`;
		// The impostor knows no password: it signs with one it guessed.
		const salted = pbkdf2Sync(behaviour === 'impostor' ? 'guess' : password, salt, iterations, createHash(hash).digest().length, hash);
		const storedKey = createHash(hash).update(hmac(salted, 'Client Key')).digest();
		const proof = Buffer.from(fields(clientFinal).get('p') ?? '', 'base64');
		const signature = hmac(storedKey, authMessage);
		const clientKey = Buffer.from(proof.map((byte, index) => byte ^ (signature[index] ?? 0)));
		const computed = createHash(hash).update(clientKey).digest();
		login.proofValid = fields(bare).get('n') === user && fields(clientFinal).get('r') === nonce && computed.length === storedKey.length && timingSafeEqual(computed, storedKey);
		if (!login.proofValid && behaviour !== 'impostor') {
			peer.write(`334 ${b64('e=invalid-proof')}\r\n`);
			await read();
			return peer.end('535 5.7.8 Authentication credentials invalid\r\n');
		}
		if (behaviour !== 'silent') {
			login.signature = hmac(hmac(salted, 'Server Key'), authMessage).toString('base64');
			const line = `334 ${b64(`v=${login.signature}`)}\r\n`;
			if (delivery === 'cut short') return peer.write(line.slice(0, 24));
			const cuts = delivery === 'in pieces' ? [0, 10, 30, line.length] : [0, line.length];
			for (const [index, cut] of cuts.slice(1).entries()) {
				if (index > 0) await new Promise(resolve => setTimeout(resolve, 20));
				peer.write(line.slice(cuts[index], cut));
			}
			// "*": the client caught the wrong signature, and gives up (RFC 4954 §4).
			if ((await read()) === '*') {
				peer.write('501 5.7.0 Authentication cancelled\r\n');
				await read();
				return peer.end('221 2.0.0 bye\r\n');
			}
		}
		if (heldSuccess) {
			peer.write(`235-${b64(`v=${login.signature ?? ''}`)}\r\n`);
			await heldSuccess;
		}
		peer.write('235 2.7.0 Authentication successful\r\n');
		await takeMessageAfterLogin(peer);
	};
}
