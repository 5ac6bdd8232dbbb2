export * from './release-aggregate.command';
