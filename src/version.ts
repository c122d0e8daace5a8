// Kept in step with package.json by test/cli.test.ts.
/** The package's version, as package.json has it. */
export const VERSION = '0.1.0';
