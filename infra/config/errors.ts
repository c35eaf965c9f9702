/** One malformed field: where it is (`apis[0].alarm.periodSeconds`) and what is wrong with it. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** The config file is missing, is not JSON, or breaks the schema. Stops the synth. */
export class ConfigError extends Error {
  readonly source: string;
  readonly issues: readonly ConfigIssue[];

  constructor(source: string, issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  - ${issue.path === '' ? '(file)' : issue.path}: ${issue.message}`);
    super(`Invalid gateway-triage config (${source}):\n${lines.join('\n')}`, options);
    this.name = 'ConfigError';
    this.source = source;
    this.issues = issues;
  }
}
