import Testing

@testable import SkiffHistory

@Suite("TextTable")
struct TextTableTests {
    static let header = ["REVISION", "TIME", "OPERATION", "CHANGES"]
    static let rows = [
        ["41", "5m ago", "created", "created"],
        ["57", "2m ago", "updated", "spec.replicas: 3 → 5, metadata.labels.app: added, +2 more"],
        ["63", "12s ago", "deleted", "deleted"],
    ]

    @Test func padsColumnsAndCutsTheLastToEightyColumns() {
        let output = TextTable(header: Self.header, rows: Self.rows).render()
        #expect(
            output == """
                REVISION   TIME      OPERATION   CHANGES
                41         5m ago    created     created
                57         2m ago    updated     spec.replicas: 3 → 5, metadata.labels.app: add…
                63         12s ago   deleted     deleted

                """)
        #expect(output.split(separator: "\n").map(\.count) == [40, 40, 80, 40])
    }

    @Test func keepsLongLinesWithoutAWidth() {
        var table = TextTable(header: Self.header, width: nil)
        for row in Self.rows { table.append(row) }
        #expect(
            table.render().split(separator: "\n")[2]
                == "57         2m ago    updated     spec.replicas: 3 → 5, metadata.labels.app: added, +2 more")
    }

    @Test(arguments: [
        (30, "57         2m ago    updated     …"),
        (35, "57         2m ago    updated     s…"),
        (40, "57         2m ago    updated     spec.r…"),
    ])
    func cutsToOtherWidths(_ width: Int, _ expected: String) {
        let lines = TextTable(header: Self.header, rows: Self.rows, width: width).render().split(separator: "\n")
        #expect(lines[2] == expected)
    }

    @Test func padsShortRowsAndFlattensCells() {
        let table = TextTable(
            header: ["NAME", "VALUE"], rows: [["x"], ["multi\nline", "tab\there"], ["a", "b", "dropped"], ["", ""]])
        #expect(
            table.render() == """
                NAME         VALUE
                x
                multi line   tab here
                a            b


                """)
    }

    @Test func rendersNothingWithoutColumns() {
        #expect(TextTable(header: []).render() == "")
        #expect(TextTable(header: ["ONLY"]).render() == "ONLY\n")
    }
}
