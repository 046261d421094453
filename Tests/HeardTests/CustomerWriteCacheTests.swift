@testable import HeardEngine
import HeardModel
import Testing

@Suite struct CustomerWriteCacheTests {
    /// Against the dictionary it replaced: a customer is written again only when its attributes
    /// changed, through resizes, and everything starts over once the limit is reached.
    @Test func writesEachCustomerOncePerAttributeSet() {
        var cache = CustomerWriteCache(limit: 30_000)
        var reference: [String: Int64] = [:]
        func expected(_ customers: [Customer]) -> [String] {
            customers.filter { customer in
                var hasher = StableHasher()
                hasher.combine(inKeyOrder: customer.attributes)
                let fingerprint = Int64(bitPattern: hasher.value)
                if reference[customer.externalID] == fingerprint { return false }
                if reference.count >= 30_000 { reference.removeAll() }
                reference[customer.externalID] = fingerprint
                return true
            }.map(\.externalID)
        }
        let segments = ["smb", "consumer", "enterprise"]
        for batch in 0..<12 {
            let customers = (0..<5_000).map { row in
                let number = (row * 7 + batch * 1_003) % 40_000
                return Customer(externalID: "C\(number)", attributes: ["segment": segments[(number + batch / 4) % 3]])
            }
            #expect(cache.unwritten(customers).map(\.externalID) == expected(customers), "batch \(batch)")
        }
        #expect(cache.count == reference.count)
        let again = [Customer(externalID: "C7", attributes: ["segment": "smb", "plan": "x"])]
        #expect(cache.unwritten(again).count == expected(again).count)
    }
}
