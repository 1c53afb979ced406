// The UsageError a call throws: the test fails if it throws nothing, or something else.
import {UsageError} from '../../source/headless/command.js';

export function refusal(run: () => unknown): UsageError {
	try {
		run();
	} catch (error) {
		if (error instanceof UsageError) return error;
		throw error;
	}
	throw new Error('not refused');
}
