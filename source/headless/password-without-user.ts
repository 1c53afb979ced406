// A CI job that sets SMTP_PASSWORD from a secret and forgets --user sends without logging in: send reads the
// variable only with --user (an unrelated one in the environment is not its business). When the server then asks
// for a login, the summary says why none was made, rather than only "give a user and password", which the job did.
import type {FailureKind} from '../smtp/failure.js';

export function passwordWithoutUser(kind: FailureKind | undefined, user: string | undefined, env: NodeJS.ProcessEnv): string {
	if (kind !== 'mail-needs-login' || user !== undefined || !env.SMTP_PASSWORD) return '';
	return ' (SMTP_PASSWORD is set, but it is read only with --user: add --user NAME)';
}
