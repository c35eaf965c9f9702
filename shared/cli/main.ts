import { Command, InvalidArgumentError, Option } from 'commander';
import { BundleError } from '../bundle/errors.ts';
import { replayCommand } from './replay-command.ts';

/** Exit codes: 0 done, 1 the work failed, 2 bad input (file, arguments). */
export const ExitCode = { OK: 0, FAILED: 1, BAD_INPUT: 2 } as const;

export function buildProgram(): Command {
  const program = new Command('gateway-triage')
    .description('Why does API Gateway answer 5xx? Triage an alarm from its logs.')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('replay')
    .description('Triage a recorded incident bundle offline (no AWS, no Slack)')
    .argument('<bundle>', 'incident bundle (JSON)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--lookback <minutes>', 'minutes of logs before the alarm window', parseMinutes)
    .action(async (file: string, options: { format: 'text' | 'json'; lookback?: number }) => {
      process.stdout.write(
        await replayCommand(file, { format: options.format, lookbackMinutes: options.lookback }),
      );
    });

  return program;
}

function parseMinutes(value: string): number {
  const minutes = Number(value);
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > 120)
    throw new InvalidArgumentError('a whole number of minutes, 0 to 120');
  return minutes;
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.OK;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): number {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('commander.')) {
    // commander already printed its message; help and version are not errors.
    return code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help'
      ? ExitCode.OK
      : ExitCode.BAD_INPUT;
  }
  if (error instanceof BundleError) {
    process.stderr.write(`gateway-triage: ${error.message}\n`);
    return ExitCode.BAD_INPUT;
  }
  process.stderr.write(`gateway-triage: ${(error as Error)?.message ?? String(error)}\n`);
  return ExitCode.FAILED;
}
