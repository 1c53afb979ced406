// A word (a path, a profile name, a flag's value) as one shell word, for a command the user may copy.
export const shellWord = (text: string) => (/^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`);
