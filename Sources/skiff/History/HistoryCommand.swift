import ArgumentParser
import Foundation
import SkiffAPI
import SkiffHistory
import SkiffStore

extension Skiff {
    /// `skiff history OBJECT`: the timeline of one object inside the history window.
    struct HistoryCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "history",
            abstract: "Show every change of one object inside the history window.",
            discussion: """
                OBJECT is a key (/registry/pods/default/web-1) or what you type to kubectl: \
                pods/default/web-1, deploy/default/web, nodes/n1.
                """)

        @Argument(help: "The object.")
        var object: String

        @OptionGroup var options: HistoryOptions

        @Flag(help: "Show who made each change, from the server's audit log.")
        var who = false

        func run() throws {
            try reportingFailures {
                let target = try options.target(object)
                guard case .key(let key) = target else {
                    throw CLIError("\(object) names several objects; history takes one (e.g. pods/default/web-1)")
                }
                let history = try options.open()
                let timeline = try history.timeline(key)
                let writers = who ? AuditRecord.writers(try options.auditRecords(key, source: history)) : [:]
                let now = Date()
                switch options.format {
                case .table:
                    var header = ["REVISION", "TIME", "OPERATION", "VERSION"]
                    if who { header.append("WHO") }
                    var table = TextTable(header: header + ["CHANGES"])
                    for entry in timeline {
                        var row = [
                            String(entry.revision), TimeSpec.relative(entry.time, now: now), entry.operation,
                            String(entry.version),
                        ]
                        if who { row.append(writers[entry.revision]?.user ?? "-") }
                        table.append(row + [entry.summary])
                    }
                    emit(table.render())
                case let format:
                    var document = History.timelineJSON(key: key, timeline)
                    if who, let changes = document["changes"]?.arrayValue {
                        document["changes"] = .array(
                            changes.map { change in
                                var change = change
                                if let revision = change["revision"]?.intValue, let writer = writers[revision] {
                                    change["user"] = .string(writer.user)
                                    change["groups"] = .array(writer.groups.map { .string($0) })
                                }
                                return change
                            })
                    }
                    emit(format.render(document) ?? "")
                }
            }
        }
    }

    /// `skiff get OBJECT --rev N | --at TIME`: an object, or everything under a prefix, as it was.
    struct GetCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "get",
            abstract: "Show an object (or all objects under a prefix) as it was at a revision or time.")

        @Argument(help: "The object or prefix (pods/default/web-1, pods/default/, /registry/nodes/).")
        var object: String

        @Option(help: "The revision.")
        var rev: Int64?

        @Option(help: "A time: 2m (two minutes ago), 1h30m, or RFC 3339.")
        var at: String?

        @OptionGroup var options: HistoryOptions

        func validate() throws {
            if (rev == nil) == (at == nil) { throw ValidationError("give exactly one of --rev and --at") }
            if let rev, rev < 1 { throw ValidationError("--rev must be a revision, 1 or more, not \(rev)") }
        }

        func run() throws {
            try reportingFailures {
                let target = try options.target(object)
                let history = try options.open()
                let revision = try rev ?? history.revision(at: try parseTime(at ?? ""))
                let objects = try history.objects(target, at: revision)
                if case .key(let key) = target, objects.isEmpty {
                    throw CLIError("\(key) did not exist at revision \(revision)")
                }
                switch options.format {
                case .table:
                    var table = TextTable(header: ["KEY", "CREATED", "MODIFIED", "VERSION", "SIZE"])
                    for object in objects {
                        table.append([
                            object.key, String(object.createRevision), String(object.modRevision),
                            String(object.version), FieldChanges.formatSize(object.size),
                        ])
                    }
                    emit("revision \(revision)\n" + table.render())
                case let format:
                    let values = objects.map(\.value)
                    if case .key = target, let value = values.first {
                        emit(format.render(value) ?? "")
                    } else {
                        emit(format.render(["revision": .int(revision), "items": .array(values)]) ?? "")
                    }
                }
            }
        }
    }

    /// `skiff diff OBJECT REV1 [REV2]`: a unified diff of the object's JSON between two revisions.
    struct DiffCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff", abstract: "Diff an object between two revisions (the second defaults to now).")

        @Argument(help: "The object.")
        var object: String

        @Argument(help: "The first revision.")
        var from: Int64

        @Argument(help: "The second revision (default: the current one).")
        var to: Int64?

        @OptionGroup var options: HistoryOptions

        func validate() throws {
            for revision in [from] + (to.map { [$0] } ?? []) where revision < 1 {
                throw ValidationError("revisions are 1 or more, not \(revision)")
            }
        }

        func run() throws {
            try reportingFailures {
                guard case .key(let key) = try options.target(object) else {
                    throw CLIError("diff takes one object, not a prefix")
                }
                let history = try options.open()
                let second = try to ?? history.currentRevision
                func value(at revision: Int64) throws -> JSONValue? {
                    try history.objects(.key(key), at: revision).first?.value
                }
                let old = try value(at: from)
                let new = try value(at: second)
                if old == nil, new == nil {
                    throw CLIError("\(key) existed at neither revision \(from) nor \(second)")
                }
                switch options.format {
                case .table:
                    let diff = UnifiedDiff(
                        oldLabel: "\(key)@\(from)", newLabel: "\(key)@\(second)", colored: options.colored)
                    emit(
                        diff.render(
                            old: old.map { $0.prettyPrinted() + "\n" } ?? "",
                            new: new.map { $0.prettyPrinted() + "\n" } ?? ""))
                case let format:
                    let changes = FieldChanges(old: old, new: new).changes.map(\.json)
                    emit(
                        format.render([
                            "key": .string(key), "from": .int(from), "to": .int(second), "changes": .array(changes),
                        ]) ?? "")
                }
            }
        }
    }
}
