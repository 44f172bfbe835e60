import { z } from 'zod';

// zod probes `new Function` to compile fast parsers; the CSP forbids eval, so the browser parses without it.
z.config({ jitless: true });
