// `profile save --proxy [--proxy-version 2]`: a port behind a load balancer wants the header on every use, so
// whether to send one, and its version, is kept. The addresses it claims are a test's, given each time.
import {UsageError} from './command.js';
import {parseProxyFlags} from './proxy-options.js';

/** What is not kept, with the flag's name as typed. */
const NOT_SAVED = [
	['proxySource', '--proxy-source'],
	['proxySourcePort', '--proxy-source-port'],
	['proxyDest', '--proxy-dest'],
	['proxyDestPort', '--proxy-dest-port'],
	['proxyFamily', '--proxy-family'],
] as const;

/** The version of the header the profile sends first, or undefined for none. */
export function profileProxy(flags: Record<string, unknown>): 1 | 2 | undefined {
	const given = NOT_SAVED.filter(([name]) => flags[name] !== undefined).map(([, flag]) => flag);
	if (given.length > 0) {
		throw new UsageError(
			`${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} not saved in a profile: what a header claims is for one test`,
			'save --proxy (and --proxy-version 2) alone, and give the rest on the command line: smtp-tui send --profile NAME --proxy-source 203.0.113.5 ...',
		);
	}
	return parseProxyFlags({proxy: flags.proxy, proxyVersion: flags.proxyVersion})?.version;
}
