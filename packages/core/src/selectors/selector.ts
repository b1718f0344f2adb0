/**
 * A label or field selector: the server's string form (`app=web,tier!=db`), sent as it is, or
 * equality pairs (`{ app: 'web' }`), written as the server reads them (see `labelSelectorString`,
 * `fieldSelectorString`).
 */
export type Selector = string | Readonly<Record<string, string>>;
