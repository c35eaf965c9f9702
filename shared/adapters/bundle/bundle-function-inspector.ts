import type { FunctionConfiguration, FunctionFacts } from '../../domain/bundle.ts';
import type { IncidentData } from '../../domain/incident.ts';
import type { FunctionInspector, Lookup } from '../../ports/function-inspector.ts';

/**
 * FunctionInspector served from an incident bundle. A function that is not a key of `functions`
 * answers as Lambda does for a missing function (not-found), unless the recording noted why it could
 * not be read (`functionLookups`: access denied or an error), which is then replayed as such.
 */
export class BundleFunctionInspector implements FunctionInspector {
  private readonly incident: Pick<IncidentData, 'functions' | 'functionLookups'>;

  constructor(incident: Pick<IncidentData, 'functions' | 'functionLookups'>) {
    this.incident = incident;
  }

  async getConfiguration(functionName: string): Promise<Lookup<FunctionConfiguration>> {
    return this.lookup(functionName, (facts) => ({ status: 'found', value: facts.configuration }));
  }

  async getPolicy(functionName: string): Promise<Lookup<string>> {
    return this.lookup<string>(functionName, (facts) =>
      typeof facts.policy === 'string' ? { status: 'found', value: facts.policy } : { status: 'not-found' },
    );
  }

  async getReservedConcurrency(functionName: string): Promise<Lookup<number | null>> {
    return this.lookup(functionName, (facts) => ({
      status: 'found',
      value: facts.reservedConcurrency ?? null,
    }));
  }

  private lookup<T>(functionName: string, read: (facts: FunctionFacts) => Lookup<T>): Lookup<T> {
    const { functions, functionLookups } = this.incident;
    const facts = Object.hasOwn(functions, functionName) ? functions[functionName] : undefined;
    if (facts) return read(facts);
    const failure =
      functionLookups && Object.hasOwn(functionLookups, functionName)
        ? functionLookups[functionName]
        : undefined;
    if (failure === 'access-denied') {
      return { status: 'access-denied', message: `the recording was denied access to ${functionName}` };
    }
    if (failure === 'error')
      return { status: 'error', message: `the recording could not read ${functionName}` };
    return { status: 'not-found' };
  }
}
