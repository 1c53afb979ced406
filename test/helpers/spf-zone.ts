// One DNS zone (the shape test/helpers/dns-server.ts serves) answered in process: as the SpfDns the evaluator takes,
// and as the resolver mailauth's SPF takes, so both evaluate the very same records.
import type {SpfDns} from '../../source/spf/evaluate.js';
import type {DnsEntry, DnsZone} from './dns-server.js';

const key = (name: string) => name.toLowerCase().replace(/\.$/, '');

type Answer = {records: unknown[]} | {error: string};

/** The answer the zone gives, as a server would: NXDOMAIN and no data as none, SERVFAIL and REFUSED as failures. */
function answer(zone: DnsZone, name: string, type: 'txt' | 'a' | 'aaaa' | 'mx' | 'ptr'): Answer {
	let entry: DnsEntry | undefined = zone[key(name)];
	for (let hops = 0; entry?.cname !== undefined && hops < 8; hops++) entry = zone[key(entry.cname)];
	if (entry?.rcode === 'SERVFAIL' || entry?.rcode === 'REFUSED' || entry?.silent === true) return {error: entry.silent ? 'ETIMEOUT' : `E${entry.rcode}`};
	if (entry === undefined || entry.rcode === 'NXDOMAIN') return {error: 'ENOTFOUND'};
	const records = entry[type] ?? [];
	return records.length === 0 ? {error: 'ENODATA'} : {records};
}

/** The zone as the evaluator's DNS: none as no records, a failure as a rejection with its code. Counts queries. */
export function zoneDns(zone: DnsZone): SpfDns & {queries: string[]} {
	const queries: string[] = [];
	const ask =
		<T>(type: 'txt' | 'a' | 'aaaa' | 'mx' | 'ptr') =>
		async (name: string): Promise<T[]> => {
			queries.push(`${type.toUpperCase()} ${name}`);
			const found = answer(zone, name, type);
			if ('records' in found) return found.records as T[];
			if (found.error === 'ENOTFOUND' || found.error === 'ENODATA') return [];
			throw Object.assign(new Error(`query failed (${found.error})`), {code: found.error});
		};
	return {txt: ask('txt'), a: ask('a'), aaaa: ask('aaaa'), mx: ask('mx'), ptr: ask('ptr'), queries};
}

/** The zone as mailauth's resolver (`dns.promises.resolve`'s shape): no records is an ENOTFOUND or ENODATA error. */
export const mailauthResolver = (zone: DnsZone) => async (name: string, type: string) => {
	const found = answer(zone, name, type.toLowerCase() as 'txt');
	if ('error' in found) throw Object.assign(new Error(`queryA ${found.error} ${name}`), {code: found.error});
	return found.records;
};
