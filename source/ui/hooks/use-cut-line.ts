// The connection of a message typed by hand ended (an idle 421) while its next line was half typed: the command line
// leaves message entry, and that line would go as a command on a new connection, or have the EHLO typed next joined
// to it. It is listed in the log with the message's other lines, and the line is cleared for the EHLO asked for.
import {useEffect} from 'react';
import type {SessionController} from '../../session/controller.js';
import {commandLineValue} from '../components/command-line-state.js';
import type {DashboardStore} from './use-dashboard-keys.js';

/** `store`'s functions are stable (the store object is not): the effect runs only as the message is cut off. */
export function useCutLine(controller: Pick<SessionController, 'info'>, {current, dispatch}: Pick<DashboardStore, 'current' | 'dispatch'>, messageCut: boolean): void {
	useEffect(() => {
		if (!messageCut) return;
		const line = commandLineValue(current().commandLine);
		if (line === '') return;
		controller.info(`not sent (half typed when the connection ended): ${line}`);
		dispatch({type: 'commandSubmitted', forget: true});
	}, [controller, current, dispatch, messageCut]);
}
