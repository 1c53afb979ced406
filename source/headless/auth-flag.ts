// --auth MECH (send, talk, profiles, the dashboard): a mechanism smtp-tui speaks, with what it needs beside it.
import {SUPPORTED_MECHANISMS} from '../smtp/sasl.js';
import {UsageError} from './command.js';
import {closest} from './flags.js';

type Login = {
	user: string | undefined;
	/** The password as typed (--password, --password-file), not one from SMTP_PASSWORD, and the flag it came with. */
	typedPassword: string | undefined;
	passwordFlag: string;
	clientCertificate: boolean;
};

/** The mechanism asked for, upper-case; undefined without --auth. Throws what is wrong with it, naming the fix. */
export function parseAuthFlag(value: string | undefined, {user, typedPassword, passwordFlag, clientCertificate}: Login): string | undefined {
	const mechanism = value?.toUpperCase();
	if (mechanism === undefined) return undefined;
	if (!SUPPORTED_MECHANISMS.includes(mechanism)) {
		const near = closest(mechanism, SUPPORTED_MECHANISMS.filter(name => name !== mechanism));
		const names = `use one of ${SUPPORTED_MECHANISMS.join(', ')}, or leave --auth out to pick the best the server offers`;
		throw new UsageError(`--auth ${mechanism} is not a mechanism smtp-tui knows${near ? ` (did you mean ${near}?)` : ''}`, mechanism.endsWith('-PLUS') ? `the -PLUS variants (channel binding) are not supported: ${names}` : names);
	}
	// EXTERNAL proves who logs in with the client certificate: no password, and the user (if any) is whom to act as.
	if (mechanism === 'EXTERNAL') {
		if (!clientCertificate) throw new UsageError('--auth EXTERNAL logs in with a client certificate, and none is given', 'add --cert FILE and --key FILE');
		if (typedPassword !== undefined) throw new UsageError(`${passwordFlag} given with --auth EXTERNAL, which sends no password`, `drop ${passwordFlag}: the client certificate is the proof`);
		return mechanism;
	}
	if (user === undefined) throw new UsageError('--auth given without --user', 'add --user NAME (and --password or SMTP_PASSWORD)');
	return mechanism;
}
