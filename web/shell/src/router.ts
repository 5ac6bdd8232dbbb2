import { useEffect, useState } from 'preact/hooks';

/** Hash routes: `#/`, `#/app/<slug>`, `#/settings/<slug>`, `#/privacy`, `#/sign-up`. */
export type Route =
  | { name: 'discover' }
  | { name: 'app'; slug: string }
  | { name: 'settings'; slug: string }
  | { name: 'privacy' }
  | { name: 'sign-in' }
  | { name: 'sign-up' };

const SLUG = /^[a-z][a-z0-9-]{2,39}$/;

export function parseRoute(hash: string): Route {
  const [, first, second] = hash.replace(/^#/, '').split('/');
  if ((first === 'app' || first === 'settings') && second && SLUG.test(second)) return { name: first, slug: second };
  if (first === 'sign-up') return { name: 'sign-up' };
  if (first === 'sign-in') return { name: 'sign-in' };
  if (first === 'privacy') return { name: 'privacy' };
  return { name: 'discover' };
}

export function href(route: Route): string {
  return route.name === 'app' || route.name === 'settings'
    ? `#/${route.name}/${route.slug}`
    : route.name === 'discover'
      ? '#/'
      : `#/${route.name}`;
}

export function navigate(route: Route): void {
  location.hash = href(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}
