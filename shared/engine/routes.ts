import type { Route } from '../domain/bundle.ts';

/**
 * The configured route whose template matches a concrete path: `{id}` matches one segment,
 * `{proxy+}` the rest; `ANY` matches every method. Most specific (fewest parameters) wins.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string): Route | undefined {
  let best: { route: Route; score: number } | undefined;
  const segments = splitPath(path);
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const score = templateScore(splitPath(route.resource), segments);
    if (score === undefined) continue;
    if (!best || score > best.score) best = { route, score };
  }
  return best?.route;
}

/** The route configured for a method and template (an access log's resource or routeKey). */
export function findRoute(
  routes: readonly Route[],
  method: string | undefined,
  resource: string,
): Route | undefined {
  return (
    routes.find(
      (route) => route.resource === resource && (route.method === method || route.method === 'ANY'),
    ) ?? routes.find((route) => route.resource === resource)
  );
}

function splitPath(path: string): string[] {
  return path.split('?')[0]?.split('/').filter(Boolean) ?? [];
}

function templateScore(template: string[], segments: string[]): number | undefined {
  let score = 0;
  for (let i = 0; i < template.length; i++) {
    const part = template[i] ?? '';
    if (/^\{.+\+\}$/.test(part)) return score + (i < segments.length || segments.length === i ? 0 : -1);
    const segment = segments[i];
    if (segment === undefined) return undefined;
    if (/^\{.+\}$/.test(part)) score += 1;
    else if (part === segment) score += 2;
    else return undefined;
  }
  return template.length === segments.length ? score : undefined;
}
