import Foundation

/// One bar of a horizontal bar chart.
struct BarItem: Sendable {
    var label: String
    var value: Double
    /// An interval drawn as a whisker over the bar (a correlation's 95% CI).
    var interval: ClosedRange<Double>?
    /// Extra CSS class: "negative", "positive".
    var style: String
    /// The tooltip and what a screen reader hears for the bar.
    var detail: String
}

/// Horizontal bars with their labels on the left, from zero (negative values run left of it),
/// with optional interval whiskers and a value at each bar's end.
struct BarChart: Sendable {
    var id: String
    var title: String
    var description: String
    var items: [BarItem]
    var domain: ClosedRange<Double>
    var format: @Sendable (Double) -> String
    var width = 640.0
    var rowHeight = 24.0
    /// Labels longer than this are cut (the whole label is in the bar's title).
    var labelCharacters = 30

    func svg() -> String {
        let left = 200.0, right = 64.0, top = 8.0, bottom = 28.0
        let height = top + Double(items.count) * rowHeight + bottom
        let x = LinearScale(domain: domain, range: left...(width - right), inverted: false)
        let zero = x(min(max(0, domain.lowerBound), domain.upperBound))
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bar-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        let axisY = height - bottom
        for tick in x.ticks(count: 5) {
            let tx = SVGNumber.text(x(tick))
            out += "<line class=\"grid\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(Int(top))\" y2=\"\(SVGNumber.text(axisY))\"/>"
            out += "<text class=\"axis\" x=\"\(tx)\" y=\"\(SVGNumber.text(axisY + 16))\" text-anchor=\"middle\">\(HTML.escape(format(tick)))</text>"
        }
        out += "<line class=\"axis-line\" x1=\"\(SVGNumber.text(zero))\" x2=\"\(SVGNumber.text(zero))\" y1=\"\(Int(top))\" y2=\"\(SVGNumber.text(axisY))\"/>"
        for (index, item) in items.enumerated() {
            let rowTop = top + Double(index) * rowHeight
            let middle = rowTop + rowHeight / 2
            let end = x(item.value)
            let barLeft = min(zero, end), barWidth = max(abs(end - zero), 1)
            let label = item.label.count > labelCharacters ? String(item.label.prefix(labelCharacters - 1)) + "…" : item.label
            out += "<g class=\"bar-row\"><title>\(HTML.escape(item.detail))</title>"
            out += "<text x=\"\(Int(left) - 8)\" y=\"\(SVGNumber.text(middle))\" dy=\"0.32em\" text-anchor=\"end\">\(HTML.escape(label))</text>"
            out += "<rect class=\"bar \(HTML.escape(item.style))\" x=\"\(SVGNumber.text(barLeft))\" y=\"\(SVGNumber.text(rowTop + 4))\" width=\"\(SVGNumber.text(barWidth))\" height=\"\(SVGNumber.text(rowHeight - 8))\"/>"
            var valueX = max(end, zero)
            if let interval = item.interval {
                let low = x(interval.lowerBound), high = x(interval.upperBound)
                out += "<line class=\"whisker\" x1=\"\(SVGNumber.text(low))\" x2=\"\(SVGNumber.text(high))\" y1=\"\(SVGNumber.text(middle))\" y2=\"\(SVGNumber.text(middle))\"/>"
                valueX = max(valueX, high)
            }
            out += "<text class=\"axis\" x=\"\(SVGNumber.text(valueX + 4))\" y=\"\(SVGNumber.text(middle))\" dy=\"0.32em\">\(HTML.escape(format(item.value)))</text></g>"
        }
        return out + "</svg>"
    }
}
