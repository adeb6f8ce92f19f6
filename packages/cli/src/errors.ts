export { UsageError } from './usage-error.js';

export { describeFsError, errorMessage, isFsError } from '@virt-alias/engine';
