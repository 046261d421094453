import Foundation

/// One period of a metric trend: its estimate and 95% interval, or nothing when the period had no answers.
struct TrendPoint: Sendable {
    var label: String
    var value: Double?
    var low: Double?
    var high: Double?
    var n: Int
}

/// A line with its interval band, one point per period. Periods below `smallN` answers are drawn
/// hollow, so thin months do not look as solid as full ones.
struct LineChart: Sendable {
    var id: String
    var title: String
    var description: String
    var points: [TrendPoint]
    var domainLimits: ClosedRange<Double>
    var minimumSpan: Double
    var format: @Sendable (Double) -> String
    var smallN = 30
    var width = 640.0
    var height = 240.0

    func svg() -> String {
        let left = 52.0, right = 16.0, top = 14.0, bottom = 40.0
        let values = points.flatMap { [$0.low, $0.high, $0.value].compactMap { $0 } }
        let y = LinearScale(domain: LinearScale.domain(covering: values, minimumSpan: minimumSpan, limits: domainLimits),
                            range: top...(height - bottom), inverted: true)
        let step = points.count > 1 ? (width - left - right) / Double(points.count - 1) : 0
        func x(_ index: Int) -> Double { points.count > 1 ? left + Double(index) * step : (left + width - right) / 2 }

        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart line-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        // Grid and y labels.
        for tick in y.ticks(count: 4) {
            let ty = SVGNumber.text(y(tick))
            out += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(SVGNumber.text(width - right))\" y1=\"\(ty)\" y2=\"\(ty)\"/>"
            out += "<text class=\"axis\" x=\"\(Int(left) - 6)\" y=\"\(ty)\" dy=\"0.32em\" text-anchor=\"end\">\(HTML.escape(format(tick)))</text>"
        }
        // X labels: at most about eight, always the last.
        let every = max(1, Int((Double(points.count) / 8).rounded(.up)))
        for (index, point) in points.enumerated() where index % every == 0 || index == points.count - 1 {
            if index != points.count - 1 && points.count - 1 - index < every { continue }
            let anchor = points.count > 1 && index == points.count - 1 ? "end" : points.count > 1 && index == 0 ? "start" : "middle"
            out += "<text class=\"axis\" x=\"\(SVGNumber.text(x(index)))\" y=\"\(SVGNumber.text(height - bottom + 18))\" text-anchor=\"\(anchor)\">\(HTML.escape(point.label))</text>"
        }
        // Bands and lines per run of consecutive periods with data.
        for run in runs() {
            let upper = run.map { "\(SVGNumber.text(x($0))),\(SVGNumber.text(y(points[$0].high ?? points[$0].value!)))" }
            let lower = run.reversed().map { "\(SVGNumber.text(x($0))),\(SVGNumber.text(y(points[$0].low ?? points[$0].value!)))" }
            if run.count > 1 {
                out += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\"/>"
                out += "<polyline class=\"line\" points=\"\(run.map { "\(SVGNumber.text(x($0))),\(SVGNumber.text(y(points[$0].value!)))" }.joined(separator: " "))\"/>"
            } else if let index = run.first, let low = points[index].low, let high = points[index].high {
                out += "<line class=\"whisker\" x1=\"\(SVGNumber.text(x(index)))\" x2=\"\(SVGNumber.text(x(index)))\" y1=\"\(SVGNumber.text(y(low)))\" y2=\"\(SVGNumber.text(y(high)))\"/>"
            }
        }
        for (index, point) in points.enumerated() {
            guard let value = point.value else { continue }
            let cls = point.n < smallN ? "point small-n" : "point"
            var tip = "\(point.label): \(format(value))"
            if let low = point.low, let high = point.high { tip += " [\(format(low)), \(format(high))]" }
            tip += " n=\(point.n)"
            out += "<circle class=\"\(cls)\" cx=\"\(SVGNumber.text(x(index)))\" cy=\"\(SVGNumber.text(y(value)))\" r=\"3.5\"><title>\(HTML.escape(tip))</title></circle>"
        }
        return out + "</svg>"
    }

    private func runs() -> [[Int]] {
        var out: [[Int]] = []
        var current: [Int] = []
        for (index, point) in points.enumerated() {
            if point.value != nil { current.append(index) } else if !current.isEmpty { out.append(current); current = [] }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
