/** Where a newcomer reads on: the API in Swagger UI, and the platform's own guides (served as text). */
export function HelpLinks() {
  return (
    <footer class="help-links">
      <a href="/docs">API (Swagger UI)</a>
      <a href="/guides/architecture.md">Architecture</a>
      <a href="/guides/sdk.md">Mini-app SDK</a>
    </footer>
  );
}
