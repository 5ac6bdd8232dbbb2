import type { GlobalApiRule } from '../javascript/global-api-catalog';
import type { InspectionContext, JavaScriptRule } from '../javascript/javascript-rule';
import { type Node, startOf } from '../javascript/syntax';

const PRIVATE_PREFIX = '__superapp';

const globalApis: readonly GlobalApiRule[] = [
  // superapp.internal is the host's own namespace; only the documented calls are for mini-apps.
  {
    path: 'superapp.internal',
    misuse: 'access',
    ruleId: 'host-private-api',
    message: 'uses superapp.internal, the private namespace of the host',
  },
  {
    path: 'superapp',
    misuse: 'unresolved-member',
    ruleId: 'host-private-api',
    message: 'uses a member of superapp whose name is computed at run time, which may be superapp.internal',
  },
  // Cookies, storage and the surrounding frames belong to the host, not to one mini-app.
  {
    path: 'document.cookie',
    misuse: 'access',
    ruleId: 'host-private-api',
    message: 'uses document.cookie (use superapp.storage)',
  },
  ...['localStorage', 'sessionStorage', 'indexedDB'].map((path) => ({
    path,
    misuse: 'access' as const,
    ruleId: 'host-private-api' as const,
    message: `uses ${path}, storage shared with the host (use superapp.storage)`,
  })),
  ...['parent', 'top', 'opener'].map((path) => ({
    path,
    misuse: 'access' as const,
    ruleId: 'host-private-api' as const,
    message: `uses ${path}, a window of the host`,
  })),
];

export const hostPrivateApiRule: JavaScriptRule = {
  globalApis,
  calleeNames: ['postMessage'],
  createHooks({ reporter }) {
    return {
      // __superapp* names are the host's bridge into the page.
      identifier(node) {
        if (node.name.startsWith(PRIVATE_PREFIX))
          reporter.report('host-private-api', startOf(node), `names ${node.name}, private to the host`);
      },
      string(node) {
        if (node.value.startsWith(PRIVATE_PREFIX))
          reporter.report('host-private-api', startOf(node), `names "${node.value.slice(0, 60)}", private to the host`);
      },
    };
  },
  inspect(context) {
    inspectComputedPrivateNames(context);
    inspectPostMessage(context);
  },
};

/** `window['__super' + 'app_bridge']`: the name is assembled, so no literal shows it. */
function inspectComputedPrivateNames({ analysis, evaluator, reporter }: InspectionContext): void {
  for (const member of analysis.computedMembers) {
    if (member.property.type === 'Literal') continue;
    const key = evaluator.memberKey(member);
    if (key?.startsWith(PRIVATE_PREFIX))
      reporter.report('host-private-api', startOf(member), `uses ${key.slice(0, 60)}, private to the host`);
  }
}

/** postMessage(data, '*') hands the data to whatever page holds the window, the host included. */
function inspectPostMessage({ analysis, evaluator, reporter }: InspectionContext): void {
  for (const call of analysis.calls) {
    const callee = call.callee as Node;
    const name =
      callee.type === 'Identifier'
        ? callee.name
        : callee.type === 'MemberExpression'
          ? evaluator.memberKey(callee)
          : null;
    if (name !== 'postMessage') continue;
    const target = call.arguments[1] as Node | undefined;
    if (target && targetsAnyOrigin(target, evaluator)) {
      reporter.report('host-private-api', startOf(call), "posts a message to any origin ('*')");
    }
  }
}

function targetsAnyOrigin(node: Node, evaluator: InspectionContext['evaluator']): boolean {
  if (node.type !== 'ObjectExpression') return evaluator.stringOf(node) === '*';
  for (const property of node.properties as Node[]) {
    if (property.type !== 'Property') continue;
    const option = property;
    if (evaluator.propertyKey({ key: option.key, computed: option.computed }) === 'targetOrigin') {
      return evaluator.stringOf(option.value) === '*';
    }
  }
  return false;
}
