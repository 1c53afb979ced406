// --listen 0.0.0.0 or ::: the log names the machine's own addresses to hand out, not "0.0.0.0"; and smtp-tui inbox's
// last line says where the messages were saved, or that they were not.
import type os from 'node:os';
import {describe, expect, it} from 'vitest';
import {whereSaved} from '../../source/headless/catcher.js';
import {ownAddresses} from '../../source/headless/own-addresses.js';
import {reachableText} from '../../source/headless/serve-output.js';
import {startServe} from '../sandbox/helpers/serve-in-process.js';

type Entry = os.NetworkInterfaceInfo;
const entry = (address: string, family: 'IPv4' | 'IPv6', internal = false) => ({address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' && {scopeid: 0})}) as Entry;
const interfaces = {
	lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
	eth0: [entry('10.77.34.1', 'IPv4'), entry('fe80::1', 'IPv6'), entry('fd00::7', 'IPv6')],
	wlan0: [entry('192.0.2.10', 'IPv4')],
};

describe("the machine's addresses for a room", () => {
	it('lists the addresses other machines can reach: IPv4 only for 0.0.0.0, IPv6 too for ::, no loopback or link-local', () => {
		expect(ownAddresses('0.0.0.0', interfaces)).toEqual(['10.77.34.1', '192.0.2.10']);
		expect(ownAddresses('::', interfaces)).toEqual(['10.77.34.1', '192.0.2.10', 'fd00::7']);
		expect(ownAddresses('0.0.0.0', {lo: interfaces.lo})).toEqual([]);
	});

	it("serve --listen 0.0.0.0 says where it is reachable, after where it listens; a specific address does not", async () => {
		const served = await startServe({listen: '0.0.0.0'});
		expect(await served.stop()).toBe(0);
		expect(served.out()).toMatch(/^listening on 0\.0\.0\.0:(\d+) \(SMTP, STARTTLS\)\nreachable at (no address but loopback|.*:\1 from other machines; their TLS will not verify .*)\n/);
		const loopback = await startServe({});
		expect(await loopback.stop()).toBe(0);
		expect(loopback.out()).not.toContain('reachable at');
	});

	it('says how other machines verify TLS: by the --hostname name, since the certificate names no address', () => {
		expect(reachableText(['192.0.2.10'], [2525], 'lab.example.org')).toBe('reachable at 192.0.2.10:2525 from other machines; for TLS by its name, lab.example.org (the certificate names no address)');
		expect(reachableText(['192.0.2.10'], [2525], 'smtp-tui.localhost')).toBe('reachable at 192.0.2.10:2525 from other machines; their TLS will not verify (the certificate names no address): start with --hostname, a name they resolve');
		// No TLS offered (--no-starttls): nothing to verify.
		expect(reachableText(['192.0.2.10'], [2525], undefined)).toBe('reachable at 192.0.2.10:2525 from other machines');
	});

	it('says where the messages were saved, or that they went with the run', () => {
		expect(whereSaved('/home/teacher/mail', 12)).toBe('the messages are saved in /home/teacher/mail (N.eml, with N.json)');
		expect(whereSaved(undefined, 12)).toBe('12 messages caught, not saved (--save-dir DIR keeps them): gone with this run');
		expect(whereSaved(undefined, 0)).toBe('no messages caught, none saved (--save-dir DIR keeps them)');
	});
});
