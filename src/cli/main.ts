/** The `simdnet` command: dispatches to train, predict, info, export and import; usage errors exit with 2, failures with 1. */

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './args.js';
import { MAIN_HELP } from './help.js';
import { processIO, type CliIO } from './io.js';
import { version } from './version.js';

type Command = (argv: string[], io: CliIO) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  train: async () => (await import('./train.js')).trainCommand,
  predict: async () => (await import('./predict.js')).predictCommand,
  info: async () => (await import('./info.js')).infoCommand,
  export: async () => (await import('./export.js')).exportCommand,
  import: async () => (await import('./import.js')).importCommand,
};

/**
 * Runs `simdnet` with `argv` (the arguments after the program name) and returns the exit code.
 * Writes only to `io`, so tests can run it in-process.
 *
 * ```ts
 * import { main } from './main.js';
 * process.exitCode = await main(['train', 'moons', '--epochs', '2']);
 * ```
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    if (first === 'help' && rest[0] && rest[0] in COMMANDS) return main([rest[0], '--help'], io);
    io.out.write(MAIN_HELP);
    return first === undefined ? 2 : 0;
  }
  if (first === '-v' || first === '--version') {
    io.out.write(`simdnet ${version()}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (!load) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    io.err.write(`simdnet: ${what}; commands are: ${Object.keys(COMMANDS).join(', ')}\nRun 'simdnet --help' for usage.\n`);
    return 2;
  }
  try {
    return await (await load())(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err.write(`simdnet ${e.command}: ${e.message}\nRun 'simdnet ${e.command} --help' for usage.\n`);
      return 2;
    }
    const err = e as Error;
    io.err.write(`simdnet ${first}: ${err?.message ?? String(e)}\n`);
    if (process.env.SIMDNET_DEBUG && err?.stack) io.err.write(`${err.stack}\n`);
    return 1;
  }
}

/** True when this file is the program Node was started with (not imported by a test). */
function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = await main(process.argv.slice(2));
}
