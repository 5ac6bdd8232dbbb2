import type { ApiError } from '../api';

/** A problem as a person reads it: its detail, then each field's. */
export function ErrorNote({ error, id }: { error: ApiError; id?: string }) {
  return (
    <div class="error" role="alert" id={id}>
      <p>{error.message}</p>
      {error.problem.errors?.length ? (
        <ul>
          {error.problem.errors.map((e) => (
            <li key={e.pointer}>
              {e.pointer.replace(/^#\//, '')}: {e.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
