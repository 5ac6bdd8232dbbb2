import { Transform } from 'class-transformer';

/** Leading and trailing blanks are a typing accident, not part of the value. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
