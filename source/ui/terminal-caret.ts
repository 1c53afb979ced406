// The terminal's own cursor on the caret of the focused text field. Screen readers (Orca, speakup) and screen
// magnifiers follow the real cursor: hidden and parked under the footer, their review cursor read the footer.
//
// Where the caret lands on screen is known only once Yoga has laid the frame out, after React's commit; Ink's
// useCursor wants it during the render. So a field registers an anchor (its box and the caret's cell inside it) and
// Ink, patched (scripts/ink-patch.mjs), asks the root's locateCursor before each frame it draws: the position then
// moves with the layout (folded panels, a resize) and is placed after every frame, incremental redraws included.
// Ink writes a cursor move only when the position changed: nothing while idle.
import {createContext, useContext, useInsertionEffect, useLayoutEffect, useRef, type RefObject} from 'react';
import type {CursorPosition, DOMElement} from 'ink';

/** False over a part of the screen whose fields do not take keys now (the help overlay holds them). */
export const CaretShown = createContext(true);

type Anchor = {box: RefObject<DOMElement | null>; x: number; y: number};
type CaretRoot = DOMElement & {locateCursor?: () => CursorPosition | undefined; lastLocated?: CursorPosition | undefined};

/** The registered carets, the one rendered last at the end: with two at once (a bug), the newest wins. */
const anchors = new Set<Anchor>();

function rootOf(node: DOMElement | undefined): CaretRoot | undefined {
	let current = node;
	while (current?.parentNode) current = current.parentNode;
	return current?.nodeName === 'ink-root' ? current : undefined;
}

const clips = (node: DOMElement) => node.style.overflow === 'hidden' || node.style.overflowX === 'hidden' || node.style.overflowY === 'hidden';

/** The anchor's caret as a cell of `root`'s frame; undefined when it is not drawn there (detached, hidden, clipped). */
function place(anchor: Anchor, root: CaretRoot): CursorPosition | undefined {
	const chain: DOMElement[] = [];
	for (let node: DOMElement | undefined = anchor.box.current ?? undefined; node && node !== root; node = node.parentNode) {
		if (!node.yogaNode || node.style.display === 'none') return undefined;
		chain.unshift(node);
	}
	if (chain.length === 0) return undefined;
	// Each box's corner, from the frame's top down; then the caret inside the innermost.
	const corners: Array<{node: DOMElement; left: number; top: number}> = [];
	let left = 0;
	let top = 0;
	for (const node of chain) {
		left += node.yogaNode!.getComputedLeft();
		top += node.yogaNode!.getComputedTop();
		corners.push({node, left, top});
	}
	const position = {x: left + anchor.x, y: top + anchor.y};
	// A box that clips its children (a panel's inside, the frame itself): the caret must be within it to be drawn.
	const within = ({node, left, top}: (typeof corners)[number]) =>
		position.x >= left && position.y >= top && position.x < left + node.yogaNode!.getComputedWidth() && position.y < top + node.yogaNode!.getComputedHeight();
	if (corners.some(corner => (clips(corner.node) || corner.node === anchor.box.current) && !within(corner))) return undefined;
	const frame = root.yogaNode;
	if (frame && (position.x >= frame.getComputedWidth() || position.y >= frame.getComputedHeight())) return undefined;
	return position;
}

function locate(root: CaretRoot): CursorPosition | undefined {
	for (const anchor of [...anchors].reverse()) {
		if (rootOf(anchor.box.current ?? undefined) !== root) continue;
		return place(anchor, root);
	}
	return undefined;
}

const same = (a: CursorPosition | undefined, b: CursorPosition | undefined) => a?.x === b?.x && a?.y === b?.y;

/**
 * For a text field: the box to hold its caret's row (`ref` it), and where the caret is inside that box (`caret`:
 * column and row in cells), or undefined when the field has no focus. The terminal's cursor is shown there.
 */
export function useTerminalCaret(caret: {x: number; y: number} | undefined): RefObject<DOMElement | null> {
	const box = useRef<DOMElement | null>(null);
	const shown = useContext(CaretShown);
	const anchor = useRef<Anchor>({box, x: 0, y: 0}).current;
	const wanted = shown && caret !== undefined;
	// Before Ink draws this commit (insertion effects run before it; layout effects after).
	useInsertionEffect(() => {
		if (!wanted) return;
		anchor.x = caret.x;
		anchor.y = caret.y;
		anchors.add(anchor);
		return () => {
			anchors.delete(anchor);
		};
	});
	// A box mounted in this commit gets its node only now, after Ink drew the frame without the cursor: draw again.
	useLayoutEffect(() => {
		const root = rootOf(box.current ?? undefined);
		if (!wanted || !root) return;
		if (!root.locateCursor) {
			root.locateCursor = () => {
				root.lastLocated = locate(root);
				return root.lastLocated;
			};
		}
		if (!same(locate(root), root.lastLocated)) root.onRender?.();
	});
	return box;
}

/** Where the terminal's cursor goes now (tests): the newest caret's cell in its frame. */
export function placedCaret(): CursorPosition | undefined {
	const last = [...anchors].at(-1);
	const root = rootOf(last?.box.current ?? undefined);
	return root ? locate(root) : undefined;
}
