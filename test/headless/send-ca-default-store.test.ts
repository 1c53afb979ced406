// `--ca FILE` adds a CA to those Node trusts by default, not to its bundled list alone: a server whose CA comes from
// NODE_EXTRA_CA_CERTS (or the system store, NODE_USE_SYSTEM_CA=1) stays trusted beside --ca on a Node that can list
// them (tls.getCACertificates: Node 24 and 26). Node 20 cannot, and keeps only its bundled list beside --ca.
// NODE_EXTRA_CA_CERTS is read when Node starts: the CLI runs as a child, with that variable set for it alone.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {signed, testCerts} from '../helpers/certs.js';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-ca-default-store-'));
/** Its certificate is signed by the test CA, which the child trusts through NODE_EXTRA_CA_CERTS only. */
let server: TestSmtpServer;
const extraCa = path.join(dir, 'extra-ca.pem');
/** Another CA, given with --ca: it signed nothing this server shows. */
const otherCa = path.join(dir, 'other-ca.pem');

beforeAll(async () => {
	writeFileSync(extraCa, (await testCerts()).ca);
	writeFileSync(otherCa, (await signed({})).ca);
	server = await startSmtpServer();
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const send = (...flags: string[]) =>
	runCli(['send', '--host', 'localhost', '--port', String(server.port), '--from', 'me@example.test', '--to', 'a@example.test', '--helo', 'client.test', ...flags], {env: {NODE_EXTRA_CA_CERTS: extraCa}});

/** Whether this Node lists the CAs it trusts by default (NODE_EXTRA_CA_CERTS's and the system's among them). */
const listsDefaultCas = typeof (tls as {getCACertificates?: unknown}).getCACertificates === 'function';

describe('--ca beside the CAs Node adds to its bundled list', () => {
	it('without --ca, a CA from NODE_EXTRA_CA_CERTS is trusted, as Node trusts it (every Node)', async () => {
		const result = await send();
		expect(result.stdout).toContain('=== certificate verified');
		expect(result.code).toBe(0);
	});

	it(listsDefaultCas ? 'with --ca another CA, NODE_EXTRA_CA_CERTS\'s is still trusted (this Node lists its default CAs)' : 'with --ca another CA, NODE_EXTRA_CA_CERTS\'s is not trusted on Node 20 (it cannot list its default CAs), as README says', async () => {
		const result = await send('--ca', otherCa);
		if (listsDefaultCas) {
			expect(result.stdout).toContain('=== certificate verified');
			expect(result.code).toBe(0);
		} else {
			expect(result.stdout).toContain('*** failed (tls): certificate verification failed for localhost: unable to verify the first certificate');
			expect(result.code).toBe(29);
		}
	});
});
