/** The chaos run (chaos-run.ts) on PostgreSQL, two app instances on one database, with two database outages. */
import { describeChaos } from './chaos-run';

describeChaos('postgres');
