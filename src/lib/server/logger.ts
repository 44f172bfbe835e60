import pino from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string): Logger {
	return pino({
		level,
		base: { service: 'watchfloor' },
		timestamp: pino.stdTimeFunctions.isoTime,
		redact: { paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization'], remove: true }
	});
}
