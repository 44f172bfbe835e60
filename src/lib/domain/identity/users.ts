import { z } from 'zod';
import { ROLES } from './roles';
import { NationCode } from '../core/nations';
import { visible, visibleName } from '../core/text';

export const PASSWORD_MIN = 12;

export const CreateUser = z.strictObject({
	username: visible(z.string())
		.trim()
		.toLowerCase()
		.regex(/^[a-z0-9._-]{3,40}$/, '3 to 40 characters: letters, digits, dot, dash, underscore'),
	password: z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`).max(256),
	role: z.enum(ROLES),
	nation: NationCode,
	displayName: visibleName(80).optional()
});
export type CreateUser = z.infer<typeof CreateUser>;

/** A user as the API shows it: never the password hash. */
export interface UserView {
	id: string;
	username: string;
	displayName: string;
	role: string;
	nation: string;
	disabled: boolean;
	createdAt: string;
	releasableTo: 'cell';
}

/** An admin's change to an account; a new password replaces the old one (reset). */
export const UpdateUser = z
	.strictObject({
		id: z.uuid(),
		role: z.enum(ROLES).optional(),
		nation: NationCode.optional(),
		displayName: visibleName(80).optional(),
		disabled: z.boolean().optional(),
		password: z.string().min(PASSWORD_MIN, `At least ${PASSWORD_MIN} characters`).max(256).optional()
	})
	.refine((u) => Object.keys(u).length > 1, 'Nothing to change');
export type UpdateUser = z.infer<typeof UpdateUser>;

/** `POST /api/v1/auth/login`: checked only for shape; the password rules apply when one is set, not when one is tried. */
export const Credentials = z.strictObject({ username: z.string().min(1).max(80), password: z.string().min(1).max(256) });
