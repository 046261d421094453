import Foundation

/// Maps data values to SVG coordinates and picks readable tick values.
struct LinearScale: Sendable {
    var domain: ClosedRange<Double>
    var range: ClosedRange<Double>
    /// SVG's y axis points down; a vertical scale maps the domain's top to the range's start.
    var inverted: Bool

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let t = span == 0 ? 0.5 : (value - domain.lowerBound) / span
        let clamped = min(1, max(0, t))
        let u = inverted ? 1 - clamped : clamped
        return range.lowerBound + u * (range.upperBound - range.lowerBound)
    }

    /// About `count` round values (1, 2 or 5 times a power of ten) inside the domain.
    func ticks(count: Int = 5) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, count > 0 else { return [domain.lowerBound] }
        let raw = span / Double(count)
        let magnitude = pow(10, floor(log10(raw)))
        // The finest round step that gives at most one tick more than asked for.
        let step = [0.1, 0.2, 0.25, 0.5, 1.0, 2, 2.5, 5, 10, 20].map { $0 * magnitude }
            .first { span / $0 <= Double(count) + 1 } ?? raw
        var value = (domain.lowerBound / step).rounded(.up) * step
        var out: [Double] = []
        while value <= domain.upperBound + step * 1e-9 {
            out.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        return out
    }

    /// A domain around `values`, at least `minimumSpan` wide, padded a little, never beyond `limits`.
    static func domain(covering values: [Double], minimumSpan: Double, limits: ClosedRange<Double>) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else { return limits }
        var lower = low, upper = high
        let span = upper - lower
        if span < minimumSpan {
            let middle = (lower + upper) / 2
            lower = middle - minimumSpan / 2
            upper = middle + minimumSpan / 2
        } else {
            lower -= span * 0.08
            upper += span * 0.08
        }
        if lower < limits.lowerBound { upper = min(limits.upperBound, upper + (limits.lowerBound - lower)); lower = limits.lowerBound }
        if upper > limits.upperBound { lower = max(limits.lowerBound, lower - (upper - limits.upperBound)); upper = limits.upperBound }
        return lower...upper
    }
}

enum SVGNumber {
    /// Coordinates to one decimal: small files, no visible difference.
    static func text(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.1f", rounded)
    }
}
