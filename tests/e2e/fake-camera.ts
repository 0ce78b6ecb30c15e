/**
 * A camera for browser tests: Chromium plays a Y4M file as its fake video device
 * (`--use-file-for-fake-video-capture`), looping. `writeCameraVideo` films pictures (the QR codes
 * a member's screen showed) one after another, each held for a few frames, as a phone camera
 * pointed at that screen would see them.
 */
import { writeFile } from 'node:fs/promises';
import sharp from 'sharp';

export const CAMERA = { width: 640, height: 480, fps: 10 };

/** Chromium flags that give the page a camera playing `file`, permission granted. */
export const fakeCameraArgs = (file: string) => [
	'--use-fake-ui-for-media-stream',
	'--use-fake-device-for-media-stream',
	`--use-file-for-fake-video-capture=${file}`
];

/** One grey frame in I420: the picture's luma, centred on white; chroma neutral. */
async function frameOf(picture: string | null): Promise<Buffer> {
	const { width, height } = CAMERA;
	const luma = picture
		? await sharp(picture)
				.resize(width, height, { fit: 'contain', background: '#ffffff' })
				.flatten({ background: '#ffffff' })
				.greyscale()
				.raw()
				.toBuffer()
		: Buffer.alloc(width * height, 255);
	return Buffer.concat([Buffer.from('FRAME\n'), luma.subarray(0, width * height), Buffer.alloc((width * height) / 2, 128)]);
}

/** Writes `file` showing each picture for `framesEach` frames (a blank frame when there is none). */
export async function writeCameraVideo(file: string, pictures: string[], framesEach = 5): Promise<void> {
	const { width, height, fps } = CAMERA;
	const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1 C420jpeg\n`);
	const frames: Buffer[] = [];
	for (const picture of pictures.length > 0 ? pictures : [null]) {
		const frame = await frameOf(picture);
		for (let i = 0; i < framesEach; i++) frames.push(frame);
	}
	await writeFile(file, Buffer.concat([header, ...frames]));
}
