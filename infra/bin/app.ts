import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../config/errors.ts';
import { loadConfigFile } from '../config/load.ts';
import { SynthLimitError } from '../lib/errors.ts';
import { GatewayTriageStack } from '../lib/GatewayTriageStack.ts';

/**
 * The standalone app (`npx cdk synth|deploy`). Context, all optional:
 *   -c config=path/to/config.json   (default: infra/config/gateway-triage.config.json)
 *   -c stackName=GatewayTriage
 *   -c account=123456789012 -c region=eu-west-1   (default: the CLI's credentials, else env-agnostic)
 */
const DEFAULT_CONFIG = fileURLToPath(new URL('../config/gateway-triage.config.json', import.meta.url));

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const configPath = resolve(context('config') ?? DEFAULT_CONFIG);
// Without an account the stack stays environment-agnostic (AWS::AccountId / AWS::Region), so a
// fresh clone synthesises offline; `cdk deploy` with credentials fills CDK_DEFAULT_* in.
const account = context('account') ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = context('region') ?? process.env.CDK_DEFAULT_REGION;

try {
  new GatewayTriageStack(app, context('stackName') ?? 'GatewayTriage', {
    config: loadConfigFile(configPath),
    ...(account === undefined && region === undefined ? {} : { env: { account, region } }),
  });
} catch (error) {
  if (error instanceof ConfigError || error instanceof SynthLimitError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
