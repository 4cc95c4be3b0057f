/** DI tokens for values that are not classes; typed at the injection site through these types. */
export const CONFIG = Symbol('Config');
export const MODELS = Symbol('Models');
export const DB_CONNECTION = Symbol('DbConnection');
