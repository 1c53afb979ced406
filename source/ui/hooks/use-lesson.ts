// The lesson's progress as React state: fed every snapshot of the session the dashboard draws, and the panel's key.
import {useEffect, useReducer} from 'react';
import type {ControllerSnapshot} from '../../session/controller.js';
import {lessonReducer, startLesson, type LessonProgress} from '../../lesson/progress.js';

/** `start`: the lesson --lesson names (its panel open from the first frame); without it the first, its panel closed. */
export function useLesson(view: ControllerSnapshot, start: number | undefined): {progress: LessonProgress; press: () => void} {
	const [progress, dispatch] = useReducer(lessonReducer, start, given => startLesson(given ?? 0, given !== undefined));
	useEffect(() => dispatch({type: 'observe', snapshot: view}), [view]);
	return {progress, press: () => dispatch({type: 'key'})};
}
