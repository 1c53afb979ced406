import {describe, expect, it} from 'vitest';
import {addHeader, composerFieldFor, composerValues, createComposer, parseHeaderLine} from '../../source/ui/components/composer-form.js';
import {connectionSettings, createConnectionForm} from '../../source/ui/components/connection-form.js';
import {activeField, editingKind, formReducer, formValue, type FormAction, type FormState} from '../../source/ui/components/form-state.js';
import {commandLineReducer, commandLineValue, createCommandLine} from '../../source/ui/components/command-line-state.js';
import {sanitizeLine} from '../../source/ui/components/text-editor-state.js';

const draft = {from: 'you@example.test', to: 'friend@example.test', subject: '', body: 'line one\nline two'};

function run(form: FormState, ...actions: FormAction[]): FormState {
	return actions.reduce(formReducer, form);
}

describe('composer form', () => {
	it('refuses a line break pasted into Subject and names the field', () => {
		const form = run(createComposer(draft), {type: 'focus', id: 'subject'}, {type: 'edit', action: {type: 'insert', text: 'a\r\nBcc: x'}});
		expect(formValue(form, 'subject')).toBe('a Bcc: x');
		expect(form.error).toEqual({field: 'subject', message: expect.stringContaining('Subject'), notice: true});
		expect(form.error?.message).toMatch(/line break/);
		// Nothing else was touched: no Bcc appeared.
		expect(formValue(form, 'bcc')).toBe('');
	});

	it('says so when a paste loses control characters: in the body (which keeps its line breaks and tabs) too, and beside a line break', () => {
		const body = run(createComposer(draft), {type: 'focus', id: 'body'}, {type: 'edit', action: {type: 'insert', text: 'X\u0007Y\nnext\tline'}});
		expect(formValue(body, 'body')).toContain('XY\nnext\tline');
		expect(body.error).toMatchObject({field: 'body', message: expect.stringMatching(/control characters were removed$/), notice: true});
		const clean = run(createComposer(draft), {type: 'focus', id: 'body'}, {type: 'edit', action: {type: 'insert', text: 'two\nlines'}});
		expect(clean.error).toBeUndefined();
		const both = run(createComposer(draft), {type: 'focus', id: 'subject'}, {type: 'edit', action: {type: 'insert', text: '\u0013a\nb'}});
		expect(both.error?.message).toMatch(/replaced by a space, and control characters removed$/);
	});

	it('drops what a terminal sent that is not UTF-8 (U+FFFD, from a Latin-1 locale) and says why, in a field and the body', () => {
		const subject = run(createComposer(draft), {type: 'focus', id: 'subject'}, {type: 'edit', action: {type: 'insert', text: 'caf\uFFFDs'}});
		expect(formValue(subject, 'subject')).toContain('cafs');
		expect(formValue(subject, 'subject')).not.toContain('\uFFFD');
		// A notice (the input was taken, cleaned: marked !), not a refusal.
		expect(subject.error).toEqual({field: 'subject', message: 'Subject: a character the terminal sent was not UTF-8, and was dropped: is its locale UTF-8 (LANG=en_US.UTF-8)?', notice: true, stays: true});
		// It stays when the focus moves on: the byte often comes with the key that moves it (Down, Tab).
		const moved = run(subject, {type: 'next'}, {type: 'prev'});
		expect(moved.error?.field).toBe('subject');
		// Gone once the field is edited again.
		expect(run(moved, {type: 'edit', action: {type: 'insert', text: 'e'}}).error).toBeUndefined();
		const body = run(createComposer(draft), {type: 'focus', id: 'body'}, {type: 'edit', action: {type: 'insert', text: 'na\uFFFDve\nx'}});
		expect(formValue(body, 'body')).toContain('nave\nx');
		expect(body.error?.message).toMatch(/^Body: a character the terminal sent was not UTF-8/);
		const line = commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'VRFY \uFFFD'}});
		expect(commandLineValue(line)).toBe('VRFY ');
		expect(line.notice).toBe('Bytes that are not UTF-8 dropped: is the locale UTF-8?');
	});

	it('takes a column of addresses (or files) pasted into a list field as a comma-separated list, and says so', () => {
		const to = run(createComposer({...draft, to: ''}), {type: 'focus', id: 'to'}, {type: 'edit', action: {type: 'insert', text: 'ann@example.test\r\nbob@example.test,\n\n  carl@example.test\n'}});
		expect(formValue(to, 'to')).toBe('ann@example.test, bob@example.test, carl@example.test');
		expect(to.error).toEqual({field: 'to', message: 'To: one per line became a list, separated by commas', notice: true});
		// Pasted behind an address already there: a comma keeps them apart, not one glued address.
		const more = run(createComposer({...draft, to: 'friend@example.test'}), {type: 'focus', id: 'to'}, {type: 'edit', action: {type: 'insert', text: 'a@x.test\nb@y.test\n'}});
		expect(formValue(more, 'to')).toBe('friend@example.test, a@x.test, b@y.test');
		const afterComma = run(createComposer({...draft, to: 'friend@example.test,'}), {type: 'focus', id: 'to'}, {type: 'edit', action: {type: 'insert', text: 'a@x.test\nb@y.test'}});
		expect(formValue(afterComma, 'to')).toBe('friend@example.test, a@x.test, b@y.test');
		const attach = run(createComposer(draft), {type: 'focus', id: 'attach'}, {type: 'edit', action: {type: 'insert', text: 'a.txt\nb.txt'}});
		expect(formValue(attach, 'attach')).toBe('a.txt, b.txt');
		// Not a list: a line break in Subject is still a space, as before.
		const subject = run(createComposer({...draft, subject: ''}), {type: 'focus', id: 'subject'}, {type: 'edit', action: {type: 'insert', text: 'a\nb'}});
		expect(formValue(subject, 'subject')).toBe('a b');
	});

	it('drops a notice when the user moves on, and keeps an error until its field is edited again', () => {
		const cleaned = run(createComposer(draft), {type: 'focus', id: 'to'}, {type: 'edit', action: {type: 'insert', text: '\n'}});
		expect(cleaned.error).toMatchObject({field: 'to', notice: true});
		expect(run(cleaned, {type: 'next'}).error).toBeUndefined();
		expect(run(cleaned, {type: 'edit', action: {type: 'deleteLeft'}}).error).toBeUndefined();
		const refused = run(createComposer(draft), {type: 'focus', id: 'to'}, {type: 'error', error: {field: 'to', message: 'To address is empty'}});
		expect(run(refused, {type: 'next'}).error?.field).toBe('to');
		expect(run(refused, {type: 'edit', action: {type: 'insert', text: 'a'}}).error).toBeUndefined();
		// A new header takes the focus: the notice about the last one does not move under it; an error stays.
		const header = addHeader(run(createComposer(draft), {type: 'focus', id: 'to'}));
		const pasted = run(header, {type: 'edit', action: {type: 'insert', text: 'X-Test: one\nInjected: evil'}});
		expect(pasted.error).toMatchObject({notice: true});
		expect(addHeader(pasted).error).toBeUndefined();
		expect(addHeader(refused).error?.field).toBe('to');
	});

	it('moves from the first body line up to the field above, and edits the body otherwise', () => {
		const inBody = run(createComposer(draft), {type: 'focus', id: 'body'});
		expect(editingKind(inBody)).toBe('text');
		// The field above the body is what it is (Body as), then the header fields.
		const up = run(inBody, {type: 'edit', action: {type: 'up'}});
		expect(activeField(up).id).toBe('bodyAs');
		expect(activeField(run(up, {type: 'prev'})).id).toBe('attach');
		const second = run(inBody, {type: 'edit', action: {type: 'down'}}, {type: 'edit', action: {type: 'up'}});
		expect(activeField(second).id).toBe('body');
		const typed = run(inBody, {type: 'edit', action: {type: 'insert', text: 'X'}});
		expect(formValue(typed, 'body')).toBe('Xline one\nline two');
	});

	it('adds extra headers before the body and removes only those', () => {
		let form = addHeader(createComposer(draft));
		expect(activeField(form).removable).toBe(true);
		form = run(form, {type: 'edit', action: {type: 'insert', text: 'X-Test: yes'}});
		form = addHeader(form);
		form = run(form, {type: 'edit', action: {type: 'insert', text: 'Reply-To: me@example.test'}});
		const ids = form.fields.map(field => field.id);
		expect(ids.at(-1)).toBe('body');
		expect(new Set(ids).size).toBe(ids.length);
		const values = composerValues(form);
		expect('values' in values && values.values.headers).toEqual([
			{name: 'X-Test', value: 'yes'},
			{name: 'Reply-To', value: 'me@example.test'},
		]);
		const removed = run(form, {type: 'remove'});
		expect(removed.fields).toHaveLength(form.fields.length - 1);
		const onSubject = run(removed, {type: 'focus', id: 'subject'});
		expect(run(onSubject, {type: 'remove'})).toBe(onSubject);
	});

	it('names a malformed extra header', () => {
		expect(parseHeaderLine('No colon here')).toEqual({error: expect.stringContaining('"Name: value"')});
		expect(parseHeaderLine('Bad Name: x')).toEqual({error: expect.stringContaining('printable ASCII')});
		const form = run(addHeader(createComposer(draft)), {type: 'edit', action: {type: 'insert', text: 'oops'}});
		const result = composerValues(form);
		expect('error' in result && result.error.field).toBe(activeField(form).id);
	});

	it("names the field of a message builder's error: an address field, the Attach field, an extra header by name", () => {
		const form = run(addHeader(createComposer(draft)), {type: 'edit', action: {type: 'insert', text: 'X-Test:'}});
		expect(composerFieldFor(form, 'To address')).toBe('to');
		expect(composerFieldFor(form, 'attachment')).toBe('attach');
		expect(composerFieldFor(form, 'header X-Test')).toBe(activeField(form).id);
		expect(composerFieldFor(form, 'header X-Other')).toBeUndefined();
	});

	it('refuses an extra Subject while the Subject field has one: it would silently replace it', () => {
		const twice = run(addHeader(createComposer({...draft, subject: 'Hello'})), {type: 'edit', action: {type: 'insert', text: 'subject: overridden'}});
		expect(composerValues(twice)).toEqual({error: {field: activeField(twice).id, message: expect.stringMatching(/^Subject is given twice/)}});
		const cleared = run(twice, {type: 'focus', id: 'subject'}, {type: 'edit', action: {type: 'set', text: ''}});
		const values = composerValues(cleared);
		expect('values' in values && values.values.headers).toEqual([{name: 'subject', value: 'overridden'}]);
	});
});

describe('connection form', () => {
	it('cycles the security choice and validates the port and host by name', () => {
		let form = createConnectionForm({host: 'mail.example.test', port: 587, security: 'none'});
		form = run(form, {type: 'focus', id: 'security'}, {type: 'choice', delta: 1});
		expect(editingKind(form)).toBe('choice');
		expect(formValue(form, 'security')).toBe('auto');
		expect(formValue(run(form, {type: 'choice', delta: 1}), 'security')).toBe('starttls');
		expect(formValue(run(form, {type: 'choice', delta: -1}, {type: 'choice', delta: -1}), 'security')).toBe('tls');
		expect(connectionSettings(form)).toEqual({
			settings: {host: 'mail.example.test', port: 587, security: 'auto', user: '', password: '', ehlo: ''},
		});
		const badPort = run(form, {type: 'set', id: 'port', value: '70000'});
		expect(connectionSettings(badPort)).toEqual({error: {field: 'port', message: expect.stringContaining('Port')}});
		const noHost = run(form, {type: 'set', id: 'host', value: ' '});
		expect(connectionSettings(noHost)).toEqual({error: {field: 'host', message: expect.stringContaining('Host')}});
		const typo = run(form, {type: 'set', id: 'host', value: 'smtp!.example.test'});
		expect(connectionSettings(typo)).toEqual({error: {field: 'host', message: 'Host: "smtp!.example.test" is not a host name or address (e.g. smtp.example.com, 192.0.2.1, ::1), or a Unix socket\'s absolute path'}});
		// A login pasted before the host: the error (shown, and in the log's transcript) never repeats its password.
		const login = run(form, {type: 'set', id: 'host', value: 'me:hunter2@mail.example.test'});
		expect(connectionSettings(login)).toMatchObject({error: {field: 'host', message: expect.stringMatching(/^Host: "me:\*\*\*@mail\.example\.test" is not a host name/)}});
		// ... nor one with a space in it, which the field refuses first.
		const spaced = run(form, {type: 'set', id: 'host', value: 'me:two words@mail.example.test'});
		expect(connectionSettings(spaced)).toEqual({error: {field: 'host', message: 'Host: "me:***@mail.example.test" contains a space'}});
		// --socket PATH fills Host with the socket's path: taken as it is (no TLS goes there: see targetFor).
		const socket = run(form, {type: 'set', id: 'host', value: '/var/run/dovecot/lmtp'});
		expect(connectionSettings(socket)).toMatchObject({settings: {host: '/var/run/dovecot/lmtp'}});
		const badEhlo = run(form, {type: 'set', id: 'ehlo', value: 'bad host name!'});
		expect(connectionSettings(badEhlo)).toEqual({error: {field: 'ehlo', message: 'EHLO name: "bad host name!" contains a space; it is one word, this machine\'s domain name (empty: picked for you, shown in the field)'}});
	});
});

describe('manual command line', () => {
	function typeAndSubmit(state: ReturnType<typeof createCommandLine>, text: string) {
		const typed = commandLineReducer(state, {type: 'edit', action: {type: 'insert', text}});
		return commandLineReducer(typed, {type: 'submit'});
	}

	it('recalls earlier lines with Up/Down and keeps the unfinished one', () => {
		let state = typeAndSubmit(typeAndSubmit(createCommandLine(), 'EHLO me'), 'NOOP');
		state = commandLineReducer(state, {type: 'edit', action: {type: 'insert', text: 'VRFY'}});
		const steps = ['historyPrev', 'historyPrev', 'historyPrev'] as const;
		const seen = steps.map(type => commandLineValue((state = commandLineReducer(state, {type}))));
		expect(seen).toEqual(['NOOP', 'EHLO me', 'EHLO me']);
		state = commandLineReducer(state, {type: 'historyNext'});
		expect(commandLineValue(state)).toBe('NOOP');
		state = commandLineReducer(state, {type: 'historyNext'});
		expect(commandLineValue(state)).toBe('VRFY');
	});

	it('keeps one command per line: a pasted line break becomes a space with a notice', () => {
		const state = commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'NOOP\r\nQUIT'}});
		expect(commandLineValue(state)).toBe('NOOP QUIT');
		expect(state.notice).toBe('Line breaks became spaces: one command per Enter');
		// A NUL dropped from a paste joins what was around it: said as what it is.
		const joined = commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'MAIL FROM:<a@b.test>\u0000RSET'}});
		expect(commandLineValue(joined)).toBe('MAIL FROM:<a@b.test>RSET');
		expect(joined.notice).toBe('Control characters (NUL, ESC, …) dropped: check the line');
	});

	it('drops C1 controls from a command line, as no part of a command, where a header field keeps them for its own check', () => {
		const pasted = commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'EHLO a\u0085b\u0080c\u009Bd\u009F'}});
		expect(commandLineValue(pasted)).toBe('EHLO abcd');
		expect(pasted.notice).toBe('Control characters (NUL, ESC, …) dropped: check the line');
		// Letters just past them stay.
		expect(commandLineValue(commandLineReducer(createCommandLine(), {type: 'edit', action: {type: 'insert', text: 'VRFY \u00A0\u00E9'}}))).toBe('VRFY \u00A0\u00E9');
		expect(sanitizeLine('bad\u0085name')).toEqual({text: 'bad\u0085name'});
	});

	it('does not store empty or repeated lines', () => {
		const state = typeAndSubmit(typeAndSubmit(typeAndSubmit(createCommandLine(), 'NOOP'), 'NOOP'), '');
		expect(state.history).toEqual(['NOOP']);
	});
});
