import { RootCause } from '../../domain/root-cause.ts';
import { isOutOfMemoryText } from '../../parse/failure-signs.ts';
import { shellQuote } from '../format.ts';
import { functionLabel, groupFacts, regionFlag } from '../group-facts.ts';
import { errorTypes, evidenceOf, gatewayErrorDocument, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

/** Out of memory: Runtime.OutOfMemory, heap exhaustion texts, or Max Memory Used at MemorySize with a crash. */
export const lambdaOutOfMemory: CauseRule = {
  category: RootCause.LAMBDA_OUT_OF_MEMORY,

  detect(failure) {
    const { request, invocation } = failure;
    if (request?.completedSuccessfully) return undefined;
    const types = [...errorTypes(failure)];
    const oomType = types.some((type) => isOutOfMemoryText(type));
    const oomLine =
      invocation?.outOfMemory[0] ??
      invocation?.errors.find((e) => isOutOfMemoryText(e.document.errorType ?? ''))?.line;
    if (oomLine || oomType) {
      return { strength: 0.93, evidence: evidenceOf(gatewayLine(failure), oomLine, invocation?.reportLine) };
    }
    const report = invocation?.report;
    const memorySize = report?.memorySizeMb ?? failure.facts?.configuration.MemorySize;
    const atLimit =
      report?.maxMemoryUsedMb !== undefined &&
      memorySize !== undefined &&
      report.maxMemoryUsedMb >= memorySize;
    const crashed = (invocation?.exits.length ?? 0) > 0 || report?.status === 'error';
    if (atLimit && crashed)
      return {
        strength: 0.8,
        evidence: evidenceOf(gatewayLine(failure), invocation?.exits[0]?.line, invocation?.reportLine),
      };
    const document = gatewayErrorDocument(request);
    if (
      gatewaySays(request, /OutOfMemory|out of memory|heap space/i) ||
      isOutOfMemoryText(`${document?.errorType} ${document?.errorMessage}`)
    ) {
      return { strength: 0.85, evidence: evidenceOf(gatewayLine(failure)) };
    }
    return undefined;
  },

  describe(group, context) {
    const memory = context.functionFacts(group.functionName)?.configuration.MemorySize;
    return `${functionLabel(group)} ran out of memory${memory ? ` at its ${memory} MB MemorySize` : ''}`;
  },

  remediate(group, context) {
    const facts = groupFacts(
      group,
      context.functionFacts(group.functionName)?.configuration,
      context.functionLog(group.functionName),
    );
    const memory = facts.configuration?.MemorySize;
    const steps: string[] = [];
    const figures = [
      memory !== undefined ? `MemorySize is ${memory} MB` : undefined,
      facts.maxMemoryUsedMb !== undefined
        ? `the failing invocations reached ${facts.maxMemoryUsedMb} MB`
        : undefined,
      facts.healthyMaxMemoryMb !== undefined
        ? `successful ones peak at ${facts.healthyMaxMemoryMb} MB`
        : undefined,
    ].filter(Boolean);
    if (figures.length > 0) steps.push(`${figures.join('; ')}.`);
    steps.push(
      'Find what grows with the request (whole result sets or files held in memory) and stream or page it instead of loading it at once.',
    );
    if (group.functionName && memory !== undefined) {
      const next = Math.min(10_240, memory * 2);
      steps.push(
        `To stop the bleeding, give it more memory (CPU grows with it): \`aws lambda update-function-configuration --function-name ${shellQuote(group.functionName)} --memory-size ${next} ${regionFlag(context.api.region)}\`.`,
      );
    }
    const runtime = facts.configuration?.Runtime ?? '';
    if (runtime.startsWith('nodejs')) {
      steps.push(
        "Node's V8 heap limit follows MemorySize; a `--max-old-space-size` in NODE_OPTIONS above the memory only moves the crash.",
      );
    }
    return steps;
  },
};
