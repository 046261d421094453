/// A model file that is missing, malformed or does not fit the model it claims to be.
/// The message names the file and, where there is one, the field or tensor at fault.
public struct ModelFileError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    public var description: String { "\(file): \(problem)" }
}
