// Colours drawn in a test's frames (SGR sequences), as on a terminal: chalk finds no TTY under vitest.
import chalk from 'chalk';
import {afterEach, beforeEach} from 'vitest';

/** Draws colours for each test of the surrounding describe, and puts chalk's level back after it. */
export function drawColours(): void {
	const level = chalk.level;
	beforeEach(() => {
		chalk.level = 1;
	});
	afterEach(() => {
		chalk.level = level;
	});
}
