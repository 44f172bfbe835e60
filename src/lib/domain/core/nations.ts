import { z } from 'zod';

/** ISO 3166-1 alpha-3, upper case. Names come from i18n-iso-countries where they are shown. */
export const NationCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 3166-1 alpha-3 code, e.g. FRA');
export type NationCode = z.infer<typeof NationCode>;
