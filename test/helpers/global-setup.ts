// Every temporary file of a test run goes to one folder of its own, removed at the end: the tests make hundreds
// (state folders, certificates, spooled input, the children they start too), and a machine that runs the suite
// all day must not fill its /tmp with them.
import {chmodSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-tests-'));
	// Passable, not readable, for others: a test runs the CLI as another user (nobody) on a folder it made inside.
	chmodSync(folder, 0o711);
	process.env.TMPDIR = folder;
	// The XDG folders too (the sandbox's certificate, profiles, the compile cache): a test that starts the CLI without
	// setting its own must not write into the home of whoever runs the suite. Tests of the defaults set HOME and clear these.
	for (const kind of ['DATA', 'CONFIG', 'STATE', 'CACHE']) process.env[`XDG_${kind}_HOME`] = path.join(folder, `xdg-${kind.toLowerCase()}`);
	return () => rmSync(folder, {recursive: true, force: true});
}
