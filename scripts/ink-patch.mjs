// Ink 6.8's useInput reads `keypress.name` as the input of any key it parses as Ctrl+something. An escape sequence
// that is not a key (ESC[31m typed or pasted: a colour code), or a read that starts with a control character and
// goes on (a pasted "^Stext"), parses as Ctrl with no name, and the next line calls `input.startsWith`: the whole
// dashboard crashed. Such a read is no key at all: it becomes no input. The build and the tests apply the same
// change, so the tests run the Ink the product ships.
export const INK_USE_INPUT = /[\\/]ink[\\/]build[\\/]hooks[\\/]use-input\.js$/;
const INK_CTRL_INPUT = '    else if (keypress.ctrl) {\n                input = keypress.name;\n            }';
const SAFE_CTRL_INPUT = "    else if (keypress.ctrl) {\n                input = keypress.name ?? '';\n            }";

/** useInput's source with the change; throws if Ink changed, so the build says so instead of shipping the crash. */
export function patchUseInput(source, file) {
	if (!source.includes(INK_CTRL_INPUT)) throw new Error(`${file}: Ink changed; update scripts/ink-patch.mjs`);
	return source.replace(INK_CTRL_INPUT, SAFE_CTRL_INPUT);
}
