// The bundle carries the code of its dependencies, so the package carries their licences (MIT and the like ask
// for the notice to go with every copy): one file listing each bundled package with its licence text.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

/** The package folder an esbuild input path lies in: node_modules/name or node_modules/@scope/name (the innermost). */
function packageRoot(input) {
	const parts = input.split(/[\\/]/);
	const last = parts.lastIndexOf('node_modules');
	if (last < 0) return undefined;
	const length = parts[last + 1]?.startsWith('@') ? 3 : 2;
	return parts.slice(0, last + length).join('/');
}

const LICENCE_FILE = /^(licen[cs]e|copying|notice)([.-][\w.-]+)?$/i;

/** Writes `file` from an esbuild metafile: every package whose code is in the bundle, with its licence text. */
export function writeThirdPartyNotices(metafile, file) {
	const roots = [...new Set(Object.keys(metafile.inputs).map(packageRoot).filter(Boolean))];
	const entries = roots
		.map(root => {
			const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
			const texts = readdirSync(root)
				.filter(name => LICENCE_FILE.test(name))
				.sort()
				.map(name => readFileSync(path.join(root, name), 'utf8').trim());
			const licence = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see the package');
			const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
			return {name: manifest.name, version: manifest.version, licence, author, texts};
		})
		.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
	const unique = entries.filter((entry, index) => index === 0 || entry.name !== entries[index - 1].name || entry.version !== entries[index - 1].version);
	const noFile = (licence, author) => `Licensed under ${licence}${author ? ` by ${author}` : ''}; the package ships no licence file.`;
	const sections = unique.map(({name, version, licence, author, texts}) => [`${name}@${version} (${licence})`, texts.length > 0 ? texts.join('\n\n') : noFile(licence, author)].join('\n\n'));
	writeFileSync(file, `smtp-tui's bundle (dist/) includes code from these ${unique.length} packages, under their licences:\n\n${'='.repeat(79)}\n${sections.join(`\n${'='.repeat(79)}\n`)}\n`);
	return unique.length;
}

if (!existsSync('node_modules')) throw new Error('third-party-notices: run from the project folder, after npm ci');
