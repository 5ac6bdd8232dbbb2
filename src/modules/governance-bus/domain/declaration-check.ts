/** A module's declaration, as plain names (`<m>.contract.ts`). */
export interface DeclaredModule {
  name: string;
  schema: string;
  publishes: ReadonlyArray<{ type: string; version: number; owner: string }>;
  /** Subscriber id → event types. */
  subscribers: Readonly<Record<string, readonly string[]>>;
  /** Command and query class names it answers. */
  handles: readonly string[];
  /** Command and query class names it asks others. */
  sends: readonly string[];
}

/** What the bus found in a module that runs in this process. */
export interface DiscoveredModule {
  name: string;
  /** Subscriber id → event types of its `@EventsHandler`. */
  subscribers: Readonly<Record<string, readonly string[]>>;
  /** Class names of every command and query its handlers answer. */
  handles: readonly string[];
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * Every way the declarations disagree with each other or with what runs (empty when they agree):
 * each a sentence naming the module, the subscriber, event or message, and what to change.
 */
export function declarationMismatches(
  declared: readonly DeclaredModule[],
  running: readonly DiscoveredModule[],
): string[] {
  const mismatches: string[] = [];
  const byName = new Map<string, DeclaredModule>();
  const schemas = new Map<string, string>();
  for (const module of declared) {
    if (byName.has(module.name)) mismatches.push(`two declarations are named ${module.name}`);
    const schemaOwner = schemas.get(module.schema);
    if (schemaOwner) mismatches.push(`${schemaOwner} and ${module.name} both declare the schema ${module.schema}`);
    byName.set(module.name, module);
    schemas.set(module.schema, module.name);
  }
  mismatches.push(...crossModuleMismatches(declared));
  // Only messages some declaration names are the published language; a module's own commands are its business.
  const contractMessages = new Set(declared.flatMap((module) => [...module.handles, ...module.sends]));
  for (const found of running) {
    const module = byName.get(found.name);
    if (!module) {
      mismatches.push(`${found.name} runs without a declaration in the list of module contracts`);
      continue;
    }
    mismatches.push(...subscriberMismatches(module, found));
    const handled = found.handles.filter((name) => contractMessages.has(name));
    for (const name of module.handles.filter((name) => !handled.includes(name)))
      mismatches.push(`${module.name} declares it handles ${name}, but none of its handlers does`);
    for (const name of handled.filter((name) => !module.handles.includes(name)))
      mismatches.push(`${module.name} has a handler of ${name}, which its declaration does not list under handles`);
  }
  return mismatches;
}

/** Declarations that contradict one another: owners, subscriber names, what is sent and who answers it. */
function crossModuleMismatches(declared: readonly DeclaredModule[]): string[] {
  const mismatches: string[] = [];
  const published = new Set<string>();
  const handlers = new Map<string, string[]>();
  for (const module of declared) {
    for (const event of module.publishes) {
      published.add(event.type);
      if (event.owner !== module.name)
        mismatches.push(
          `${module.name} declares it publishes ${event.type} v${event.version}, which belongs to ${event.owner}`,
        );
    }
    for (const name of module.handles) handlers.set(name, [...(handlers.get(name) ?? []), module.name]);
  }
  for (const module of declared) {
    for (const [id, types] of Object.entries(module.subscribers)) {
      if (!id.startsWith(`${module.name}.`))
        mismatches.push(`${module.name} declares the subscriber ${id}, whose id must start with ${module.name}.`);
      for (const type of types.filter((type) => !published.has(type)))
        mismatches.push(`${id} of ${module.name} consumes ${type}, which no module declares it publishes`);
    }
    for (const name of module.sends.filter((name) => !handlers.has(name)))
      mismatches.push(`${module.name} declares it sends ${name}, which no module declares it handles`);
  }
  for (const [name, modules] of handlers)
    if (modules.length > 1) mismatches.push(`${modules.join(' and ')} all declare they handle ${name}`);
  return mismatches;
}

function subscriberMismatches(module: DeclaredModule, found: DiscoveredModule): string[] {
  const mismatches: string[] = [];
  for (const [id, types] of Object.entries(module.subscribers)) {
    const registered = found.subscribers[id];
    if (!registered)
      mismatches.push(`${module.name} declares the subscriber ${id}, but no @Subscriber in the module has that id`);
    else if (!sameSet(types, registered))
      mismatches.push(
        `${id} consumes ${[...registered].sort().join(', ')} by its @EventsHandler, but ${module.name}'s declaration says ${[...types].sort().join(', ') || 'nothing'}`,
      );
  }
  for (const id of Object.keys(found.subscribers).filter((id) => !(id in module.subscribers)))
    mismatches.push(`${module.name} has the subscriber ${id}, which its declaration does not list`);
  return mismatches;
}
