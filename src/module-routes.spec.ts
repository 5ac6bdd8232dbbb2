import 'reflect-metadata';
import { PATH_METADATA } from '@nestjs/common/constants';
import { describe, expect, it } from 'vitest';
import { BUSINESS_MODULES } from './app.module';
import { MODULE_CONTRACT_LIST } from './module-contracts';
import { GovernanceBusModule } from './modules/governance-bus/governance-bus.module';

type ModuleClass = abstract new (...args: never[]) => object;

/** Every controller path of a module and the modules it imports (dynamic ones included). */
function controllerPaths(module: ModuleClass, seen = new Set<unknown>()): string[] {
  if (seen.has(module)) return [];
  seen.add(module);
  const controllers = (Reflect.getMetadata('controllers', module) ?? []) as ModuleClass[];
  const imports = (Reflect.getMetadata('imports', module) ?? []) as Array<ModuleClass | { module?: ModuleClass }>;
  return [
    ...controllers.flatMap((controller) => {
      const prefixes = pathsOf(controller);
      // A controller at the root: its routes' own paths say where they are.
      if (prefixes.join() !== '/') return prefixes;
      const prototype = controller.prototype as Record<string, unknown>;
      return Object.getOwnPropertyNames(prototype).flatMap((method) =>
        method === 'constructor' ? [] : pathsOf(prototype[method] as object),
      );
    }),
    ...imports.flatMap((imported) => {
      const moduleClass = typeof imported === 'function' ? imported : imported?.module;
      return moduleClass ? controllerPaths(moduleClass, seen) : [];
    }),
  ];
}

function pathsOf(target: object): string[] {
  const path = Reflect.getMetadata(PATH_METADATA, target) as string | string[] | undefined;
  if (path === undefined) return [];
  return (Array.isArray(path) ? path : [path]).map((p) => `/${p.replace(/^\//, '')}`);
}

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

describe("a module's declared routes", () => {
  const modules: Record<string, ModuleClass> = { ...BUSINESS_MODULES, 'governance-bus': GovernanceBusModule };

  it.each(MODULE_CONTRACT_LIST.map((contract) => [contract.name, contract.routes] as const))(
    'cover every route of %s, so a gateway forwards all of them to the process that runs it',
    (name, routes) => {
      const paths = controllerPaths(modules[name]);
      expect(paths).not.toContain('/');
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.filter((path) => !routes.some((prefix) => under(path, prefix)))).toEqual([]);
    },
  );

  it('never overlap between modules, so each route has one process to go to', () => {
    const all = MODULE_CONTRACT_LIST.flatMap((contract) => contract.routes.map((route) => [contract.name, route]));
    const clashes = all.filter(([module, route]) =>
      all.some(([other, prefix]) => other !== module && (under(route, prefix) || under(prefix, route))),
    );
    expect(clashes).toEqual([]);
  });
});
