// The engine is the bottom layer: the session driver, the transport, the headless commands and the UI build on it,
// so none of them may be imported from it (a change up there must never reach the engine).
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';

const engine = path.join(import.meta.dirname, '../../source/smtp');
const above = ['session', 'transport', 'headless', 'sandbox', 'ui'];

describe('the engine (source/smtp)', () => {
	it('imports nothing from the layers above it', () => {
		const upward = readdirSync(engine)
			.filter(file => file.endsWith('.ts'))
			.flatMap(file => [...readFileSync(path.join(engine, file), 'utf8').matchAll(/from '\.\.\/([a-z-]+)\//g)].filter(match => above.includes(match[1]!)).map(match => `${file}: ${match[0]}`));
		expect(upward).toEqual([]);
	});
});
