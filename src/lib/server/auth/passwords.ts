import { hash, verify } from '@node-rs/argon2';

/**
 * Argon2id at 64 MiB, 3 passes: above OWASP's minimum (19 MiB, 2 passes), still ~100 ms a login
 * on two cores, and logins are rare next to everything else this server does.
 */
// algorithm 2 is Argon2id (the package's enum is a const enum, which isolated modules cannot read).
const PARAMS = { algorithm: 2, memoryCost: 65536, timeCost: 3, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
	return hash(password, PARAMS);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
	try {
		return await verify(hashed, password);
	} catch {
		return false;
	}
}

// Verifying against this when the user does not exist keeps the answer time the same either way.
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
	return (decoy ??= hashPassword('decoy-password-never-used'));
}
