// A connection's listeners for as long as it is the driver's current one: a connection given up for a new one (a
// retry after a 421) may still close, and that is no news to the session on the new one.
import type {SessionConnection} from './types.js';

type Handlers = Record<string, (...args: any[]) => void>;

/** `handlers` run while `current()` holds; once the connection has closed, every listener goes. */
export function listenWhileCurrent(connection: SessionConnection, current: () => boolean, handlers: Handlers): void {
	const guarded: Handlers = {};
	for (const [event, handle] of Object.entries(handlers)) {
		guarded[event] = (...args) => {
			if (current()) handle(...args);
		};
	}
	const closed = () => {
		for (const [event, handle] of Object.entries(guarded)) connection.off(event, handle);
		connection.off('close', closed);
	};
	for (const [event, handle] of Object.entries(guarded)) connection.on(event, handle);
	connection.on('close', closed);
}
