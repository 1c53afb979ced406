// The XCLIENT flags of `send` and the dashboard, swaks' names so runbooks carry over. Kept light: cli.tsx imports it.
import type {FlagSpecs} from './command.js';

export const xclientFlags = {
	xclient: {type: 'string', isMultiple: true},
	xclientName: {type: 'string'},
	xclientReverseName: {type: 'string'},
	xclientAddr: {type: 'string'},
	xclientPort: {type: 'string'},
	xclientProto: {type: 'string'},
	xclientHelo: {type: 'string'},
	xclientLogin: {type: 'string'},
	xclientDestaddr: {type: 'string'},
	xclientDestport: {type: 'string'},
} satisfies FlagSpecs;

export const xclientHelp = `    --xclient-addr IP      XCLIENT (Postfix): the server treats the session as coming from this address
                           (IPv4, or IPv6, sent as IPV6:...); also --xclient-name HOST, --xclient-reverse-name
                           HOST, --xclient-port N, --xclient-proto SMTP|ESMTP, --xclient-helo NAME,
                           --xclient-login USER, --xclient-destaddr IP, --xclient-destport N; any value may be
                           [UNAVAILABLE] or [TEMPUNAVAIL]; at most 255 characters as sent (xtext). Sent after
                           STARTTLS, before AUTH; exit 33 when refused
    --xclient "A=V ..."    more attributes by Postfix's names (NAME, ADDR, PORT, PROTO, HELO, LOGIN,
                           REVERSE_NAME, DESTADDR, DESTPORT), plain values (xtext-encoded here); repeatable`;
