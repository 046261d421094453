import Foundation

/// A labelled point of a scatter chart.
struct ScatterPoint: Sendable {
    var label: String
    var x: Double
    var y: Double
    /// Extra CSS class: "negative", "positive", "small-n".
    var style: String
    /// The tooltip and what a screen reader hears for the point.
    var detail: String
    var showLabel: Bool
}

/// A scatter of labelled points with axis titles, optional reference lines (zero, averages) and
/// optional quadrant names in the corners.
struct ScatterChart: Sendable {
    var id: String
    var title: String
    var description: String
    var points: [ScatterPoint]
    var xTitle: String
    var yTitle: String
    var xDomain: ClosedRange<Double>
    var yDomain: ClosedRange<Double>
    var xFormat: @Sendable (Double) -> String
    var yFormat: @Sendable (Double) -> String
    /// Vertical and horizontal reference lines, e.g. the overall score or the importance bar.
    var xReference: Double?
    var yReference: Double?
    /// Top-left, top-right, bottom-left, bottom-right.
    var quadrantLabels: [String]?
    var width = 640.0
    var height = 420.0

    func svg() -> String {
        let left = 60.0, right = 20.0, top = 20.0, bottom = 52.0
        let x = LinearScale(domain: xDomain, range: left...(width - right), inverted: false)
        let y = LinearScale(domain: yDomain, range: top...(height - bottom), inverted: true)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter-chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">"
        out += "<title id=\"\(id)-title\">\(HTML.escape(title))</title><desc id=\"\(id)-desc\">\(HTML.escape(description))</desc>"
        for tick in x.ticks(count: 5) {
            let tx = SVGNumber.text(x(tick))
            out += "<line class=\"grid\" x1=\"\(tx)\" x2=\"\(tx)\" y1=\"\(Int(top))\" y2=\"\(SVGNumber.text(height - bottom))\"/>"
            out += "<text class=\"axis\" x=\"\(tx)\" y=\"\(SVGNumber.text(height - bottom + 16))\" text-anchor=\"middle\">\(HTML.escape(xFormat(tick)))</text>"
        }
        for tick in y.ticks(count: 5) {
            let ty = SVGNumber.text(y(tick))
            out += "<line class=\"grid\" x1=\"\(Int(left))\" x2=\"\(SVGNumber.text(width - right))\" y1=\"\(ty)\" y2=\"\(ty)\"/>"
            out += "<text class=\"axis\" x=\"\(Int(left) - 6)\" y=\"\(ty)\" dy=\"0.32em\" text-anchor=\"end\">\(HTML.escape(yFormat(tick)))</text>"
        }
        if let reference = xReference, xDomain.contains(reference) {
            let rx = SVGNumber.text(x(reference))
            out += "<line class=\"zero\" x1=\"\(rx)\" x2=\"\(rx)\" y1=\"\(Int(top))\" y2=\"\(SVGNumber.text(height - bottom))\"/>"
        }
        if let reference = yReference, yDomain.contains(reference) {
            let ry = SVGNumber.text(y(reference))
            out += "<line class=\"zero\" x1=\"\(Int(left))\" x2=\"\(SVGNumber.text(width - right))\" y1=\"\(ry)\" y2=\"\(ry)\"/>"
        }
        if let labels = quadrantLabels, labels.count == 4 {
            let positions: [(Double, Double, String)] = [
                (left + 6, top + 14, "start"), (width - right - 6, top + 14, "end"),
                (left + 6, height - bottom - 8, "start"), (width - right - 6, height - bottom - 8, "end"),
            ]
            for (label, position) in zip(labels, positions) {
                out += "<text class=\"quadrant-label\" x=\"\(SVGNumber.text(position.0))\" y=\"\(SVGNumber.text(position.1))\" text-anchor=\"\(position.2)\">\(HTML.escape(label))</text>"
            }
        }
        out += "<text class=\"axis\" x=\"\(SVGNumber.text((left + width - right) / 2))\" y=\"\(SVGNumber.text(height - 12))\" text-anchor=\"middle\">\(HTML.escape(xTitle))</text>"
        out += "<text class=\"axis\" transform=\"translate(14 \(SVGNumber.text((top + height - bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(HTML.escape(yTitle))</text>"
        // Labels are placed greedily, biggest points first: right of the point, else left, above
        // or below; a label that would overlap one already placed is left to the tooltip and table.
        var placed: [(x: Double, y: Double, w: Double, h: Double)] = points.map { (x($0.x) - 6, y($0.y) - 6, 12, 12) }
        func overlaps(_ box: (x: Double, y: Double, w: Double, h: Double)) -> Bool {
            if box.x < left || box.x + box.w > width - right || box.y < top || box.y + box.h > height - bottom { return true }
            return placed.contains { other in
                box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h
            }
        }
        var labels: [Int: (x: Double, y: Double, anchor: String, text: String)] = [:]
        for (index, point) in points.enumerated() where point.showLabel {
            let px = x(point.x), py = y(point.y)
            let shown = point.label.count > 28 ? String(point.label.prefix(27)) + "…" : point.label
            let w = Double(shown.count) * 6.2, h = 13.0
            let candidates: [(Double, Double, String)] = [
                (px + 9, py, "start"), (px - 9, py, "end"), (px, py - 12, "middle"), (px, py + 14, "middle"),
            ]
            for (cx, cy, anchor) in candidates {
                let boxX = anchor == "start" ? cx : anchor == "end" ? cx - w : cx - w / 2
                let box = (x: boxX, y: cy - h / 2, w: w, h: h)
                if !overlaps(box) {
                    placed.append(box)
                    labels[index] = (cx, cy, anchor, shown)
                    break
                }
            }
        }
        for (index, point) in points.enumerated() {
            let px = x(point.x), py = y(point.y)
            out += "<g class=\"point-group\"><circle class=\"dot \(point.style)\" cx=\"\(SVGNumber.text(px))\" cy=\"\(SVGNumber.text(py))\" r=\"6\"><title>\(HTML.escape(point.detail))</title></circle>"
            if let label = labels[index] {
                out += "<text x=\"\(SVGNumber.text(label.x))\" y=\"\(SVGNumber.text(label.y))\" dy=\"0.32em\" text-anchor=\"\(label.anchor)\">\(HTML.escape(label.text))</text>"
            }
            out += "</g>"
        }
        return out + "</svg>"
    }
}
