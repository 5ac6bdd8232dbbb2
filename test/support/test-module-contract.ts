import { type ModuleContract, moduleContract } from '../../src/platform/messaging/module-contract';

/** The declaration of a module that exists only in tests: its own schema, subscribers and nothing else. */
export function testModuleContract(
  name: string,
  subscribers: ModuleContract['subscribers'],
  schema = name.replace(/-/g, '_'),
): ModuleContract {
  return moduleContract({
    routes: [],
    name,
    schema,
    owns: 'test fixtures',
    publishes: [],
    subscribers,
    commands: { handles: [], sends: [] },
    queries: { handles: [], sends: [] },
    settings: [],
    personalData: [],
    otherColumns: {},
  });
}
