export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /** Verifies against the stored hash; with no hash it still does the same work and answers false (no timing oracle). */
  abstract verify(hash: string | null, password: string): Promise<boolean>;
}
