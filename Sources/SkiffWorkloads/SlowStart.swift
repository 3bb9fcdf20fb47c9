/// client-go's `slowStartBatch`: do `count` operations in batches of 1, 2, 4, 8, … (each batch
/// in parallel), stopping after the first batch with a failure, so a controller that cannot
/// create pods (quota, invalid template) fails after one call instead of hundreds.
public enum SlowStart {
    /// The batch sizes for `count` operations starting at `initial`.
    public static func batches(_ count: Int, initial: Int = 1) -> [Int] {
        var sizes: [Int] = []
        var remaining = count
        var size = max(1, initial)
        while remaining > 0 {
            let batch = min(size, remaining)
            sizes.append(batch)
            remaining -= batch
            size *= 2
        }
        return sizes
    }

    /// Runs `operation` `count` times in slow-start batches (each batch concurrently through
    /// `runBatch`); returns how many succeeded. A batch with a failure ends the run.
    public static func run(
        _ count: Int, runBatch: (_ size: Int) -> Int
    ) -> Int {
        var succeeded = 0
        for size in batches(count) {
            let done = runBatch(size)
            succeeded += done
            if done < size { break }
        }
        return succeeded
    }
}
