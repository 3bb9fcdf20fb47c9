import SkiffPluginKit

/// kube's `helper.DefaultNormalizeScore`: scales scores to 0...100 by the largest, optionally reversed.
enum ScoreNormalizer {
    static let maxNodeScore: Int64 = 100

    static func defaultNormalize(_ scores: UnsafeMutableBufferPointer<Int64>, reverse: Bool) {
        var maxCount: Int64 = 0
        for score in scores where score > maxCount { maxCount = score }
        if maxCount == 0 {
            if reverse { for index in scores.indices { scores[index] = maxNodeScore } }
            return
        }
        for index in scores.indices {
            var score = maxNodeScore * scores[index] / maxCount
            if reverse { score = maxNodeScore - score }
            scores[index] = score
        }
    }
}
