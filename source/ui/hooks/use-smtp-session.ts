// The session as React state: one subscription to the controller, which follows the current driver.
import {useSyncExternalStore} from 'react';
import type {ControllerSnapshot, SessionController} from '../../session/controller.js';

export function useSmtpSession(controller: SessionController): ControllerSnapshot {
	return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}
