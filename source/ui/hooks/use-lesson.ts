// The lesson's progress as React state: fed every snapshot of the session the dashboard draws, and the panel's key.
import {useEffect, useReducer} from 'react';
import type {ControllerSnapshot} from '../../session/controller.js';
import {lessonReducer, startLesson, type LessonProgress} from '../../lesson/progress.js';

/** `start`: the lesson --lesson names (its panel open from the first frame); without it the first, its panel closed. */
export function useLesson(view: ControllerSnapshot, start: number | undefined): {progress: LessonProgress; press: () => void} {
	const [progress, dispatch] = useReducer(lessonReducer, start, given => startLesson(given ?? 0, given !== undefined));
	// Read only while the panel is open: opened later, it reads what the log holds since (a session's thousand RCPTs
	// in auto mode cost nothing meanwhile).
	useEffect(() => {
		if (progress.open) dispatch({type: 'observe', snapshot: view});
	}, [view, progress.open]);
	return {progress, press: () => dispatch({type: 'key'})};
}
