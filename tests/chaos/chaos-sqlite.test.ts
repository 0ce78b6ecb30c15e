/** The chaos run (chaos-run.ts) on SQLite. */
import { describeChaos } from './chaos-run';

describeChaos('sqlite');
