/** Types for png.js (used by scripts and tests). */
export function encodePng(width: number, height: number, pixel: (u: number, v: number) => number[]): Buffer;
