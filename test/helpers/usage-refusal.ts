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

/** The UsageError a promise rejects with: the test fails if it resolves, or rejects with something else. */
export async function rejection(run: Promise<unknown>): Promise<UsageError> {
	const error = await run.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	if (error instanceof UsageError) return error;
	throw new Error(`not refused with a UsageError: ${String(error)}`);
}
