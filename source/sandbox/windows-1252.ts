// WHATWG's Encoding standard reads iso-8859-1, latin1 and us-ascii as windows-1252, as browsers and mail readers do:
// mail labelled Latin-1 by Windows software holds €, curly quotes, dashes and … in 0x80–0x9F. Node 20's
// TextDecoder names the encoding windows-1252 but decodes those bytes as C1 controls (U+0080–U+009F), so this
// module decodes them itself.

// 0x80–0x9F; the five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay their C1 control.
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** `bytes` read as windows-1252 (every byte is a character: nothing fails). */
export function decodeWindows1252(bytes: Buffer): string {
	return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, c1 => HIGH[c1.charCodeAt(0) - 0x80]!);
}

/**
 * `bytes` in the charset labelled `charset`, as the Encoding standard reads the label (iso-8859-1 and latin1 as
 * windows-1252, decoded here); undefined for a label it does not know.
 */
export function decodeLabelled(bytes: Buffer, charset: string): string | undefined {
	let decoder: TextDecoder;
	try {
		decoder = new TextDecoder(charset.trim());
	} catch {
		return undefined;
	}
	return decoder.encoding === 'windows-1252' ? decodeWindows1252(bytes) : decoder.decode(bytes);
}
