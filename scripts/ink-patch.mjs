// Mends to Ink 6.8 (and some of its dependencies), applied by the build (scripts/build.mjs) and by the tests (vitest.config.ts) alike, so the
// tests run the Ink the product ships. Each fails loudly if Ink's code changes, instead of shipping the bug again.
import {skipBlankRuns} from './blank-runs.mjs';
import {graphemeSegmenter} from './grapheme-segmenter.mjs';

/** A code point one of which every RGI emoji holds (UTS #51), as a pattern: see the string-width patch below. */
export const EMOJI_SIGN = String.raw`[\p{Emoji_Presentation}\u200D\uFE0F\u20E3\u{E0020}-\u{E007F}]`;

/** `const name = ` a grapheme segmenter that starts ICU only for text that needs it: see scripts/grapheme-segmenter.mjs. */
const lazySegmenter = name => `const ${name} = (${graphemeSegmenter.toString()})();`;

/** Ink's frame builder and the module that joins its cells into rows: see the patches on them below. */
const INK_OUTPUT = /[\\/]ink[\\/]build[\\/]output\.js$/;
const STYLED_CHARS = /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/;

/**
 * How long the start of an escape sequence at the end of a longer read waits for its rest (see the App.js patches).
 * Keys typed during a lag arrive in one burst, cut into reads wherever the link or the pty cut them: an arrow cut
 * after its ESC came through as Esc (which closes the help, stops a step-mode session, leaves an open message)
 * and then the arrow. The Esc key alone is a read of its own, and acts at once as before.
 */
const ESCAPE_REST_WAIT_MS = 300;

/** Ink's App component, which reads stdin and cuts it into keys. */
const INK_APP = /[\\/]ink[\\/]build[\\/]components[\\/]App\.js$/;

const PATCHES = [
	{
		// Ink hands over a read's unfinished escape sequence (ESC, ESC [, ESC [6) on its next tick: the rest of a burst
		// cut there, arriving a moment later, was taken apart (Esc, then the arrow rebuilt by the key router). Only the
		// Esc key read alone is handed over on the next tick, and rxvt's Shift+Home, Shift+Delete… (ESC [7$: whole, but
		// unfinished to Ink, see terminal-sequences.ts); anything else unfinished waits ESCAPE_REST_WAIT_MS for its
		// rest. The wait is a timer or an immediate, each cancelled its own way.
		file: INK_APP,
		from: "const escape = '\\u001B';\n",
		to: "const escape = '\\u001B';\nconst later = (wait, callback) => {\n    if (wait > 0) {\n        const timer = setTimeout(callback, wait);\n        return { cancel: () => clearTimeout(timer) };\n    }\n    const immediate = setImmediate(callback);\n    return { cancel: () => clearImmediate(immediate) };\n};\n",
	},
	{
		file: INK_APP,
		from: '        clearImmediate(pendingInputFlushRef.current);',
		to: '        pendingInputFlushRef.current.cancel();',
	},
	{
		file: INK_APP,
		from: '    const schedulePendingInputFlush = useCallback(() => {\n        clearPendingInputFlush();\n        pendingInputFlushRef.current = setImmediate(() => {',
		to: '    const schedulePendingInputFlush = useCallback((wait) => {\n        clearPendingInputFlush();\n        pendingInputFlushRef.current = later(wait, () => {',
	},
	{
		file: INK_APP,
		from: '        let chunk;\n        // eslint-disable-next-line @typescript-eslint/ban-types\n        while ((chunk = stdin.read()) !== null) {\n',
		to: "        let chunk;\n        let read = '';\n        // eslint-disable-next-line @typescript-eslint/ban-types\n        while ((chunk = stdin.read()) !== null) {\n            read += chunk;\n",
	},
	{
		file: INK_APP,
		from: '        if (inputParserRef.current.hasPendingEscape()) {\n            schedulePendingInputFlush();',
		to: `        if (inputParserRef.current.hasPendingEscape()) {\n            schedulePendingInputFlush(read === escape || read.endsWith('$') ? 0 : ${ESCAPE_REST_WAIT_MS});`,
	},
	{
		// useInput reads `keypress.name` as the input of any key it parses as Ctrl+something. An escape sequence that
		// is not a key (ESC[31m typed or pasted: a colour code), or a read that starts with a control character and
		// goes on (a pasted "^Stext"), parses as Ctrl with no name, and the next line calls `input.startsWith`: the
		// whole dashboard crashed. Such a read is no key at all: it becomes no input.
		file: /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/,
		from: '    else if (keypress.ctrl) {\n                input = keypress.name;\n            }',
		to: "    else if (keypress.ctrl) {\n                input = keypress.name ?? '';\n            }",
	},
	{
		// A frame as tall as the terminal (after the pane got shorter: a tmux split, a smaller terminal re-attached)
		// is redrawn after clearTerminal, whose ESC[3J also wipes the shell's scrollback, alternate screen or not.
		// Clearing the screen is all the redraw needs. And the frame is written as log-update is then told it was
		// (outputToRender: with its closing line break when shorter than the terminal, as ours is), so the cursor ends
		// on the row log-update counts up from to put it on the caret; without it, it sat one row above the caret.
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		from: 'this.options.stdout.write(ansiEscapes.clearTerminal + this.fullStaticOutput + output);',
		to: "this.options.stdout.write('\\u001B[2J\\u001B[H' + this.fullStaticOutput + outputToRender);",
	},
	{
		// Incremental rendering (only the rows that changed are written: ~300 bytes a key instead of the whole ~5.5 KB
		// frame at 100x30, which lags over a slow SSH link) goes back up to the frame's first row from where the last
		// frame left the cursor. A frame shorter than the terminal (ours: rows - 1) ends with a line break, which leaves
		// the cursor on the row below it, one row lower than this count assumes: every frame was drawn one row down.
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
		to: "buffer.push(ansiEscapes.cursorUp(previousOutput.endsWith('\\n') ? previousVisible : previousVisible - 1));",
	},
	{
		// A changed row was written, then its rest erased (ESC[K). A row as wide as the terminal leaves the cursor on
		// its last cell, waiting to wrap, and there GNU screen (and xterm, VTE) erase that cell: every redrawn row lost
		// its right border. Erasing the row first, from its start, leaves every cell written.
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: 'buffer.push(ansiEscapes.cursorTo(0) +\n                nextLines[i] +\n                ansiEscapes.eraseEndLine +',
		to: 'buffer.push(ansiEscapes.cursorTo(0) +\n                ansiEscapes.eraseEndLine +\n                nextLines[i] +',
	},
	{
		// ...and its blank runs, over the row just erased, are a cursor move (see scripts/blank-runs.mjs).
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: 'ansiEscapes.eraseEndLine +\n                nextLines[i] +',
		to: 'ansiEscapes.eraseEndLine +\n                skipBlankRuns(nextLines[i]) +',
	},
	{
		// The whole frame (the first, and each after a resize or a stop: a tmux re-attached at another size) is written
		// on a cleared screen (terminal.ts and the resize patch below clear it first): its blank runs too.
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: 'ansiEscapes.eraseLines(previousLines.length) +\n                str +',
		to: "ansiEscapes.eraseLines(previousLines.length) +\n                str.split('\\n').map(skipBlankRuns).join('\\n') +",
	},
	{
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: 'const visibleLineCount = ',
		to: `${skipBlankRuns.toString()}\nconst visibleLineCount = `,
	},
	{
		// Between the rows it rewrites, Ink steps over each unchanged row with a cursor move of its own (ESC [E, three
		// bytes): a letter typed in the Subject at 200×50 moved 48 times to write one row. A run of them is one move
		// (ESC [nE). A row's text never holds ESC [E: only colours and the blank runs' ESC [nC reach it.
		file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
		from: "        buffer.push(cursorSuffix);\n        stream.write(buffer.join(''));",
		to: "        buffer.push(cursorSuffix);\n        stream.write(buffer.join('').replace(/(?:\\u001B\\[E){2,}/g, moves => `\\u001B[${moves.length / 3}E`));",
	},
	{
		// ...and so is the frame redrawn after the screen is cleared (a frame as tall as the terminal, see above).
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		from: "this.options.stdout.write('\\u001B[2J\\u001B[H' + this.fullStaticOutput + outputToRender);",
		to: "this.options.stdout.write('\\u001B[2J\\u001B[H' + this.fullStaticOutput + outputToRender.split('\\n').map(skipBlankRuns).join('\\n'));",
	},
	{
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		from: "import { throttle } from 'es-toolkit/compat';\n",
		to: `import { throttle } from 'es-toolkit/compat';\n${skipBlankRuns.toString()}\n`,
	},
	{
		// A terminal made narrower rewraps the rows already on it (tmux, xterm.js and VTE reflow), so the rows Ink
		// erases by counting up from the cursor are no longer the frame's: a row scrolled out of reach stayed (a border
		// where the step rail was). A full-screen app owns the screen: it is cleared whole. And the tree the app laid
		// out for the old width (it re-lays out on its own 'resize' listener, just after) is not drawn in between: its
		// too-wide rows would wrap and scroll the screen again. The app's next frame draws everything.
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		from: '            this.log.clear();\n            this.lastOutput = \'\';\n            this.lastOutputToRender = \'\';\n        }\n        this.calculateLayout();\n        this.onRender();',
		to: "            this.log.clear();\n            this.options.stdout.write('\\u001B[2J\\u001B[H');\n            this.lastOutput = '';\n            this.lastOutputToRender = '';\n        }\n        this.calculateLayout();\n        if (!(currentWidth < this.lastTerminalWidth && this.rootNode.childNodes.some(child => (child.yogaNode?.getComputedWidth() ?? 0) > currentWidth))) this.onRender();",
	},
	{
		// The terminal's cursor on the focused field's caret (source/ui/terminal-caret.ts): before each frame is drawn,
		// after Yoga's layout, the root is asked where it goes. useCursor wants the cell during React's render, before
		// the layout that decides it; and a frame drawn without it (a commit elsewhere: a clock) would hide the cursor.
		file: /[\\/]ink[\\/]build[\\/]ink\.js$/,
		from: '    onRender = () => {\n        this.hasPendingThrottledRender = false;\n        if (this.isUnmounted) {\n            return;\n        }',
		to: '    onRender = () => {\n        this.hasPendingThrottledRender = false;\n        if (this.isUnmounted) {\n            return;\n        }\n        if (this.rootNode.locateCursor) this.setCursorPosition(this.rootNode.locateCursor());',
	},
	{
		// At exit, restore-cursor (Ink's, through cli-cursor) writes "show the cursor" to stderr, a log file when it
		// is redirected (`2>debug.log`). The dashboard shows the cursor on the terminal itself as it leaves.
		file: /[\\/]restore-cursor[\\/]index\.js$/,
		from: "process.stderr.write('\\u001B[?25h');",
		to: "if (process.stderr.isTTY) process.stderr.write('\\u001B[?25h');",
	},
	{
		// string-width (Ink measures every row with it) builds its RGI emoji pattern as it loads, and the first
		// measure of text that is not plain ASCII (a box line, a ✔) compiles it: ~10-15 ms of the dashboard's start,
		// for a first frame with no emoji in it. The pattern is built on first need now, and asked only about a cluster
		// that holds a code point every RGI emoji holds (UTS #51): an Emoji_Presentation one (skin tones and regional
		// indicators are), ZWJ, VS16, the keycap mark or a tag. Widths are unchanged (test/ui/string-width.test.ts).
		// Only the copy at the top of node_modules: wrap-ansi's own older one has no such pattern.
		file: /(?<![\\/]node_modules[\\/][^\\/]+)[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
		from: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
		to: `const emojiSignRegex = /${EMOJI_SIGN}/u;\nlet rgiEmojiPattern;\nconst rgiEmojiRegex = {test: segment => emojiSignRegex.test(segment) && (rgiEmojiPattern ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment)};`,
	},
	// string-width (both copies: wrap-ansi has its own), slice-ansi and ansi-tokenize build an Intl.Segmenter as they
	// load, which starts ICU (~10-15 ms of the dashboard's start), and segment every row of every frame with it. Text
	// whose every code point is a cluster of its own (a first frame's ASCII, box lines, arrows, marks) is segmented
	// without it; ICU starts on the first text that needs it. Same segments (test/ui/grapheme-segmenter.test.ts).
	{
		file: /[\\/]node_modules[\\/](wrap-ansi[\\/]node_modules[\\/])?string-width[\\/]index\.js$/,
		from: 'const segmenter = new Intl.Segmenter();',
		to: lazySegmenter('segmenter'),
	},
	{
		file: /[\\/]slice-ansi[\\/]tokenize-ansi\.js$/,
		from: "const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: 'grapheme'});",
		to: lazySegmenter('GRAPHEME_SEGMENTER'),
	},
	{
		// Every frame is laid out as a grid of cells, one object per cell (300x90: 27,000), then each row joined with
		// the colour codes between neighbouring cells. Each cell had a blank object and styles array of its own, and each
		// pair of neighbours was compared through three Sets and four arrays, equal styles (a blank run, a word in one
		// colour) included: on a 300x90 terminal a key took ~3x as long as at 100x30, most of it here and in the garbage
		// collector. The blank cell is one object (nothing writes into a cell: writes replace it), and equal styles
		// (the same codes, in order) need no codes between them.
		file: INK_OUTPUT,
		from: "            for (let x = 0; x < this.width; x++) {\n                row.push({\n                    type: 'char',\n                    value: ' ',\n                    fullWidth: false,\n                    styles: [],\n                });\n            }",
		to: "            for (let x = 0; x < this.width; x++) {\n                row.push(BLANK_CELL);\n            }",
	},
	{
		file: INK_OUTPUT,
		from: 'class OutputCaches {',
		to: "const BLANK_CELL = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([])});\nclass OutputCaches {",
	},
	{
		// Each frame measured and split into cells every text anew, though a key changes a few rows: a frame now takes
		// what the frame before it measured (two frames' texts kept at most, so memory stays bounded).
		file: INK_OUTPUT,
		from: '    caches = new OutputCaches();',
		to: '    caches = OutputCaches.next();',
	},
	{
		file: INK_OUTPUT,
		from: '    widths = new Map();',
		to: '    static last;\n    static next() {\n        const caches = new OutputCaches();\n        caches.previous = OutputCaches.last;\n        if (caches.previous) caches.previous.previous = undefined;\n        OutputCaches.last = caches;\n        return caches;\n    }\n    previous;\n    widths = new Map();',
	},
	{
		file: INK_OUTPUT,
		from: '            cached = styledCharsFromTokens(tokenize(line));',
		to: '            cached = this.previous?.styledChars.get(line) ?? styledCharsFromTokens(tokenize(line));',
	},
	{
		// A text inside a box that hides its overflow (every panel) was cut to the box with slice-ansi, tokenizing it
		// whole, also when all of it is inside (most rows): cut only what goes past the box.
		file: INK_OUTPUT,
		from: '                            return sliceAnsi(line, from, to);',
		to: '                            return from === 0 && to === width ? line : sliceAnsi(line, from, to);',
	},
	{
		file: INK_OUTPUT,
		from: '            cached = stringWidth(text);',
		to: '            cached = this.previous?.widths.get(text) ?? stringWidth(text);',
	},
	{
		file: STYLED_CHARS,
		from: '            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));',
		to: '            const before = chars[i - 1].styles;\n            if (!(before === char.styles || (before.length === char.styles.length && before.every((code, at) => code.code === char.styles[at].code && code.endCode === char.styles[at].endCode))))\n                ret += ansiCodesToString(diffAnsiCodes(before, char.styles));',
	},
	{
		// A run of characters in one style shares its codes (each change of style makes a new array, never changed after).
		file: STYLED_CHARS,
		from: '                styles: [...codes],',
		to: '                styles: codes,',
	},
	{
		file: STYLED_CHARS,
		from: '        if (i === chars.length - 1) {',
		to: '        if (i === chars.length - 1 && char.styles.length > 0) {',
	},
	{
		// DEV=true, which many shells export for other tools, made Ink load React DevTools (not bundled: it crashed
		// with a stack trace) and read a package.json the bundle has not. The bundle never runs in Ink's development mode.
		file: /[\\/]ink[\\/]build[\\/]utils\.js$/,
		from: "const isDev = () => process.env['DEV'] === 'true';",
		to: 'const isDev = () => false;',
	},
	{
		// ...so the DevTools client (and the WebSocket library it brings, 130 KB) is never loaded, and not shipped.
		file: /[\\/]ink[\\/]build[\\/]reconciler\.js$/,
		from: "        await import('./devtools.js');\n",
		to: '',
	},
	{
		file: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/,
		from: 'const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });',
		to: lazySegmenter('segmenter'),
	},
];

/** Whether `file` is one the patches change. */
export const patchesFile = file => PATCHES.some(patch => patch.file.test(file));

/** The file's source with its patches applied; throws if the file changed. */
export function patchInk(source, file) {
	let patched = source;
	for (const patch of PATCHES.filter(candidate => candidate.file.test(file))) {
		if (!patched.includes(patch.from)) throw new Error(`${file}: Ink (or a dependency of it) changed; update scripts/ink-patch.mjs`);
		// A function, so that `$'` and the like in the new text stay as they are.
		patched = patched.replace(patch.from, () => patch.to);
	}
	return patched;
}
