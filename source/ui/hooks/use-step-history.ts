// When each step of the rail last changed, kept across renders by whoever draws the rail. Held above the dashboard's
// too-small screen, which takes the rail's place: a rail that unmounted would forget what happened last, and its
// caption would change when the terminal grew back.
import {useRef} from 'react';
import type {StepState} from '../../smtp/types.js';
import {stepHistory, type StepHistory} from '../components/step-rail.js';

export function useStepHistory(steps: readonly StepState[]): StepHistory {
	const history = useRef<StepHistory | undefined>(undefined);
	history.current = stepHistory(history.current, steps);
	return history.current;
}
