import { RootCause } from '../../domain/root-cause.ts';
import { shorten } from '../format.ts';
import { mostCommon } from '../group-facts.ts';
import { evidenceOf, gatewayLine, gatewaySays } from '../signals.ts';
import type { CauseRule } from './cause-rule.ts';

const NETWORK =
  /network error|Connection (reset|refused|is closed|timed out)|SSL|TLS|certificate|handshake|Unknown host|UnknownHostException|VPC link|NLB/i;

/** A non-Lambda backend (HTTP, VPC link, AWS service) refused, reset, failed TLS or answered unusably. */
export const integrationError: CauseRule = {
  category: RootCause.INTEGRATION_ERROR,

  detect(failure) {
    const request = failure.request;
    if (!request) return undefined;
    const network = request.failures.find((f) => f.kind === 'execution-failed' && f.reason === 'network');
    if (network) return { strength: 0.95, evidence: evidenceOf(network.line) };
    const kind = request.integration?.kind;
    if (kind === 'http' || kind === 'aws-service') {
      const other = request.failures.find((f) => f.kind === 'execution-failed' && f.reason === 'other');
      if (other) return { strength: 0.85, evidence: evidenceOf(other.line) };
      // An AWS service or HTTP backend answered 4xx and the integration response mapped it to 5xx.
      if (
        request.integrationStatus !== undefined &&
        request.integrationStatus < 500 &&
        request.integrationStatus >= 400
      ) {
        return { strength: 0.75, evidence: evidenceOf(request.responseBodyLine, gatewayLine(failure)) };
      }
    }
    if (!request.seenIn.execution && gatewaySays(request, NETWORK))
      return { strength: 0.88, evidence: evidenceOf(gatewayLine(failure)) };
    return undefined;
  },

  describe(group) {
    const uri = endpoint(group.failures.map((f) => f.request?.integration?.uri));
    const detail = mostCommon(
      group.failures
        .flatMap((f) => f.request?.failures ?? [])
        .map((f) => (f.kind === 'execution-failed' ? f.detail : ''))
        .filter(Boolean),
    );
    return `The integration backend${uri ? ` ${uri}` : ''} failed${detail ? ` (${shorten(detail, 80)})` : ''}`;
  },

  remediate(group) {
    const uri = endpoint(group.failures.map((f) => f.request?.integration?.uri));
    const detail =
      mostCommon(
        group.failures
          .flatMap((f) => f.request?.failures ?? [])
          .map((f) => (f.kind === 'execution-failed' ? f.detail : ''))
          .filter(Boolean),
      ) ?? '';
    const steps: string[] = [];
    if (/reset|closed/i.test(detail)) {
      steps.push(
        `${uri ?? 'The backend'} closed or reset the connection right after API Gateway sent the request: check the backend's health, its load balancer's idle timeout and keep-alive settings, and whether it is restarting or shedding connections.`,
      );
    } else if (/SSL|TLS|certificate|handshake/i.test(detail)) {
      steps.push(
        `TLS to ${uri ?? 'the backend'} failed: the certificate must be valid, trusted by API Gateway and match the host name.`,
      );
    } else if (/refused|Unknown host/i.test(detail)) {
      steps.push(
        `${uri ?? 'The backend'} is not reachable: check DNS, the security groups / VPC link target and that the service is listening.`,
      );
    } else {
      steps.push(
        `API Gateway could not use the backend's answer${detail ? ` ("${shorten(detail, 140)}")` : ''}: check the backend and the integration response mapping.`,
      );
    }
    steps.push(
      'Routes served by other integrations are unaffected; the fix is on the backend side, not in the API.',
    );
    return steps;
  },
};

function endpoint(uris: Array<string | undefined>): string | undefined {
  const uri = mostCommon(uris.filter((u): u is string => Boolean(u)));
  if (!uri) return undefined;
  try {
    const url = new URL(uri);
    return `${url.protocol}//${url.host}`;
  } catch {
    return shorten(uri, 80);
  }
}
