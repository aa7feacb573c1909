import LinearAlgebra

/// The end of an epoch: the validation loss, each layer's diagnostics, warnings, the history and
/// early stopping.
extension Trainer {
    func finishEpoch(diverged: String?) -> EpochMetrics {
        epoch += 1
        let batches = max(batchInEpoch, 1)
        let validation = diverged == nil ? evaluate(data.validationX, data.validationLabels, data.validationTargets) : nil
        var layers: [LayerDiagnostics] = []
        let stats = workspace.statistics
        for (l, layer) in network.layers.enumerated() {
            var dead = 0.0, saturated = 0.0
            if l < network.layers.count - 1, case let .activation(f) = layer.unit {
                if f.kind.properties.canDie, !stats.alive[l].isEmpty, stats.pairs[l] > 0 {
                    dead = Double(stats.alive[l].filter { $0 == 0 }.count) / Double(stats.alive[l].count)
                }
                if stats.pairs[l] > 0 { saturated = Double(stats.saturated[l]) / Double(stats.pairs[l]) }
            }
            layers.append(LayerDiagnostics(
                gradNorm: gradNormSums[l] / Double(batches), weightNorm: Double(layer.weights.frobeniusNorm),
                deadFraction: dead, saturatedFraction: saturated,
                preactivationMin: Double(stats.preactivationMin[l]), preactivationMax: Double(stats.preactivationMax[l]),
                zeroWeightFraction: optimizer.settings.l1 > 0 ? layer.zeroWeightFraction : nil))
        }
        var metrics = EpochMetrics(
            epoch: epoch,
            trainLoss: diverged == nil ? lossSum / Double(max(samples, 1)) : .nan,
            valLoss: validation?.loss,
            trainAccuracy: loss.isClassification && samples > 0 ? Double(correct) / Double(samples) : nil,
            valAccuracy: validation?.accuracy,
            learningRate: optimizer.settings.learningRate,
            layers: layers, diverged: diverged)
        metrics.warnings = EpochWarning.check(metrics, firstLoss: firstLoss)
        history.append(metrics)
        overview.append(metrics)
        if let v = metrics.valLoss, v < (lowestValidationLoss ?? .infinity) { lowestValidationLoss = v }
        if let limit = historyLimit, history.count >= 2 * max(limit, 1) {
            history.removeFirst(history.count - max(limit, 1))  // in place: the capacity is reused
        }
        position = 0
        batchInEpoch = 0
        if let v = validation?.loss, configuration.patience > 0 {
            // Like scikit-learn's `tol`: an improvement smaller than 1e-4 does not count.
            if v < bestValidationLoss - 1e-4 {
                bestValidationLoss = v
                bestEpoch = epoch
            } else if epoch - bestEpoch >= configuration.patience {
                status = .stoppedEarly("stopped early at epoch \(epoch): validation loss has not improved for \(configuration.patience) epochs (best \(bestValidationLoss) at epoch \(bestEpoch))")
            }
        }
        return metrics
    }

}
