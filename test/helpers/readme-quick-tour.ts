// README's "Quick tour": the command lines of its blocks, as a reader copies them (the comment lines between them left
// out). The tests that run them, headless and in a terminal, read them from here.
import {readFileSync} from 'node:fs';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The section's text, from its heading to the next `## ` heading. */
export function quickTour(): string {
	const section = /\n(## Quick tour\n[^]*?)\n## /.exec(readme)?.[1];
	if (section === undefined) throw new Error('no "Quick tour" section in README.md');
	return section;
}

/** Every command line of the tour's `sh` blocks, in order. */
export function tourLines(): string[] {
	return [...quickTour().matchAll(/```sh\n([^]*?)```/g)].flatMap(([, block]) =>
		block!.split('\n').filter(line => line !== '' && !line.startsWith('#')),
	);
}

/** A tour line's words, for one that holds no quotes (the shell would split it the same). */
export function words(line: string): string[] {
	if (/['"\\|$]/.test(line)) throw new Error(`"${line}" needs a shell`);
	return line.split(' ').slice(1);
}
