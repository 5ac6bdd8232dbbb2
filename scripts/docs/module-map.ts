import { type ModuleView, VERDICT_IN_WORDS } from '../../src/platform/messaging/module-view';

export const MODULE_MAP_START =
  '<!-- module-map: written by `npm run docs:module-map` from src/modules/*/*.contract.ts; edit the declarations, not this table -->';
export const MODULE_MAP_END = '<!-- /module-map -->';

const code = (text: string) => `\`${text}\``;
const cell = (items: string[]) => (items.length ? items.join(', ') : '—');

function row(view: ModuleView): string {
  const published = view.events.published.map((event) => `${code(event.type)} v${event.version}`);
  const listens =
    view.extraction.verdict === 'in-every-process'
      ? ['every event, to deliver it']
      : view.events.consumed.map((event) => `${code(event.type)} (${code(event.subscriber)})`);
  const messages = (['commands', 'queries'] as const).flatMap((kind) => {
    const noun = kind === 'commands' ? 'command' : 'query';
    return [
      ...view[kind].handled.map(
        (m) => `handles the ${noun} ${code(m.name)}${m.modules.length ? ` from ${m.modules.join(', ')}` : ''}`,
      ),
      ...view[kind].sent.map((m) => `sends the ${noun} ${code(m.name)} to ${m.modules.join(', ')}`),
    ];
  });
  const crossing = (['commands', 'queries'] as const).flatMap((kind) =>
    [...view[kind].sent, ...view[kind].handled]
      .filter((m) => m.modules.some((module) => module !== view.name))
      .map((m) => code(m.name)),
  );
  const alone = `${VERDICT_IN_WORDS[view.extraction.verdict]}${crossing.length ? `: ${crossing.join(', ')}` : ''}`;
  return `| ${view.name} | ${code(view.schema)} | ${view.owns} | ${cell(published)} | ${cell(listens)} | ${cell(messages)} | ${alone} |`;
}

/** The README's module map: one row per declaration. */
export function renderModuleMap(views: ModuleView[]): string {
  return [
    '| module | schema | owns | publishes | listens to (subscriber) | commands and queries | extraction |',
    '|---|---|---|---|---|---|---|',
    ...views.map(row),
  ].join('\n');
}

/** `markdown` with the text between the module-map markers replaced by `table`; throws when the markers are missing. */
export function withModuleMap(markdown: string, table: string): string {
  const start = markdown.indexOf(MODULE_MAP_START);
  const end = markdown.indexOf(MODULE_MAP_END);
  if (start < 0 || end < start)
    throw new Error(`README.md needs the markers ${MODULE_MAP_START} and ${MODULE_MAP_END}`);
  return `${markdown.slice(0, start + MODULE_MAP_START.length)}\n${table}\n${markdown.slice(end)}`;
}
