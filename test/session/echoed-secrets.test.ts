// What the driver masks in replies after a login: the secrets it sent, and only where a reply could quote them. The
// server's own challenges must come through whole, or the login cannot go on.
import {describe, expect, it} from 'vitest';
import {EchoedSecrets} from '../../source/session/echoed-secrets.js';
import {encodeCommand} from '../../source/smtp/commands.js';
import {createSaslClient} from '../../source/smtp/sasl.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const masked = (echoes: EchoedSecrets, line: string) => echoes.mask(Buffer.from(line, 'latin1')).toString('latin1');

/** The echoes after AUTH `mechanism` went for `user`, as the planner makes the command. */
function afterAuth(mechanism: string, user: string, password: string): {echoes: EchoedSecrets; sent: string} {
	const client = createSaslClient(mechanism, {user, password}, {nonce: 'fyko+d2lbbFgONRv9qkxdawL', host: 'mail.example', port: 587});
	const encoded = encodeCommand({verb: 'AUTH', mechanism, initialResponse: client.initialResponse()!});
	const echoes = new EchoedSecrets();
	echoes.remember(encoded, {user, password});
	return {echoes, sent: encoded.bytes.toString('latin1').split(' ')[2]!.trim()};
}

describe('EchoedSecrets', () => {
	// The nonce's base64 lines up with the client-first's every third user name length: "bob", "bobbie".
	it.each(['bob', 'alice', 'bobbie'])("SCRAM: the server-first message, which repeats our nonce, comes through whole (user %s)", user => {
		const {echoes} = afterAuth('SCRAM-SHA-256', user, 'pencil-Secret-42');
		const serverFirst = `334 ${b64('r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096')}`;
		expect(masked(echoes, serverFirst)).toBe(serverFirst);
	});

	// The server's signature is read by the engine as it came, and hidden only from what shows and records it; a
	// line is held until it is whole, or half of it would go unhidden (a short password, no secret to mask: held all the same).
	it.each(['pencil-Secret-42', 'pw'])("SCRAM: the server's signature is held to the line's end, then hidden from what is shown (password %s)", password => {
		const {echoes} = afterAuth('SCRAM-SHA-256', 'user', password);
		const line = `334 ${b64('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')}\r\n`;
		const [head, tail] = [line.slice(0, 20), line.slice(20)];
		expect(echoes.ready(Buffer.from(head, 'latin1'), true)).toBeUndefined();
		const whole = echoes.ready(Buffer.from(tail, 'latin1'), true)!;
		expect(masked(echoes, whole.toString('latin1'))).toBe(line);
		expect(echoes.shown(echoes.mask(whole)).toString('latin1')).toBe('334 [redacted]\r\n');
		expect(echoes.shown(line.trimEnd())).toBe('334 [redacted]');
	});

	it('before any SCRAM login nothing is held for it, nor hidden', () => {
		const echoes = new EchoedSecrets();
		const line = `334 ${b64('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=')}`;
		expect(echoes.ready(Buffer.from(line.slice(0, 20), 'latin1'), true)?.toString('latin1')).toBe(line.slice(0, 20));
		expect(echoes.shown(line)).toBe(line);
	});

	// Gmail's answer to an expired token names the scheme, "Bearer", which our payload holds too (auth=Bearer …).
	it.each(['me@example.test', 'me2@example.test', 'me23@example.test'])('OAUTHBEARER: the JSON error naming "Bearer" comes through whole (user %s); a quote of the payload is masked', user => {
		const {echoes, sent} = afterAuth('OAUTHBEARER', user, 'ya29.a0AfB_byExpiredToken');
		const error = `334 ${b64('{"status":"400","schemes":"Bearer","scope":"https://mail.google.com/"}')}`;
		expect(masked(echoes, error)).toBe(error);
		expect(masked(echoes, `535 you sent ${sent}`)).toBe('535 you sent [redacted]');
		// Cut short where it reaches the token.
		expect(masked(echoes, `535 you sent ${sent.slice(0, -12)}`)).toMatch(/\[redacted\]$/);
	});
});
