/** A text field of a submitted form: '' when it is missing (FormData also holds files, which are never text). */
export function textField(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
