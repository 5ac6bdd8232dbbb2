export abstract class CommonPasswords {
  abstract includes(lowercasePassword: string): boolean;
}
