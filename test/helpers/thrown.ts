// The error a call throws, checked for its class, so tests can then assert on its fields.
import {expect} from 'vitest';

export function thrown<T extends Error>(type: new (...args: never[]) => T, run: () => unknown): T {
	try {
		run();
	} catch (error) {
		expect(error).toBeInstanceOf(type);
		return error as T;
	}
	throw new Error(`expected ${type.name} to be thrown`);
}
