import {
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  GetPolicyCommand,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { type FunctionConfiguration, FunctionConfigurationSchema } from '../../domain/bundle.ts';
import type { FunctionInspector, Lookup } from '../../ports/function-inspector.ts';
import { ACCESS_DENIED_CODES, serviceErrorFacts } from './aws-errors.ts';

/**
 * FunctionInspector on the Lambda control plane (IAM: lambda:GetFunctionConfiguration,
 * lambda:GetPolicy, lambda:GetFunctionConcurrency). Never throws: a missing function, a missing
 * policy, a denied call or anything else becomes a Lookup value the triage can reason about.
 * TooManyRequestsException (15 rps for these APIs) is retried by the client's retry strategy first.
 */
export class LambdaFunctionInspector implements FunctionInspector {
  private readonly client: LambdaClient;

  constructor(client: LambdaClient) {
    this.client = client;
  }

  getConfiguration(functionName: string, signal?: AbortSignal): Promise<Lookup<FunctionConfiguration>> {
    return lookup(async () => {
      const { $metadata: _metadata, ...configuration } = await this.client.send(
        new GetFunctionConfigurationCommand({ FunctionName: functionName }),
        options(signal),
      );
      const parsed = FunctionConfigurationSchema.safeParse(configuration);
      return parsed.success
        ? { status: 'found', value: parsed.data }
        : { status: 'error', message: `unexpected GetFunctionConfiguration answer: ${parsed.error.message}` };
    });
  }

  getPolicy(functionName: string, signal?: AbortSignal): Promise<Lookup<string>> {
    return lookup<string>(async () => {
      const output = await this.client.send(
        new GetPolicyCommand({ FunctionName: functionName }),
        options(signal),
      );
      return output.Policy ? { status: 'found', value: output.Policy } : { status: 'not-found' };
    });
  }

  getReservedConcurrency(functionName: string, signal?: AbortSignal): Promise<Lookup<number | null>> {
    return lookup(async () => {
      const output = await this.client.send(
        new GetFunctionConcurrencyCommand({ FunctionName: functionName }),
        options(signal),
      );
      return { status: 'found', value: output.ReservedConcurrentExecutions ?? null };
    });
  }
}

function options(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal ? { abortSignal: signal } : {};
}

async function lookup<T>(call: () => Promise<Lookup<T>>): Promise<Lookup<T>> {
  try {
    return await call();
  } catch (error) {
    const { code, message } = serviceErrorFacts(error);
    if (code === 'ResourceNotFoundException') return { status: 'not-found' };
    if (ACCESS_DENIED_CODES.has(code)) return { status: 'access-denied', message };
    return { status: 'error', message: `${code}: ${message}` };
  }
}
