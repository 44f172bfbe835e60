/**
 * `flock /tmp/wf-build.lock node --import tsx tests/support/build-if-stale.ts`: runs `vite build`
 * only when build/ is missing or older than the sources, checked while holding the lock, so that
 * test files (and people) sharing a work tree never build at the same time. See buildUnderLock.
 */
import { ensureBuilt } from './server-process';

ensureBuilt();
