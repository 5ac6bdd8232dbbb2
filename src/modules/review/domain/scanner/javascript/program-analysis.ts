import type { ESTree } from 'meriyah';
import { KEYS } from 'eslint-visitor-keys';
import type { ScriptGoal } from './parse-javascript';
import { type Binding, type BindingKind, IdentifierBindings, Scope } from './scopes';
import { type CallExpression, type Identifier, type MemberExpression, type Node, setParent } from './syntax';

/**
 * One walk over a program that links parents, builds the scopes, resolves every identifier to
 * its declaration (or to the global object), and keeps the few kinds of nodes the rules need.
 * It is a lean stand-in for eslint-scope, which costs more than twice the parse here.
 */

export interface SyntaxHooks {
  /** Every identifier written in the code: references, declarations, property names. */
  identifier(node: Identifier | ESTree.PrivateIdentifier): void;
  /** Every string literal. */
  string(node: ESTree.Literal & { value: string }): void;
  /** Every template literal (its quasis are not reported as strings). */
  template(node: ESTree.TemplateLiteral): void;
}

export interface AnalysisOptions {
  /** Callee names (`f(…)`, `a.f(…)`) whose calls the rules want to see. */
  readonly calleeNames: ReadonlySet<string>;
  /** Property names (`a.p`) whose member expressions the rules want to see. */
  readonly memberNames: ReadonlySet<string>;
  readonly hooks: SyntaxHooks;
}

export interface ProgramAnalysis {
  readonly goal: ScriptGoal;
  /** The binding an identifier names: a Binding, null for a global, undefined if not a variable at all. */
  bindingOf(identifier: Identifier): Binding | null | undefined;
  /** Identifiers that name a global, by name (reads and writes). */
  readonly globalReferences: ReadonlyMap<string, readonly Identifier[]>;
  /** Reads of `var`/`function` declarations at the top of a classic script (they alias globals). */
  readonly scriptGlobalReads: readonly Identifier[];
  /** `this` where it is the global object (top level of a classic script). */
  readonly globalThisExpressions: readonly ESTree.ThisExpression[];
  /** `this` expressions per (non-arrow) function that owns them. */
  readonly thisExpressionsByFunction: ReadonlyMap<Node, readonly ESTree.ThisExpression[]>;
  /** `a[expr]` where expr is not a number. */
  readonly computedMembers: readonly MemberExpression[];
  /** `a.p` where p is one of `memberNames`. */
  readonly namedMembers: readonly MemberExpression[];
  /** Calls whose callee is named one of `calleeNames`, or is a computed member. */
  readonly calls: readonly CallExpression[];
  readonly importExpressions: readonly ESTree.ImportExpression[];
  /** The source strings of import/export declarations. */
  readonly moduleSources: readonly ESTree.Literal[];
}

interface WalkState {
  readonly scope: Scope;
  readonly thisIsGlobal: boolean;
  readonly thisOwner: Node | null;
  readonly currentFunction: Node | null;
}

const READ = 1;
const WRITE = 2;
/** Source bytes per identifier reference, about, in minified code (fewer references in other code). */
const BYTES_PER_REFERENCE = 16;

type Pattern = ESTree.Node;

export function analyzeProgram(program: ESTree.Program, goal: ScriptGoal, options: AnalysisOptions): ProgramAnalysis {
  return new ProgramWalker(goal, options, program.end ?? 0).run(program);
}

class ProgramWalker {
  private scope: Scope;
  private thisIsGlobal: boolean;
  /** The non-arrow function (or class) whose `this` the walk is in; null at top level. */
  private thisOwner: Node | null = null;
  /** The innermost function of any kind, which a `return` leaves. */
  private currentFunction: Node | null = null;

  /** The references, resolved once the walk has seen every declaration; presized (growing by copies is what costs). */
  private referenceCount = 0;
  private readonly referenceNodes: Identifier[];
  private readonly referenceScopes: Scope[];
  private referenceFlags: Uint8Array;

  private readonly globalReferences = new Map<string, Identifier[]>();
  private readonly scriptGlobalReads: Identifier[] = [];
  private readonly globalThisExpressions: ESTree.ThisExpression[] = [];
  private readonly thisExpressionsByFunction = new Map<Node, ESTree.ThisExpression[]>();
  private readonly computedMembers: MemberExpression[] = [];
  private readonly namedMembers: MemberExpression[] = [];
  private readonly calls: CallExpression[] = [];
  private readonly importExpressions: ESTree.ImportExpression[] = [];
  private readonly moduleSources: ESTree.Literal[] = [];
  private readonly hooks: SyntaxHooks;
  private readonly bindings: IdentifierBindings;

  constructor(
    private readonly goal: ScriptGoal,
    private readonly options: AnalysisOptions,
    codeLength: number,
  ) {
    this.hooks = options.hooks;
    this.bindings = new IdentifierBindings(codeLength);
    const expected = Math.ceil(codeLength / BYTES_PER_REFERENCE);
    this.referenceNodes = new Array<Identifier>(expected);
    this.referenceScopes = new Array<Scope>(expected);
    this.referenceFlags = new Uint8Array(expected);
    const isScript = goal === 'script';
    this.scope = new Scope(null, true, isScript, goal === 'handler');
    this.thisIsGlobal = isScript;
  }

  run(program: ESTree.Program): ProgramAnalysis {
    this.visitStatements(program.body, program);
    this.resolveReferences();
    const bindings = this.bindings;
    return {
      goal: this.goal,
      bindingOf: (identifier) => bindings.get(identifier),
      globalReferences: this.globalReferences,
      scriptGlobalReads: this.scriptGlobalReads,
      globalThisExpressions: this.globalThisExpressions,
      thisExpressionsByFunction: this.thisExpressionsByFunction,
      computedMembers: this.computedMembers,
      namedMembers: this.namedMembers,
      calls: this.calls,
      importExpressions: this.importExpressions,
      moduleSources: this.moduleSources,
    };
  }

  // ---------------------------------------------------------------- resolution

  private resolveReferences(): void {
    const nodes = this.referenceNodes;
    const scopes = this.referenceScopes;
    const flags = this.referenceFlags;
    const count = this.referenceCount;
    const readers = new Int32Array(count).fill(-1);
    for (let i = 0; i < count; i++) {
      const node = nodes[i];
      const name = node.name;
      let binding: Binding | undefined;
      let implicitArguments = false;
      for (let scope: Scope | null = scopes[i]; scope; scope = scope.parent) {
        binding = scope.bindings?.get(name);
        if (binding) break;
        if (name === 'arguments' && scope.hasArguments) {
          implicitArguments = true;
          break;
        }
      }
      if (implicitArguments) continue;
      if (!binding) {
        this.bindings.set(node, null);
        const list = this.globalReferences.get(name);
        if (list) list.push(node);
        else this.globalReferences.set(name, [node]);
        continue;
      }
      this.bindings.set(node, binding);
      if (flags[i] & READ) {
        readers[i] = binding.number;
        if (binding.scope.declaresGlobals && binding.isScriptGlobal) this.scriptGlobalReads.push(node);
      }
      if (flags[i] & WRITE) binding.writeCount++;
    }
    this.bindings.setReads(nodes, readers);
  }

  private reference(node: Identifier, flags: number): void {
    this.hooks.identifier(node);
    const i = this.referenceCount++;
    this.referenceNodes[i] = node;
    this.referenceScopes[i] = this.scope;
    if (i === this.referenceFlags.length) {
      const grown = new Uint8Array(i * 2 + 16);
      grown.set(this.referenceFlags);
      this.referenceFlags = grown;
    }
    this.referenceFlags[i] = flags;
  }

  private declare(id: Identifier, kind: BindingKind, scope: Scope, initializer: ESTree.Expression | null): Binding {
    this.hooks.identifier(id);
    const bindings = (scope.bindings ??= new Map());
    const existing = bindings.get(id.name);
    if (existing) {
      existing.declarationCount++;
      existing.initializer = null;
      this.bindings.set(id, existing);
      return existing;
    }
    const binding = this.bindings.create(id.name, kind, scope, initializer);
    bindings.set(id.name, binding);
    this.bindings.set(id, binding);
    return binding;
  }

  // ---------------------------------------------------------------- scopes

  private blockScope(): Scope {
    return new Scope(this.scope, false, false, false);
  }

  // ---------------------------------------------------------------- statements and expressions

  /** Statements, or any list of nodes (the holes of `[a, , b]` are skipped); indexed loops, as for-of may allocate here. */
  private visitStatements(statements: ReadonlyArray<Node | null>, parent: Node): void {
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      if (statement) this.visit(statement, parent);
    }
  }

  private visitOptional(node: Node | null | undefined, parent: Node): void {
    if (node) this.visit(node, parent);
  }

  /**
   * Links to its parent only the kinds of nodes whose parent the rules look up: those a followed
   * value passes through (see GlobalValueFlow.follow) or a decoded string climbs (see the
   * obfuscation rule). That spares a property on most nodes (literals, statements, property names).
   */
  private visit(node: Node, parent: Node): void {
    switch (node.type) {
      case 'Identifier':
        setParent(node, parent);
        this.reference(node, READ);
        return;
      case 'Literal':
        if (typeof node.value === 'string') this.hooks.string(node);
        return;
      case 'ThisExpression':
        setParent(node, parent);
        this.recordThis(node);
        return;
      case 'MemberExpression':
        setParent(node, parent);
        this.visitMember(node);
        return;
      case 'CallExpression':
        setParent(node, parent);
        this.visitCall(node);
        return;
      case 'NewExpression':
        setParent(node, parent);
        this.visit(node.callee, node);
        this.visitStatements(node.arguments, node);
        return;
      case 'ExpressionStatement':
        this.visit(node.expression, node);
        return;
      case 'ReturnStatement':
        // Linked to its function rather than its block, so that a returned value reaches the callers.
        setParent(node, this.currentFunction);
        if (node.argument) this.visit(node.argument, node);
        return;
      case 'SpreadElement':
        setParent(node, parent);
        this.visit(node.argument, node);
        return;
      case 'ThrowStatement':
      case 'UnaryExpression':
      case 'AwaitExpression':
        if (node.argument) this.visit(node.argument, node);
        return;
      case 'ConditionalExpression':
        setParent(node, parent);
        this.visit(node.test, node);
        this.visit(node.consequent, node);
        this.visit(node.alternate, node);
        return;
      case 'IfStatement':
        this.visit(node.test, node);
        this.visit(node.consequent, node);
        if (node.alternate) this.visit(node.alternate, node);
        return;
      case 'SequenceExpression':
        setParent(node, parent);
        this.visitStatements(node.expressions, node);
        return;
      case 'ArrayExpression':
        setParent(node, parent);
        this.visitStatements(node.elements, node);
        return;
      case 'ChainExpression':
        setParent(node, parent);
        this.visit(node.expression, node);
        return;
      case 'WhileStatement':
        this.visit(node.test, node);
        this.visit(node.body, node);
        return;
      case 'BinaryExpression':
      case 'LogicalExpression':
        setParent(node, parent);
        this.visit(node.left, node);
        this.visit(node.right, node);
        return;
      case 'AssignmentExpression':
        setParent(node, parent);
        this.visitAssignmentTarget(node.left, node, node.operator === '=' ? WRITE : READ | WRITE);
        this.visit(node.right, node);
        return;
      case 'UpdateExpression':
        this.visitAssignmentTarget(node.argument, node, READ | WRITE);
        return;
      case 'VariableDeclaration':
        this.visitVariableDeclaration(node);
        return;
      case 'FunctionDeclaration':
        if (node.id) {
          const binding = this.declare(node.id, 'function', this.scope, null);
          if (binding.declarationCount === 1) binding.declaredFunction = node;
        }
        this.visitFunction(node);
        return;
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        setParent(node, parent);
        this.visitFunction(node);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.visitClass(node);
        return;
      case 'BlockStatement':
        this.visitBlock(node.body, node);
        return;
      case 'StaticBlock': {
        const outer = this.enterOwnThis(node);
        this.scope = new Scope(outer.scope, true, false, false);
        this.visitStatements(node.body, node);
        this.leave(outer);
        return;
      }
      case 'ForStatement':
        this.visitFor(node);
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.visitForInOf(node);
        return;
      case 'SwitchStatement':
        this.visitSwitch(node);
        return;
      case 'CatchClause': {
        const outer = this.scope;
        this.scope = this.blockScope();
        if (node.param) this.declarePattern(node.param, 'catch', this.scope, node, null);
        this.visit(node.body, node);
        this.scope = outer;
        return;
      }
      case 'ObjectExpression':
        this.visitStatements(node.properties, node);
        return;
      case 'Property':
        setParent(node, parent);
        this.visitPropertyKey(node.key, node.computed, node);
        this.visit(node.value, node);
        return;
      case 'TemplateLiteral':
        setParent(node, parent);
        this.hooks.template(node);
        this.visitStatements(node.expressions, node);
        return;
      case 'TaggedTemplateExpression':
        this.visit(node.tag, node);
        this.visit(node.quasi, node);
        return;
      case 'ImportExpression':
        this.importExpressions.push(node);
        this.visit(node.source, node);
        this.visitOptional(node.options, node);
        return;
      case 'ImportDeclaration':
        this.visitImport(node);
        return;
      case 'ExportNamedDeclaration':
        this.visitExportNamed(node);
        return;
      case 'ExportAllDeclaration':
        this.visitModuleSource(node.source);
        return;
      case 'ExportDefaultDeclaration':
        this.visit(node.declaration, node);
        return;
      case 'LabeledStatement':
        this.visit(node.body, node);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'MetaProperty':
        return;
      case 'PrivateIdentifier':
        this.hooks.identifier(node);
        return;
      case 'Super':
      case 'EmptyStatement':
      case 'DebuggerStatement':
        return;
      case 'ObjectPattern':
      case 'ArrayPattern':
      case 'AssignmentPattern':
      case 'RestElement':
        this.visitAssignmentTarget(node, parent, WRITE);
        return;
      default:
        this.visitChildren(node);
    }
  }

  /** Any other node: its children are visited as expressions and statements. */
  private visitChildren(node: Node): void {
    const keys = KEYS[node.type];
    if (!keys) return;
    const record = node as unknown as Record<string, unknown>;
    for (const key of keys) {
      const child = record[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) this.visit(item, node);
      } else if (isNode(child)) {
        this.visit(child, node);
      }
    }
  }

  private recordThis(node: ESTree.ThisExpression): void {
    if (this.thisIsGlobal) {
      this.globalThisExpressions.push(node);
      return;
    }
    const owner = this.thisOwner;
    if (!owner) return;
    const list = this.thisExpressionsByFunction.get(owner);
    if (list) list.push(node);
    else this.thisExpressionsByFunction.set(owner, [node]);
  }

  private visitMember(node: MemberExpression): void {
    this.visit(node.object, node);
    const property = node.property;
    if (node.computed) {
      this.visit(property, node);
      if (!(property.type === 'Literal' && typeof property.value === 'number')) this.computedMembers.push(node);
      return;
    }
    if (property.type === 'Identifier' || property.type === 'PrivateIdentifier') {
      this.hooks.identifier(property);
      if (property.type === 'Identifier' && this.options.memberNames.has(property.name)) this.namedMembers.push(node);
    }
  }

  private visitCall(node: CallExpression): void {
    const callee = node.callee;
    this.visit(callee, node);
    this.visitStatements(node.arguments, node);
    const names = this.options.calleeNames;
    if (callee.type === 'Identifier') {
      if (names.has(callee.name)) this.calls.push(node);
    } else if (callee.type === 'MemberExpression') {
      if (callee.computed) this.calls.push(node);
      else if (callee.property.type === 'Identifier' && names.has(callee.property.name)) this.calls.push(node);
    }
  }

  private visitPropertyKey(key: Node | null, computed: boolean, parent: Node): void {
    if (!key) return;
    if (computed) {
      this.visit(key, parent);
      return;
    }
    if (key.type === 'Identifier' || key.type === 'PrivateIdentifier') this.hooks.identifier(key);
    else if (key.type === 'Literal' && typeof key.value === 'string') this.hooks.string(key);
  }

  private visitVariableDeclaration(node: ESTree.VariableDeclaration): void {
    const kind: BindingKind =
      node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : node.kind === 'const' ? 'const' : 'using';
    const target = kind === 'var' ? this.scope.varScope : this.scope;
    const declarations = node.declarations;
    for (let i = 0; i < declarations.length; i++) {
      const declarator = declarations[i];
      const init = declarator.init;
      this.declarePattern(declarator.id, kind, target, declarator, init);
      if (init) this.visit(init, declarator);
    }
  }

  /** Declares the names a binding pattern introduces; default values and computed keys are visited. */
  private declarePattern(
    pattern: Pattern,
    kind: BindingKind,
    target: Scope,
    parent: Node,
    initializer: ESTree.Expression | null,
  ): void {
    switch (pattern.type) {
      case 'Identifier':
        this.declare(pattern, kind, target, initializer);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties as Node[]) {
          if (property.type === 'RestElement') this.declarePattern(property.argument, kind, target, property, null);
          else if (property.type === 'Property') {
            this.visitPropertyKey(property.key, property.computed, property);
            this.declarePattern(property.value, kind, target, property, null);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.declarePattern(element, kind, target, pattern, null);
        return;
      case 'AssignmentPattern':
        this.declarePattern(pattern.left, kind, target, pattern, null);
        if (pattern.right) this.visit(pattern.right, pattern);
        return;
      case 'RestElement':
        this.declarePattern(pattern.argument, kind, target, pattern, null);
        return;
      default:
        this.visit(pattern, parent);
    }
  }

  /** The target of an assignment: identifiers are written, member expressions evaluated. */
  private visitAssignmentTarget(target: Pattern, parent: Node, flags: number): void {
    switch (target.type) {
      case 'Identifier':
        setParent(target, parent);
        this.reference(target, flags);
        return;
      case 'ObjectPattern':
        for (const property of target.properties as Node[]) {
          if (property.type === 'RestElement') this.visitAssignmentTarget(property.argument, property, WRITE);
          else if (property.type === 'Property') {
            this.visitPropertyKey(property.key, property.computed, property);
            this.visitAssignmentTarget(property.value, property, WRITE);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of target.elements) if (element) this.visitAssignmentTarget(element, target, WRITE);
        return;
      case 'AssignmentPattern':
        this.visitAssignmentTarget(target.left, target, WRITE);
        if (target.right) this.visit(target.right, target);
        return;
      case 'RestElement':
        this.visitAssignmentTarget(target.argument, target, WRITE);
        return;
      default:
        this.visit(target, parent);
    }
  }

  private visitFunction(
    node: ESTree.FunctionDeclaration | ESTree.FunctionExpression | ESTree.ArrowFunctionExpression,
  ): void {
    // Saved in locals rather than a WalkState: this runs for every function.
    const { scope, thisIsGlobal, thisOwner, currentFunction } = this;
    const isArrow = node.type === 'ArrowFunctionExpression';
    if (!isArrow) {
      this.thisIsGlobal = false;
      this.thisOwner = node;
    }
    const functionScope = new Scope(scope, true, false, !isArrow);
    this.scope = functionScope;
    this.currentFunction = node;
    if (node.type === 'FunctionExpression' && node.id) this.declare(node.id, 'own-name', functionScope, null);
    const params = node.params;
    for (let i = 0; i < params.length; i++) this.declarePattern(params[i], 'param', functionScope, node, null);
    const body = node.body;
    if (body) {
      if (body.type === 'BlockStatement') this.visitStatements(body.body, body);
      else this.visit(body, node);
    }
    this.scope = scope;
    this.thisIsGlobal = thisIsGlobal;
    this.thisOwner = thisOwner;
    this.currentFunction = currentFunction;
  }

  private enterScopeOnly(): WalkState {
    return {
      scope: this.scope,
      thisIsGlobal: this.thisIsGlobal,
      thisOwner: this.thisOwner,
      currentFunction: this.currentFunction,
    };
  }

  /** Enters code where `this` is bound by `owner` (a function, a class body), not inherited. */
  private enterOwnThis(owner: Node): WalkState {
    const outer = this.enterScopeOnly();
    this.thisIsGlobal = false;
    this.thisOwner = owner;
    return outer;
  }

  private leave(outer: WalkState): void {
    this.scope = outer.scope;
    this.thisIsGlobal = outer.thisIsGlobal;
    this.thisOwner = outer.thisOwner;
    this.currentFunction = outer.currentFunction;
  }

  private visitClass(node: ESTree.ClassDeclaration | ESTree.ClassExpression): void {
    if (node.type === 'ClassDeclaration' && node.id) this.declare(node.id, 'class', this.scope, null);
    const outerScope = this.scope;
    const classScope = this.blockScope();
    this.scope = classScope;
    if (node.type === 'ClassExpression' && node.id) this.declare(node.id, 'own-name', classScope, null);
    this.visitOptional(node.superClass, node);
    const classBody = node.body;
    for (const element of classBody.body as Node[]) {
      if (element.type === 'MethodDefinition') {
        this.visitPropertyKey(element.key, element.computed, element);
        this.visit(element.value, element);
      } else if (element.type === 'PropertyDefinition' || element.type === 'AccessorProperty') {
        this.visitPropertyKey(element.key, element.computed, element);
        if (element.value) {
          const outer = this.enterOwnThis(node);
          this.visit(element.value, element);
          this.leave(outer);
        }
      } else {
        this.visit(element, classBody);
      }
    }
    this.scope = outerScope;
  }

  private visitBlock(statements: readonly Node[], node: Node): void {
    if (!declaresLexically(statements)) {
      this.visitStatements(statements, node);
      return;
    }
    const outer = this.scope;
    this.scope = this.blockScope();
    this.visitStatements(statements, node);
    this.scope = outer;
  }

  private visitFor(node: ESTree.ForStatement): void {
    const init = node.init as Node | null;
    const outer = this.scope;
    if (init && init.type === 'VariableDeclaration' && init.kind !== 'var') this.scope = this.blockScope();
    this.visitOptional(init, node);
    this.visitOptional(node.test, node);
    this.visitOptional(node.update, node);
    this.visit(node.body, node);
    this.scope = outer;
  }

  private visitForInOf(node: ESTree.ForInStatement | ESTree.ForOfStatement): void {
    const left = node.left as Node;
    const outer = this.scope;
    if (left.type === 'VariableDeclaration') {
      if (left.kind !== 'var') this.scope = this.blockScope();
      this.visit(left, node);
    } else {
      this.visitAssignmentTarget(left, node, WRITE);
    }
    this.visit(node.right, node);
    this.visit(node.body, node);
    this.scope = outer;
  }

  private visitSwitch(node: ESTree.SwitchStatement): void {
    this.visit(node.discriminant, node);
    const outer = this.scope;
    if (node.cases.some((switchCase) => declaresLexically(switchCase.consequent))) this.scope = this.blockScope();
    for (const switchCase of node.cases) {
      this.visitOptional(switchCase.test, switchCase);
      this.visitStatements(switchCase.consequent, switchCase);
    }
    this.scope = outer;
  }

  private visitImport(node: ESTree.ImportDeclaration): void {
    for (const specifier of node.specifiers) {
      this.declare(specifier.local, 'import', this.scope, null);
    }
    this.visitModuleSource(node.source);
  }

  private visitExportNamed(node: ESTree.ExportNamedDeclaration): void {
    if (node.declaration) this.visit(node.declaration, node);
    for (const specifier of node.specifiers) {
      if (!node.source && specifier.local.type === 'Identifier') {
        setParent(specifier.local, specifier);
        this.reference(specifier.local, READ);
      }
    }
    if (node.source) this.visitModuleSource(node.source);
  }

  private visitModuleSource(source: Node): void {
    if (source.type === 'Literal') {
      this.moduleSources.push(source);
      if (typeof source.value === 'string') this.hooks.string(source);
    }
  }
}

function declaresLexically(statements: readonly Node[]): boolean {
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement.type === 'VariableDeclaration') {
      if (statement.kind !== 'var') return true;
    } else if (statement.type === 'ClassDeclaration' || statement.type === 'FunctionDeclaration') {
      return true;
    }
  }
  return false;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
