// `serve --xclient`: the sandbox offers Postfix's XCLIENT to loopback clients, so `send --xclient-*` can be tried
// without a Postfix; its log says who the session then speaks as. Without the flag it is neither offered nor allowed.
import {afterEach, describe, expect, it} from 'vitest';
import {describeEvent} from '../../source/headless/serve-output.js';
import {runCli} from '../helpers/run-cli.js';
import {killLeftovers, spawnServe} from './helpers/serve-process.js';
import {waitFor} from './helpers/wait.js';

afterEach(killLeftovers);

const send = (port: number, ...flags: string[]) =>
	runCli(['send', '--host', '127.0.0.1', '--port', String(port), '--no-starttls', '--helo', 'client.test', '--from', 'me@example.test', '--to', 'you@example.test', ...flags]);

describe('serve --xclient', () => {
	it('offers XCLIENT to a loopback client and logs the pretended client; the message is accepted', async () => {
		const serve = await spawnServe({xclient: true});
		const {code, stdout} = await send(serve.port, '--xclient-addr', '203.0.113.5', '--xclient-name', 'mail.example.com');
		expect(code, stdout).toBe(0);
		expect(stdout).toMatch(/^<- {2}250[- ]XCLIENT NAME ADDR PORT PROTO HELO LOGIN$/m);
		expect(stdout).toContain(' -> XCLIENT NAME=mail.example.com ADDR=203.0.113.5');
		await waitFor(() => /accepted message/.test(serve.stdout()), 'the accepted line');
		expect(serve.stdout()).toMatch(/XCLIENT: now speaking as NAME="mail\.example\.com" ADDR="203\.0\.113\.5"/);
		serve.child.kill('SIGTERM');
		await serve.exited;
	});

	it('logs a value as the client sent it, decoded, quoted and escaped', () => {
		expect(describeEvent({type: 'xclient', session: 1, time: 0, remote: '127.0.0.1:1', attributes: {HELO: 'say "hi"', ADDR: 'IPV6:2001:db8::5'}})).toBe('XCLIENT: now speaking as HELO="say \\"hi\\"" ADDR="IPV6:2001:db8::5"');
	});

	it('without --xclient the sandbox does not offer it: send stops before MAIL, exit 33', async () => {
		const serve = await spawnServe({});
		const {code, stdout} = await send(serve.port, '--xclient-addr', '203.0.113.5');
		expect(code, stdout).toBe(33);
		expect(stdout).toContain('the server does not offer XCLIENT');
		serve.child.kill('SIGTERM');
		await serve.exited;
	});
});
