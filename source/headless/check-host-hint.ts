// `check --host H --port P`, as send and talk take them: check takes the host as its TARGET. The hint writes that
// TARGET from the values typed, so a sysadmin fresh from send can run the check as meant.
import {isIP} from 'node:net';
import {hostPort, isHostName} from '../transport/host-port.js';
import {unbracketedIpv6Port} from './host-checks.js';

const HOST_FLAGS = ['--host', '--server', '-s'];
const PORT_FLAGS = ['--port', '-p'];

/** `arg` as the flag `name`: the value attached to it (`--host=x`, `-sx`), '' for the flag alone, undefined for another. */
function asFlag(arg: string, name: string): string | undefined {
	if (arg === name) return '';
	if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
	return name.length === 2 && arg.startsWith(name) ? arg.slice(2) : undefined;
}

/** The value typed for the first of `names` in argv (`--host x`, `--host=x`, `-sx`), if it has one. */
function valueOf(argv: readonly string[], names: readonly string[]): string | undefined {
	for (const [i, arg] of argv.entries()) {
		const attached = names.map(name => asFlag(arg, name)).find(value => value !== undefined);
		if (attached === undefined) continue;
		if (attached !== '') return attached;
		const next = argv[i + 1];
		return next === undefined || next.startsWith('-') ? undefined : next;
	}
	return undefined;
}

const typed = (argv: readonly string[], names: readonly string[]) => argv.some(arg => names.some(name => asFlag(arg, name) !== undefined));

/** "mail.example.com:587", "[2001:db8::1]:25": a TARGET with its port already. */
const WITH_PORT = /^(?:\[[^\]]+\]|[^:]+):\d+$/;

/** The TARGET `check` takes for the host and port typed: a name with a dot and no port needs --no-mx to be probed itself. */
function targetOf(host: string | undefined, port: string | undefined): string {
	if (host !== undefined && WITH_PORT.test(host)) return host;
	// "::1:11025": the port is told apart by the brackets check takes.
	const v6 = host === undefined ? undefined : unbracketedIpv6Port(host);
	if (v6) return hostPort(v6.host, Number(v6.port));
	if (host === undefined || !isHostName(host)) return port === undefined ? 'HOST' : `HOST:${port}`;
	if (port !== undefined && /^\d+$/.test(port)) return hostPort(host, Number(port));
	return isIP(host) || !host.includes('.') ? host : `${host} --no-mx`;
}

/**
 * The hint for `flag` given to check: --host (--server, -s) always, --port (-p) beside one of them (alone it is most
 * likely a slip for --ports). Undefined for any other flag.
 */
export function checkHostHint(flag: string, argv: readonly string[]): string | undefined {
	const name = flag.split('=')[0]!;
	if (!HOST_FLAGS.includes(name) && !(PORT_FLAGS.includes(name) && typed(argv, HOST_FLAGS))) return undefined;
	return `check takes the host (and port) as TARGET, its first argument: smtp-tui check ${targetOf(valueOf(argv, HOST_FLAGS), valueOf(argv, PORT_FLAGS))}`;
}
