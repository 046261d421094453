import Foundation
import HeardML

public enum VectorPath: String, Sendable, CaseIterable {
    case transformer, `static`, none

    public func loadEncoder(modelDir: String? = nil, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                            tokensPerBatch: Int = 1024) throws -> (any SentenceEncoder)? {
        switch self {
        case .none: return nil
        case .transformer: return try EncoderModel.load(folder: modelDir, tokensPerBatch: tokensPerBatch, workers: workers)
        case .static: throw EncoderModel.MissingModel(description: "static path arrives with the vec-themes merge")
        }
    }
}
