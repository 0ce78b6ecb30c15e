/** Where things are: the repository root and the git-ignored scratch folder for benchmark runs. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const projectRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** `.bench/` is git-ignored; build copies live inside the project so the server finds node_modules. */
export const scratchRoot = join(projectRoot, '.bench');
