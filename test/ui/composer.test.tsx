import React, {useReducer} from 'react';
import {describe, expect, it} from 'vitest';
import {render} from 'ink-testing-library';
import {Composer} from '../../source/ui/components/composer.js';
import {createComposer} from '../../source/ui/components/composer-form.js';
import {editingKind, formReducer, formValue, type FormState} from '../../source/ui/components/form-state.js';
import {DataPreview} from '../../source/ui/components/data-preview.js';
import {formKeyHandlers} from '../../source/ui/keys/form-handlers.js';
import {useKeyRouter} from '../../source/ui/keys/router.js';
import {flushInput, plain, waitForFrame} from '../helpers/wait-for.js';

const BACKSPACE = '\u007F';
const LEFT = '\u001B[D';
const UP = '\u001B[A';
const DOWN = '\u001B[B';
const HOME = '\u001B[H';

let latest: FormState | undefined;

/** The composer wired as the app wires it: one key router, the form reducer, the presentational component. */
function Harness({initial}: {initial: FormState}) {
	const [form, dispatch] = useReducer(formReducer, initial);
	latest = form;
	useKeyRouter({focus: 'composer', mode: 'auto', editing: editingKind(form)}, formKeyHandlers(dispatch, 4));
	return <Composer form={form} focused width={50} height={12} />;
}

function start(active: string, body = 'first line\nsecond line') {
	const initial = formReducer(createComposer({from: 'you@example.test', to: 'friend@example.test', subject: '', body}), {type: 'focus', id: active});
	return render(<Harness initial={initial} />);
}

async function type(stdin: {write: (data: string) => void}, ...chunks: string[]) {
	for (const chunk of chunks) {
		stdin.write(chunk);
		await flushInput();
	}
}

describe('Composer with keys from the terminal', () => {
	it('refuses CR/LF pasted into Subject and names the field inline', async () => {
		const {stdin, lastFrame} = start('subject');
		await waitForFrame(lastFrame, frame => frame.includes('Subject'));
		await type(stdin, 'a\r\nBcc: x');
		const frame = await waitForFrame(lastFrame, current => current.includes('✖'));
		expect(frame.replace(/\s+/g, ' ')).toContain('✖ Subject: no line breaks in this field; replaced by a space');
		expect(frame).toMatch(/▸ Subject a Bcc: x/);
		expect(frame.split('\n').some(line => /^\s*Bcc: x/.test(line))).toBe(false);
		expect(formValue(latest!, 'subject')).toBe('a Bcc: x');
		expect(formValue(latest!, 'bcc')).toBe('');
	});

	it('edits the body: typing, Backspace, cursor keys, Enter splitting a line', async () => {
		const {stdin, lastFrame} = start('body');
		await waitForFrame(lastFrame, frame => frame.includes('first line'));
		await type(stdin, 'Hello ', BACKSPACE, '!', DOWN, HOME, '>', '\r');
		await waitForFrame(lastFrame, () => formValue(latest!, 'body') === 'Hello!first line\n>\nsecond line');
		// Left from the start of a line goes to the end of the one above; Backspace at a line start joins lines.
		await type(stdin, LEFT, LEFT, BACKSPACE);
		await waitForFrame(lastFrame, () => formValue(latest!, 'body') === 'Hello!first line>\nsecond line');
		const frame = await waitForFrame(lastFrame, current => current.includes('body: 2 lines'));
		expect(frame).toContain('Hello!first line>');
	});

	it('accepts a multi-line paste into the body, CRLF or not', async () => {
		const {stdin, lastFrame} = start('body', '');
		await waitForFrame(lastFrame, frame => frame.includes('body: 1 line'));
		await type(stdin, 'one\r\ntwo\rthree\nfour');
		const frame = await waitForFrame(lastFrame, current => current.includes('body: 4 lines'));
		expect(frame).toMatch(/one\n.*two\n.*three\n.*four/);
	});

	it('goes up from the first body line into the header fields', async () => {
		const {stdin, lastFrame} = start('body');
		await waitForFrame(lastFrame, frame => frame.includes('first line'));
		await type(stdin, UP);
		const frame = await waitForFrame(lastFrame, current => current.includes('▸ Subject'));
		expect(frame).not.toContain('▸ body');
	});

	it('scrolls the body to keep the cursor visible', async () => {
		const body = Array.from({length: 20}, (_, index) => `body line ${index}`).join('\n');
		const {stdin, lastFrame} = start('body', body);
		await waitForFrame(lastFrame, frame => frame.includes('body line 0'));
		await type(stdin, '\u001B[6~', '\u001B[6~', '\u001B[6~');
		const frame = await waitForFrame(lastFrame, current => current.includes('body line 9'));
		expect(frame).not.toContain('body line 0\n');
	});
});

describe('DataPreview', () => {
	it('shows the exact DATA lines with stuffed dots highlighted and stray line breaks visible', () => {
		const bytes = 'Subject: hi\r\n\r\n..leading dot\r\nbare\nLF\r\n.\r\n';
		const frame = plain(render(<DataPreview bytes={bytes} top={0} width={60} height={8} />).lastFrame());
		const lines = frame.split('\n');
		expect(lines[0]).toMatch(/5 lines, \d+ bytes/);
		expect(lines).toContain('..leading dot');
		expect(lines).toContain('bare^JLF');
		expect(lines[5]).toBe('.');
	});
});
