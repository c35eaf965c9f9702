import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from '../../infra/config/errors.ts';
import { BundleError } from '../bundle/errors.ts';
import {
  DEFAULT_CONFIG_FILE,
  LiveInputError,
  type LiveOptions,
  recordCommand,
  triageCommand,
} from './live-commands.ts';
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

  const live = (command: Command): Command =>
    command
      .requiredOption('--alarm-name <name>', 'the CloudWatch alarm on the API 5XX metric')
      .option('--at <time>', 'triage the incident as of this ISO-8601 time (a past alarm)', parseTime)
      .option('--region <region>', 'AWS Region (default: the SDK default chain, e.g. AWS_REGION)')
      .option('--config <file>', `config file listing the APIs (default ${DEFAULT_CONFIG_FILE} when present)`)
      .option(
        '--api-id <id>',
        'REST API id (for its execution log group) when the config does not list the API',
      )
      .option('--access-log-group <group>', 'access log group of the stage')
      .option('--function <name...>', 'functions behind the API (integrations, authorizers)')
      .option('--lookback <minutes>', 'minutes of logs before the alarm window', parseMinutes, 10);

  live(
    program
      .command('record')
      .description(
        'Write an incident bundle from a real account (default credential chain; AWS_ENDPOINT_URL* honoured)',
      ),
  )
    .option('--out <file>', 'bundle file to write (default: stdout)')
    .option('--id <id>', 'bundle id')
    .option('--max-events <n>', 'events kept per log group', parseCount, 200_000)
    .action(async (options: LiveOptions & { out?: string; maxEvents: number; id?: string }) => {
      await recordCommand(options);
    });

  live(
    program
      .command('triage')
      .description('Run the live triage from a terminal; --post sends the Slack alert'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--post', 'post the alert to Slack', false)
    .option('--channel <channel>', "Slack channel (default: the API's channel from the config)")
    .option('--slack-token-secret <id>', 'Secrets Manager secret with the bot token (or set SLACK_BOT_TOKEN)')
    .option('--timeout <seconds>', 'time budget for reading the logs', parseCount, 60)
    .action(async (options: Parameters<typeof triageCommand>[0]) => {
      await triageCommand(options);
    });

  return program;
}

function parseTime(value: string): Date {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('an ISO-8601 time such as 2024-11-01T12:01:10Z');
  return new Date(ms);
}

function parseCount(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) throw new InvalidArgumentError('a positive whole number');
  return count;
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
  if (error instanceof BundleError || error instanceof LiveInputError || error instanceof ConfigError) {
    process.stderr.write(`gateway-triage: ${error.message}\n`);
    return ExitCode.BAD_INPUT;
  }
  process.stderr.write(`gateway-triage: ${(error as Error)?.message ?? String(error)}\n`);
  return ExitCode.FAILED;
}
