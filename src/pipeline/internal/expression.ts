import { PrimeosError } from '../../model/PrimeosError.js';
import { isPrime } from '../../primes/index.js';

/**
 * The predicate/projection language of `filter` and `map` nodes (docs/PIPELINES.md): a small expression
 * grammar parsed into a tree and interpreted — no `eval`, no `Function`, no loops, no access to anything but
 * the item, its line number and a fixed table of pure functions.
 */

/** Longest accepted expression source. */
export const MAX_EXPRESSION_CHARS = 4096;
/** Deepest accepted nesting. */
const MAX_DEPTH = 64;

type Node =
  | { readonly k: 'lit'; readonly v: unknown }
  | { readonly k: 'var'; readonly name: 'item' | 'line' }
  | { readonly k: 'get'; readonly obj: Node; readonly key: Node }
  | { readonly k: 'un'; readonly op: '!' | '-'; readonly a: Node }
  | { readonly k: 'bin'; readonly op: string; readonly a: Node; readonly b: Node }
  | { readonly k: 'call'; readonly fn: string; readonly args: readonly Node[] }
  | { readonly k: 'obj'; readonly entries: readonly (readonly [string, Node])[] }
  | { readonly k: 'arr'; readonly items: readonly Node[] };

type Token = { readonly t: 'num' | 'str' | 'id' | 'op'; readonly v: string; readonly at: number };

const OPS = [
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '<',
  '>',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '.',
  ',',
  ':',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
];

function fail(source: string, at: number, msg: string): never {
  throw new PrimeosError('E_CONFIG', `${msg} at column ${at + 1} of "${source}"`, { column: at + 1 });
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(c)) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?)/.exec(src.slice(i));
      const v = (m as RegExpExecArray)[0];
      out.push({ t: 'num', v, at });
      i += v.length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[j + 1] as string;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) fail(src, at, 'unterminated string');
      out.push({ t: 'str', v: s, at });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      const v = (/^[A-Za-z_$][A-Za-z0-9_$]*/.exec(src.slice(i)) as RegExpExecArray)[0];
      out.push({ t: 'id', v, at });
      i += v.length;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (op === undefined) fail(src, at, `unexpected character '${c}'`);
    out.push({ t: 'op', v: op, at });
    i += op.length;
  }
  return out;
}

/** Pure functions callable from expressions, with their arities. */
const FUNCTIONS: Readonly<
  Record<string, { readonly arity: readonly [number, number]; readonly fn: (...a: unknown[]) => unknown }>
> = {
  len: {
    arity: [1, 1],
    fn: (x) => (typeof x === 'string' || Array.isArray(x) ? x.length : isObject(x) ? Object.keys(x).length : 0),
  },
  str: { arity: [1, 1], fn: (x) => toText(x) },
  int: { arity: [1, 1], fn: (x) => toBigInt(x) },
  num: { arity: [1, 1], fn: (x) => Number(numeric(x)) },
  bits: {
    arity: [1, 1],
    fn: (x) => {
      const n = toBigInt(x);
      return (n < 0n ? -n : n).toString(2).length - (n === 0n ? 1 : 0);
    },
  },
  isPrime: {
    arity: [1, 1],
    fn: (x) => {
      const n = toBigInt(x);
      return n > 1n && isPrime(n);
    },
  },
  abs: {
    arity: [1, 1],
    fn: (x) => {
      const n = numeric(x);
      return n < 0 ? -n : n;
    },
  },
  min: { arity: [2, 2], fn: (a, b) => (compare(a, b) <= 0 ? a : b) },
  max: { arity: [2, 2], fn: (a, b) => (compare(a, b) >= 0 ? a : b) },
  keys: { arity: [1, 1], fn: (x) => (isObject(x) ? Object.keys(x) : []) },
  has: { arity: [2, 2], fn: (o, k) => isObject(o) && Object.prototype.hasOwnProperty.call(o, toText(k)) },
  contains: {
    arity: [2, 2],
    fn: (a, b) => (Array.isArray(a) ? a.some((x) => equal(x, b)) : toText(a).includes(toText(b))),
  },
  startsWith: { arity: [2, 2], fn: (a, b) => toText(a).startsWith(toText(b)) },
  endsWith: { arity: [2, 2], fn: (a, b) => toText(a).endsWith(toText(b)) },
  lower: { arity: [1, 1], fn: (a) => toText(a).toLowerCase() },
  upper: { arity: [1, 1], fn: (a) => toText(a).toUpperCase() },
  trim: { arity: [1, 1], fn: (a) => toText(a).trim() },
  json: {
    arity: [1, 1],
    fn: (a) => {
      try {
        return JSON.parse(toText(a)) as unknown;
      } catch {
        throw new PrimeosError('E_PARSE', 'json(): not JSON');
      }
    },
  },
  type: { arity: [1, 1], fn: (a) => (a === null ? 'null' : Array.isArray(a) ? 'array' : typeof a) },
};

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function toText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'bigint' || typeof x === 'number' || typeof x === 'boolean') return String(x);
  if (x === undefined) return '';
  return JSON.stringify(x, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

const INTEGER = /^[+-]?(0x[0-9a-fA-F]+|[0-9]+)$/;

/** A number-like value as bigint (integers, integer strings) or number; anything else is NaN. */
function numeric(x: unknown): bigint | number {
  if (typeof x === 'bigint' || typeof x === 'number') return x;
  if (typeof x === 'boolean') return x ? 1n : 0n;
  if (typeof x === 'string') {
    const t = x.trim();
    if (INTEGER.test(t) && t.length <= 10_000)
      return t.startsWith('-') ? -BigInt(t.slice(1)) : BigInt(t.replace(/^\+/, ''));
    return t === '' ? Number.NaN : Number(t);
  }
  return Number.NaN;
}

function toBigInt(x: unknown): bigint {
  const n = numeric(x);
  if (typeof n === 'bigint') return n;
  if (Number.isInteger(n)) return BigInt(n);
  throw new PrimeosError('E_PARSE', `not an integer: ${toText(x).slice(0, 40)}`);
}

function bothNumeric(a: unknown, b: unknown): [bigint | number, bigint | number] | undefined {
  const x = numeric(a);
  const y = numeric(b);
  if ((typeof x === 'number' && Number.isNaN(x)) || (typeof y === 'number' && Number.isNaN(y))) return undefined;
  return [x, y];
}

function compare(a: unknown, b: unknown): number {
  const n =
    typeof a === 'string' && typeof b === 'string' && !(INTEGER.test(a) && INTEGER.test(b))
      ? undefined
      : bothNumeric(a, b);
  if (n !== undefined) {
    const [x, y] = n;
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : x > y ? 1 : 0;
    const fx = Number(x);
    const fy = Number(y);
    return fx < fy ? -1 : fx > fy ? 1 : 0;
  }
  const s = toText(a);
  const t = toText(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === null || b === null || a === undefined || b === undefined) return a === b || (a == null && b == null);
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
  if (typeof a === 'object' || typeof b === 'object') return toText(a) === toText(b);
  return compare(a, b) === 0;
}

function truthy(x: unknown): boolean {
  if (typeof x === 'bigint') return x !== 0n;
  if (typeof x === 'string') return x !== '';
  return Boolean(x);
}

function arith(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string') && bothNumeric(a, b) === undefined) {
    return toText(a) + toText(b);
  }
  const n = bothNumeric(a, b);
  if (n === undefined) throw new PrimeosError('E_PROCESS', `'${op}' needs numbers`);
  const [x, y] = n;
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      default:
        if (y === 0n) throw new PrimeosError('E_RANGE', 'division by zero');
        return op === '/' ? x / y : x % y;
    }
  }
  const fx = Number(x);
  const fy = Number(y);
  switch (op) {
    case '+':
      return fx + fy;
    case '-':
      return fx - fy;
    case '*':
      return fx * fy;
    case '/':
      return fx / fy;
    default:
      return fx % fy;
  }
}

class Parser {
  #i = 0;
  readonly #toks: Token[];
  readonly #src: string;
  constructor(src: string) {
    this.#src = src;
    this.#toks = tokenize(src);
  }
  parse(): Node {
    const n = this.#expr(0);
    const t = this.#toks[this.#i];
    if (t !== undefined) fail(this.#src, t.at, `unexpected '${t.v}'`);
    return n;
  }
  #peek(v?: string): Token | undefined {
    const t = this.#toks[this.#i];
    return v === undefined || (t !== undefined && t.t === 'op' && t.v === v) ? t : undefined;
  }
  #eat(v: string): void {
    const t = this.#toks[this.#i];
    if (t === undefined || t.t !== 'op' || t.v !== v) {
      fail(this.#src, t?.at ?? this.#src.length, `expected '${v}'${t === undefined ? ' before the end' : ''}`);
    }
    this.#i++;
  }
  #expr(depth: number): Node {
    if (depth > MAX_DEPTH) fail(this.#src, 0, 'expression nested too deeply');
    return this.#binary(0, depth);
  }
  static readonly LEVELS: readonly (readonly string[])[] = [
    ['||'],
    ['&&'],
    ['==', '!=', '<', '<=', '>', '>='],
    ['+', '-'],
    ['*', '/', '%'],
  ];
  #binary(level: number, depth: number): Node {
    if (level >= Parser.LEVELS.length) return this.#unary(depth);
    let a = this.#binary(level + 1, depth);
    for (;;) {
      const t = this.#toks[this.#i];
      if (t === undefined || t.t !== 'op' || !(Parser.LEVELS[level] as readonly string[]).includes(t.v)) return a;
      this.#i++;
      const b = this.#binary(level + 1, depth);
      a = { k: 'bin', op: t.v, a, b };
    }
  }
  #unary(depth: number): Node {
    const t = this.#toks[this.#i];
    if (t !== undefined && t.t === 'op' && (t.v === '!' || t.v === '-')) {
      this.#i++;
      return { k: 'un', op: t.v, a: this.#unary(depth + 1) };
    }
    return this.#postfix(depth);
  }
  #postfix(depth: number): Node {
    let n = this.#primary(depth);
    for (;;) {
      if (this.#peek('.')) {
        this.#i++;
        n = { k: 'get', obj: n, key: { k: 'lit', v: this.#ident() } };
      } else if (this.#peek('[')) {
        this.#i++;
        const key = this.#expr(depth + 1);
        this.#eat(']');
        n = { k: 'get', obj: n, key };
      } else return n;
    }
  }
  #ident(): string {
    const t = this.#toks[this.#i];
    if (t === undefined || t.t !== 'id') fail(this.#src, t?.at ?? this.#src.length, 'expected a field name');
    this.#i++;
    return t.v;
  }
  #primary(depth: number): Node {
    const t = this.#toks[this.#i];
    if (t === undefined) fail(this.#src, this.#src.length, 'unexpected end');
    this.#i++;
    if (t.t === 'num') {
      if (/^(0x|[0-9]+$)/.test(t.v)) return { k: 'lit', v: BigInt(t.v) };
      return { k: 'lit', v: Number(t.v) };
    }
    if (t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
      if (t.v === 'null') return { k: 'lit', v: null };
      if (t.v === 'item' || t.v === '$') return { k: 'var', name: 'item' };
      if (t.v === 'line') return { k: 'var', name: 'line' };
      if (this.#peek('(')) {
        const f = FUNCTIONS[t.v];
        if (f === undefined || !Object.prototype.hasOwnProperty.call(FUNCTIONS, t.v))
          fail(this.#src, t.at, `unknown function '${t.v}'`);
        this.#i++;
        const args: Node[] = [];
        if (!this.#peek(')')) {
          for (;;) {
            args.push(this.#expr(depth + 1));
            if (!this.#peek(',')) break;
            this.#i++;
          }
        }
        this.#eat(')');
        if (args.length < f.arity[0] || args.length > f.arity[1]) {
          fail(this.#src, t.at, `${t.v}() takes ${f.arity[0]} argument${f.arity[0] === 1 ? '' : 's'}`);
        }
        return { k: 'call', fn: t.v, args };
      }
      fail(this.#src, t.at, `unknown name '${t.v}' (fields are written .${t.v} or item.${t.v})`);
    }
    switch (t.v) {
      case '.':
        this.#i--;
        return this.#postfixFrom({ k: 'var', name: 'item' }, depth);
      case '(': {
        const n = this.#expr(depth + 1);
        this.#eat(')');
        return n;
      }
      case '[': {
        const items: Node[] = [];
        if (!this.#peek(']')) {
          for (;;) {
            items.push(this.#expr(depth + 1));
            if (!this.#peek(',')) break;
            this.#i++;
          }
        }
        this.#eat(']');
        return { k: 'arr', items };
      }
      case '{': {
        const entries: [string, Node][] = [];
        if (!this.#peek('}')) {
          for (;;) {
            const kt = this.#toks[this.#i];
            if (kt === undefined || (kt.t !== 'id' && kt.t !== 'str'))
              fail(this.#src, kt?.at ?? this.#src.length, 'expected a key');
            this.#i++;
            this.#eat(':');
            entries.push([kt.v, this.#expr(depth + 1)]);
            if (!this.#peek(',')) break;
            this.#i++;
          }
        }
        this.#eat('}');
        return { k: 'obj', entries };
      }
      default:
        return fail(this.#src, t.at, `unexpected '${t.v}'`);
    }
  }
  #postfixFrom(base: Node, depth: number): Node {
    let n = base;
    while (this.#peek('.')) {
      this.#i++;
      n = { k: 'get', obj: n, key: { k: 'lit', v: this.#ident() } };
    }
    while (this.#peek('[')) {
      this.#i++;
      const key = this.#expr(depth + 1);
      this.#eat(']');
      n = { k: 'get', obj: n, key };
    }
    return n;
  }
}

/** What an expression sees: the item's value and its 1-based source line. */
export interface ExpressionScope {
  readonly item: unknown;
  readonly line: number;
}

function evaluate(n: Node, s: ExpressionScope): unknown {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'var':
      return n.name === 'item' ? s.item : s.line;
    case 'get': {
      const o = evaluate(n.obj, s);
      const key = evaluate(n.key, s);
      if (Array.isArray(o)) {
        if (key === 'length') return o.length;
        const i = Number(numeric(key));
        return Number.isInteger(i) ? (o.at(i) as unknown) : undefined;
      }
      if (typeof o === 'string' && key === 'length') return o.length;
      if (!isObject(o)) return undefined;
      const k = toText(key);
      return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    }
    case 'un': {
      const a = evaluate(n.a, s);
      if (n.op === '!') return !truthy(a);
      const x = numeric(a);
      return typeof x === 'bigint' ? -x : -x;
    }
    case 'bin': {
      if (n.op === '&&') return truthy(evaluate(n.a, s)) && truthy(evaluate(n.b, s));
      if (n.op === '||') return truthy(evaluate(n.a, s)) || truthy(evaluate(n.b, s));
      const a = evaluate(n.a, s);
      const b = evaluate(n.b, s);
      switch (n.op) {
        case '==':
          return equal(a, b);
        case '!=':
          return !equal(a, b);
        case '<':
          return compare(a, b) < 0;
        case '<=':
          return compare(a, b) <= 0;
        case '>':
          return compare(a, b) > 0;
        case '>=':
          return compare(a, b) >= 0;
        default:
          return arith(n.op, a, b);
      }
    }
    case 'call':
      return (FUNCTIONS[n.fn] as (typeof FUNCTIONS)[string]).fn(...n.args.map((a) => evaluate(a, s)));
    case 'obj':
      return Object.fromEntries(n.entries.map(([k, v]) => [k, evaluate(v, s)]));
    case 'arr':
      return n.items.map((x) => evaluate(x, s));
  }
}

/** A compiled expression. */
export interface Expression {
  readonly source: string;
  /** The value of the expression for one item. */
  evaluate(scope: ExpressionScope): unknown;
  /** The expression as a predicate (truthiness of its value). */
  test(scope: ExpressionScope): boolean;
}

/**
 * Parse an expression of the pipeline language.
 *
 * @param source - the expression text
 * @returns the compiled expression
 * @throws PrimeosError `E_CONFIG` naming the column of a syntax error, an unknown name or function
 */
export function compileExpression(source: string): Expression {
  if (source.length > MAX_EXPRESSION_CHARS) {
    throw new PrimeosError('E_CONFIG', `expression longer than ${MAX_EXPRESSION_CHARS} characters`);
  }
  const tree = new Parser(source).parse();
  return {
    source,
    evaluate: (scope) => evaluate(tree, scope),
    test: (scope) => truthy(evaluate(tree, scope)),
  };
}
