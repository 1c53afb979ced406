// check's flags for "this machine as a sender": --public-address, --blocklist ZONE (repeatable), --no-blocklists.
import {isIP} from 'node:net';
import {isHostName} from '../transport/host-port.js';
import {isLoopback} from '../transport/loopback.js';
import {isPublicAddress} from '../spf/client.js';
import {UsageError} from './command.js';

export type SenderSettings = {
	/** --public-address: the address receivers see mail come from, judged instead of the probes' own. */
	publicAddress?: string;
	/** --blocklist's zones; none with --no-blocklists; absent: the default set. */
	blocklists?: string[];
};

const ADDRESS_HINT = 'give the public address mail leaves from, e.g. --public-address 203.0.113.7 (your router, firewall or provider knows it; check asks no outside service)';

function publicAddress(value: unknown): string | undefined {
	if (value === undefined) return undefined;
	const address = String(value).trim().replace(/^\[(.*)\]$/, '$1');
	if (isIP(address) === 0) throw new UsageError(`--public-address "${String(value)}" is not an IP address`, ADDRESS_HINT);
	// This machine's own address behind NAT is the usual slip: receivers never see it.
	if (isLoopback(address) || !isPublicAddress(address)) throw new UsageError(`--public-address ${address} is a ${isLoopback(address) ? 'loopback' : 'private'} address, which no receiver sees mail come from`, ADDRESS_HINT);
	return address;
}

function zones(value: unknown, enabled: unknown): string[] | undefined {
	const given = value === undefined ? [] : [value].flat().map(zone => String(zone).trim().toLowerCase().replace(/\.$/, ''));
	if (enabled === false) {
		if (given.length > 0) throw new UsageError('--blocklist and --no-blocklists are both given', 'give --blocklist ZONE for the lists to ask, or --no-blocklists to ask none');
		return [];
	}
	const bad = given.find(zone => !zone.includes('.') || isIP(zone) !== 0 || !isHostName(zone));
	if (bad !== undefined) throw new UsageError(`--blocklist "${bad}" is not a DNS zone`, 'e.g. --blocklist zen.spamhaus.org (repeat it for each list)');
	return given.length === 0 ? undefined : [...new Set(given)];
}

export function parseSenderFlags(flags: Record<string, unknown>): SenderSettings {
	const address = publicAddress(flags.publicAddress);
	const lists = zones(flags.blocklist, flags.blocklists);
	return {...(address !== undefined && {publicAddress: address}), ...(lists && {blocklists: lists})};
}
