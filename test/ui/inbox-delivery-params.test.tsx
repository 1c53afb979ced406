// The sandbox offers DSN (RFC 3461) and, inside TLS, REQUIRETLS (RFC 8689): a message sent with them shows what it
// asked for on its envelope lines in the inbox's headers view, as the commands carried it; one without, nothing more.
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import React from 'react';
import {Text} from 'ink';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {Mailbox} from '../../source/sandbox/mailbox.js';
import {messageLines} from '../helpers/message-lines.js';
import {useInbox} from '../../source/ui/hooks/use-inbox.js';
import {runCli} from '../helpers/run-cli.js';
import {waitForFrame} from '../helpers/wait-for.js';
import {certificateDir, startTestSandbox, type TestSandbox} from '../sandbox/helpers/sandbox.js';

function Probe({mailbox}: {mailbox: Mailbox}) {
	const message = useInbox(mailbox, '1', true)?.message;
	return <Text>{message ? messageLines(message, 'headers').join('\n') : 'parsing'}</Text>;
}

let sandbox: TestSandbox | undefined;
afterEach(async () => sandbox?.close());

async function sendToSandbox(flags: string[]) {
	sandbox = await startTestSandbox();
	const ca = path.join(certificateDir, 'trusted-ca.pem');
	await writeFile(ca, sandbox.certificate.pem);
	const result = await runCli(['send', '--host', '127.0.0.1', '--port', String(sandbox.port), '--ca', ca, '--from', 'me@example.test', '--to', 'a+b@example.test', '--to', 'c@example.test', '--subject', 'Asked', ...flags]);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	const app = render(<Probe mailbox={sandbox.mailbox} />);
	const frame = await waitForFrame(app.lastFrame, frame => frame.includes('Subject: Asked'));
	app.unmount();
	return frame.split('\n');
}

describe('inbox envelope: delivery parameters', () => {
	it('shows RET, ENVID and REQUIRETLS on MAIL FROM and NOTIFY and ORCPT on each RCPT TO, xtext as sent', async () => {
		const lines = await sendToSandbox(['--dsn-notify', 'success,failure', '--dsn-ret', 'hdrs', '--dsn-envid', 'run 42', '--require-tls']);
		expect(lines.slice(0, 4)).toEqual([
			'Envelope (the SMTP commands):',
			'MAIL FROM:<me@example.test> RET=HDRS ENVID=run+2042 REQUIRETLS',
			'RCPT TO:<a+b@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;a+2Bb@example.test',
			'RCPT TO:<c@example.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;c@example.test',
		]);
		// serve's envelope lines carry them as sent too.
		expect(sandbox!.events).toContainEqual(expect.objectContaining({type: 'envelope', stage: 'mail', params: expect.objectContaining({RET: 'HDRS', ENVID: 'run 42', REQUIRETLS: true})}));
	});

	it('a message sent without them: the plain lines, and no other parameter (SIZE, BODY) either', async () => {
		const lines = await sendToSandbox([]);
		expect(lines.slice(1, 4)).toEqual(['MAIL FROM:<me@example.test>', 'RCPT TO:<a+b@example.test>', 'RCPT TO:<c@example.test>']);
	});
});
