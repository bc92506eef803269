import { InvalidEnvironmentError } from './config/environment';

/**
 * Whether a failure of the command line prints its stack and the framework's
 * own log: `--debug` anywhere in the command, or LOG_LEVEL=debug.
 */
export const cliDebug = (argv: string[] = process.argv, env: NodeJS.ProcessEnv = process.env) =>
  argv.includes('--debug') || env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'verbose';

/**
 * A failure of the command line as the administrator reads it: one line,
 * the first line of its message (with what the stack would add left to
 * `--debug`), or with `debug` the whole stack.
 */
export function describeCliFailure(error: unknown, debug: boolean): string {
  const failure = error instanceof Error ? error : new Error(String(error));
  if (debug) return failure.stack ?? failure.message;
  const lines = failure.message.split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
  // Bad settings are all named, on the one line; anything else may say more with --debug.
  if (failure instanceof InvalidEnvironmentError) return `Error: ${lines[0]} ${lines.slice(1).join(' · ')}`;
  return `Error: ${lines[0] ?? failure.name} (run with --debug for details)`;
}
