@_exported import CommandText
import Activations

/// ": did you mean 'word'?" when a candidate is close enough to `word`, otherwise "".
func didYouMean(_ word: String, _ candidates: [String]) -> String {
    closestWord(to: word, in: candidates).map { ": did you mean '\($0)'?" } ?? ""
}
