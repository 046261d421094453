/// Vectors of one length stored row after row in one array: row i is vector i.
public struct EmbeddingMatrix: Sendable, Equatable {
    public let dimensions: Int
    public private(set) var values: [Float]

    public init(dimensions: Int, values: [Float] = []) {
        precondition(dimensions > 0 && values.count % dimensions == 0, "values do not fill whole rows")
        self.dimensions = dimensions
        self.values = values
    }

    public init(dimensions: Int, zeroRows count: Int) {
        self.init(dimensions: dimensions, values: [Float](repeating: 0, count: dimensions * count))
    }

    public var count: Int { values.count / dimensions }

    public subscript(row: Int) -> ArraySlice<Float> {
        get { values[row * dimensions ..< (row + 1) * dimensions] }
        set {
            precondition(newValue.count == dimensions, "row has \(newValue.count) values, expected \(dimensions)")
            values.replaceSubrange(row * dimensions ..< (row + 1) * dimensions, with: newValue)
        }
    }

    public mutating func append<Row: Collection<Float>>(_ row: Row) {
        precondition(row.count == dimensions, "row has \(row.count) values, expected \(dimensions)")
        values.append(contentsOf: row)
    }

    public func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try values.withUnsafeBufferPointer(body)
    }

    public mutating func withUnsafeMutableBufferPointer<Result>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> Result) rethrows -> Result {
        try values.withUnsafeMutableBufferPointer(body)
    }
}
