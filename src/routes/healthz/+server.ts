import { json } from '@sveltejs/kit';

/** The process is up and answering; says nothing about its dependencies (see /readyz). */
export const GET = () => json({ status: 'ok' });
