// The session as React state: one subscription to the controller, which follows the current driver.
import {useMemo, useSyncExternalStore} from 'react';
import type {ControllerSnapshot, SessionController} from '../../session/controller.js';
import {throttledSubscribe} from '../../session/throttle.js';

/**
 * At most one redraw per this many ms for the session's news. The controller publishes for each protocol event (each
 * RCPT sent and each reply: a thousand for 500 recipients), and each notice redraws the whole dashboard; Ink writes
 * at most 30 frames a second anyway. A key's own redraw reads the newest snapshot at once, whatever this waits.
 */
export const SESSION_FRAME_MS = 33;

/** `frameMs`: SESSION_FRAME_MS; tests that press a key as soon as the controller's state changes: 0. */
export function useSmtpSession(controller: Pick<SessionController, 'subscribe' | 'getSnapshot'>, frameMs = SESSION_FRAME_MS): ControllerSnapshot {
	const subscribe = useMemo(() => throttledSubscribe(controller.subscribe, frameMs), [controller, frameMs]);
	return useSyncExternalStore(subscribe, controller.getSnapshot);
}
