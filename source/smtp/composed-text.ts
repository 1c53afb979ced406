// What macOS pastes decomposed (NFD: é as e and a combining accent, 한 as its three jamo), composed (NFC) as a
// keyboard types it. It looks the same, but a server compares an address byte for byte, and RFC 6532 §3.1 has UTF-8
// in mail in NFC. Only what was decomposed is composed: NFC would also change a character that stands alone, such as
// a CJK compatibility ideograph (豈, U+F900, which Korean names use), which nobody types decomposed.

/** A letter with its combining marks, or Hangul jamo that make a syllable (a leading one, or a syllable and a final). */
const DECOMPOSED = /\P{M}\p{M}+|[\u1100-\u115F\uA960-\uA97C][\u1160-\u11FF\uD7B0-\uD7FF]+|[\uAC00-\uD7A3][\u11A8-\u11FF\uD7CB-\uD7FB]+/gu;

/** `text` with what was decomposed composed (NFC); ASCII, most of what is typed, as it is. */
export const composed = (text: string) => (/^[\x00-\x7f]*$/.test(text) ? text : text.replace(DECOMPOSED, run => run.normalize('NFC')));
