import Foundation
@testable import heard
@testable import HeardEngine
@testable import HeardML
import HeardText
import Testing

@Suite struct VectorSentimentTests {
    /// Three well-separated clouds in 4 dimensions, one per class, with seeded noise.
    static func clouds(perClass: Int, seed: UInt64) -> (EmbeddingMatrix, [Int]) {
        var generator = SplitMix(seed: seed)
        let centres: [[Float]] = [[2, 0, 0, 1], [0, 2, 0, -1], [0, 0, 2, 0]]
        var rows = EmbeddingMatrix(dimensions: 4)
        var labels: [Int] = []
        for index in 0..<(3 * perClass) {
            let label = index % 3
            rows.append(centres[label].map { $0 + Float(Int(generator.next() % 1000) - 500) / 1000 })
            labels.append(label)
        }
        return (rows, labels)
    }

    @Test func separableDataIsLearnedCompletely() {
        let (rows, labels) = Self.clouds(perClass: 40, seed: 3)
        let model = SoftmaxRegressionTrainer().train(features: rows, labels: labels, classCount: 3)
        let predicted = (0..<rows.count).map { row -> Int in
            let logits = model.logits(rows[row])
            return logits.indices.max { logits[$0] < logits[$1] }!
        }
        #expect(predicted == labels)
        let probabilities = model.probabilities(rows[0])
        #expect(abs(probabilities.reduce(0, +) - 1) < 1e-5)
    }

    @Test func trainingIsDeterministicForASeed() {
        let (rows, labels) = Self.clouds(perClass: 20, seed: 5)
        var trainer = SoftmaxRegressionTrainer()
        trainer.epochs = 5
        let first = trainer.train(features: rows, labels: labels, classCount: 3)
        let second = trainer.train(features: rows, labels: labels, classCount: 3)
        #expect(first == second)
        trainer.seed = 8
        #expect(trainer.train(features: rows, labels: labels, classCount: 3) != first)
    }

    /// With an L2 penalty the objective has one minimum, where its full-batch gradient is zero;
    /// the decaying step must end there rather than wander around it (at a constant step the
    /// largest component stays near 5e-3 on data like this).
    @Test func trainingEndsAtTheRegularisedOptimum() {
        let (rows, labels) = Self.clouds(perClass: 30, seed: 11)
        var trainer = SoftmaxRegressionTrainer()
        trainer.l2 = 0.05
        trainer.batchSize = 8
        trainer.epochs = 100
        trainer.learningRate = 0.05
        let model = trainer.train(features: rows, labels: labels, classCount: 3)
        var gradient = [Double](repeating: 0, count: 3 * 4 + 3)
        for row in 0..<rows.count {
            let input = rows[row].enumerated().map { Double(($0.element - model.mean[$0.offset]) * model.inverseSpread[$0.offset]) }
            let probabilities = model.probabilities(rows[row])
            for label in 0..<3 {
                let error = Double(probabilities[label]) - (label == labels[row] ? 1 : 0)
                for index in 0..<4 { gradient[label * 4 + index] += error * input[index] / Double(rows.count) }
                gradient[12 + label] += error / Double(rows.count)
            }
        }
        for index in 0..<12 { gradient[index] += Double(trainer.l2 * model.weights[index]) }
        #expect(gradient.allSatisfy { abs($0) < 2e-3 }, "gradient at the trained weights: \(gradient)")
    }

    /// Logits that say nothing: the best offsets are the log class frequencies (1 : 2 : 5), centred.
    @Test func classOffsetsByHand() {
        let labels = [0] + [1, 1] + [2, 2, 2, 2, 2]
        let offsets = SoftmaxRegression.classOffsets(logits: Array(repeating: [0, 0, 0], count: labels.count), labels: labels)
        let expected = [log(1.0), log(2.0), log(5.0)]
        let centre = expected.reduce(0, +) / 3
        for index in 0..<3 { #expect(abs(Double(offsets[index]) - (expected[index] - centre)) < 1e-3) }
        // Logits that already fit the frequencies need no offsets.
        let fitted = Array(repeating: expected.map { Float($0) }, count: labels.count)
        #expect(SoftmaxRegression.classOffsets(logits: fitted, labels: labels).allSatisfy { abs($0) < 1e-3 })
    }

    @Test func standardisationByHand() {
        let rows = EmbeddingMatrix(dimensions: 2, values: [1, 5, 3, 5])
        let (mean, inverseSpread) = SoftmaxRegressionTrainer.standardisation(rows)
        #expect(mean == [2, 5])
        #expect(abs(inverseSpread[0] - 1) < 1e-6)   // values 1 and 3: spread 1
        #expect(inverseSpread[1] == 1)               // constant input is left unscaled
    }

    @Test func modelFileRoundTrips() throws {
        let (rows, labels) = Self.clouds(perClass: 10, seed: 9)
        let regression = SoftmaxRegressionTrainer().train(features: rows, labels: labels, classCount: 3)
        let model = VectorSentimentModel(name: "tiny", version: "1", provenance: ["made in a test"], encoder: "toy@1",
                                         lexicalModel: nil, regression: regression)
        let text = VectorSentimentModelFile.write(model)
        #expect(VectorSentimentModelFile.isVectorModel(text))
        let read = try VectorSentimentModelFile.read(text)
        #expect(read.identifier == "tiny@1" && read.encoder == "toy@1" && read.lexicalModel == nil && read.provenance == ["made in a test"])
        for row in 0..<rows.count {
            let before = model.score(features: EmbeddingMatrix(dimensions: 4, values: Array(rows[row])))[0]
            let after = read.score(features: EmbeddingMatrix(dimensions: 4, values: Array(rows[row])))[0]
            #expect(before.label == after.label)
            #expect(abs(before.score - after.score) < 1e-3)
        }
        let broken = text.replacingOccurrences(of: "inputs\t4", with: "inputs\t5")
        #expect(throws: SentimentModelFile.FormatError.self) { try VectorSentimentModelFile.read(broken) }
    }

    @Test func summedModelsAddTheLexicalScoresToTheLogits() throws {
        // A regression that knows nothing (all zeros) over 2 vector dimensions: the lexical scores decide.
        let regression = SoftmaxRegression(inputCount: 2, classCount: 3, mean: [0, 0], inverseSpread: [1, 1],
                                           weights: Array(repeating: 0, count: 6), bias: [0, 0, 0])
        let model = VectorSentimentModel(name: "s", version: "1", provenance: [], encoder: "toy", lexicalModel: "default@1",
                                         combination: .summed, regression: regression)
        #expect(model.vectorDimensions == 2)
        let features = EmbeddingMatrix(dimensions: 5, values: [0.3, -0.2, log(0.1), log(0.2), log(0.7)])
        let score = model.score(features: features)[0]
        #expect(score.label == .positive)
        #expect(abs(score.probabilities[2] - 0.7) < 1e-5)
        let read = try VectorSentimentModelFile.read(VectorSentimentModelFile.write(model))
        #expect(read.combination == .summed && read.vectorDimensions == 2)
    }

    @Test func aModelRefusesVectorsFromAnotherEncoder() throws {
        let regression = SoftmaxRegression(inputCount: 7, classCount: 3, mean: Array(repeating: 0, count: 7),
                                           inverseSpread: Array(repeating: 1, count: 7), weights: Array(repeating: 0, count: 21), bias: [0, 0, 0])
        let model = VectorSentimentModel(name: "m", version: "1", provenance: [], encoder: "all-MiniLM-L6-v2@abc",
                                         lexicalModel: "default@1", regression: regression)
        #expect(model.vectorDimensions == 4)
        #expect(throws: VectorSentimentModel.Mismatch.self) { try model.check(encoder: "static256-x", dimensions: 4, lexical: nil) }
        // The same encoder family with another weights fingerprint is accepted, but not without its lexical model.
        #expect(throws: VectorSentimentModel.Mismatch.self) { try model.check(encoder: "all-MiniLM-L6-v2@def", dimensions: 4, lexical: nil) }
    }

    @Test func vectorTrainingAndCrossValidationOnATinyEncoder() throws {
        let encoder = WordHashEncoder(dimensions: 16)
        let good = ["great service", "lovely staff", "great app", "lovely and great"]
        let bad = ["awful delay", "terrible refund", "awful app", "terrible and awful"]
        let plain = ["the parcel", "a ticket", "the card", "a parcel ticket"]
        var examples: [SentimentExample] = []
        for round in 0..<5 {
            for text in good { examples.append(SentimentExample(text: text + " \(round)", label: .positive)) }
            for text in bad { examples.append(SentimentExample(text: text + " \(round)", label: .negative)) }
            for text in plain { examples.append(SentimentExample(text: text + " \(round)", label: .neutral)) }
        }
        let training = VectorSentimentTraining(encoder: encoder, lexical: nil)
        let model = training.train(examples, name: "t", version: "1", provenance: [])
        let (report, _) = training.evaluate(model, on: examples)
        #expect(report.accuracy == 1)
        #expect(training.crossValidate(examples, folds: 5).accuracy > 0.9)
        #expect(SentimentEvaluation.foldAssignment(count: 10, folds: 5) == SentimentEvaluation.foldAssignment(count: 10, folds: 5))
    }

    /// Handles and links say who was addressed, not how the writer feels: training and scoring
    /// both embed the text without them, so "@united" or a URL cannot move the vector.
    @Test func handlesAndLinksAreLeftOutOfTheVectors() throws {
        let encoder = WordHashEncoder(dimensions: 16)
        let training = VectorSentimentTraining(encoder: encoder, lexical: nil)
        #expect(training.encoder.identifier == "word-hash16+content")
        let pairs = [("@united the flight was great https://t.co/x", "the flight was great"),
                     ("www.example.com awful refund @help_desk", "awful refund")]
        for (raw, content) in pairs {
            #expect(ContentTextEncoder.content(raw) == content)
            #expect(training.encoder.embed([raw]) == encoder.embed([content]))
        }
        // Wrapping twice strips once and keeps one suffix.
        #expect(ContentTextEncoder(training.encoder).identifier == "word-hash16+content")
        let regression = SoftmaxRegression(inputCount: 16, classCount: 3, mean: Array(repeating: 0, count: 16),
                                           inverseSpread: Array(repeating: 1, count: 16), weights: Array(repeating: 0, count: 48), bias: [0, 0, 0])
        let model = VectorSentimentModel(name: "m", version: "1", provenance: [], encoder: training.encoder.identifier,
                                         lexicalModel: nil, regression: regression)
        let scorer = try VectorSentimentScorer(encoder: encoder, model: model, lexical: try DefaultModels.sentiment())
        #expect(scorer.encoder.embed(["@a @b fine"]) == encoder.embed(["fine"]))
    }

    @Test func evalAndTrainOptionsParse() throws {
        let eval = try EvalSentimentCommand.parse(["--data", "x.csv", "--vectors", "static", "--cv", "5", "--label", "l"])
        #expect(try eval.vectors.path() == .static)
        #expect(eval.cv == 5)
        let plain = try EvalSentimentCommand.parse(["--data", "x.csv"])
        #expect(try plain.vectors.path() == VectorPath.none)
        let wrong = try EvalSentimentCommand.parse(["--data", "x.csv", "--vectors", "bert"])
        #expect(throws: (any Error).self) { try wrong.vectors.path() }
        let train = try TrainSentimentCommand.parse(["--data", "x.csv", "--out", "m.tsv", "--vectors", "transformer", "--no-lexical-scores"])
        #expect(try train.vectors.path() == .transformer)
        #expect(train.lexicalScores == false)
    }
}

/// A tiny random-weight sentence encoder for tests: each word gets a seeded random vector (from
/// a hash of the word), a text is the normalised mean of its words.
struct WordHashEncoder: SentenceEncoder {
    let dimensions: Int
    var identifier: String { "word-hash\(dimensions)" }

    func embed(_ texts: [String]) -> EmbeddingMatrix {
        var output = EmbeddingMatrix(dimensions: dimensions)
        for text in texts {
            var sum = [Float](repeating: 0, count: dimensions)
            for word in text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }) {
                var hash: UInt64 = 1_469_598_103_934_665_603
                for byte in word.utf8 { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
                var generator = SplitMix(seed: hash)
                for index in 0..<dimensions { sum[index] += Float(Int(generator.next() % 2001) - 1000) / 1000 }
            }
            let norm = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
            output.append(norm > 0 ? sum.map { $0 / norm } : sum)
        }
        return output
    }
}
