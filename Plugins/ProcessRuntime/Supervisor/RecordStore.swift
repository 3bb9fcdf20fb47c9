import Foundation
import Glibc

/// The on-disk layout of records: `<dir>/<id>.json` (atomically replaced) and the shim's `<dir>/<id>.exit`.
struct RecordStore: Sendable {
    let directory: String

    func recordPath(_ id: String) -> String { "\(directory)/\(id).json" }
    func exitFilePath(_ id: String) -> String { "\(directory)/\(id).exit" }

    /// Persists a record durably; returns an error message on failure.
    func save(_ record: ProcessRecord) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(record)
        } catch {
            return "cannot encode the record of \(record.id): \(error)"
        }
        return FileIO.writeAtomically(Array(data), to: recordPath(record.id))
    }

    /// Loads every record; unreadable files are reported and skipped, leftover temp files are deleted.
    func loadAll() -> [ProcessRecord] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var records: [ProcessRecord] = []
        let decoder = JSONDecoder()
        for name in names.sorted() {
            if name.hasSuffix(".json.tmp") {
                _ = FileIO.remove("\(directory)/\(name)")
                continue
            }
            guard name.hasSuffix(".json"), let bytes = FileIO.readBytes("\(directory)/\(name)") else { continue }
            do {
                records.append(try decoder.decode(ProcessRecord.self, from: Data(bytes)))
            } catch {
                FileIO.warn("skipping unreadable record \(directory)/\(name): \(error)")
            }
        }
        return records
    }

    /// The status the shim wrote and when it wrote it.
    func readExitFile(_ id: String) -> (code: Int32, writtenAt: Int64?)? {
        let path = exitFilePath(id)
        guard let text = FileIO.readString(path),
            let code = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return (code, FileIO.modificationTime(path))
    }

    func removeExitFiles(_ id: String) {
        _ = FileIO.remove(exitFilePath(id))
        _ = FileIO.remove(exitFilePath(id) + ".tmp")
    }

    /// Deletes the record and its exit files; returns an error message on failure.
    func delete(_ id: String) -> String? {
        if let code = FileIO.remove(recordPath(id)) {
            return "cannot remove \(recordPath(id)): \(FileIO.errorText(code))"
        }
        removeExitFiles(id)
        FileIO.syncDirectory(directory)
        return nil
    }
}
