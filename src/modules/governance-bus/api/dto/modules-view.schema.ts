const names = { type: 'array', items: { type: 'string' } };
const messagesSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { name: { type: 'string', example: 'PayMerchant' }, modules: { ...names, example: ['payments'] } },
    required: ['name', 'modules'],
  },
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
          owns: { type: 'string', example: 'ledger accounts and balances, transfers and entries, holds' },
          events: {
            type: 'object',
            properties: {
              published: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    type: { type: 'string', example: 'wallet.opened' },
                    version: { type: 'integer', example: 1 },
                    description: {
                      type: 'string',
                      example: 'A stored-value account was opened for a user in one currency.',
                    },
                    consumedBy: { ...names, example: ['runtime.keep-contacts'] },
                  },
                },
              },
              consumed: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    type: { type: 'string', example: 'identity.user-registered' },
                    from: { type: 'string', example: 'identity' },
                    subscriber: { type: 'string', example: 'wallet.open-wallet-on-user-registered' },
                  },
                },
              },
            },
          },
          commands: { type: 'object', properties: { handled: messagesSchema, sent: messagesSchema } },
          queries: { type: 'object', properties: { handled: messagesSchema, sent: messagesSchema } },
          settings: { ...names, example: ['BUS_RETENTION_HOURS'] },
          personalData: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                table: { type: 'string', example: 'instruments' },
                columns: { ...names, example: ['owner_id', 'holder_name'] },
                purpose: { type: 'string', example: 'cards and bank accounts to top up from and pay out to' },
                legalBasis: {
                  type: 'string',
                  enum: ['contract', 'legal-obligation', 'legitimate-interests', 'consent'],
                },
                retention: {
                  type: 'object',
                  description: 'the setting that bounds it, or the rule that applies',
                  properties: {
                    setting: { type: 'string', example: 'BUS_RETENTION_HOURS' },
                    rule: { type: 'string' },
                  },
                },
              },
            },
          },
          extraction: {
            type: 'object',
            properties: {
              verdict: { type: 'string', enum: ['in-every-process', 'alone', 'with-a-broker', 'with-request-reply'] },
              breaks: {
                ...names,
                description: 'synchronous commands and queries that would cross processes',
                example: ['payments waits on it for the command PayMerchant'],
              },
              needsBroker: {
                ...names,
                description: 'events that would cross processes',
                example: ['receives identity.user-registered from identity'],
              },
            },
          },
          runsHere: { type: 'boolean', description: 'this process runs the module' },
        },
      },
    },
  },
};
