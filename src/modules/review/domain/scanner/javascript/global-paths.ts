/**
 * A value reachable from the global object, named by the property path that reaches it:
 * [] is the global object itself, ['navigator', 'geolocation'] is navigator.geolocation.
 */
export type GlobalPath = readonly string[];

export const GLOBAL_OBJECT: GlobalPath = [];

/** Names under which code reaches a global object: its own, and those of the other windows it can see. */
const GLOBAL_OBJECT_NAMES: ReadonlySet<string> = new Set([
  'window',
  'self',
  'globalThis',
  'global',
  'frames',
  'top',
  'parent',
  'opener',
]);

const FRAME_INDEX = /^(?:0|[1-9]\d{0,5})$/;

/** The path `path.key` stands for, with the aliases of the global object and of constructors collapsed. */
export function stepPath(path: GlobalPath, key: string): GlobalPath {
  // window[0] is the first frame: another window.
  if (path.length === 0) return GLOBAL_OBJECT_NAMES.has(key) || FRAME_INDEX.test(key) ? GLOBAL_OBJECT : [key];
  if (path.length === 1 && path[0] === 'document' && key === 'defaultView') return GLOBAL_OBJECT;
  // Ctor.prototype.constructor is Ctor again.
  if (key === 'constructor' && path.length >= 2 && path[path.length - 1] === 'prototype') return path.slice(0, -1);
  return [...path, key];
}

export function pathKey(path: GlobalPath): string {
  return path.join('\u0000');
}

export function dottedPathKey(dotted: string): string {
  return dotted === '' ? '' : pathKey(dotted.split('.'));
}

export function describePath(path: GlobalPath): string {
  return path.length === 0 ? 'the global object' : path.join('.');
}
