// The bin's first check: a Node.js older than engines admits is refused in one line that says what to do.
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {isOlderVersion, OLDEST_NODE, oldNodeRefusal, parseNodeVersion, versionName} from '../../source/node-version.js';

describe('parseNodeVersion', () => {
	it('reads process.versions.node and process.version, pre-releases and builds by their numbers', () => {
		expect(parseNodeVersion('18.20.8')).toEqual([18, 20, 8]);
		expect(parseNodeVersion('v20.0.0')).toEqual([20, 0, 0]);
		expect(parseNodeVersion('21.0.0-pre')).toEqual([21, 0, 0]);
		expect(parseNodeVersion('26.12.1+custom')).toEqual([26, 12, 1]);
	});

	it('reads nothing from a version that is not three numbers', () => {
		for (const text of ['', '20', '20.1', 'x20.1.2', 'twenty']) expect(parseNodeVersion(text), text).toBeUndefined();
	});
});

describe('isOlderVersion and versionName', () => {
	it('compare by number, part by part, not as text', () => {
		expect(isOlderVersion([18, 20, 8], [20, 0, 0])).toBe(true);
		expect(isOlderVersion([20, 0, 0], [20, 0, 0])).toBe(false);
		expect(isOlderVersion([20, 5, 9], [20, 10, 0])).toBe(true);
		expect(isOlderVersion([20, 10, 0], [20, 9, 9])).toBe(false);
		expect(isOlderVersion([100, 0, 0], [20, 0, 0])).toBe(false);
		expect(isOlderVersion([9, 11, 2], [20, 0, 0])).toBe(true);
	});

	it('name a minimum as people say it: no trailing zeros', () => {
		expect(versionName([20, 0, 0])).toBe('20');
		expect(versionName([20, 6, 0])).toBe('20.6');
		expect(versionName([20, 6, 1])).toBe('20.6.1');
		expect(versionName([20, 0, 1])).toBe('20.0.1');
	});
});

describe('oldNodeRefusal', () => {
	it('refuses an older Node in one line: the version needed, the one that ran and where it is, and what to do', () => {
		expect(oldNodeRefusal('18.20.8', '/usr/bin/node', [20, 0, 0])).toBe("smtp-tui needs Node.js 20 or newer; this is Node.js 18.20.8 (/usr/bin/node). Install a newer Node (https://nodejs.org, nvm, or your distribution's nodejs 20+), then run it again.");
		expect(oldNodeRefusal('20.5.1', '/opt/node/bin/node', [20, 6, 0])).toBe("smtp-tui needs Node.js 20.6 or newer; this is Node.js 20.5.1 (/opt/node/bin/node). Install a newer Node (https://nodejs.org, nvm, or your distribution's nodejs 20.6+), then run it again.");
	});

	it('lets the oldest admitted and every newer Node run, and a runtime whose version it cannot read try', () => {
		for (const version of ['20.0.0', '20.20.2', '22.12.0', '24.22.3', '26.12.1', '', 'unknown']) expect(oldNodeRefusal(version, '/usr/bin/node', [20, 0, 0]), version).toBeUndefined();
	});

	it("checks against package.json's engines.node", () => {
		const engines = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {engines: {node: string}}).engines.node;
		expect(engines).toBe(`>=${versionName(OLDEST_NODE)}`);
	});
});
