// `send --html`: the message a real server receives (text and HTML, in order), what the transcript says, and the
// usage errors, run as users run it (dist/cli.js); and `--attach FILE;cid=…;type=…;name=…`, a transactional mail's
// inline logo, calendar invite and renamed file, mailparser reading what the server captured.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {simpleParser} from 'mailparser';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/run-cli.js';
import {startSmtpServer, type TestSmtpServer} from '../helpers/smtp-server.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'smtp-tui-send-html-'));
let server: TestSmtpServer;
beforeAll(async () => {
	server = await startSmtpServer({hideSTARTTLS: true});
});
afterAll(async () => {
	await server.close();
	rmSync(dir, {recursive: true, force: true});
});

const file = (name: string, content: string | Buffer) => {
	const where = path.join(dir, name);
	writeFileSync(where, content);
	return where;
};
const send = () => ['send', '--host', '127.0.0.1', '--port', String(server.port), '--from', 'me@example.test', '--to', 'you@example.test', '--helo', 'client.test'];
const PAGE = '<html><body><h1>Release</h1><p>Read <a href="https://example.com/notes">the notes</a>.</p></body></html>\n';
const FROM_HTML_NOTE = "=== note: the text/plain part is made from the HTML (links as [address]); --body gives your own, --body '' sends the HTML alone";

/** Runs send with `args`, expects exit 0, and returns the transcript and the message the server received, parsed. */
async function received(args: string[], input?: string) {
	const before = server.messages.length;
	const result = await runCli([...send(), ...args], {input});
	expect(result.code, result.stdout + result.stderr).toBe(0);
	expect(server.messages.length).toBe(before + 1);
	const raw = server.messages.at(-1)!.raw;
	return {stdout: result.stdout, raw: raw.toString('latin1'), parsed: await simpleParser(raw)};
}

describe('send --html', () => {
	it('sends --html @FILE with a text part made from it, text/plain before text/html, and says so', async () => {
		const {stdout, raw, parsed} = await received(['--html', `@${file('page.html', PAGE)}`]);
		expect(stdout.split('\n')).toContain(FROM_HTML_NOTE);
		expect(raw).toMatch(/^Content-Type: multipart\/alternative;/m);
		expect(raw.indexOf('Content-Type: text/plain; charset=utf-8')).toBeLessThan(raw.indexOf('Content-Type: text/html; charset=utf-8'));
		expect(parsed.text).toContain('Read the notes [https://example.com/notes].');
		expect(parsed.html).toBe(PAGE);
	});

	it('takes --body as the text part (no note), and --body with --html from standard input', async () => {
		const given = await received(['--body', 'Read the notes: https://example.com/notes', '--html', PAGE]);
		expect(given.stdout).not.toContain('made from the HTML');
		expect(given.parsed.text).toBe('Read the notes: https://example.com/notes');
		expect(given.parsed.html).toBe(PAGE);
		const piped = await received(['--body', `@${file('notes.txt', 'plain notes\n')}`, '--html', '-'], PAGE);
		expect(piped.parsed.text).toBe('plain notes\n');
		expect(piped.parsed.html).toBe(PAGE);
	});

	it("sends the HTML alone with --body ''", async () => {
		const {stdout, raw, parsed} = await received(['--body', '', '--html', '<p>only HTML</p>']);
		expect(stdout).not.toContain('made from the HTML');
		expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r$/m);
		expect(raw).not.toContain('text/plain');
		expect(parsed.html).toBe('<p>only HTML</p>\n');
	});

	it('puts the alternatives before the attachments, in multipart/mixed', async () => {
		const {raw, parsed} = await received(['--html', PAGE, '--attach', file('data.csv', 'a,b\n')]);
		expect(raw).toMatch(/^Content-Type: multipart\/mixed;/m);
		expect(raw.indexOf('multipart/alternative')).toBeLessThan(raw.indexOf('filename=data.csv'));
		expect(parsed.text).toContain('[https://example.com/notes]');
		expect(parsed.attachments.map(attachment => attachment.filename)).toEqual(['data.csv']);
	});

	it('sends an HTML line of 3000 octets quoted-printable, every line on the wire within 998', async () => {
		const long = `<p>${'<b>x</b>'.repeat(375)}</p>\n`;
		const {raw, parsed} = await received(['--body', 'see the HTML', '--html', `@${file('long.html', long)}`]);
		expect(raw).toMatch(/^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r$/m);
		expect(Math.max(...raw.split('\r\n').map(line => line.length))).toBeLessThanOrEqual(998);
		expect(parsed.html).toBe(long);
	});

	it.each([
		[['--html', '-', '--body', '-'], '--body and --html both read standard input, which holds one of them', 'give the other as a file: e.g. --body - --html @page.html'],
		[['--html', '<p>x</p>', '--data', '@m.eml'], '--data sends the file as it is: --html would be ignored', 'put those headers, the body and attachments into the message file, or leave --data out to build the message'],
		[['--html', ''], '--html is empty', "give the HTML, a file (--html @page.html), or leave --html out; --body '' with --html sends the HTML alone"],
		[['--html', '@'], '--html @ names no file', 'give a file name after @ (or @@ for HTML that starts with @)'],
	])('refuses %j, naming --html', async (args, error, hint) => {
		const result = await runCli([...send(), ...args]);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(`smtp-tui: ${error}\nhint: ${hint}\n`);
	});

	it('refuses an HTML file that is empty, missing or not UTF-8, naming it, before connecting', async () => {
		const refused = async (args: string[]) => {
			const result = await runCli([...send(), ...args]);
			expect(result.code).toBe(1);
			expect(result.stdout).not.toContain('=== connecting');
			return result.stderr;
		};
		const empty = file('empty.html', '');
		expect(await refused(['--html', `@${empty}`])).toBe(`smtp-tui: HTML file ${empty} is empty\nhint: nothing was sent; leave --html out for a plain-text message\n`);
		expect(await refused(['--html', '-'])).toBe('smtp-tui: the HTML on standard input is empty\nhint: did the command before the pipe fail? nothing was sent; leave --html out for a plain-text message\n');
		const latin1 = file('latin1.html', Buffer.from('<p>caf\xe9</p>\n', 'latin1'));
		const latin1Refused = await refused(['--html', `@${latin1}`]);
		expect(latin1Refused).toContain(`smtp-tui: HTML file ${latin1} is not valid UTF-8; the HTML is sent as UTF-8: convert it to UTF-8 first`);
		// Converted into an HTML file, as it came.
		expect(latin1Refused).toContain(`iconv -f latin1 -t utf-8 ${latin1} > out.html)`);
		expect(await refused(['--html', `@${path.join(dir, 'nope.html')}`])).toMatch(/^smtp-tui: HTML file \S*nope\.html: no such file/);
	});

	it('warns that --html page.html sends the words, as --body does', async () => {
		file('word.html', PAGE);
		const result = await runCli([...send(), '--html', 'word.html', '--quit-after', 'rcpt'], {cwd: dir});
		expect(result.stdout).toContain('=== warning: --html word.html is sent as the text "word.html"; to send the file\'s contents: --html @word.html');
	});
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const logo = file('logo.png', PNG);
const invite = file('invite.ics', 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:1@acme.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n');
const INLINE_PAGE = '<p><img src="cid:logo" alt="Acme"> Reset your password.</p>\n';

describe('send --attach options', () => {
	it('sends FILE;cid=ID as an inline image beside the HTML, in multipart/related', async () => {
		const {stdout, raw, parsed} = await received(['--html', INLINE_PAGE, '--attach', `${logo};cid=logo`, '--attach', `${invite}`]);
		expect(stdout).not.toMatch(/cid:|Content-ID/);
		expect(raw).toMatch(/^Content-Type: multipart\/related; type="text\/html";/m);
		const image = parsed.attachments.find(item => item.contentType === 'image/png')!;
		expect(image.cid).toBe('logo');
		expect(image.contentDisposition).toBe('inline');
		expect(image.related).toBe(true);
		expect(image.content.equals(PNG)).toBe(true);
		// mailparser puts each image the HTML shows by its cid into it as a data URL: the link resolves.
		expect(parsed.html).toBe(INLINE_PAGE.replace('cid:logo', `data:image/png;base64,${PNG.toString('base64')}`));
	});

	it('warns before connecting of an image the HTML shows that no file carries, and of an inline file it does not show', async () => {
		const {stdout, parsed} = await received(['--html', INLINE_PAGE.replace('cid:logo', 'cid:banner'), '--body', 'Reset your password.', '--attach', `${logo};cid=logo`]);
		const lines = stdout.split('\n');
		const connecting = lines.findIndex(line => line.startsWith('=== connecting'));
		expect(lines.slice(0, connecting)).toEqual([
			"=== warning: the HTML shows cid:banner, and no attachment has that Content-ID: its reader sees a broken image (smtp-tui send --attach 'FILE;cid=banner' attaches it)",
			'=== warning: logo.png (cid:logo) is not shown by the HTML: mail programs list it as an attachment',
		]);
		// Sent as given.
		expect(parsed.attachments.map(item => item.cid)).toEqual(['logo']);
	});

	it('labels an .ics invitation with its METHOD, so mail programs offer Accept/Decline', async () => {
		const {raw, parsed} = await received(['--attach', invite]);
		expect(raw).toMatch(/^Content-Type: text\/calendar; method=REQUEST; name=invite\.ics$/m);
		expect(parsed.attachments[0]!.contentType).toBe('text/calendar');
	});

	it('warns of a ;type= method the .ics does not say (RFC 6047 has them the same); reads a METHOD in any case', async () => {
		const cancel = await received(['--attach', `${invite};type=text/calendar; method=CANCEL`]);
		expect(cancel.stdout).toContain('=== warning: invite.ics says METHOD:REQUEST, and its type says method=CANCEL: mail programs may act on either (RFC 6047 has them the same); write METHOD:CANCEL in the file\n');
		const bare = file('bare.ics', 'BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:2@acme.example\nEND:VEVENT\nEND:VCALENDAR\n');
		const request = await received(['--attach', `${bare};type="text/calendar; method=REQUEST"`]);
		expect(request.stdout).toContain("=== warning: bare.ics has no METHOD: line, which its type's method=REQUEST needs (RFC 6047): mail programs may take it for a calendar to import, with no Accept/Decline; write METHOD:REQUEST in the file\n");
		const same = await received(['--attach', `${invite};type=text/calendar; method=request`]);
		expect(same.stdout).not.toContain('METHOD');
		const lower = await received(['--attach', file('lower.ics', 'BEGIN:VCALENDAR\r\nmethod: publish \r\nEND:VCALENDAR\r\n')]);
		expect(lower.raw).toMatch(/^Content-Type: text\/calendar; method=PUBLISH; name=lower\.ics$/m);
	});

	it('takes ;type= and ;name= (a non-ASCII name encoded; quoted, as curl takes them), a <cid> in brackets, and options in any case and order', async () => {
		const {raw, parsed} = await received([
			'--html', INLINE_PAGE,
			'--attach', `${invite};NAME=Réunion.ics; type=text/calendar; method=CANCEL`,
			'--attach', `${logo};name="acme.png";cid=<logo@acme.example>`,
		]);
		expect(raw).toMatch(/^Content-Type: text\/calendar; method=CANCEL;/m);
		const [calendar, image] = [parsed.attachments.find(item => item.contentType === 'text/calendar')!, parsed.attachments.find(item => item.contentType === 'image/png')!];
		expect(calendar.filename).toBe('Réunion.ics');
		expect(image.filename).toBe('acme.png');
		expect(image.cid).toBe('logo@acme.example');
	});

	it('takes a ;type= in double quotes whole, parameters and all: a ";name=" inside it is no option of --attach', async () => {
		const notes = file('notes.txt', 'hello\n');
		const {raw} = await received(['--attach', `${notes};type="text/plain; charset=iso-8859-1; format=flowed";name=n.txt`]);
		expect(raw).toMatch(/^Content-Type: text\/plain; charset=iso-8859-1; format=flowed; name=n\.txt$/m);
		const {parsed} = await received(['--attach', `${notes};name="notes; cid=1.txt";type="text/plain; charset=utf-8"`]);
		expect(parsed.attachments.map(item => [item.filename, item.contentType, item.cid])).toEqual([['notes; cid=1.txt', 'text/plain', undefined]]);
		// The type's own name= would be replaced by the file's name unseen: refused, with the option that gives it.
		const named = await runCli([...send(), '--attach', `${notes};type="text/plain; name=x"`]);
		expect(named.stderr).toBe(`smtp-tui: --attach ${notes};type="text/plain; name=x" has a name= parameter in ;type=text/plain; name=x\nhint: the type's name is the one the reader sees, given as ;name=x (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)\n`);
		expect(named.code).toBe(1);
	});

	it('takes a semicolon after the last option as the end of the options, not part of its value', async () => {
		const {parsed} = await received(['--html', INLINE_PAGE, '--attach', `${logo};name=acme.png;cid=logo;`, '--attach', `${invite};name=invite.ics; `]);
		expect(parsed.attachments.map(item => [item.filename, item.contentType, item.cid])).toEqual([
			['acme.png', 'image/png', 'logo'],
			['invite.ics', 'text/calendar', undefined],
		]);
	});

	it('takes a comma in an option (;name=Receipt, March.png), which is no list of files; a list before the options still gets its hint', async () => {
		const {parsed} = await received(['--attach', `${logo};name=Receipt, March.png`, '--attach', `${logo};name="Logo, large.png"`]);
		expect(parsed.attachments.map(item => item.filename)).toEqual(['Receipt, March.png', 'Logo, large.png']);
		const list = await runCli([...send(), '--attach', `${logo},${invite};name=Invite.ics`]);
		expect(list.code).toBe(1);
		expect(list.stderr).toBe(`smtp-tui: --attach ${JSON.stringify(`${logo},${invite}`)}: no such file\nhint: one file per --attach: --attach ${logo} --attach '${invite};name=Invite.ics'\n`);
	});

	it('takes a file whose name holds an option in double quotes, as curl does, and says so of one given bare', async () => {
		const named = file('report;name=final.txt', 'final\n');
		const {parsed} = await received(['--attach', `"${named}";name=Final.txt`, '--attach', `"${named}"`]);
		expect(parsed.attachments.map(item => item.filename)).toEqual(['Final.txt', 'report;name=final.txt']);
		const bare = await runCli([...send(), '--attach', named]);
		expect(bare.code).toBe(1);
		expect(bare.stderr).toBe(`smtp-tui: --attach ${named} is a file, whose name --attach reads as ${path.join(dir, 'report')} and its options\nhint: give the file's name in double quotes, as curl takes one: --attach '"${named}"' (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)\n`);
	});

	it('takes a file whose name holds a semicolon but no option, as before', async () => {
		const {parsed} = await received(['--attach', file('notes;v2.txt', 'notes\n')]);
		expect(parsed.attachments.map(item => item.filename)).toEqual(['notes;v2.txt']);
	});

	it.each([
		[[`${logo};cid=logo`], `--attach ${logo};cid=logo is given without --html`, 'a Content-ID is for an HTML part to show the file by (<img src="cid:logo">): add --html, or drop ;cid='],
		[['--html', INLINE_PAGE, '--attach', `${logo};cid=cid:logo`], `--attach ${logo};cid=cid:logo has ;cid=cid:logo`, 'drop "cid:": the HTML says src="cid:logo", the flag ;cid=logo (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[['--html', INLINE_PAGE, '--attach', `${logo};cid=my logo`], `--attach ${logo};cid=my logo has ;cid=my logo, which cannot be a Content-ID`, 'use letters, digits and . - _ (one @ at most, no spaces), e.g. ;cid=logo or ;cid=logo@acme.example (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		// Too long for the one line its header has (not "break it up with spaces", which a Content-ID cannot take).
		[['--html', INLINE_PAGE, '--attach', `${logo};cid="${'x'.repeat(985)}";name=l.png`], `--attach ${logo};cid="… has a ;cid= of 985 characters`, 'a Content-ID goes on one header line: at most 984 characters; a short one does, e.g. ;cid=logo or ;cid=logo@acme.example'],
		[['--html', INLINE_PAGE, '--attach', `${logo};cid=logo`, '--attach', `${invite};cid=LOGO`], `--attach ${logo} and --attach ${invite} both have ;cid=LOGO`, 'give each inline file a Content-ID of its own'],
		[[`${logo};cid=a;cid=b`], `--attach ${logo};cid=a;cid=b gives ;cid= twice`, 'give it once (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[[`${logo};type=png`], `--attach ${logo};type=png has ;type=png, which is not a MIME type`, "write it as type/subtype, parameters after a semicolon: ;type=image/png, ;type='text/calendar; method=REQUEST' (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)"],
		[[`${logo};type=multipart/mixed`], `--attach ${logo};type=multipart/mixed has ;type=multipart/mixed`, "the multipart structure is the composer's: a file goes as one part (for your own MIME, send a ready message with --data @FILE) (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)"],
		[[`${logo};name=`], `--attach ${logo};name= has an empty ;name=`, 'give a value, or leave ;name= out (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[[`${logo};name=../x.png`], `--attach ${logo};name=../x.png has ;name=../x.png, a path`, 'give the name alone, as the reader sees it: ;name=report.pdf (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[[`${logo};name=a\u001bb`], `--attach ${logo};name=a\\x1bb has a control character (ESC, \\x1b) in ;name=`, 'it would go into a header of the part: remove it (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[[`${logo};filename=x.png`], `--attach ${logo};filename=x.png: no such file, and ;filename= is no option of --attach`, 'the name the reader sees is ;name= (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)'],
		[[';cid=logo'], '--attach ;cid=logo names no file before its options', "the file comes first: --attach 'logo.png;cid=logo' (the options after the file: ;cid=ID, ;type=TYPE, ;name=NAME)"],
	])('refuses %j before connecting (exit 1)', async (args, error, hint) => {
		const before = server.messages.length;
		const result = await runCli([...send(), ...(args[0]!.startsWith('--') ? args : ['--attach', ...args])]);
		expect(result.stderr).toBe(`smtp-tui: ${error}\nhint: ${hint}\n`);
		expect(result.code).toBe(1);
		expect(result.stdout).not.toContain('=== connecting');
		expect(server.messages.length).toBe(before);
	});
});
