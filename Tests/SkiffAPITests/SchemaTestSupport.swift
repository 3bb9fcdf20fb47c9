import SkiffAPI

/// Parses JSON text written in a test table (a malformed table entry is a bug in the test).
func schemaJSON(_ text: String) -> JSONValue {
    do {
        return try JSONParser.parse(text)
    } catch {
        fatalError("bad JSON in test table: \(error): \(text)")
    }
}

/// A custom resource with the given `spec`.
func resource(spec: String) -> JSONValue {
    schemaJSON(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":"# + spec + "}")
}

/// A root schema whose `spec` property has the given schema.
func rootSchema(spec: String) -> StructuralSchema {
    StructuralSchema(schemaJSON(#"{"type":"object","properties":{"spec":"# + spec + "}}"))
}
