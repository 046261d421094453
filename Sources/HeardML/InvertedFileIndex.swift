import Foundation

/// Nearest-neighbour search over unit vectors by cosine, fast at millions of rows: vectors are
/// grouped into lists around k-means centroids (an inverted file, IVF), a query scans only the
/// `probes` lists whose centroids are closest, and each vector is stored as int8 codes with one
/// scale (a quarter of float32's memory; the score error is about 1e-3). The best candidates can
/// then be re-ranked with exact vectors by the caller.
///
/// New vectors join the list of their nearest centroid (`add`), so the index grows without
/// being rebuilt; the centroids are refitted only by `build`.
public struct InvertedFileIndex: Sendable {
    public let dimensions: Int
    public private(set) var centroids: EmbeddingMatrix
    private var lists: [List]

    struct List: Sendable {
        var ids: [Int64] = []
        var scales: [Float] = []
        var codes: [Int8] = []
    }

    public var count: Int { lists.reduce(0) { $0 + $1.ids.count } }
    public var listCount: Int { lists.count }

    /// About √n lists (so a list holds about √n vectors), between 1 and 4,096.
    public static func suggestedListCount(for count: Int) -> Int {
        min(4096, max(1, Int(Double(count).squareRoot().rounded())))
    }

    /// Fits the centroids on a seeded sample of at most `sampleSize` rows, then files every row.
    public static func build(vectors: EmbeddingMatrix, ids: [Int64], listCount: Int? = nil, sampleSize: Int = 50_000,
                             seed: UInt64 = 1) -> InvertedFileIndex {
        precondition(vectors.count == ids.count, "one id per vector")
        var sample = vectors
        if vectors.count > sampleSize {
            var generator = SplitMix(seed: seed)
            var picked = Array(0..<vectors.count)
            picked.shuffle(using: &generator)
            sample = EmbeddingMatrix(dimensions: vectors.dimensions)
            for row in picked.prefix(sampleSize).sorted() { sample.append(vectors[row]) }
        }
        var index = InvertedFileIndex(fittedOn: sample, listCount: listCount ?? suggestedListCount(for: vectors.count), seed: seed)
        index.add(vectors: vectors, ids: ids)
        return index
    }

    /// An empty index whose centroids are fitted on `sample` (for adding rows a page at a time).
    public init(fittedOn sample: EmbeddingMatrix, listCount: Int, seed: UInt64 = 1) {
        dimensions = sample.dimensions
        guard sample.count > 0 else {
            centroids = EmbeddingMatrix(dimensions: sample.dimensions)
            lists = []
            return
        }
        // One start and few iterations: the lists only need to be compact, not the best clustering.
        centroids = SphericalKMeans(sample, k: min(max(1, listCount), sample.count), seed: seed, restarts: 1, iterations: 8).centroids
        lists = Array(repeating: List(), count: centroids.count)
    }

    init(dimensions: Int, centroids: EmbeddingMatrix, lists: [List]) {
        self.dimensions = dimensions
        self.centroids = centroids
        self.lists = lists
    }

    /// Files each vector under its nearest centroid.
    public mutating func add(vectors: EmbeddingMatrix, ids: [Int64]) {
        precondition(vectors.count == ids.count && vectors.dimensions == dimensions, "one id per vector, of the index's length")
        guard vectors.count > 0, centroids.count > 0 else { return }
        let nearest = SphericalKMeans.nearest(vectors, centroids)
        for row in 0..<vectors.count {
            let (scale, codes) = Self.quantise(vectors[row])
            let list = nearest[row].index
            lists[list].ids.append(ids[row])
            lists[list].scales.append(scale)
            lists[list].codes.append(contentsOf: codes)
        }
    }

    static func quantise(_ vector: ArraySlice<Float>) -> (Float, [Int8]) {
        let largest = vector.reduce(Float(0)) { max($0, abs($1)) }
        guard largest > 0 else { return (0, [Int8](repeating: 0, count: vector.count)) }
        let scale = largest / 127
        return (scale, vector.map { Int8(($0 / scale).rounded()) })
    }

    public struct Hit: Sendable, Equatable {
        public var id: Int64
        public var score: Float

        public init(id: Int64, score: Float) {
            self.id = id
            self.score = score
        }
    }

    /// The `limit` best ids by approximate cosine among the `probes` closest lists, best first.
    public func search(_ query: [Float], limit: Int, probes: Int) -> [Hit] {
        precondition(query.count == dimensions, "query has \(query.count) values, the index \(dimensions)")
        guard limit > 0, !lists.isEmpty else { return [] }
        var listScores: [(list: Int, score: Float)] = []
        listScores.reserveCapacity(centroids.count)
        query.withUnsafeBufferPointer { q in
            centroids.withUnsafeBufferPointer { c in
                for list in 0..<centroids.count {
                    listScores.append((list, Self.dot(q.baseAddress!, c.baseAddress! + list * dimensions, dimensions)))
                }
            }
        }
        listScores.sort { $0.score > $1.score || ($0.score == $1.score && $0.list < $1.list) }
        var best = TopHits(limit: limit)
        query.withUnsafeBufferPointer { q in
            for (list, _) in listScores.prefix(max(1, probes)) {
                let members = lists[list]
                members.codes.withUnsafeBufferPointer { codes in
                    for member in 0..<members.ids.count {
                        let score = members.scales[member] * Self.dot(q.baseAddress!, codes.baseAddress! + member * dimensions, dimensions)
                        best.offer(Hit(id: members.ids[member], score: score))
                    }
                }
            }
        }
        return best.sorted()
    }

    /// The exact `limit` best rows of `vectors` by dot product, best first (the reference that
    /// recall is measured against).
    public static func exactSearch(_ query: [Float], vectors: EmbeddingMatrix, ids: [Int64], limit: Int) -> [Hit] {
        precondition(query.count == vectors.dimensions && ids.count == vectors.count, "query and vectors differ in length")
        var best = TopHits(limit: limit)
        query.withUnsafeBufferPointer { q in
            vectors.withUnsafeBufferPointer { v in
                for row in 0..<vectors.count {
                    best.offer(Hit(id: ids[row], score: dot(q.baseAddress!, v.baseAddress! + row * vectors.dimensions, vectors.dimensions)))
                }
            }
        }
        return best.sorted()
    }

    /// The dot product of two float vectors (the cosine, for unit vectors).
    @inline(__always)
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var sum = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            sum.addProduct(UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self),
                           UnsafeRawPointer(b + index).loadUnaligned(as: SIMD8<Float>.self))
            index += 8
        }
        var total = sum.sum()
        while index < count { total += a[index] * b[index]; index += 1 }
        return total
    }

    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ codes: UnsafePointer<Int8>, _ count: Int) -> Float {
        var sum = SIMD8<Float>()
        var index = 0
        while index + 8 <= count {
            let code = UnsafeRawPointer(codes + index).loadUnaligned(as: SIMD8<Int8>.self)
            sum.addProduct(UnsafeRawPointer(a + index).loadUnaligned(as: SIMD8<Float>.self), SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: code)))
            index += 8
        }
        var total = sum.sum()
        while index < count { total += a[index] * Float(codes[index]); index += 1 }
        return total
    }
}

extension InvertedFileIndex {
    static let magic = Array("HEARDIVF1".utf8)

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// The index as bytes: magic, dimensions, list count, centroids (float32), then per list its
    /// size, ids, scales and codes; all little-endian.
    public func serialized() -> Data {
        var data = Data(Self.magic)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        func append<T>(_ array: [T]) { array.withUnsafeBytes { data.append(contentsOf: $0) } }
        append(Int64(dimensions))
        append(Int64(lists.count))
        append(centroids.values)
        for list in lists {
            append(Int64(list.ids.count))
            append(list.ids)
            append(list.scales)
            append(list.codes)
        }
        return data
    }

    public init(serialized data: Data) throws {
        var offset = 0
        func take(_ count: Int) throws -> Data {
            guard count >= 0, offset + count <= data.count else { throw FormatError(description: "the index file is cut short") }
            defer { offset += count }
            return data.subdata(in: data.startIndex + offset ..< data.startIndex + offset + count)
        }
        func integer() throws -> Int {
            let value = try take(8).withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
            guard value >= 0, value < 1 << 40 else { throw FormatError(description: "the index file has an impossible size field") }
            return Int(value)
        }
        func array<T>(_ count: Int, of: T.Type) throws -> [T] {
            let bytes = try take(count * MemoryLayout<T>.stride)
            return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                _ = bytes.copyBytes(to: UnsafeMutableRawBufferPointer(buffer))
                initialized = count
            }
        }
        guard try take(Self.magic.count) == Data(Self.magic) else { throw FormatError(description: "not a Heard similarity index") }
        let dimensions = try integer()
        let listCount = try integer()
        guard dimensions > 0 else { throw FormatError(description: "the index file has no dimensions") }
        let centroids = EmbeddingMatrix(dimensions: dimensions, values: try array(dimensions * listCount, of: Float.self))
        var lists: [List] = []
        for _ in 0..<listCount {
            let size = try integer()
            lists.append(List(ids: try array(size, of: Int64.self), scales: try array(size, of: Float.self),
                              codes: try array(size * dimensions, of: Int8.self)))
        }
        self.init(dimensions: dimensions, centroids: centroids, lists: lists)
    }
}

/// The best `limit` hits seen so far: a sorted array, since limits are small (tens).
struct TopHits {
    let limit: Int
    private var hits: [InvertedFileIndex.Hit] = []

    init(limit: Int) {
        self.limit = limit
        hits.reserveCapacity(limit + 1)
    }

    @inline(__always)
    mutating func offer(_ hit: InvertedFileIndex.Hit) {
        if hits.count == limit, let worst = hits.last, !Self.better(hit, than: worst) { return }
        var position = hits.count
        while position > 0, Self.better(hit, than: hits[position - 1]) { position -= 1 }
        hits.insert(hit, at: position)
        if hits.count > limit { hits.removeLast() }
    }

    /// Higher score first; equal scores by lower id, so results do not depend on scan order.
    @inline(__always)
    static func better(_ a: InvertedFileIndex.Hit, than b: InvertedFileIndex.Hit) -> Bool {
        a.score > b.score || (a.score == b.score && a.id < b.id)
    }

    func sorted() -> [InvertedFileIndex.Hit] { hits }
}
