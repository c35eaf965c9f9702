import { InvalidFilterPatternError } from './errors.ts';
import { compileFilterRegex, type RegexBudget } from './filter-regex.ts';

/**
 * The JSON half of the CloudWatch Logs filter-pattern language: `{ $.a.b[0] = "x" && ($.n > 3 || $.f IS NULL) }`.
 * Precedence as documented: () > && > ||. A message that is not a JSON object or array matches no JSON
 * pattern (not even `NOT EXISTS`), and a selector that lands on an object or array matches neither `=`
 * nor `!=`.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const MISSING = Symbol('missing');
type Resolved = Json | typeof MISSING;

type PathStep = string | number;
type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';

type Condition =
  | { kind: 'string'; path: PathStep[]; op: '=' | '!='; test: (text: string) => boolean }
  | { kind: 'number'; path: PathStep[]; op: Comparison; value: number; literal: string }
  | { kind: 'postfix'; path: PathStep[]; test: 'null' | 'not-exists' | 'true' | 'false' };

type Expr =
  | { kind: 'and'; items: Expr[] }
  | { kind: 'or'; items: Expr[] }
  | { kind: 'cond'; cond: Condition };

type Token =
  | { t: '(' | ')' | '&&' | '||'; at: number }
  | { t: 'op'; op: Comparison; at: number }
  | { t: 'selector'; text: string; at: number }
  | { t: 'string'; text: string; at: number }
  | { t: 'regex'; text: string; at: number }
  | { t: 'word'; text: string; at: number };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const WORD_CHAR = /[A-Za-z0-9_.*+-]/;
const SELECTOR_CHAR = /[A-Za-z0-9_.*[\]$-]/;
const MAX_DEPTH = 64;

/** Compiles the text between the outer braces; `offset` is where that text starts in `pattern`. */
export function compileJsonPattern(
  pattern: string,
  body: string,
  offset: number,
  budget: RegexBudget,
): (message: string) => boolean {
  const tokens = tokenize(pattern, body, offset);
  const parser = new Parser(pattern, tokens, offset + body.length, budget);
  const expr = parser.parseAll();
  return (message) => {
    const doc = parseJsonDocument(message);
    return doc !== MISSING && evaluate(expr, doc);
  };
}

function tokenize(pattern: string, body: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (reason: string, at: number): never => {
    throw new InvalidFilterPatternError(pattern, reason, offset + at);
  };
  while (i < body.length) {
    const c = body.charAt(i);
    const at = offset + i;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === '(' || c === ')') {
      tokens.push({ t: c, at });
      i += 1;
    } else if (c === '&' || c === '|') {
      if (body.charAt(i + 1) !== c) fail(`expected ${c}${c}`, i);
      tokens.push({ t: c === '&' ? '&&' : '||', at });
      i += 2;
    } else if (c === '=' || c === '!' || c === '<' || c === '>') {
      const two = body.slice(i, i + 2);
      if (two === '!=' || two === '<=' || two === '>=') {
        tokens.push({ t: 'op', op: two, at });
        i += 2;
      } else if (c === '!') {
        fail('expected != ', i);
      } else if (two === '==') {
        fail('use = rather than ==', i);
      } else {
        tokens.push({ t: 'op', op: c === '=' ? '=' : c, at });
        i += 1;
      }
    } else if (c === '"') {
      const end = closingQuote(body, i);
      if (end < 0) fail('unterminated quoted string', i);
      tokens.push({ t: 'string', text: unescapeQuoted(body.slice(i + 1, end)), at });
      i = end + 1;
    } else if (c === '%') {
      const end = body.indexOf('%', i + 1);
      if (end < 0) fail('unterminated regular expression (missing closing %)', i);
      tokens.push({ t: 'regex', text: body.slice(i + 1, end), at });
      i = end + 1;
    } else if (c === '$') {
      let j = i + 1;
      while (j < body.length && SELECTOR_CHAR.test(body.charAt(j))) j += 1;
      tokens.push({ t: 'selector', text: body.slice(i, j), at });
      i = j;
    } else if (WORD_CHAR.test(c)) {
      let j = i + 1;
      while (j < body.length && WORD_CHAR.test(body.charAt(j))) j += 1;
      tokens.push({ t: 'word', text: body.slice(i, j), at });
      i = j;
    } else {
      fail(`unexpected character ${JSON.stringify(c)} (quote values that contain it)`, i);
    }
  }
  return tokens;
}

/** Index of the quote closing the one at `open`, honouring backslash escapes; -1 when unterminated. */
export function closingQuote(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j += 1) {
    const c = text.charAt(j);
    if (c === '\\') j += 1;
    else if (c === '"') return j;
  }
  return -1;
}

/** Undoes CDK's quoting (`\\` and `\"`); any other backslash is kept as written. */
export function unescapeQuoted(inner: string): string {
  return inner.replace(/\\(["\\])/g, '$1');
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly pattern: string;
  private readonly tokens: Token[];
  private readonly end: number;
  private readonly budget: RegexBudget;

  constructor(pattern: string, tokens: Token[], end: number, budget: RegexBudget) {
    this.pattern = pattern;
    this.tokens = tokens;
    this.end = end;
    this.budget = budget;
  }

  parseAll(): Expr {
    if (this.tokens.length === 0) this.fail('empty JSON pattern {}', this.end);
    const expr = this.parseOr();
    const extra = this.tokens[this.pos];
    if (extra) this.fail(`unexpected ${describe(extra)}; join conditions with && or ||`, extra.at);
    return expr;
  }

  private fail(reason: string, at: number): never {
    throw new InvalidFilterPatternError(this.pattern, reason, at);
  }

  private next(what: string): Token {
    const token = this.tokens[this.pos];
    if (!token) this.fail(`expected ${what} before the closing }`, this.end);
    this.pos += 1;
    return token;
  }

  private parseOr(): Expr {
    const items = [this.parseAnd()];
    while (this.tokens[this.pos]?.t === '||') {
      this.pos += 1;
      items.push(this.parseAnd());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'or', items };
  }

  private parseAnd(): Expr {
    const items = [this.parseUnary()];
    while (this.tokens[this.pos]?.t === '&&') {
      this.pos += 1;
      items.push(this.parseUnary());
    }
    return items.length === 1 && items[0] ? items[0] : { kind: 'and', items };
  }

  private parseUnary(): Expr {
    const token = this.next('a condition such as $.field = "value"');
    if (token.t === '(') {
      this.depth += 1;
      if (this.depth > MAX_DEPTH) this.fail('parentheses nested too deeply', token.at);
      const inner = this.parseOr();
      const close = this.next(')');
      if (close.t !== ')') this.fail(`expected ) but found ${describe(close)}`, close.at);
      this.depth -= 1;
      return inner;
    }
    if (token.t !== 'selector') {
      this.fail(`expected a selector starting with $ but found ${describe(token)}`, token.at);
    }
    return { kind: 'cond', cond: this.parseCondition(parseSelector(this.pattern, token.text, token.at)) };
  }

  private parseCondition(path: PathStep[]): Condition {
    const token = this.next('a comparison operator, IS or NOT EXISTS');
    if (token.t === 'word') {
      const keyword = token.text.toUpperCase();
      const operand = this.next(keyword === 'NOT' ? 'EXISTS' : 'NULL, TRUE or FALSE');
      const word = operand.t === 'word' ? operand.text.toUpperCase() : '';
      if (keyword === 'NOT' && word === 'EXISTS') return { kind: 'postfix', path, test: 'not-exists' };
      if (keyword === 'IS' && (word === 'NULL' || word === 'TRUE' || word === 'FALSE')) {
        return { kind: 'postfix', path, test: word === 'NULL' ? 'null' : word === 'TRUE' ? 'true' : 'false' };
      }
      this.fail(`expected IS NULL, IS TRUE, IS FALSE or NOT EXISTS after a selector`, token.at);
    }
    if (token.t !== 'op') this.fail(`expected a comparison operator but found ${describe(token)}`, token.at);
    const value = this.next('a value');
    if (value.t === 'word' && NUMBER.test(value.text)) {
      return { kind: 'number', path, op: token.op, value: Number(value.text), literal: value.text };
    }
    if (token.op !== '=' && token.op !== '!=') {
      this.fail(`${token.op} compares numbers only; strings take = or !=`, token.at);
    }
    if (value.t === 'regex') {
      const regex = compileFilterRegex(value.text, this.pattern, value.at, this.budget);
      return { kind: 'string', path, op: token.op, test: (text) => regex.test(text) };
    }
    if (value.t === 'string' || value.t === 'word') {
      return { kind: 'string', path, op: token.op, test: wildcardMatcher(value.text) };
    }
    return this.fail(`expected a value but found ${describe(value)}`, value.at);
  }
}

function describe(token: Token): string {
  if (token.t === 'op') return `operator ${token.op}`;
  if (token.t === 'selector' || token.t === 'word') return JSON.stringify(token.text);
  if (token.t === 'string') return 'a quoted string';
  if (token.t === 'regex') return 'a regular expression';
  return JSON.stringify(token.t);
}

function parseSelector(pattern: string, text: string, at: number): PathStep[] {
  const steps: PathStep[] = [];
  const step = /\.([A-Za-z0-9_-]+)|\[(\d+)\]/y;
  step.lastIndex = 1;
  while (step.lastIndex < text.length) {
    const start = step.lastIndex;
    const m = step.exec(text);
    if (!m) {
      throw new InvalidFilterPatternError(
        pattern,
        `invalid selector ${JSON.stringify(text)}: use $.name and [index] steps (names: letters, digits, - and _)`,
        at + start,
      );
    }
    steps.push(m[1] ?? Number(m[2]));
  }
  if (steps.length === 0 || typeof steps[0] === 'number') {
    throw new InvalidFilterPatternError(pattern, `selector ${JSON.stringify(text)} must name a property`, at);
  }
  return steps;
}

/** `*` at the start or end matches any text there; elsewhere it is a literal star (as documented). */
function wildcardMatcher(value: string): (text: string) => boolean {
  if (value === '*') return () => true;
  const leading = value.startsWith('*');
  const trailing = value.length > 1 && value.endsWith('*');
  const core = value.slice(leading ? 1 : 0, trailing ? -1 : undefined);
  if (leading && trailing) return (text) => text.includes(core);
  if (leading) return (text) => text.endsWith(core);
  if (trailing) return (text) => text.startsWith(core);
  return (text) => text === core;
}

function parseJsonDocument(message: string): Json | typeof MISSING {
  const first = message.trimStart().charAt(0);
  if (first !== '{' && first !== '[') return MISSING;
  try {
    return JSON.parse(message) as Json;
  } catch {
    return MISSING;
  }
}

function resolve(doc: Json, path: PathStep[]): Resolved {
  let node: Json = doc;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(node) || step >= node.length) return MISSING;
      node = node[step] ?? null;
    } else {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, step)) {
        return MISSING;
      }
      node = node[step] ?? null;
    }
  }
  return node;
}

function evaluate(expr: Expr, doc: Json): boolean {
  if (expr.kind === 'and') return expr.items.every((item) => evaluate(item, doc));
  if (expr.kind === 'or') return expr.items.some((item) => evaluate(item, doc));
  return evaluateCondition(expr.cond, resolve(doc, expr.cond.path));
}

function evaluateCondition(cond: Condition, value: Resolved): boolean {
  if (cond.kind === 'postfix') {
    if (cond.test === 'not-exists') return value === MISSING;
    if (cond.test === 'null') return value === null;
    return value === (cond.test === 'true');
  }
  // Only value nodes (strings, numbers, booleans) take part in comparisons.
  if (value === MISSING || value === null || typeof value === 'object') return false;
  if (cond.kind === 'string') {
    const hit = cond.test(String(value));
    return cond.op === '=' ? hit : !hit;
  }
  if (typeof value !== 'number') {
    if (cond.op === '=') return String(value) === cond.literal;
    if (cond.op === '!=') return String(value) !== cond.literal;
    return false;
  }
  switch (cond.op) {
    case '=':
      return value === cond.value;
    case '!=':
      return value !== cond.value;
    case '<':
      return value < cond.value;
    case '<=':
      return value <= cond.value;
    case '>':
      return value > cond.value;
    case '>=':
      return value >= cond.value;
  }
}
