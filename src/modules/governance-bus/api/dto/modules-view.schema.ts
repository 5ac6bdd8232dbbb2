const names = { type: 'array', items: { type: 'string' } };
const messagesSchema = {
  type: 'array',
  items: { type: 'object', properties: { name: { type: 'string' }, modules: names }, required: ['name', 'modules'] },
};
/** The OpenAPI shape of GET /bus/modules (platform/messaging/module-view.ts, plus `runsHere`). */
export const modulesSchema = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: [
          'name',
          'schema',
          'events',
          'commands',
          'queries',
          'settings',
          'personalData',
          'extraction',
          'runsHere',
        ],
        properties: {
          name: { type: 'string', example: 'wallet' },
          schema: { type: 'string', example: 'wallet' },
          owns: { type: 'string' },
          events: {
            type: 'object',
            properties: {
              published: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    type: { type: 'string' },
                    version: { type: 'integer' },
                    description: { type: 'string' },
                    consumedBy: names,
                  },
                },
              },
              consumed: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { type: { type: 'string' }, from: { type: 'string' }, subscriber: { type: 'string' } },
                },
              },
            },
          },
          commands: { type: 'object', properties: { handled: messagesSchema, sent: messagesSchema } },
          queries: { type: 'object', properties: { handled: messagesSchema, sent: messagesSchema } },
          settings: names,
          personalData: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                table: { type: 'string' },
                columns: names,
                purpose: { type: 'string' },
                legalBasis: {
                  type: 'string',
                  enum: ['contract', 'legal-obligation', 'legitimate-interests', 'consent'],
                },
                retention: {
                  type: 'object',
                  description: 'the setting that bounds it, or the rule that applies',
                  properties: { setting: { type: 'string' }, rule: { type: 'string' } },
                },
              },
            },
          },
          extraction: {
            type: 'object',
            properties: {
              verdict: { type: 'string', enum: ['in-every-process', 'alone', 'with-a-broker', 'needs-request-reply'] },
              breaks: { ...names, description: 'synchronous commands and queries that would cross processes' },
              needsBroker: { ...names, description: 'events that would cross processes' },
            },
          },
          runsHere: { type: 'boolean', description: 'this process runs the module' },
        },
      },
    },
  },
};
