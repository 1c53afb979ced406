// The footer's words while a message goes: how much of it has left, and once nothing has for a while, for how long
// (and the limit), as the other waits are counted. A server that stopped reading must not look like a slow link.
import type {SessionSnapshot} from '../../session/types.js';
import {groupDigits} from '../../smtp/digits.js';

export type Sending = NonNullable<SessionSnapshot['sending']>;

/**
 * Seconds without a byte leaving before the stall is counted aloud: a slow link's kernel takes bytes in bursts
 * a second or two apart, and a count that came and went with each would only alarm.
 */
const STALL_SHOWN_SECONDS = 3;

const MiB = 1024 * 1024;

/** Both amounts in the size's unit: "1.2 of 5.5 MiB", "300 of 800 KiB". */
function amounts(sent: number, size: number): string {
	if (size >= MiB) return `${(sent / MiB).toFixed(1)} of ${(size / MiB).toFixed(1)} MiB`;
	return `${groupDigits(Math.round(sent / 1024))} of ${groupDigits(Math.round(size / 1024))} KiB`;
}

/** "1.2 MiB", "300 KiB": the amount sent of a message of unknown size. */
function amount(sent: number): string {
	return sent >= MiB ? `${(sent / MiB).toFixed(1)} MiB` : `${Math.round(sent / 1024)} KiB`;
}

/**
 * "sending the message: 1.2 of 5.5 MiB (22%)", then ", no progress for 7/30 s" once nothing has left for a while;
 * `short`, where the footer is short of room: "sending 22%, no progress 7/30 s". The size is an estimate (the
 * message before dot-stuffing): the count stops at it, and at 99%, until the message has all gone.
 */
export function sendingWords({sent, size}: Sending, stalled: {seconds: number; limitSeconds: number} | undefined, short = false): string {
	const known = size !== undefined && size > 0;
	const shown = known ? Math.min(sent, size) : sent;
	const percent = known ? Math.min(99, Math.floor((shown / size) * 100)) : undefined;
	const progress = short ? `sending ${percent === undefined ? amount(sent) : `${percent}%`}` : `sending the message: ${known ? `${amounts(shown, size)} (${percent}%)` : `${amount(sent)} sent`}`;
	if (!stalled || stalled.seconds < STALL_SHOWN_SECONDS) return progress;
	return `${progress}, no progress${short ? '' : ' for'} ${stalled.seconds}/${stalled.limitSeconds} s`;
}
