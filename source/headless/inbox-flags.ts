// Flags and help of `smtp-tui inbox`: serve's flags (the same server, the same checks), its screen instead of its log.
// Kept light: cli.tsx imports this eagerly.
import {sandboxDefaults} from '../sandbox/settings.js';
import {UsageError, type FlagSpecs} from './command.js';
import {serveFlags} from './serve-flags.js';
import {displayFlags} from '../ui/dashboard-flags.js';

/**
 * serve's, but its --json (its log as JSON lines: a screen has none); the dashboard's --presenter and --background,
 * for a projector; and --wait's (the saved messages read by a script, no screen): --timeout, and --json for them.
 */
export const inboxFlags: FlagSpecs = {
	...Object.fromEntries(Object.entries(serveFlags).filter(([name]) => name !== 'json')),
	...displayFlags,
	wait: {type: 'string', example: '1'},
	timeout: {type: 'string', example: '10'},
	json: {type: 'boolean'},
	match: {type: 'string', example: 'anna'},
};

/** Flags only --wait takes: inbox's screen refuses them. */
export const WAIT_ONLY = ['timeout', 'json', 'match'] as const;

/** Whether inbox's flags ask for --wait (no screen) rather than its screen. */
export const wantsWait = (flags: Record<string, unknown>): boolean => flags.wait !== undefined;

/** For inbox's screen: --timeout and --json are --wait's alone. */
export function refuseWaitOnly(flags: Record<string, unknown>): void {
	const given = WAIT_ONLY.filter(name => flags[name] !== undefined);
	if (given.length === 0) return;
	// What does it instead: serve prints the server's log (as JSON lines), the screen's / filters its list.
	const serve = `for the server's log as ${flags.json === undefined ? 'lines' : 'JSON lines'}, use "smtp-tui serve${flags.json === undefined ? '' : ' --json'}"`;
	const filter = 'on the screen, / filters the list';
	const instead = flags.match === undefined ? serve : given.length === 1 ? filter : `${serve}; ${filter}`;
	throw new UsageError(
		`--${given.join(' and --')} ${given.length > 1 ? 'are' : 'is'} for inbox --wait (reading the saved messages from a script), not for its screen`,
		`add --save-dir DIR --wait N (N messages, 0 for those there now); ${instead}`,
	);
}

export const inboxSummary = 'the sandbox of serve, with its inbox on a full screen (a mail catcher)';

export const inboxHelp = `
  Usage
    $ smtp-tui inbox [flags of smtp-tui serve]
    $ smtp-tui inbox --save-dir DIR --wait N [--timeout SECONDS] [--json]

  The server of "smtp-tui serve", started with the same flags and the same checks, and on a full screen
  instead of its log: the messages it catches (Enter opens one), the last lines of its log (where it
  listens, the certificate, each client's connect and refusals), and at the top where to point an app.
  Nothing is delivered anywhere. For scripts and pipes, "smtp-tui serve" prints the log alone.

  Flags
    Every flag of smtp-tui serve (see smtp-tui serve --help) but --json, e.g.
    --port, -p N             default ${sandboxDefaults.port}; 0 picks a free port (the top line says which)
    --no-starttls            for an app that uses STARTTLS whenever offered and cannot be given the CA file
    --any-login              take the app's own user name and password
    --save-dir DIR           keep each message as DIR/<n>.eml; the newest --keep already there are listed at start
    --save-max N             at most N messages stay in DIR: as each is saved, the oldest beyond N are deleted
    --keep N                 messages listed (default ${sandboxDefaults.keep}), oldest let go first
    --http [ADDR:]PORT       also serve the caught messages over HTTP for tests (Mailpit's API v1, a subset)
    --presenter              for projectors: no faint text (the keys, the hints), no times in the list
    --background B           light or dark (any case): the terminal's background (default: what COLORFGBG says,
                             where the terminal sets it, else dark); light draws no yellow or cyan text

  In scripts, while serve --save-dir DIR runs
    --wait N                 no screen and no server: print each message saved in DIR, one line each, as it
                             comes, and exit 0 once N are there (0: those there now)
    --match TEXT             only messages whose subject, From header (name or address), envelope sender or
                             recipients, Message-ID, text or links contain TEXT, in any case (as / filters
                             the screen's list)
    --timeout SECONDS        give up after this long (default 30): exit 2, saying how many came
    --json                   each message as one JSON object (its saved record with its "text" and "links",
                             "path" its .eml)

  Keys
    Enter opens a message; Left/Right switch its views (headers, text, html if it has an HTML part, raw);
    s saves an opened message and its attachments in a new folder under ./smtp-tui-attachments/;
    Esc or q goes back to the list; Up/Down, PgUp/PgDn, Home/End (and k/j/g/G) scroll; ? or Ctrl+G shows the keys;
    / filters the list as you type (subject, sender, recipients, text), Enter keeps the filter, Esc clears it.
    Tab or Shift+Tab moves between the list and the server's log, which scrolls with the same keys.
    q at the list or Ctrl+C (or SIGTERM, SIGHUP) stops the server as serve stops: open sessions get 421 4.3.2,
    and its last lines (the counts) are printed once the screen is gone; it exits 0. While sessions are open
    or messages are not saved (no --save-dir), q asks first: q again stops, Esc stays.

  Examples
    $ smtp-tui inbox
    $ smtp-tui inbox --no-starttls --any-login --save-dir ./mail      (an app's default mail settings)
    $ smtp-tui inbox --port 0 --tls-port 0
    $ smtp-tui inbox --save-dir ./mail --wait 1 --timeout 10 --json   (in CI: has the app's mail come?)
    $ smtp-tui inbox --save-dir ./mail --wait 1 --match 'Reset your password'
    $ smtp-tui inbox --listen 192.0.2.10 --save-dir ./mail --presenter --background light   (a workshop's projector)
`;
