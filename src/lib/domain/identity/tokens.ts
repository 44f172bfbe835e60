import { z } from 'zod';
import { ROLES } from './roles';
import { NationCode } from '../core/nations';
import { visibleName } from '../core/text';

/** A named credential for a machine or a wall device. */
export const IssueToken = z.strictObject({
	name: visibleName(80),
	role: z.enum(ROLES),
	nation: NationCode
});
export type IssueToken = z.infer<typeof IssueToken>;

export const RevokeToken = z.strictObject({ id: z.uuid() });

export interface TokenView {
	id: string;
	name: string;
	role: string;
	nation: string;
	createdAt: string;
	revokedAt: string | null;
	lastUsedAt: string | null;
	releasableTo: 'cell';
}

/** `POST /api/v1/auth/device`: the secret of a wall device's token, from its device link. */
export const DeviceLink = z.strictObject({ token: z.string().min(10).max(200) });
