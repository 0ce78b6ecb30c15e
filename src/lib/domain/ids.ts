/**
 * Client-generated identifiers. Every entity gets a UUIDv7 on the device that creates it, so
 * an offline device never needs the server to name things and a retried write can never mint
 * a second row. v7 sorts by creation time, which keeps IndexedDB and SQL indexes append-mostly.
 */
import { z } from 'zod';

export { uuidv7 } from './uuid';

export const idSchema = z.uuid({ message: 'invalid_id' });
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, { message: 'invalid_sha256' });
