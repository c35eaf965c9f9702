import { RootCause } from '../../domain/root-cause.ts';
import { isInitErrorType } from '../../parse/failure-signs.ts';
import { shorten } from '../format.ts';
import { functionLabel, mostCommon } from '../group-facts.ts';
import { errorTypes, evidenceOf, gatewayErrorDocument, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule, FailureGroup } from './cause-rule.ts';

const INIT_TEXT =
  /Runtime\.(ImportModuleError|HandlerNotFound|UserCodeSyntaxError|MalformedHandlerName|InvalidEntrypoint)|Unable to import module|is undefined or not exported|Cannot find module|Cannot use import statement outside a module|is not defined in ES module scope/;

/** The function could not start: missing module, wrong Handler, syntax/ESM errors, an INIT_REPORT error. */
export const lambdaInitError: CauseRule = {
  category: RootCause.LAMBDA_INIT_ERROR,

  detect(failure) {
    const { request, invocation } = failure;
    if (request?.completedSuccessfully) return undefined;
    const types = [...errorTypes(failure)];
    const initFailure = invocation?.initFailures[0];
    if (
      initFailure &&
      (isInitErrorType(initFailure.errorType) ||
        types.some(isInitErrorType) ||
        initFailure.phase !== undefined)
    ) {
      return {
        strength: 0.94,
        evidence: evidenceOf(gatewayLine(failure), initFailure.line, invocation?.reportLine),
      };
    }
    if (
      types.some(isInitErrorType) ||
      gatewaySays(request, INIT_TEXT) ||
      INIT_TEXT.test(gatewayErrorDocument(request)?.errorMessage ?? '')
    ) {
      return { strength: 0.88, evidence: evidenceOf(gatewayLine(failure), invocation?.errors[0]?.line) };
    }
    return undefined;
  },

  describe(group) {
    const { type, message } = initError(group);
    return `${functionLabel(group)} failed to initialise (${type ?? 'init error'}${message ? `: ${shorten(message, 90)}` : ''})`;
  },

  remediate(group, context) {
    const { type, message } = initError(group);
    const configuration = context.functionFacts(group.functionName)?.configuration;
    const handler = configuration?.Handler;
    const runtime = configuration?.Runtime ?? '';
    const steps: string[] = [];
    if (type === 'Runtime.HandlerNotFound' || /not exported|is not a function/.test(message ?? '')) {
      steps.push(
        `The Handler setting is \`${handler ?? '?'}\` but the deployed code has no such export: either export \`${handler?.split('.').pop() ?? 'handler'}\` from \`${handler?.split('.').slice(0, -1).join('.') ?? 'the module'}\` or change the Handler to the real file.export name.`,
      );
    } else if (
      type === 'Runtime.ImportModuleError' ||
      /No module named|Cannot find module/.test(message ?? '')
    ) {
      const missing = /No module named '([^']+)'|Cannot find module '([^']+)'/.exec(message ?? '');
      const name = missing?.[1] ?? missing?.[2];
      if (name && name.replace(/^\.\//, '') === handler?.split('.')[0]) {
        steps.push(
          `The Handler \`${handler}\` names a module \`${name}\` that is not in the package: check the file path in the Handler setting.`,
        );
      } else if (runtime.startsWith('python')) {
        steps.push(
          `\`${name ?? 'a dependency'}\` is not in the deployment package (Handler \`${handler ?? '?'}\`, ${runtime}): vendor it (\`pip install -r requirements.txt -t package/\` before zipping) or add a layer that provides it; the Lambda runtime does not ship it.`,
        );
      } else {
        steps.push(
          `\`${name ?? 'a module'}\` is not in the bundle (Handler \`${handler ?? '?'}\`, ${runtime || 'runtime unknown'}): bundle it (esbuild/webpack without marking it external) or add it to the deployed node_modules.`,
        );
      }
    } else if (
      type === 'Runtime.UserCodeSyntaxError' ||
      /ES module scope|import statement outside a module/.test(message ?? '')
    ) {
      steps.push(
        'The code does not load in this runtime: an ES-module/CommonJS mismatch (use a .mjs handler or "type": "module", or compile to CommonJS) or syntax the runtime version does not support.',
      );
    } else {
      steps.push(
        `The runtime reports ${type ?? 'an init error'}${message ? `: ${shorten(message, 160)}` : ''}; the init-phase lines are in the evidence link.`,
      );
    }
    steps.push(
      'Every new execution environment fails the same way until the code or the Handler setting is fixed; roll back to the last good version (alias or redeploy) first if the fix is not immediate.',
    );
    return steps;
  },
};

function initError(group: FailureGroup): { type?: string; message?: string } {
  const types: string[] = [];
  const messages: string[] = [];
  for (const failure of group.failures) {
    for (const init of failure.invocation?.initFailures ?? []) if (init.errorType) types.push(init.errorType);
    for (const error of failure.invocation?.errors ?? []) {
      if (error.document.errorType) types.push(error.document.errorType);
      if (error.document.errorMessage) messages.push(error.document.errorMessage);
    }
    const document = gatewayErrorDocument(failure.request);
    if (document?.errorType) types.push(document.errorType);
    if (document?.errorMessage) messages.push(document.errorMessage);
    for (const f of failure.request?.failures ?? [])
      if (f.kind === 'lambda-execution-failed') messages.push(f.detail);
  }
  const type = mostCommon(types.filter((t) => isInitErrorType(t))) ?? mostCommon(types);
  return { type, message: mostCommon(messages) };
}
