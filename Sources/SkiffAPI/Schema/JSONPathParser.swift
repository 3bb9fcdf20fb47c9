/// Reads a ``JSONPath`` expression into steps.
struct JSONPathParser {
    private let characters: [Character]
    private var position = 0
    private var end: Int

    init(_ expression: String) {
        characters = Array(expression)
        end = characters.count
    }

    private var atEnd: Bool { position >= end }
    private var current: Character? { atEnd ? nil : characters[position] }

    private func error(_ code: JSONPathError.Code, _ message: String) -> JSONPathError {
        JSONPathError(code, offset: position, message: message)
    }

    private mutating func skipSpaces() {
        while let character = current, character.isWhitespace { position += 1 }
    }

    private mutating func expect(_ character: Character) throws(JSONPathError) {
        guard let found = current else { throw error(.unexpectedEnd, "expected \"\(character)\", found the end") }
        guard found == character else {
            throw error(.unexpectedCharacter, "expected \"\(character)\", found \"\(found)\"")
        }
        position += 1
    }

    /// The whole expression: optional braces and `$`, then steps. A bare first name
    /// (`spec.replicas`) is read as `.spec.replicas`.
    mutating func parseExpression() throws(JSONPathError) -> [JSONPath.Step] {
        skipSpaces()
        while end > position, characters[end - 1].isWhitespace { end -= 1 }
        if atEnd { throw error(.empty, "empty expression") }
        if current == "{" {
            guard characters[end - 1] == "}", end - position >= 2 else {
                throw JSONPathError(.unbalancedBraces, offset: end, message: "missing closing \"}\"")
            }
            position += 1
            end -= 1
            skipSpaces()
            while end > position, characters[end - 1].isWhitespace { end -= 1 }
            if atEnd { throw error(.empty, "empty expression") }
        } else if characters[end - 1] == "}" {
            throw JSONPathError(.unbalancedBraces, offset: end - 1, message: "unexpected \"}\"")
        }
        if current == "$" { position += 1 }
        var steps: [JSONPath.Step] = []
        if let first = current, first != ".", first != "[" {
            steps.append(.member(try parseName(inFilter: false)))
        }
        while !atEnd { steps.append(try parseStep(inFilter: false)) }
        return steps
    }

    private mutating func parseStep(inFilter: Bool) throws(JSONPathError) -> JSONPath.Step {
        guard let character = current else { throw error(.unexpectedEnd, "unexpected end of expression") }
        switch character {
        case ".":
            position += 1
            if current == "." {
                position += 1
                return .recursive(try parseStepBody(inFilter: inFilter))
            }
            return try parseStepBody(inFilter: inFilter)
        case "[":
            return try parseBracket()
        default:
            throw error(.unexpectedCharacter, "unexpected \"\(character)\"")
        }
    }

    /// What follows a dot: `*`, a name, or a bracket.
    private mutating func parseStepBody(inFilter: Bool) throws(JSONPathError) -> JSONPath.Step {
        switch current {
        case nil: throw error(.unexpectedEnd, "unexpected end of expression after \".\"")
        case "*":
            position += 1
            return .wildcard
        case "[": return try parseBracket()
        default: return .member(try parseName(inFilter: inFilter))
        }
    }

    private mutating func parseName(inFilter: Bool) throws(JSONPathError) -> String {
        let start = position
        while let character = current {
            if character == "." || character == "[" || character == "]" || character.isWhitespace { break }
            if inFilter, "()=!<>".contains(character) { break }
            position += 1
        }
        guard position > start else {
            if let character = current { throw error(.unexpectedCharacter, "unexpected \"\(character)\"") }
            throw error(.unexpectedEnd, "unexpected end of expression")
        }
        return String(characters[start..<position])
    }

    private mutating func parseBracket() throws(JSONPathError) -> JSONPath.Step {
        try expect("[")
        skipSpaces()
        let step: JSONPath.Step
        switch current {
        case nil:
            throw error(.unexpectedEnd, "unexpected end of expression inside \"[\"")
        case "*":
            position += 1
            step = .wildcard
        case "'", "\"":
            step = .member(try parseQuoted())
        case "?":
            position += 1
            try expect("(")
            step = .filter(try parseFilter())
            try expect(")")
        default:
            step = try parseIndexOrSlice()
        }
        skipSpaces()
        try expect("]")
        return step
    }

    private mutating func parseQuoted() throws(JSONPathError) -> String {
        guard let quote = current else { throw error(.unexpectedEnd, "expected a quote") }
        let start = position
        position += 1
        var text = ""
        while let character = current {
            position += 1
            if character == quote { return text }
            if character == "\\", let escaped = current {
                position += 1
                text.append(escaped)
            } else {
                text.append(character)
            }
        }
        throw JSONPathError(.unterminatedString, offset: start, message: "unterminated quoted string")
    }

    private mutating func parseIndexOrSlice() throws(JSONPathError) -> JSONPath.Step {
        let start = position
        while let character = current, character != "]" { position += 1 }
        let content = String(characters[start..<position]).filter { !$0.isWhitespace }
        let parts = content.split(separator: ":", omittingEmptySubsequences: false)
        func bound(_ text: Substring) throws(JSONPathError) -> Int? {
            if text.isEmpty { return nil }
            guard let value = Int(text) else {
                throw JSONPathError(.invalidIndex, offset: start, message: "invalid array index \"\(content)\"")
            }
            return value
        }
        switch parts.count {
        case 1:
            guard let index = try bound(parts[0]) else {
                throw JSONPathError(.invalidIndex, offset: start, message: "empty array index")
            }
            return .index(index)
        case 2:
            return .slice(try bound(parts[0]), try bound(parts[1]))
        default:
            throw JSONPathError(.invalidIndex, offset: start, message: "invalid array index \"\(content)\"")
        }
    }

    private mutating func parseFilter() throws(JSONPathError) -> JSONPath.Filter {
        skipSpaces()
        let left = try parseOperand()
        skipSpaces()
        if current == ")" { return JSONPath.Filter(left: left, comparison: nil, right: nil) }
        let comparison = try parseComparison()
        skipSpaces()
        let right = try parseOperand()
        skipSpaces()
        return JSONPath.Filter(left: left, comparison: comparison, right: right)
    }

    private mutating func parseComparison() throws(JSONPathError) -> JSONPath.Comparison {
        for comparison in [JSONPath.Comparison.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater] {
            let symbol = Array(comparison.rawValue)
            if position + symbol.count <= end, Array(characters[position..<(position + symbol.count)]) == symbol {
                position += symbol.count
                return comparison
            }
        }
        throw error(.invalidFilter, "expected a comparison (==, !=, <, <=, >, >=) or \")\"")
    }

    private mutating func parseOperand() throws(JSONPathError) -> JSONPath.Operand {
        guard let character = current else { throw error(.unexpectedEnd, "unexpected end of filter") }
        if character == "@" {
            position += 1
            var steps: [JSONPath.Step] = []
            while current == "." || current == "[" { steps.append(try parseStep(inFilter: true)) }
            return .path(steps)
        }
        if character == "'" || character == "\"" { return .literal(.string(try parseQuoted())) }
        let start = position
        while let next = current, next.isLetter || next.isNumber || "-+.".contains(next) { position += 1 }
        let word = String(characters[start..<position])
        switch word {
        case "true": return .literal(true)
        case "false": return .literal(false)
        case "null": return .literal(.null)
        default:
            if let integer = Int64(word) { return .literal(.int(integer)) }
            if let double = Double(word), double.isFinite { return .literal(.double(double)) }
            position = start
            throw error(.invalidFilter, "expected @, a string, a number, true, false or null in the filter")
        }
    }
}
