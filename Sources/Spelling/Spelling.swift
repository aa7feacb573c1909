/// Edit distance between two strings, by characters: insertions, deletions, substitutions and
/// transpositions of neighbours ("cvs" is one edit from "csv"), the optimal-string-alignment
/// variant. The one edit distance behind every "did you mean".
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}

/// The candidate closest to `word` (case-insensitive) when it is a likely typo: at most a third of
/// the word's length in edits (at least 2), or `word` is a prefix of it; nil otherwise. Words over
/// 40 characters are no misspelling of a name (and would cost quadratic time).
public func closestWord(to word: String, in candidates: [String]) -> String? {
    let lowered = word.lowercased()
    guard !lowered.isEmpty, lowered.count <= 40 else { return nil }
    var best: (candidate: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, candidate.lowercased())
        if best == nil || distance < best!.distance { best = (candidate, distance) }
    }
    guard let best else { return nil }
    if best.distance <= max(2, lowered.count / 3) { return best.candidate }
    return candidates.first { $0.lowercased().hasPrefix(lowered) }
}

/// ": did you mean 'WORD'?" for the closest candidate, or "" (the one wording of the hint).
public func didYouMean(_ word: String, _ candidates: [String]) -> String {
    closestWord(to: word, in: candidates).map { ": did you mean '\($0)'?" } ?? ""
}
