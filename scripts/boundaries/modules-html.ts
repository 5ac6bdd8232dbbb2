import { type ModuleView, VERDICT_IN_WORDS } from '../../src/platform/messaging/module-view';

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const list = (items: string[]): string =>
  items.length ? `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>` : '<small>none</small>';

const code = (text: string) => `<code>${escape(text)}</code>`;

function moduleRows(view: ModuleView): string {
  const messages = (kind: 'commands' | 'queries', noun: string) => [
    ...view[kind].handled.map(
      (m) => `handles ${noun} ${code(m.name)}${m.modules.length ? ` (sent by ${m.modules.map(code).join(', ')})` : ''}`,
    ),
    ...view[kind].sent.map((m) => `sends ${noun} ${code(m.name)} to ${m.modules.map(code).join(', ')}`),
  ];
  const retention = (r: ModuleView['personalData'][number]['retention']) =>
    'setting' in r ? `kept as long as ${code(r.setting)} says` : escape(r.rule);
  const cells = [
    ['Schema', code(view.schema)],
    ['Owns', escape(view.owns)],
    [
      'Events published',
      list(
        view.events.published.map(
          (e) =>
            `${code(e.type)} v${e.version}${e.consumedBy.length ? ` → ${e.consumedBy.map(code).join(', ')}` : ' (no subscriber)'}`,
        ),
      ),
    ],
    [
      'Events consumed',
      list(view.events.consumed.map((e) => `${code(e.type)} from ${code(e.from)} by ${code(e.subscriber)}`)),
    ],
    ['Commands and queries', list([...messages('commands', 'command'), ...messages('queries', 'query')])],
    ['Settings', view.settings.length ? view.settings.map(code).join(', ') : '<small>none</small>'],
    [
      'Personal data',
      list(
        view.personalData.map(
          (p) =>
            `${code(p.table)}: ${p.columns.map(code).join(', ')}; ${escape(p.purpose)} (${escape(p.legalBasis)}; retention: ${retention(p.retention)})`,
        ),
      ),
    ],
    [
      'Extraction',
      `<strong class="${view.extraction.breaks.length ? 'fail' : 'pass'}">${escape(VERDICT_IN_WORDS[view.extraction.verdict])}</strong>${
        view.extraction.breaks.length ? `<br>Would break alone: ${list(view.extraction.breaks.map(escape))}` : ''
      }${view.extraction.needsBroker.length ? `<br>Events crossing: ${list(view.extraction.needsBroker.map(escape))}` : ''}`,
    ],
  ];
  return `<h3>${escape(view.name)}</h3>
<table><tbody>
${cells.map(([name, value]) => `<tr><th>${name}</th><td>${value}</td></tr>`).join('\n')}
</tbody></table>`;
}

/** The report's section on each module's face, made from its declaration (src/modules/<m>/<m>.contract.ts). */
export function renderModules(views: ModuleView[]): string {
  return `<h2>Modules</h2>
<p>Each module as its declaration (<code>src/modules/&lt;m&gt;/&lt;m&gt;.contract.ts</code>) states it, checked against the code at every start: what it publishes and consumes, the commands and queries it handles and sends, its schema, its settings, the personal data it holds, and what would break if it ran in a process of its own.</p>
${views.map(moduleRows).join('\n')}`;
}
