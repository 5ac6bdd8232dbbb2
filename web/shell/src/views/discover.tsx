import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';
import { href } from '../router';
import { scopeLabel } from '../scopes';
import { ErrorNote } from '../ui/error-note';

interface Listing {
  slug: string;
  name: string;
  category: string;
  description: string;
  permissions: Array<{ scope: string; purpose: string }>;
}

export function Discover() {
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [categories, setCategories] = useState<string[]>([]);
  const [listings, setListings] = useState<Listing[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    api<{ items: Array<{ category: string } | string> }>('/discovery/categories')
      .then((r) => setCategories(r.items.map((c) => (typeof c === 'string' ? c : c.category))))
      .catch(() => setCategories([]));
  }, []);

  useEffect(() => {
    const params = new URLSearchParams({ limit: '50' });
    if (query.trim()) params.set('q', query.trim());
    if (category) params.set('category', category);
    const timer = setTimeout(() => {
      api<{ items: Listing[] }>(`/discovery/mini-apps?${params}`)
        .then((r) => {
          setListings(r.items);
          setError(null);
        })
        .catch((e: ApiError) => setError(e));
    }, 150);
    return () => clearTimeout(timer);
  }, [query, category]);

  return (
    <section aria-labelledby="discover-title">
      <h1 id="discover-title">Discover</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search
          <input
            type="search"
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            placeholder="Bikes, food, games…"
          />
        </label>
        <label>
          Category
          <select value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && <ErrorNote error={error} />}
      {listings === null ? (
        <p aria-busy="true">Loading…</p>
      ) : listings.length === 0 ? (
        <p>No mini-app matches.</p>
      ) : (
        <ul class="cards">
          {listings.map((app) => (
            <li key={app.slug} class="card">
              <h2>{app.name}</h2>
              <p class="category">{app.category}</p>
              <p>{app.description}</p>
              {app.permissions.length > 0 ? (
                <details>
                  <summary>
                    It may ask for{' '}
                    {app.permissions.length === 1 ? 'one permission' : `${app.permissions.length} permissions`}
                  </summary>
                  <ul class="permissions">
                    {app.permissions.map((p) => (
                      <li key={p.scope}>
                        <strong>{scopeLabel(p.scope)}</strong>: {p.purpose}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : (
                <p class="quiet">Asks for no permission.</p>
              )}
              <a class="button" href={href({ name: 'app', slug: app.slug })} aria-label={`Open ${app.name}`}>
                Open
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
