import type { ESTree } from 'meriyah';
import type { Identifier } from './syntax';

/** The scopes and variables of a program, as ProgramAnalysis builds them. */

export type BindingKind =
  'var' | 'let' | 'const' | 'using' | 'function' | 'param' | 'class' | 'catch' | 'import' | 'own-name';

export class Scope {
  bindings: Map<string, Binding> | null = null;
  readonly varScope: Scope;

  constructor(
    readonly parent: Scope | null,
    isVarScope: boolean,
    /** `var` and function declarations here become properties of the global object. */
    readonly declaresGlobals: boolean,
    /** A non-arrow function: `arguments` is defined here. */
    readonly hasArguments: boolean,
  ) {
    this.varScope = isVarScope || !parent ? this : parent.varScope;
  }
}

export class Binding {
  /** Listed when first asked for: the rules follow the reads of a few bindings only. */
  private readList: readonly Identifier[] | null = null;
  writeCount = 0;
  declarationCount = 1;
  /** The declaration of a `function name() {}` binding. */
  declaredFunction: ESTree.FunctionDeclaration | null = null;

  constructor(
    private readonly table: IdentifierBindings,
    /** Its number in the table. */
    readonly number: number,
    readonly name: string,
    readonly kind: BindingKind,
    readonly scope: Scope,
    /** The value of a single `name = init` declaration; null when there is none or several. */
    public initializer: ESTree.Expression | null,
  ) {}

  /** The identifiers that read this binding. */
  get reads(): readonly Identifier[] {
    return (this.readList ??= this.table.readsOf(this.number));
  }

  /** True for a global-object property declared with `var`/`function` at the top of a classic script. */
  get isScriptGlobal(): boolean {
    return this.scope.declaresGlobals && (this.kind === 'var' || this.kind === 'function');
  }

  /** The function this name always holds (a function declaration, or a constant initialized with one). */
  get functionValue(): ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression | null {
    if (this.declaredFunction)
      return this.declarationCount === 1 && this.writeCount === 0 ? this.declaredFunction : null;
    const init = this.initializer;
    return this.isConstant && init && (init.type === 'FunctionExpression' || init.type === 'ArrowFunctionExpression')
      ? init
      : null;
  }

  /** Holds the value of its initializer for its whole life. */
  get isConstant(): boolean {
    if (this.initializer === null || this.declarationCount !== 1) return false;
    if (this.kind === 'const') return true;
    return (this.kind === 'var' || this.kind === 'let') && this.writeCount === 0;
  }
}

const NOT_A_VARIABLE = 0;
const GLOBAL = 1;
const FIRST_BINDING = 2;

/**
 * The binding each resolved identifier names, by the offset where the identifier starts: two
 * identifiers the analysis resolves never start at the same offset (a shorthand `{a}` has a key
 * and a value there, but only the value is a variable). A typed array rather than a property on
 * each identifier node spares an allocation per identifier (the node's property store grows).
 */
export class IdentifierBindings {
  private readonly slots: Int32Array;
  private readonly bindings: Binding[] = [];
  /** The reads, as resolution hands them over: references[i] reads binding number readers[i] (-1: none). */
  private references: readonly Identifier[] = [];
  private readers: Int32Array = new Int32Array(0);
  /** The reads grouped by binding: those of binding b are references[order[k]] for starts[b] <= k < starts[b + 1]. */
  private grouped: { starts: Int32Array; order: Int32Array } | null = null;

  /** `length`: the length of the code, past every offset an identifier can start at. */
  constructor(length: number) {
    this.slots = new Int32Array(length + 1);
  }

  create(name: string, kind: BindingKind, scope: Scope, initializer: ESTree.Expression | null): Binding {
    const binding = new Binding(this, this.bindings.length, name, kind, scope, initializer);
    this.bindings.push(binding);
    return binding;
  }

  /** Records what `identifier` names: a binding of the table, or null for a global. */
  set(identifier: Identifier, binding: Binding | null): void {
    this.slots[identifier.start ?? 0] = binding ? binding.number + FIRST_BINDING : GLOBAL;
  }

  /** The binding an identifier names: a Binding, null for a global, undefined if not a variable at all. */
  get(identifier: Identifier): Binding | null | undefined {
    const slot = this.slots[identifier.start ?? 0];
    if (slot === NOT_A_VARIABLE) return undefined;
    return slot === GLOBAL ? null : this.bindings[slot - FIRST_BINDING];
  }

  /** Hands over what the references read; `references[i]` reads binding number `readers[i]`, or none if -1. */
  setReads(references: readonly Identifier[], readers: Int32Array): void {
    this.references = references;
    this.readers = readers;
    this.grouped = null;
  }

  /** The identifiers that read binding number `number`, in the order of the code. */
  readsOf(number: number): readonly Identifier[] {
    const { starts, order } = (this.grouped ??= this.groupReads());
    const reads: Identifier[] = [];
    for (let k = starts[number]; k < starts[number + 1]; k++) reads.push(this.references[order[k]]);
    return reads;
  }

  /** A counting sort of the reads by binding: two passes over typed arrays, no list per binding. */
  private groupReads(): { starts: Int32Array; order: Int32Array } {
    const readers = this.readers;
    const starts = new Int32Array(this.bindings.length + 1);
    for (let i = 0; i < readers.length; i++) if (readers[i] >= 0) starts[readers[i] + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    const order = new Int32Array(starts[starts.length - 1]);
    const next = starts.slice(0, -1);
    for (let i = 0; i < readers.length; i++) if (readers[i] >= 0) order[next[readers[i]]++] = i;
    return { starts, order };
  }
}
