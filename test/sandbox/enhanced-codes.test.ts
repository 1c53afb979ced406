// ENHANCEDSTATUSCODES is advertised: every refusal carries an enhanced code, also those smtp-server sends
// without one (its EHLO/HELO syntax errors, a 421 to an early EHLO). The greeting and the EHLO reply carry none.
import {describe, expect, it} from 'vitest';
import {RawClient} from './helpers/raw-client.js';
import {sandboxPerTest} from './helpers/sandbox.js';

const start = sandboxPerTest();

describe('enhanced status codes', () => {
	it('are added to the EHLO and HELO syntax errors, derived from the basic code (RFC 3463: 501 is 5.5.4)', async () => {
		const sandbox = await start();
		const client = await RawClient.connect(sandbox.port);
		// The greeting carries none (RFC 2034).
		expect(await client.reply()).toMatchObject({code: 220, text: 'smtp-tui.localhost ESMTP smtp-tui sandbox'});
		expect(await client.command(`EHLO ${'h'.repeat(301)}`)).toEqual({code: 501, lines: ['501 5.5.4 Error: Bad hostname syntax'], text: '5.5.4 Error: Bad hostname syntax'});
		expect(await client.command('EHLO a b')).toMatchObject({code: 501, text: '5.5.4 Error: syntax: EHLO hostname'});
		expect(await client.command('HELO')).toMatchObject({code: 501, text: '5.5.4 Error: Syntax: HELO hostname'});
		expect(await client.command(`HELO ${'h'.repeat(301)}`)).toMatchObject({code: 501, text: '5.5.4 Error: Bad hostname syntax'});
		// The EHLO reply's lines are keywords: never prefixed.
		const ehlo = await client.command('EHLO me.example');
		expect(ehlo.lines[0]).toBe('250-smtp-tui.localhost Nice to meet you, [127.0.0.1]');
		expect(ehlo.lines.slice(1).every(line => /^250[- ][A-Z0-9]/.test(line))).toBe(true);
		// The log shows the reply as sent.
		expect(sandbox.events.find(event => event.type === 'refused')).toMatchObject({stage: 'ehlo', code: 501, text: '5.5.4 Error: Bad hostname syntax'});
		client.end();
	});

	it('are added to a 421 for an EHLO sent before the greeting, as to any other early line', async () => {
		const sandbox = await start({bannerDelayMs: 3_600_000});
		for (const line of ['EHLO early.example', 'NOOP']) {
			const client = await RawClient.connect(sandbox.port);
			client.send(line);
			expect(await client.reply()).toMatchObject({code: 421, text: '4.4.2 smtp-tui.localhost You talk too soon'});
			await client.closedBy();
		}
	});

	it('are not added to a greeting that refuses the session', async () => {
		const sandbox = await start({rejectAll: true});
		const client = await RawClient.connect(sandbox.port);
		expect(await client.reply()).toMatchObject({code: 554, text: 'smtp-tui.localhost no SMTP service here (--reject-all)'});
		await client.closedBy();
	});
});
