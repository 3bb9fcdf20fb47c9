/// One forward-only schema migration: a numbered SQL script applied in its own transaction.
public struct Migration: Sendable, Equatable {
    /// The schema version this migration produces; migrations run in order 1, 2, 3, ...
    public let version: Int
    /// A short snake_case name, from the file name.
    public let name: String
    /// The SQL script.
    public let sql: String

    /// Creates a migration.
    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}
