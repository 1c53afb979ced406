// A library that prints through console, preloaded into dist/cli.js (NODE_OPTIONS=--require): once the test writes
// the file LIBRARY_SAYS names, it warns with the file's words (then removes it); and it warns once more as the
// process exits, after the screen is given back.
const fs = require('node:fs');

const file = process.env.LIBRARY_SAYS;
const poll = setInterval(() => {
	let words;
	try {
		words = fs.readFileSync(file, 'utf8');
	} catch {
		return;
	}
	fs.rmSync(file);
	console.warn(words);
}, 50);
poll.unref();
process.on('exit', () => console.warn('the library warns at exit'));
