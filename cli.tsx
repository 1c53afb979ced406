#!/usr/bin/env node
// Entry point: parse flags, pick a mode, own the terminal contract. Nothing else lives here.
import meow from 'meow';

const cli = meow(
	`
	Usage
	  $ smtp-tui [connection flags]        full-screen dashboard (sandbox by default)
	  $ smtp-tui send [flags]              headless session, swaks-like transcript
	  $ smtp-tui serve [flags]             run the built-in sandbox SMTP server
	  $ smtp-tui check TARGET              is port 25 (or 465/587/2525) reachable?
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {},
	},
);

const [command] = cli.input;
if (command === undefined) cli.showHelp(0);
console.error(`smtp-tui: unknown command "${command}"`);
process.exit(1);
