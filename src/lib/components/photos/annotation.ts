/**
 * Marks drawn on a photo (issue 20): arrows, circles and short text in a few strong colours, kept
 * as a list in the picture's own pixels so undo is "drop the last mark" and the saved image is
 * drawn at full size whatever the screen. The drawn image becomes a new photo; the original stays.
 */
export type Point = { x: number; y: number };
export type Mark =
	| { kind: 'arrow'; from: Point; to: Point; colour: string }
	| { kind: 'circle'; centre: Point; edge: Point; colour: string }
	| { kind: 'text'; at: Point; text: string; colour: string };
export type Tool = Mark['kind'];

/** Red for faults, yellow and white to stand out on dark walls, blue on light ones. */
export const COLOURS = ['#e11d48', '#facc15', '#2563eb', '#ffffff'] as const;
export const MAX_TEXT = 60;

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Line width and text size grow with the picture, so marks read the same on any photo. */
const strokeFor = (width: number, height: number) => Math.max(4, Math.round(Math.max(width, height) / 200));

function drawArrow(ctx: Ctx, from: Point, to: Point, w: number) {
	const angle = Math.atan2(to.y - from.y, to.x - from.x);
	const head = w * 5;
	ctx.beginPath();
	ctx.moveTo(from.x, from.y);
	ctx.lineTo(to.x, to.y);
	ctx.stroke();
	ctx.beginPath();
	ctx.moveTo(to.x, to.y);
	ctx.lineTo(to.x - head * Math.cos(angle - Math.PI / 6), to.y - head * Math.sin(angle - Math.PI / 6));
	ctx.lineTo(to.x - head * Math.cos(angle + Math.PI / 6), to.y - head * Math.sin(angle + Math.PI / 6));
	ctx.closePath();
	ctx.fill();
}

/** Draws the marks over whatever the context holds, in the picture's pixels. */
export function drawMarks(ctx: Ctx, marks: readonly Mark[], width: number, height: number) {
	const w = strokeFor(width, height);
	ctx.lineCap = 'round';
	ctx.lineJoin = 'round';
	for (const mark of marks) {
		ctx.strokeStyle = mark.colour;
		ctx.fillStyle = mark.colour;
		ctx.lineWidth = w;
		if (mark.kind === 'arrow') drawArrow(ctx, mark.from, mark.to, w);
		else if (mark.kind === 'circle') {
			ctx.beginPath();
			ctx.arc(
				mark.centre.x,
				mark.centre.y,
				Math.max(w, Math.hypot(mark.edge.x - mark.centre.x, mark.edge.y - mark.centre.y)),
				0,
				2 * Math.PI
			);
			ctx.stroke();
		} else {
			// Dark outline under light text (and the reverse) so it reads on any background.
			ctx.font = `700 ${w * 7}px system-ui, sans-serif`;
			ctx.textBaseline = 'middle';
			ctx.lineWidth = w * 1.5;
			ctx.strokeStyle = mark.colour === '#ffffff' || mark.colour === '#facc15' ? '#000000' : '#ffffff';
			ctx.strokeText(mark.text, mark.at.x, mark.at.y);
			ctx.fillText(mark.text, mark.at.x, mark.at.y);
		}
	}
}

/** A mark from a drag (or, for text, a tap); null when the drag was too short to mean anything. */
export function markFrom(tool: Tool, from: Point, to: Point, colour: string, text: string): Mark | null {
	if (tool === 'text') {
		const t = text.trim().slice(0, MAX_TEXT);
		return t ? { kind: 'text', at: to, text: t, colour } : null;
	}
	if (Math.hypot(to.x - from.x, to.y - from.y) < 8) return null;
	return tool === 'arrow' ? { kind: 'arrow', from, to, colour } : { kind: 'circle', centre: from, edge: to, colour };
}
