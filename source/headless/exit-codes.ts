// swaks' exit codes, which users' scripts already understand.
import type {FailureStage} from '../smtp/types.js';

const BY_STAGE: Record<FailureStage, number> = {
	connect: 2,
	closed: 6,
	banner: 21,
	ehlo: 22,
	mail: 23,
	rcpt: 24,
	data: 25,
	'final-dot': 26,
	quit: 27,
	auth: 28,
	tls: 29,
	xclient: 33,
	input: 1,
};

export function exitCodeFor(stage: FailureStage | undefined): number {
	return stage === undefined ? 1 : BY_STAGE[stage];
}
