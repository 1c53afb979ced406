// -4, -6 and --local-address, checked: which family the connection uses and the address it goes out from. Shared
// by send, check and the dashboard. Whether the address is this machine's is the kernel's to say, at connect
// (Linux takes all of 127.0.0.0/8, and a host may allow binding addresses it does not have yet).
import net from 'node:net';
import {familyName, familyOf, interfaceAddresses, localAddresses, routeOf, type Family, type Route} from '../transport/address-family.js';
import {UsageError} from './command.js';
import {unbracketed} from '../transport/host-port.js';
import {str} from './flag-values.js';

export type RouteSettings = Route;

/** "e.g. --local-address 192.0.2.2", with one of this machine's own addresses when it has one beside loopback. */
function example(family: Family | undefined): string {
	const families: Family[] = family === undefined ? [4, 6] : [family];
	const own = families.flatMap(each => localAddresses(each)).filter(address => address !== '127.0.0.1' && address !== '::1');
	return `e.g. --local-address ${own[0] ?? (family === 6 ? '::1' : '127.0.0.1')} (ip address lists this machine's addresses)`;
}

function parseFamily(flags: Record<string, unknown>): Family | undefined {
	if (flags.ipv4 === true && flags.ipv6 === true) {
		throw new UsageError('-4 and -6 cannot be used together', '-4 connects over IPv4 only, -6 over IPv6 only; leave both out to use either');
	}
	return flags.ipv4 === true ? 4 : flags.ipv6 === true ? 6 : undefined;
}

function parseLocalAddress(given: string | undefined, family: Family | undefined): string | undefined {
	if (given === undefined) return undefined;
	const text = given.trim();
	if (text === '') throw new UsageError('--local-address is empty', `give one of this machine's addresses, ${example(family)}, or leave --local-address out`);
	const address = unbracketed(text);
	const addressFamily = familyOf(address);
	if (addressFamily === undefined) {
		// swaks' -li takes an interface name too; here the address is given, and which of the interface's it is is said.
		const onInterface = interfaceAddresses(text);
		if (onInterface !== undefined) {
			const choices = onInterface.length > 0 ? `: ${onInterface.join(', ')}` : ' (it has none now)';
			throw new UsageError(`--local-address "${text}" is an interface, not an address`, `give one of its addresses${choices}`);
		}
		throw new UsageError(`--local-address "${text}" is not an IP address`, `give one of this machine's addresses, ${example(family)}`);
	}
	const canonical = addressFamily === 6 ? new net.SocketAddress({address, family: 'ipv6'}).address : address;
	if (canonical === '0.0.0.0' || canonical === '::') {
		throw new UsageError(`--local-address ${address} means any address: the system picks one`, `leave --local-address out, or give one of this machine's addresses, ${example(family)}`);
	}
	if (family !== undefined && addressFamily !== family) {
		throw new UsageError(`--local-address ${address} is ${familyName(addressFamily)} and -${family} asks for ${familyName(family)}`, `give an ${familyName(family)} local address, or drop -${family}`);
	}
	return address;
}

/**
 * A host given as an IP address that the route cannot reach: of the other family than -4/-6 or the local address.
 * `label` names where the host came from (--host, TARGET).
 */
export function refuseOtherFamily(host: string | undefined, route: RouteSettings, label = '--host'): void {
	const hostFamily = host === undefined ? undefined : familyOf(host);
	if (hostFamily === undefined) return;
	const plain = unbracketed(host!);
	if (route.family !== undefined && route.family !== hostFamily) {
		throw new UsageError(`-${route.family} with ${label} ${plain}, an ${familyName(hostFamily)} address`, `give the server's ${familyName(route.family)} address or its name, or drop -${route.family}`);
	}
	const localFamily = route.localAddress === undefined ? undefined : familyOf(route.localAddress);
	if (localFamily !== undefined && localFamily !== hostFamily) {
		throw new UsageError(
			`--local-address ${route.localAddress} is ${familyName(localFamily)} and ${label} ${plain} is ${familyName(hostFamily)}`,
			`a connection stays in one family: give an ${familyName(hostFamily)} local address, or the server's ${familyName(localFamily)} address or its name`,
		);
	}
}

/** -4/-6 and --local-address, checked against each other and against the host, when it is an IP address. */
export function parseRouteFlags(flags: Record<string, unknown>, host?: string, label?: string): RouteSettings {
	const family = parseFamily(flags);
	const localAddress = parseLocalAddress(str(flags.localAddress), family);
	const route = routeOf({family, localAddress});
	refuseOtherFamily(host, route, label);
	return route;
}
