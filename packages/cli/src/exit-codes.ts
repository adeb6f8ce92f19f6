/** The exit codes of every command: clean, findings, and usage, config, file or internal error. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;
