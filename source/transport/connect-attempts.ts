// A name with several addresses (IPv6 and IPv4, or a few of either) is connected to one address at a time: Node's
// autoSelectFamily tries each in turn and abandons it when its attempt time is up, the last one excepted. How long
// each gets.

/**
 * Time for each address but the last: RFC 8305's longest Connection Attempt Delay (§5, 2 s), not Node's 250 ms,
 * which on a link with a 1 s round trip abandons every address before its SYN-ACK can come (Node, unlike RFC 8305,
 * drops an attempt when it moves on). A third of the connect's own limit when that is shorter, so a short --timeout
 * still gets to the next address; never under Node's 250 ms.
 */
export function attemptTimeout(connectMs: number): number {
	return Math.round(Math.min(2000, Math.max(250, connectMs / 3)));
}
