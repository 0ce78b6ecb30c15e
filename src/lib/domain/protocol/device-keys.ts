/**
 * Device keys over HTTP (docs/sync-protocol.md, "QR transfer"): a phone registers the public half
 * of its signing key while online, and the record's team reads its members' keys before the
 * visit. Online calls, not synced entities: a key changes once per phone, and the only phone
 * that needs a record's keys (the trưởng đoàn's) asks for them when it syncs the record.
 */
import { z } from 'zod';
import { idSchema } from '../ids';
import { keyIdSchema, publicJwkSchema } from '../team-part';

/** `POST /api/device-keys`: `keyId` must be the RFC 7638 thumbprint of `publicJwk`. */
export const registerDeviceKeySchema = z.object({ keyId: keyIdSchema, publicJwk: publicJwkSchema });
export type RegisterDeviceKey = z.infer<typeof registerDeviceKeySchema>;

export const deviceKeyRegisteredSchema = z.object({ keyId: keyIdSchema, createdAt: z.iso.datetime({ offset: true }) });

export const memberKeySchema = z.object({ userId: idSchema, keyId: keyIdSchema, publicJwk: publicJwkSchema });

/** `GET /api/inspections/[id]/team-keys`: the unrevoked keys of the record's writer and team. */
export const teamKeysResponseSchema = z.object({ inspectionId: idSchema, keys: z.array(memberKeySchema) });
export type TeamKeysResponse = z.infer<typeof teamKeysResponseSchema>;
