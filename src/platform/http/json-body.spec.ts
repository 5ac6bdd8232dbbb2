import { describe, expect, it } from 'vitest';
import { nestingExceeds } from './json-body';

describe('the JSON nesting limit', () => {
  it('counts arrays and objects inside one another', () => {
    expect(nestingExceeds('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(nestingExceeds('{"a":[{"b":[[1]]}]}', 4)).toBe(true);
    expect(nestingExceeds('['.repeat(3000), 64)).toBe(true);
  });

  it('counts siblings once, not their sum', () => {
    expect(nestingExceeds(`[${'[1],'.repeat(500)}[1]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestingExceeds(`{"a":"${'[{'.repeat(100)}"}`, 1)).toBe(false);
    expect(nestingExceeds(`{"a":"\\"${'['.repeat(100)}\\\\"}`, 1)).toBe(false);
    expect(nestingExceeds(`{"a":"\\\\","b":[[1]]}`, 2)).toBe(true);
  });
});
