// The contract between cli.tsx and each subcommand. Flag specs live in light `*-flags.ts` files so that
// parsing and --help never load a command's heavy modules (smtp-server, mailparser, ...).

type FlagSpec = {
	type: 'string' | 'boolean' | 'number';
	shortFlag?: string;
	aliases?: string[];
	/** Flags people give for this one (serve's --listen as --host), suggested by name, never taken. */
	meant?: string[];
	isMultiple?: boolean;
	default?: unknown;
	/** A flag with a value that also has a --no- form (--no-auth); a switch always has one. */
	negatable?: boolean;
	/**
	 * For "--x needs a value" (`e.g. --x 1`), where this command takes another value than FLAG_EXAMPLES gives (see
	 * flag-examples.ts): a real value, never a placeholder.
	 */
	example?: string;
	/**
	 * The hint of "--x needs a value" where an example would be bad advice (`--password secret` puts a password in
	 * the process list and the shell's history): the better ways, instead of an example.
	 */
	missingHint?: string;
	/** What its example needs before it: `--port` needs `--host` (`e.g. --host mail.example.org --port 587`). */
	exampleAfter?: string;
};
export type FlagSpecs = Record<string, FlagSpec>;

export type CommandIO = {
	stdout: NodeJS.WritableStream;
	stderr: NodeJS.WritableStream;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

/** A subcommand run: parsed flags (camel-case keys), positional input, IO. Resolves to the exit code. */
export type CommandRun = (flags: Record<string, unknown>, input: string[], io: CommandIO) => Promise<number>;

/** Thrown for bad options or input: cli.tsx prints the message (and hint) and exits 1. */
export class UsageError extends Error {
	override name = 'UsageError';
	constructor(
		message: string,
		readonly hint?: string,
	) {
		super(message);
	}
}

/** The user cancelled (Ctrl+C at a prompt): cli.tsx says so and exits 130, as a shell does for an interrupt. */
export class Cancelled extends Error {
	override name = 'Cancelled';
}
